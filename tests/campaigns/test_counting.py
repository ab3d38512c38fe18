"""Counting visits and events: atomic Redis counters folded into daily rows exactly once (twice
run, interrupted between reading and writing, killed mid-transaction or after the commit, two at
once), and the database fallback when Redis is missing or down."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from literacy.campaigns import counting
from literacy.campaigns.models import CountFold, SourceDay
from tests.campaigns.conftest import make_campaign
from tests.conftest import ROOT, require

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(cast):
    return cast.campaign


@pytest.fixture
def sources(campaign):
    from literacy.campaigns.services import source_create

    return [campaign.sources.get(), source_create(campaign=campaign, name="مدرسة الرافدين", kind="school")]


def _row(source, day=None):
    return SourceDay.objects.filter(source=source, day=day or timezone.localdate()).first()


def _totals():
    rows = SourceDay.objects.all()
    return {
        "visits": sum(r.visits for r in rows),
        "lessons_finished": sum(r.lessons_finished for r in rows),
        "quizzes_finished": sum(r.quizzes_finished for r in rows),
        "score_total": sum(r.score_total for r in rows),
    }


def _record(sources, visits=7):
    for n in range(visits):
        counting.visit(source_id=sources[n % 2].pk, visitor=f"browser-{n % 3}-value-0123456789")
    counting.add(source_id=sources[0].pk, lessons_finished=2)
    counting.add(source_id=sources[1].pk, quizzes_finished=1, score_total=8500)


def test_counts_wait_in_redis_until_the_fold_writes_them_once(fold_redis, sources, django_assert_num_queries):
    with django_assert_num_queries(0):
        _record(sources)
    assert SourceDay.objects.count() == 0
    assert counting.fold() == 1
    assert _totals() == {"visits": 7, "lessons_finished": 2, "quizzes_finished": 1, "score_total": 8500}
    first, second = _row(sources[0]), _row(sources[1])
    assert (first.visits, first.visitors) == (4, 3)  # browsers 0, 1, 2 came through the first source
    assert (second.visits, second.visitors) == (3, 3)
    # A second fold (nothing new) and a third after more visits: nothing counted twice.
    assert counting.fold() == 0
    assert _totals()["visits"] == 7
    counting.visit(source_id=sources[0].pk, visitor="browser-0-value-0123456789")
    counting.visit(source_id=sources[0].pk, visitor="a-new-browser-value-0123456789")
    assert counting.fold() == 1
    first.refresh_from_db()
    assert (first.visits, first.visitors) == (6, 4)
    assert fold_redis.exists(counting.LIVE) == 0
    assert fold_redis.scard(counting.PENDING) == 0


def test_a_fold_interrupted_between_reading_and_writing_loses_nothing(fold_redis, sources, monkeypatch):
    _record(sources)
    real_apply = counting._apply

    def dies(*args, **kwargs):
        raise KeyboardInterrupt("the worker is stopped after reading the counters")

    monkeypatch.setattr(counting, "_apply", dies)
    with pytest.raises(KeyboardInterrupt):
        counting.fold()
    assert SourceDay.objects.count() == 0
    assert fold_redis.scard(counting.PENDING) == 1  # the claimed hash waits for the next fold
    # Visits go on meanwhile, into a new live hash.
    counting.visit(source_id=sources[1].pk, visitor="late-browser-value-0123456789")
    monkeypatch.setattr(counting, "_apply", real_apply)
    assert counting.fold() == 2
    assert _totals() == {"visits": 8, "lessons_finished": 2, "quizzes_finished": 1, "score_total": 8500}
    assert counting.fold() == 0
    assert _totals()["visits"] == 8
    assert fold_redis.scard(counting.PENDING) == 0


def test_a_fold_that_dies_after_its_commit_is_not_applied_again(fold_redis, sources, monkeypatch):
    _record(sources)
    real_release = counting._release

    def dies(*args, **kwargs):
        raise SystemExit("killed after the commit, before the hash was deleted")

    monkeypatch.setattr(counting, "_release", dies)
    with pytest.raises(SystemExit):
        counting.fold()
    assert _totals()["visits"] == 7
    assert fold_redis.scard(counting.PENDING) == 1
    monkeypatch.setattr(counting, "_release", real_release)
    assert counting.fold() == 0  # the ledger knows this hash: skipped, then deleted
    assert _totals() == {"visits": 7, "lessons_finished": 2, "quizzes_finished": 1, "score_total": 8500}
    assert fold_redis.scard(counting.PENDING) == 0
    assert not list(fold_redis.scan_iter(counting.FOLD + "*"))


def test_counts_of_a_deleted_source_are_dropped_not_blocking(fold_redis, sources):
    _record(sources)
    sources[1].delete()
    assert counting.fold() == 1
    assert SourceDay.objects.filter(source=sources[0]).get().visits == 4
    assert fold_redis.scard(counting.PENDING) == 0


def test_unique_visitors_are_counted_once_a_day_per_source(fold_redis, sources):
    today = timezone.localdate()
    for _ in range(3):
        counting.visit(source_id=sources[0].pk, visitor="same-browser-value-0123456789", day=today)
    counting.visit(source_id=sources[0].pk, visitor="other-browser-value-0123456789", day=today)
    counting.visit(
        source_id=sources[0].pk, visitor="same-browser-value-0123456789", day=today + timedelta(days=1)
    )
    counting.visit(source_id=sources[0].pk, visitor="", day=today)  # no cookie: a visit, not a visitor
    counting.fold()
    assert (_row(sources[0], today).visits, _row(sources[0], today).visitors) == (5, 2)
    tomorrow = _row(sources[0], today + timedelta(days=1))
    assert (tomorrow.visits, tomorrow.visitors) == (1, 1)


def test_the_ledger_forgets_old_folds(fold_redis, sources):
    CountFold.objects.create(key="old", applied_at=timezone.now() - timedelta(days=counting.LEDGER_DAYS + 1))
    _record(sources)
    counting.fold()
    assert CountFold.objects.count() == 1
    assert not CountFold.objects.filter(key="old").exists()


@pytest.fixture
def closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"redis://127.0.0.1:{port}/0"


def test_with_redis_down_visits_are_still_counted_in_the_database(settings, sources, closed_port):
    settings.WAI_CAMPAIGN_REDIS_URL = closed_port
    started = time.monotonic()
    _record(sources)
    assert time.monotonic() - started < 2  # one failed connection, then Redis is skipped for a while
    assert _totals() == {"visits": 7, "lessons_finished": 2, "quizzes_finished": 1, "score_total": 8500}
    assert _row(sources[0]).visitors == 3  # told apart in this process's memory
    assert counting.fold() == 0


def test_without_redis_counts_go_straight_to_the_rows(no_redis, sources):
    _record(sources)
    assert _totals() == {"visits": 7, "lessons_finished": 2, "quizzes_finished": 1, "score_total": 8500}
    assert (_row(sources[1]).visits, _row(sources[1]).visitors) == (3, 3)
    assert counting.fold() == 0


# --- Against PostgreSQL: a process killed mid-fold, and folds running at the same time ----------

KILL_SCRIPT = """
import os, signal, sys
import django
django.setup()
from django.conf import settings
from literacy.campaigns import counting

settings.WAI_CAMPAIGN_REDIS_URL = os.environ["FOLD_REDIS_URL"]

where = sys.argv[1]
if where == "mid-write":
    real = counting._apply_rows
    def apply_rows(counts):
        real(dict(sorted(counts.items())[:1]))
        os.kill(os.getpid(), signal.SIGKILL)  # inside the transaction, one row already updated
    counting._apply_rows = apply_rows
elif where == "after-commit":
    def release(client, fold_id):
        os.kill(os.getpid(), signal.SIGKILL)
    counting._release = release
counting.fold()
"""


def _postgres():
    require("PostgreSQL", connection.vendor == "postgresql", "Set DATABASE_URL to a PostgreSQL database.")


def _fold_in_a_process_killed(where: str, redis_url: str) -> int:
    """Run a fold in another process (on the test database) that SIGKILLs itself at ``where``."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "literacy.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "FOLD_REDIS_URL": redis_url,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", KILL_SCRIPT, where], cwd=ROOT, env=env, timeout=60, check=False
    ).returncode


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["mid-write", "after-commit"])
def test_a_fold_process_killed_mid_write_or_after_commit_counts_exactly_once(
    fold_redis, course, where, settings
):
    _postgres()
    from tests.campaigns.conftest import Cast

    cast = Cast(course)
    sources = [cast.campaign.sources.get(), cast.other_campaign.sources.get()]
    _record(sources)
    assert _fold_in_a_process_killed(where, settings.WAI_CAMPAIGN_REDIS_URL) == -signal.SIGKILL
    if where == "mid-write":
        assert SourceDay.objects.filter(visits__gt=0).count() == 0  # rolled back with the process
    else:
        assert _totals()["visits"] == 7
    assert fold_redis.scard(counting.PENDING) == 1
    counting.visit(source_id=sources[0].pk, visitor="after-the-crash-value-0123456789")
    counting.fold()
    counting.fold()
    assert _totals() == {"visits": 8, "lessons_finished": 2, "quizzes_finished": 1, "score_total": 8500}
    assert fold_redis.scard(counting.PENDING) == 0


@pytest.mark.django_db(transaction=True)
def test_folds_running_at_the_same_time_as_the_visits_count_every_visit_once(fold_redis, course):
    _postgres()
    from tests.campaigns.conftest import Cast

    cast = Cast(course)
    extra = make_campaign(course, organisation=cast.organisation, name="حملة ثالثة")
    sources = [cast.campaign.sources.get(), extra.sources.get()]
    stop = threading.Event()
    errors = []

    def folding():
        try:
            while not stop.is_set():
                counting.fold()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    folders = [threading.Thread(target=folding) for _ in range(3)]
    for thread in folders:
        thread.start()
    for n in range(300):
        counting.visit(source_id=sources[n % 2].pk, visitor=f"visitor-{n}-value-0123456789")
    stop.set()
    for thread in folders:
        thread.join(30)
    counting.fold()
    assert errors == []
    assert _totals()["visits"] == 300
    assert sum(SourceDay.objects.values_list("visitors", flat=True)) == 300
    assert fold_redis.scard(counting.PENDING) == 0


def _evalsha_calls(client) -> int:
    return client.info("commandstats").get("cmdstat_evalsha", {}).get("calls", 0)


def test_a_burst_of_visits_is_one_redis_call_per_second_and_process(fold_redis, sources, settings):
    settings.WAI_CAMPAIGN_FLUSH_SECONDS = 60
    before = _evalsha_calls(fold_redis)
    for n in range(200):
        counting.visit(source_id=sources[0].pk, visitor=f"burst-{n % 150}-value-0123456789")
    assert fold_redis.exists(counting.LIVE) == 0  # still in this process's batch
    assert counting.flush_visits() == 200
    assert _evalsha_calls(fold_redis) - before == 1  # one source and day: one script call
    counting.fold()
    assert (_row(sources[0]).visits, _row(sources[0]).visitors) == (200, 150)


def test_a_batch_no_later_visit_sends_is_sent_by_the_background_thread(fold_redis, sources, settings):
    settings.WAI_CAMPAIGN_FLUSH_SECONDS = 0.2
    for n in range(3):
        counting.visit(source_id=sources[1].pk, visitor=f"quiet-{n}-value-0123456789")
    deadline = time.monotonic() + 5
    while fold_redis.exists(counting.LIVE) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    day = timezone.localdate().isoformat()
    assert fold_redis.hget(counting.LIVE, f"{sources[1].pk}:{day}:visits") == b"3"
    assert fold_redis.hget(counting.LIVE, f"{sources[1].pk}:{day}:visitors") == b"3"
