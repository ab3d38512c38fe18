"""Load run: gunicorn with production settings on PostgreSQL and Redis, measured with wrk.

Run: .venv/bin/python bench/load.py            (what `make bench` runs; about 10 minutes)
     .venv/bin/python bench/load.py --reuse-db --scenarios home,lesson_learner --duration 5

1. A fresh database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wai_bench; its
   name must contain "bench": it is dropped first): migrate, load_content, bench_seed (200 classes x
   40 pupils, 200,000 graded answers, from --seed), collectstatic. BENCH_REDIS_URL (default
   redis://127.0.0.1:6379/9) is flushed: it holds the run's cache and rate limits.
2. gunicorn (deploy/gunicorn.conf.py; --workers sync workers unless told otherwise) on a free
   loopback port, DJANGO_DEBUG off, HTTPS on behind a proxy (every request says X-Forwarded-Proto:
   https, as the TLS proxy would), whitenoise serving the collected, compressed static files,
   ROOT_URLCONF bench.urls (the site plus /bench/bare/).
3. For every scenario: the bare view, the scenario, the bare view again, each `wrk -t2 -c10` for
   --duration seconds (bench/wrk/requests.lua: cookies, CSRF, one line per request). The ratio is
   the scenario's requests/s over the mean of the two bare runs around it: machines here are shared
   and noisy, so compare ratios of one run, not absolute numbers. "drift" is bare after / before.
4. SQL queries per request of each scenario: the same request made in this process with Django's
   test client, counted with CaptureQueriesContext (steady state: the page seen before).
5. Integrity: answers stored during the submission run equal the 2xx/3xx answers wrk got.
6. Worker RSS after the run; page weight in headless Chromium (bench/page_weight.py).
7. The table is printed and written to bench/results/latest.md and latest.json.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
LUA = ROOT / "bench" / "wrk" / "requests.lua"
RESULTS = ROOT / "bench" / "results"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/wai_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
PASSWORD_FIELD = "password"  # noqa: S105 - the form field's name


@dataclass
class Line:
    method: str
    path: str
    cookie: str = ""
    body: str = ""
    client: str = "10.0.0.1"

    def tsv(self) -> str:
        return "\t".join([self.method, self.path, self.cookie, self.body, self.client])


@dataclass
class Scenario:
    name: str
    label: str
    lines: list[Line]
    budget: float | None = None  # ratio to the bare view
    status: int = 200
    location: str = ""  # Lua pattern the Location header must match
    warmup: list[Line] | None = None  # POSTs warm up on their own lines (each line is sent once)
    queries: int | None = None
    queries_note: str = ""
    note: str = ""
    integrity: object = None  # callable(result) -> (ok, text)


@dataclass
class Run:
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    ok: int = 0
    bad: int = 0
    errors: int = 0
    repeats: int = 0
    in_flight: int = 0  # sent but not answered when wrk stopped (the server completes them)
    statuses: dict = field(default_factory=dict)
    confirmed: list[str] = field(default_factory=list)  # Location of each right response


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def client_address(n: int) -> str:
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256 or 1}"


# --- the environment every process of the run shares ------------------------------------------


def bench_env(args, port: int) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "WAI_", "CELERY_", "EMAIL_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_HTTPS": "true",
            "DJANGO_BEHIND_PROXY": "true",
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "DJANGO_ADMIN_URL": "bench-admin-" + secrets.token_hex(4),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": args.database_url,
            "DATABASE_CONN_MAX_AGE": "60",
            "REDIS_URL": args.redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_HOST": "127.0.0.1",
            "BENCH_PORT": str(port),
        }
    )
    return env


def manage(env: dict, *command: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], cwd=ROOT, env=env, check=True)


def recreate_database(url: str) -> None:
    import dj_database_url
    import psycopg

    settings = dj_database_url.parse(url)
    name = settings["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: a bench database name contains 'bench'")
    dsn = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**dsn) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


# --- gunicorn ---------------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict, port: int, workers: int, worker_class: str, logdir: Path):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = logdir / "gunicorn.log"
        self.workers = workers
        self.worker_class = worker_class
        self._log = open(self.log_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--worker-class", worker_class, "--max-requests", "0", "literacy.wsgi:application"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.wait_ready()

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                url = self.base + "/healthz"
                request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        sys.exit(f"gunicorn did not become ready:\n{self.log_path.read_text()[-3000:]}")

    def settle(self, timeout: float = 120) -> float:
        """Wait until the workers are idle: what the last run left queued (a backlog of slow log-in
        POSTs...) must not be measured as the next run's slowness. Returns the seconds waited."""
        started = time.monotonic()
        deadline = started + timeout
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.base + "/bench/bare/", headers={"X-Forwarded-Proto": "https"}
        )
        quick = 0
        while time.monotonic() < deadline and quick < 3:
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                    response.read()
            except OSError:
                pass
            quick = quick + 1 if time.monotonic() - t0 < 0.05 else 0
        return time.monotonic() - started

    def worker_pids(self) -> list[int]:
        import psutil

        try:
            return [child.pid for child in psutil.Process(self.process.pid).children()]
        except psutil.NoSuchProcess:
            return []

    def worker_rss_mb(self) -> list[float]:
        import psutil

        return [round(psutil.Process(pid).memory_info().rss / 2**20, 1) for pid in self.worker_pids()]

    def version(self) -> str:
        out = subprocess.run([str(VENV_BIN / "gunicorn"), "--version"], capture_output=True, text=True)
        return (out.stdout or out.stderr).strip()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


# --- wrk --------------------------------------------------------------------------------------


def wrk(server: Server, scenario: Scenario, lines: list[Line], args, duration: float, workdir: Path) -> Run:
    data = workdir / f"{scenario.name}.tsv"
    data.write_text("\n".join(line.tsv() for line in lines) + "\n")
    env = {
        **os.environ,
        "BENCH_WRK_REQUESTS": str(data),
        "BENCH_WRK_THREADS": str(args.threads),
        "BENCH_WRK_STATUS": str(scenario.status),
        "BENCH_WRK_LOCATION": scenario.location,
        "BENCH_WRK_CONFIRMED": str(workdir / f"{scenario.name}.confirmed"),
    }
    command = [args.wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration:g}s",
               "--timeout", "10s", "-s", str(LUA), server.base + "/"]  # fmt: skip
    server.settle()
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=duration + 60)
    marker = [line for line in out.stdout.splitlines() if line.startswith("BENCH_JSON ")]
    if out.returncode != 0 or not marker:
        sys.exit(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    raw = json.loads(marker[-1].removeprefix("BENCH_JSON "))
    server.settle()  # the requests still in flight complete before anyone counts their effects
    seconds = raw["duration_us"] / 1e6
    return Run(
        requests=raw["requests"],
        rps=raw["requests"] / seconds if seconds else 0.0,
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        ok=raw["ok"],
        bad=raw["bad"],
        errors=raw["bad"] + raw["socket_errors"] + raw["timeouts"],
        repeats=raw["repeats"],
        in_flight=max(0, raw["sent"] - raw["requests"]),
        statuses=raw["statuses"],
        confirmed=confirmed_locations(workdir / f"{scenario.name}.confirmed"),
    )


def confirmed_locations(path: Path) -> list[str]:
    if not path.exists():
        return []
    locations = path.read_text().split()
    path.unlink()
    return locations


# --- scenario data, made in this process --------------------------------------------------------


class Fixtures:
    """Sessions, CSRF tokens, attempts in progress: what the scenarios' requests carry."""

    def __init__(self, port: int):
        from django.conf import settings

        self.settings = settings
        self.port = port
        self.used_users: set[int] = set()

    def session_for(self, user) -> str:
        from importlib import import_module

        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

        store = import_module(self.settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = self.settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    def cookie(self, user=None, csrf_secret: str = "") -> str:
        parts = []
        if user is not None:
            parts.append(f"{self.settings.SESSION_COOKIE_NAME}={self.session_for(user)}")
        if csrf_secret:
            parts.append(f"{self.settings.CSRF_COOKIE_NAME}={csrf_secret}")
        return "; ".join(parts)

    @staticmethod
    def csrf() -> tuple[str, str]:
        """(cookie secret, masked form token), as a browser gets them with the form."""
        from django.middleware.csrf import get_token
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        token = get_token(request)
        return request.META["CSRF_COOKIE"], token

    def pupils(self, count: int, *, exclude_used: bool = True):
        """Seeded pupils (deterministic order), each handed out once per run."""
        from literacy.accounts.models import User
        from literacy.classrooms.models import Membership

        ids = (
            Membership.objects.filter(role=Membership.Role.PUPIL, user__username__startswith="c")
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        chosen = []
        for pk in ids.iterator():
            if pk not in self.used_users:
                chosen.append(pk)
                if len(chosen) == count:
                    break
        self.used_users.update(chosen)
        by_pk = User.objects.in_bulk(chosen)
        return [by_pk[pk] for pk in chosen]

    def attempts_in_progress(self, users, per_user: int):
        """An attempt in progress on ``per_user`` knowledge checks of each user's curriculum,
        started through the quiz engine's own service (draw, seed, deadline as in production)."""
        from literacy.classrooms.models import Membership
        from quizzes.models import Quiz
        from quizzes.services import attempt_start

        curriculum_of = dict(
            Membership.objects.filter(user__in=users, role=Membership.Role.PUPIL).values_list(
                "user_id", "classroom__curriculum_id"
            )
        )
        quizzes = {}
        for quiz in Quiz.objects.filter(
            kind=Quiz.Kind.KNOWLEDGE_CHECK, is_published=True, feedback=Quiz.Feedback.IMMEDIATE
        ).prefetch_related("lessons__unit"):
            for lesson in quiz.lessons.all():
                quizzes.setdefault(lesson.unit.curriculum_id, []).append(quiz)
        attempts = []
        for user in users:
            for quiz in sorted(quizzes.get(curriculum_of.get(user.pk), []), key=lambda q: q.slug)[:per_user]:
                attempts.append(attempt_start(quiz=quiz, user=user))
        return attempts

    def answer_body(self, attempt, number: int) -> str:
        """A valid form for question ``number`` of the attempt (positions, as the page names them)."""
        from quizzes.models import Question

        if not hasattr(self, "_questions"):
            self._questions = {q.pk: q for q in Question.objects.prefetch_related("options")}
        question = self._questions[attempt.question_ids[number - 1]]
        count = len(question.options.all())
        kind = question.type
        if kind in {"single", "technique", "true_false", "compare"}:
            return "choice=1"
        if kind == "multiple":
            return "choices=1&choices=2" if count > 1 else "choices=1"
        if kind == "red_flags":
            return "flags=1"
        if kind == "rating":
            return "rating=5"
        if kind == "order":
            return "&".join(f"step_{n}={count + 1 - n}" for n in range(1, count + 1))
        raise ValueError(kind)


def reset_run_state() -> None:
    """What an earlier run on a reused database left: attempts in progress (a resumed attempt
    would answer "already answered") and sessions."""
    from bench.seed import bench_users
    from literacy.accounts.models import UserSession
    from quizzes.models import Attempt

    users = bench_users().values("pk")
    Attempt.objects.filter(user__in=users, status=Attempt.Status.IN_PROGRESS).delete()
    UserSession.objects.filter(user_id__in=users).delete()


def build_scenarios(fx: Fixtures, args) -> tuple[list[Scenario], dict]:
    """Every scenario with its request lines; ``extra`` holds what the page-weight run and the
    query counts reuse."""
    from django.db.models import Count, Q
    from django.urls import NoReverseMatch, reverse

    from literacy.classrooms.models import Classroom, Membership
    from literacy.progress.models import LessonProgress
    from quizzes.models import Answer, Attempt

    extra = {}
    scenarios = [Scenario("home", "Home, anonymous", [Line("GET", "/")], budget=0.50)]

    # Lesson pages: pupils re-opening lessons they have started (the read path; a first visit
    # also records "started", counted separately below).
    readers = fx.pupils(args.sessions)
    progress = {}
    for row in (
        LessonProgress.objects.filter(user__in=readers)
        .select_related("lesson__unit__curriculum")
        .order_by("user_id", "-started_at")
    ):
        progress.setdefault(row.user_id, row.lesson)
    lesson_lines, guest_lines = [], []
    for n, user in enumerate(readers):
        lesson = progress.get(user.pk)
        if lesson is None:
            continue
        lesson_lines.append(Line("GET", lesson.get_absolute_url(), fx.cookie(user), client=client_address(n)))
        guest_lines.append(Line("GET", lesson.get_absolute_url(), client=client_address(n)))
    extra["lesson_reader"] = readers[0]
    scenarios.append(Scenario("lesson_learner", "Lesson, learner", lesson_lines, budget=0.30))
    scenarios.append(Scenario("lesson_guest", "Lesson, guest", guest_lines, budget=0.30))

    # Quiz question pages of attempts in progress.
    askers = fx.pupils(args.sessions // 2)
    question_lines = []
    for n, attempt in enumerate(fx.attempts_in_progress(askers, per_user=1)):
        cookie = fx.cookie(attempt.user)
        for number in range(1, len(attempt.question_ids) + 1):
            path = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
            question_lines.append(Line("GET", path, cookie, client=client_address(n)))
    scenarios.append(Scenario("quiz_question", "Quiz question page", question_lines, budget=0.25))

    # Answer submission: each line answers one question of an attempt in progress, once.
    def answer_lines(users, per_user):
        lines, attempts = [], fx.attempts_in_progress(users, per_user=per_user)
        for n, attempt in enumerate(attempts):
            secret, token = fx.csrf()
            cookie = fx.cookie(attempt.user, secret)
            for number in range(1, len(attempt.question_ids) + 1):
                path = reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": number})
                body = f"csrfmiddlewaretoken={token}&{fx.answer_body(attempt, number)}"
                lines.append(Line("POST", path, cookie, body, client_address(n)))
        return lines, attempts

    per_user = 4
    answer_users = max(1, args.answer_slots // (5 * per_user))
    submit_lines, submit_attempts = answer_lines(fx.pupils(answer_users), per_user)
    warm_lines, _ = answer_lines(fx.pupils(max(1, answer_users // 5)), per_user)
    attempt_ids = [a.pk for a in submit_attempts]

    def stored_answers() -> int:
        return Answer.objects.filter(attempt_id__in=attempt_ids, checked_at__isnull=False).count()

    def submit_integrity(run: Run, before: int, connections: int) -> tuple[bool, str]:
        """Every answer wrk saw confirmed is stored, once, graded; the only others stored are the
        requests still in flight when wrk stopped (at most one per connection)."""
        stored = stored_answers() - before
        number_of = {}
        for location in run.confirmed:
            parts = location.split("#")[0].strip("/").split("/")  # quizzes/attempts/<id>/<n>
            number_of.setdefault(parts[2], set()).add(int(parts[3]))
        by_public_id = {str(a.public_id): a for a in submit_attempts}
        found = 0
        for public_id, numbers in number_of.items():
            attempt = by_public_id[public_id]
            wanted = {attempt.question_ids[n - 1] for n in numbers}
            found += Answer.objects.filter(
                attempt=attempt, question_id__in=wanted, checked_at__isnull=False, score__isnull=False
            ).count()
        extra = stored - run.ok
        ok = found == run.ok == len(run.confirmed) and 0 <= extra <= connections and not run.bad
        ok = ok and not run.repeats
        text = (
            f"answers stored {stored} = {run.ok} confirmed by a 302 to the feedback (found stored and "
            f"graded: {found}) + {extra} sent before wrk stopped and completed after it (at most one "
            f"per connection, {connections})"
        )
        if run.bad:
            text += f"; {run.bad} wrong responses"
        if run.repeats:
            text += f"; {run.repeats} requests repeated a line (raise --answer-slots)"
        return ok, text

    scenarios.append(
        Scenario(
            "answer_submit",
            "Answer submission (POST, CSRF)",
            submit_lines,
            budget=0.10,
            status=302,
            location="#feedback$",
            warmup=warm_lines,
            integrity=(stored_answers, submit_integrity),
        )
    )

    dashboard_users = fx.pupils(args.sessions)
    scenarios.append(
        Scenario(
            "my_learning",
            '"My learning" dashboard',
            [
                Line("GET", reverse("progress:dashboard"), fx.cookie(u), client=client_address(n))
                for n, u in enumerate(dashboard_users)
            ],  # fmt: skip
            budget=0.15,
        )
    )
    extra["dashboard_user"] = dashboard_users[0]

    scenarios.append(
        Scenario("login_page", "Log-in page", [Line("GET", reverse("account_login"))], budget=0.20)
    )
    login_lines = []
    for n, user in enumerate(fx.pupils(args.login_users)):
        secret, token = fx.csrf()
        body = f"csrfmiddlewaretoken={token}&login={user.username}&{PASSWORD_FIELD}={args.password}"
        login_lines.append(
            Line("POST", reverse("account_login"), fx.cookie(None, secret), body, client_address(n))
        )
    scenarios.append(
        Scenario(
            "login_post",
            "Log-in POST (right password)",
            login_lines,
            status=302,
            location="^/$",
            note="one PBKDF2 hash per request by design: no ratio budget",
        )
    )

    reference = list(
        Classroom.objects.annotate(
            n_assignments=Count("assignments", distinct=True),
            n_pupils=Count("memberships", filter=Q(memberships__role=Membership.Role.PUPIL), distinct=True),
        )
        .filter(n_assignments__gte=40, n_pupils__gte=40)
        .select_related("owner")
        .order_by("pk")[:3]
    )
    if reference:
        class_lines = [
            Line("GET", room.get_absolute_url(), fx.cookie(room.owner), client=client_address(n))
            for n, room in enumerate(reference)
        ]
        extra["reference_class"] = reference[0]
        scenarios.append(
            Scenario(
                "class_dashboard", "Class dashboard, 40 pupils x 40 assignments", class_lines, budget=0.05
            )
        )
    else:
        log("skip class_dashboard: no class with 40 pupils and 40 assignments (seed with --pupils 40)")

    try:
        landing = campaign_landing(fx)
    except (ImportError, NoReverseMatch, LookupError) as error:
        landing = None
        extra["landing_skipped"] = f"campaign landing skipped: {error}"
        log(extra["landing_skipped"])
    if landing is not None:
        scenarios.append(landing)
        extra["landing_path"] = landing.lines[0].path

    scenarios.append(
        Scenario("bare", "Bare Django view (reference)", [Line("GET", reverse("bench_bare"))], budget=None)
    )
    extra["attempt_for_pages"] = fx.attempts_in_progress([extra["lesson_reader"]], per_user=1)
    extra["submitted_attempt"] = (
        Attempt.objects.filter(user=extra["lesson_reader"], status=Attempt.Status.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    return scenarios, extra


def campaign_landing(fx: Fixtures) -> Scenario:
    """Anonymous visitors opening the short links of the seeded campaigns."""
    from django.db.models import Sum

    if not any(p.namespace == "campaigns" for p in _url_namespaces()):
        raise LookupError("literacy.campaigns has no landing URL yet (no 'campaigns' namespace)")
    from literacy.campaigns.models import Source, SourceDay
    from literacy.campaigns.services import campaign_counts_fold

    sources = list(Source.objects.order_by("pk")[:20])
    if not sources:
        raise LookupError("no campaign link in the database (the seed made none)")
    lines = [Line("GET", s.get_absolute_url(), client=client_address(n)) for n, s in enumerate(sources)]

    def counted() -> int:
        campaign_counts_fold()  # what beat does every minute: Redis counters into the daily rows
        total = SourceDay.objects.filter(source__in=sources).aggregate(n=Sum("visits"))["n"]
        return total or 0

    def integrity(run: Run, before: int, connections: int) -> tuple[bool, str]:
        visits = counted() - before
        extra = visits - run.ok
        ok = 0 <= extra <= connections and run.bad == 0
        return ok, (
            f"visits counted {visits} (after the fold) = {run.ok} pages wrk received + {extra} sent "
            f"before wrk stopped and served after it (at most one per connection, {connections})"
        )

    return Scenario(
        "campaign_landing", "Campaign landing, anonymous", lines, budget=0.50, integrity=(counted, integrity)
    )


def _url_namespaces():
    from django.urls import get_resolver

    return [p for p in get_resolver().url_patterns if getattr(p, "namespace", None)]


# --- SQL queries per request, in this process -------------------------------------------------


def count_queries(fx: Fixtures, scenario: Scenario, port: int) -> int | None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(
        HTTP_HOST=f"127.0.0.1:{port}", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    # The steady state: the same kind of request once before (content cache warm, sessions read),
    # then the one counted. POSTs use lines of their own (each answer or log-in is sent once).
    if scenario.name == "answer_submit":
        first, line = scenario.warmup[-1], scenario.warmup[-2]  # the measured pool stays whole
    elif scenario.name == "login_post":
        first, line = scenario.lines[-1], scenario.lines[-2]
    else:
        first = line = scenario.lines[0]
    from urllib.parse import parse_qs

    def send(line):
        client.cookies.clear()
        for part in filter(None, line.cookie.split("; ")):
            name, value = part.split("=", 1)
            client.cookies[name] = value
        form = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(line.body).items()}
        return client.post(line.path, form) if line.method == "POST" else client.get(line.path)

    send(first)
    with CaptureQueriesContext(connection) as queries:
        response = send(line)
    count = len(queries)  # now: the next request clears the connection's query log
    if response.status_code != scenario.status:
        log(f"  {scenario.name}: in-process request answered {response.status_code}, not {scenario.status}")
    return count


def first_visit_queries(fx: Fixtures, port: int) -> int:
    """The lesson page for a learner who never opened it (records "started": a write)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from literacy.curricula.models import Lesson
    from literacy.progress.models import LessonProgress

    user = fx.pupils(1)[0]
    seen = LessonProgress.objects.filter(user=user).values("lesson_id")
    lesson = (
        Lesson.objects.filter(is_published=True)
        .exclude(pk__in=seen)
        .select_related("unit__curriculum")
        .first()
    )
    client = Client(HTTP_HOST=f"127.0.0.1:{port}", HTTP_X_FORWARDED_PROTO="https")
    client.get(lesson.get_absolute_url())  # another visitor saw it before: the content cache is warm
    client.cookies[fx.settings.SESSION_COOKIE_NAME] = fx.session_for(user)
    with CaptureQueriesContext(connection) as queries:
        client.get(lesson.get_absolute_url())
    return len(queries)


# --- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per scenario")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--classes", type=int, default=200)
    parser.add_argument("--pupils", type=int, default=40)
    parser.add_argument("--answers", type=int, default=200_000)
    parser.add_argument("--sessions", type=int, default=200, help="learners per page scenario")
    parser.add_argument("--answer-slots", type=int, default=4000, help="answers the submission run may post")
    parser.add_argument("--login-users", type=int, default=1000)
    parser.add_argument("--scenarios", default="", help="comma-separated names (default: all)")
    parser.add_argument("--reuse-db", action="store_true", help="keep an existing seeded database")
    parser.add_argument("--no-browser", action="store_true", help="skip the page weight in Chromium")
    parser.add_argument("--compare", type=Path, help="an earlier latest.json: add its ratios as 'before'")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    args = parser.parse_args()
    if not shutil.which(args.wrk):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    from bench.seed import PASSWORD

    args.password = PASSWORD
    started = time.monotonic()
    port = free_port()
    env = bench_env(args, port)
    os.environ.clear()
    os.environ.update(env)

    if args.reuse_db and database_has_seed(args.database_url):
        log(f"== reusing the seeded database {args.database_url}")
    else:
        log(f"== fresh database {args.database_url}")
        recreate_database(args.database_url)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "load_content")
        manage(env, "bench_seed", f"--seed={args.seed}", f"--classes={args.classes}",
               f"--pupils={args.pupils}", f"--answers={args.answers}")  # fmt: skip
    manage(env, "collectstatic", "--no-input", "-v", "0")
    flush_redis(args.redis_url)

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and query capture without DEBUG
    fx = Fixtures(port)
    log("== preparing sessions, CSRF tokens and attempts")
    reset_run_state()
    scenarios, extra = build_scenarios(fx, args)
    wanted = {s for s in args.scenarios.split(",") if s}
    bare = next(s for s in scenarios if s.name == "bare")
    chosen = [s for s in scenarios if s.name != "bare" and (not wanted or s.name in wanted)]

    log("== SQL queries per request (test client, this process)")
    count_queries(fx, bare, port)  # the process's first request pays one-off costs
    for scenario in [*chosen, bare]:
        scenario.queries = count_queries(fx, scenario, port)
    lesson_first = first_visit_queries(fx, port)

    workdir = Path(tempfile.mkdtemp(prefix="wai-bench-"))
    server = Server(env, port, args.workers, args.worker_class, workdir)
    results = []
    try:
        log(f"== {server.version()}: {args.workers} {args.worker_class} workers on 127.0.0.1:{port}; "
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s per run")  # fmt: skip
        wrk(server, bare, bare.lines, args, args.warmup, workdir)
        for scenario in chosen:
            wrk(server, scenario, scenario.warmup or scenario.lines, args, args.warmup, workdir)
            before_bare = wrk(server, bare, bare.lines, args, args.duration, workdir)
            baseline = scenario.integrity[0]() if scenario.integrity else None
            run = wrk(server, scenario, scenario.lines, args, args.duration, workdir)
            after_bare = wrk(server, bare, bare.lines, args, args.duration, workdir)
            reference = statistics.mean([before_bare.rps, after_bare.rps])
            row = {
                "name": scenario.name,
                "label": scenario.label,
                "rps": round(run.rps, 1),
                "p50_ms": round(run.p50_ms, 1),
                "p95_ms": round(run.p95_ms, 1),
                "p99_ms": round(run.p99_ms, 1),
                "requests": run.requests,
                "errors": run.errors,
                "statuses": run.statuses,
                "queries": scenario.queries,
                "bare_rps": round(reference, 1),
                "bare_drift": round(after_bare.rps / before_bare.rps, 2) if before_bare.rps else None,
                "bare_p95_ms": round(max(before_bare.p95_ms, after_bare.p95_ms), 1),
                "ratio": round(run.rps / reference, 3) if reference else None,
                "budget": scenario.budget,
                "note": scenario.note,
            }
            if scenario.integrity:
                ok, text = scenario.integrity[1](run, baseline, args.connections)
                row["integrity"] = {"ok": ok, "text": text}
            results.append(row)
            log(format_row(row))
        rss = server.worker_rss_mb()
        weights = []
        chromium = (
            os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
        )
        if args.no_browser:
            pass
        elif chromium is None:
            extra["browser_skipped"] = "page weight skipped: no Chromium (apt-get install chromium)"
            log(extra["browser_skipped"])
        else:
            os.environ["CHROMIUM_PATH"] = chromium
            weights = page_weights(server, fx, extra)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    from django.db import connection

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "server": f"{server.version()}, {args.workers} {args.worker_class} workers",
        "wrk": f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s, loopback",
        "database": f"PostgreSQL {connection.pg_version // 10000}"
        if connection.vendor == "postgresql"
        else "",
        "data": data_summary(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "scenarios": results,
        "lesson_first_visit_queries": lesson_first,
        "worker_rss_mb": rss,
        "page_weight": weights,
        "skipped": [extra[k] for k in ("landing_skipped", "browser_skipped") if k in extra],
        "seconds": round(time.monotonic() - started),
    }
    previous = json.loads(args.compare.read_text()) if args.compare else None
    markdown = render_markdown(report, previous)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    (args.out / "latest.md").write_text(markdown)
    print()
    print(markdown)


def database_has_seed(url: str) -> bool:
    import dj_database_url
    import psycopg

    s = dj_database_url.parse(url)
    try:
        with psycopg.connect(
            host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"] or "postgres",
            password=s["PASSWORD"] or None, dbname=s["NAME"], connect_timeout=3,
        ) as conn:  # fmt: skip
            row = conn.execute(
                "SELECT count(*) FROM accounts_user WHERE username LIKE 'bench-t%%'"
            ).fetchone()
            return bool(row and row[0])
    except psycopg.Error:
        return False


def data_summary() -> str:
    from django.db.models import Count

    from literacy.accounts.models import User
    from literacy.classrooms.models import Assignment, Classroom
    from quizzes.models import Answer, Attempt

    classes = Classroom.objects.count()
    largest = (
        Classroom.objects.annotate(n=Count("memberships")).order_by("-n").values_list("n", flat=True).first()
    )
    return (
        f"{classes} classes, {User.objects.count()} accounts, {Assignment.objects.count()} assignments, "
        f"{Attempt.objects.filter(status='submitted').count()} submitted attempts, "
        f"{Answer.objects.exclude(score=None).count()} graded answers; largest class "
        f"{largest} members"
    )


def git_commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return out.stdout.strip() + ("+uncommitted" if dirty.strip() else "")


def page_weights(server: Server, fx: Fixtures, extra: dict) -> list[dict]:
    from django.urls import reverse

    from bench.page_weight import browser_weights

    reader = extra["lesson_reader"]
    session = fx.session_for(reader)
    teacher_session = fx.session_for(extra["reference_class"].owner) if "reference_class" in extra else None
    attempt = extra["attempt_for_pages"][0] if extra["attempt_for_pages"] else None
    from literacy.progress.models import LessonProgress

    row = LessonProgress.objects.filter(user=reader).select_related("lesson__unit__curriculum").first()
    lesson = row.lesson.get_absolute_url() if row else "/curricula/"
    pages = [("home", "/", None), ("lesson", lesson, session)]
    if attempt is not None:
        pages.append(
            (
                "quiz question",
                reverse("quizzes:question", kwargs={"public_id": attempt.public_id, "number": 1}),
                session,
            )
        )
    if extra.get("submitted_attempt"):
        pages.append(
            (
                "results",
                reverse("quizzes:results", kwargs={"public_id": extra["submitted_attempt"].public_id}),
                session,
            )
        )
    pages.append(("my learning", reverse("progress:dashboard"), session))
    if teacher_session:
        pages.append(("class dashboard", extra["reference_class"].get_absolute_url(), teacher_session))
    if extra.get("landing_path"):
        pages.append(("campaign landing", extra["landing_path"], None))
    return browser_weights(server.base, pages, fx.settings.SESSION_COOKIE_NAME)


# --- the report ---------------------------------------------------------------------------------


def verdict(row: dict) -> str:
    misses = []
    if row["budget"] is not None and row["ratio"] is not None and row["ratio"] < row["budget"]:
        misses.append(f"ratio < {row['budget']:.2f}")
    if row["budget"] is not None and row["p95_ms"] >= 100:
        misses.append("p95 >= 100 ms")
    if row["errors"]:
        misses.append("errors")
    if row.get("integrity") and not row["integrity"]["ok"]:
        misses.append("integrity")
    if row["budget"] is None:
        return "no budget" if not misses else "; ".join(misses)
    return "met" if not misses else "missed: " + ", ".join(misses)


def format_row(row: dict) -> str:
    ratio = f"{row['ratio']:.3f}" if row["ratio"] is not None else "-"
    return (
        f"  {row['name']:<17} {row['rps']:>8.1f} req/s  ratio {ratio:>6}  p50 {row['p50_ms']:>6.1f}  "
        f"p95 {row['p95_ms']:>6.1f}  p99 {row['p99_ms']:>6.1f} ms  errors {row['errors']:>3}  "
        f"queries {row['queries']}  bare {row['bare_rps']:.0f} req/s (drift {row['bare_drift']})"
    )


def render_markdown(report: dict, previous: dict | None) -> str:
    before = {r["name"]: r for r in (previous or {}).get("scenarios", [])}
    lines = [
        f"# Load run, {report['when']} (commit {report['commit']})",
        "",
        f"{report['server']}; {report['wrk']}; {report['database']}, Redis; production settings "
        f"(DEBUG off, HTTPS behind a proxy, whitenoise). {report['cpus']} CPUs shared with other work: "
        f"load average {report['load_average']} at the end. Data: {report['data']}.",
        "",
        "Ratio = the scenario's requests/s over the mean of the bare Django view run just before and "
        "just after it (same run, same machine); drift = bare after / bare before (1.00 = a quiet "
        "machine). Absolute numbers vary with whatever else the machine runs; ratios much less.",
        "",
    ]
    head = "| scenario | req/s | ratio to bare | budget | p50 ms | p95 ms | p99 ms | errors | SQL/request |"
    rule = "|---|---|---|---|---|---|---|---|---|"
    if previous:
        head += " ratio before |"
        rule += "---|"
    head += " bare req/s (drift) | verdict |"
    rule += "---|---|"
    lines += [head, rule]
    for row in report["scenarios"]:
        budget = f">= {row['budget']:.2f}" if row["budget"] is not None else "-"
        cells = [
            row["label"],
            f"{row['rps']:.1f}",
            f"{row['ratio']:.3f}" if row["ratio"] is not None else "-",
            budget,
            f"{row['p50_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            f"{row['p99_ms']:.1f}",
            str(row["errors"]),
            str(row["queries"]),
        ]
        if previous:
            old = before.get(row["name"])
            cells.append(f"{old['ratio']:.3f}" if old and old.get("ratio") is not None else "-")
        cells += [f"{row['bare_rps']:.0f} ({row['bare_drift']})", verdict(row)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for row in report["scenarios"]:
        if row.get("integrity"):
            mark = "OK" if row["integrity"]["ok"] else "FAILED"
            lines.append(f"- Integrity, {row['label']}: {mark} ({row['integrity']['text']}).")
        if row["note"]:
            lines.append(f"- {row['label']}: {row['note']}.")
    first = report["lesson_first_visit_queries"]
    lines.append(f'- Lesson page, a learner\'s first visit (records "started"): {first} queries.')
    rss = report["worker_rss_mb"]
    if rss:
        verdict_rss = "met" if max(rss) < 150 else "missed"
        sizes = ", ".join(f"{x} MB" for x in rss)
        lines.append(f"- Worker RSS after the run: {sizes} (budget < 150 MB: {verdict_rss}).")
    for skipped in report["skipped"]:
        lines.append(f"- {skipped[0].upper()}{skipped[1:]}.")
    if report["page_weight"]:
        lines += ["", "## Page weight (headless Chromium, empty cache, Accept-Language ar)", ""]
        lines += [
            "| page | requests | transferred | HTML | CSS | JS | images | other | HTML gzip (at the proxy) "
            "| first load with proxy gzip | budget |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for w in report["page_weight"]:
            kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
            budget = w.get("budget_kb")
            ok = "" if budget is None else ("met" if w["with_proxy_gzip"] <= budget * 1024 else "missed")
            lines.append(
                f"| {w['page']} | {w['requests']} | {kb(w['transferred'])} "
                f"| {kb(w['by_type'].get('document', 0))} "
                f"| {kb(w['by_type'].get('stylesheet', 0))} | {kb(w['by_type'].get('script', 0))} "
                f"| {kb(w['by_type'].get('image', 0))} | {kb(w['other'])} | {kb(w['html_gzip'])} "
                f"| {kb(w['with_proxy_gzip'])} | {f'<= {budget} KB ' + ok if budget else '-'} |"
            )
        lines += [
            "",
            "Transferred = bytes on the wire from gunicorn (headers included): whitenoise sends static "
            "files compressed, Django sends HTML uncompressed. In production the reverse proxy "
            "compresses HTML (docs/deploy.md); the last columns estimate that first load.",
        ]
    lines += ["", f"Run took {report['seconds']} s.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
