"""Campaign counts that survive a viral spike: no database write per visit.

With Redis, counts go by atomic increments (a Lua script, or MULTI ... EXEC) onto one live hash,
``wai:campaigns:live``, whose fields are ``<source id>:<day>:<metric>``. Visits are batched per
web process and sent once a second (``visit``); events (a lesson finished, a quiz) go at once. A unique
visitor is told apart by an anonymous daily token: an HMAC of a random value in the visitor's
cookie (which expires at midnight) and the day, cut to 64 bits. The tokens of the day wait in a
set per source and day (``wai:campaigns:uv:<source id>:<day>``, about 70 bytes a visitor, expiring
an hour after midnight): only a token new to the set adds one to ``visitors``. No address or
user agent is stored anywhere, and a token cannot be traced back to the cookie without the site's
secret key, nor linked to the same browser's token of another day.

``fold`` (Celery beat, every minute) moves the counts into ``SourceDay`` rows, exactly once:

1. *claim*: a Lua script atomically renames the live hash to ``wai:campaigns:fold:<uuid>`` and
   adds the uuid to the set ``wai:campaigns:folds`` (visits go on into a new live hash);
2. for every uuid in that set: read the hash, then in ONE database transaction insert the uuid
   into the ``CountFold`` ledger (unique) and add the counts to the rows. A uuid already in the
   ledger is skipped;
3. after the commit: delete the hash and the uuid from the set.

A fold that dies between reading and writing (or in the middle of the transaction) left the hash
in place and nothing in the database: the next run applies it. A fold that dies after the commit
left the ledger row: the next run skips the hash and deletes it. Two folds at once: the second
insert into the ledger waits for the first transaction and fails, so one of them applies it.
Counts since the last fold are lost only if Redis itself loses its memory.

Without Redis (the embedded default), or while it is unreachable, each event updates its row
directly (slower, but nothing is lost) and unique visitors are told apart in this process's
memory (a returning visitor served by another process, or across the outage, counts again).
"""

import atexit
import logging
import os
import threading
import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from literacy.campaigns.models import CountFold, Source, SourceDay

logger = logging.getLogger(__name__)

PREFIX = "wai:campaigns:"
LIVE = PREFIX + "live"
PENDING = PREFIX + "folds"
FOLD = PREFIX + "fold:"
UNIQUE = PREFIX + "uv:"
RETRY_AFTER = 5.0  # seconds without trying Redis after it failed
LEDGER_DAYS = 7

METRICS = (
    "visits",
    "visitors",
    "lessons_started",
    "lessons_finished",
    "quizzes_finished",
    "score_total",
    "before_count",
    "before_total",
    "after_count",
    "after_total",
    "signups",
)
ADDITIVE = tuple(metric for metric in METRICS if metric not in ("visits", "visitors"))  # events

_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[3])
  redis.call('SADD', KEYS[2], ARGV[1])
  return 1
end
return 0
"""

# One source and day's visits from one web process: KEYS live hash, the day's set of tokens; ARGV
# visits field, visitors field, number of visits, seconds the set lives, then the tokens seen.
_VISITS = """
redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
local new = 0
for i = 5, #ARGV do
  new = new + redis.call('SADD', KEYS[2], ARGV[i])
end
if new > 0 then
  redis.call('HINCRBY', KEYS[1], ARGV[2], new)
end
if #ARGV >= 5 then
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
return new
"""
FLUSH_MAX_TOKENS = 500  # a batch is sent at once when it holds this many visitors


class _Batch:
    """This process's visits not yet sent to Redis: {(source id, day): [visits, {tokens}]}."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self.visits: dict = {}
        self.tokens = 0
        self.since: float | None = None
        self.flusher: threading.Thread | None = None


_batch = _Batch()

_clients: dict = {}  # url -> (client, visit script, claim script)
_down_until = 0.0
# Without Redis: the daily tokens this process has seen (bounded; forgotten after two days).
_seen_here = LocMemCache("wai-campaign-visitors", {"TIMEOUT": 2 * 86400, "OPTIONS": {"MAX_ENTRIES": 100000}})


def redis_url() -> str:
    return getattr(settings, "WAI_CAMPAIGN_REDIS_URL", "") or settings.REDIS_URL


def _connection():
    """(client, visit script, claim script), or None without Redis or for a few seconds after it
    failed. The scripts run by their SHA (EVALSHA), loaded on first use."""
    url = redis_url()
    if not url or time.monotonic() < _down_until:
        return None
    found = _clients.get(url)
    if found is None:
        import redis

        timeout = getattr(settings, "REDIS_TIMEOUT", 0.5)
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        found = _clients[url] = (client, client.register_script(_VISITS), client.register_script(_CLAIM))
    return found


def _client():
    found = _connection()
    return found[0] if found else None


def _failed(exc) -> None:
    global _down_until
    _down_until = time.monotonic() + RETRY_AFTER
    logger.warning("Campaign counters: Redis unavailable (%s); writing to the database", exc)


def _redis_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def visitor_token(visitor: str, day: date) -> str:
    """The anonymous daily token of a browser: it changes every day and cannot be traced back to
    the cookie's value without the site's secret key."""
    return salted_hmac(
        "wai.campaigns.visitor", f"{visitor}|{day.isoformat()}", algorithm="sha256"
    ).hexdigest()[:16]


def _seconds_until_after(day: date) -> int:
    """Seconds from now until an hour after the end of ``day`` (local time): the life of its set."""
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), dt_time(1, 0)))
    return max(60, int((end - timezone.now()).total_seconds()))


def _field(source_id: int, day: date, metric: str) -> str:
    return f"{source_id}:{day.isoformat()}:{metric}"


def flush_seconds() -> float:
    return float(getattr(settings, "WAI_CAMPAIGN_FLUSH_SECONDS", 1.0))


def visit(*, source_id: int, visitor: str = "", day: date | None = None) -> None:
    """Count one visit (and the visitor, once a day, when ``visitor`` is their cookie's value).

    With Redis, the visit joins this process's batch, sent at most ``WAI_CAMPAIGN_FLUSH_SECONDS``
    later (1 s; 0 sends every visit at once) in one round trip for all of them, by the next visit
    or a background thread: a burst of visits costs one Redis call a second per web process, not
    one per visit. A web process killed outright loses its last second of visits; nothing else.
    Without Redis, the visit is added to its row at once."""
    day = day or timezone.localdate()
    token = visitor_token(visitor, day) if visitor else ""
    if not redis_url():  # the embedded default: the row, at once, in the request
        new = bool(token) and _seen_here.add(f"{source_id}:{token}", 1)
        _apply_rows({(source_id, day): {"visits": 1, "visitors": int(new)}})
        return
    interval = flush_seconds()
    now = time.monotonic()
    with _batch.lock:
        if _batch.pid != os.getpid():  # a forked worker does not send its parent's visits
            _batch.__init__()
        entry = _batch.visits.setdefault((source_id, day), [0, set()])
        entry[0] += 1
        if token and token not in entry[1]:
            entry[1].add(token)
            _batch.tokens += 1
        if _batch.since is None:
            _batch.since = now
        due = interval <= 0 or now - _batch.since >= interval or _batch.tokens >= FLUSH_MAX_TOKENS
    if due:
        flush_visits()
    else:
        _start_flusher(interval)


def _start_flusher(interval: float) -> None:
    """A daemon thread per process sends a batch that no later visit came to send."""
    with _batch.lock:
        if _batch.flusher is not None and _batch.flusher.is_alive():
            return
        _batch.flusher = threading.Thread(
            target=_flush_loop, args=(interval,), name="campaign-visits", daemon=True
        )
        _batch.flusher.start()


def _flush_loop(interval: float) -> None:
    from django.db import close_old_connections

    while True:
        time.sleep(interval / 4)  # a batch waits at most 1.25 intervals
        with _batch.lock:
            waiting = _batch.since is not None and time.monotonic() - _batch.since >= interval
        if waiting:
            try:
                flush_visits()
            except Exception:  # noqa: BLE001 - logged; the thread must go on
                logger.exception("Campaign counters: could not send the visits")
            finally:
                close_old_connections()


def flush_visits() -> int:
    """Send this process's batch of visits (to Redis, or to the rows without it); returns how many
    visits it held."""
    with _batch.lock:
        batch, _batch.visits, _batch.tokens, _batch.since = _batch.visits, {}, 0, None
    if not batch:
        return 0
    found = _connection()
    if found is not None:
        client, script, _claim = found
        try:
            pipe = client.pipeline(transaction=False)
            for (source_id, day), (count, tokens) in batch.items():
                script(
                    keys=[LIVE, f"{UNIQUE}{source_id}:{day.isoformat()}"],
                    args=[
                        _field(source_id, day, "visits"),
                        _field(source_id, day, "visitors"),
                        count,
                        _seconds_until_after(day),
                        *sorted(tokens),
                    ],
                    client=pipe,
                )
            pipe.execute()
            return sum(count for count, _tokens in batch.values())
        except _redis_errors() as exc:
            _failed(exc)
    counts = {}
    for (source_id, day), (count, tokens) in batch.items():
        new = sum(1 for token in tokens if _seen_here.add(f"{source_id}:{token}", 1))
        counts[(source_id, day)] = {"visits": count, "visitors": new}
    _apply_rows(counts)
    return sum(count for count, _tokens in batch.values())


@atexit.register
def _flush_at_exit() -> None:
    try:
        flush_visits()
    except Exception:  # noqa: BLE001 - best effort while the process ends
        logger.warning(
            "Campaign counters: %s visits not sent at exit", sum(v[0] for v in _batch.visits.values())
        )


def add(*, source_id: int, day: date | None = None, **amounts: int) -> None:
    """Add to a source's counts for the day, e.g. ``add(source_id=3, quizzes_finished=1,
    score_total=8500)``."""
    unknown = set(amounts) - set(ADDITIVE)
    if unknown:
        raise ValueError(f"unknown campaign metrics: {sorted(unknown)}")
    amounts = {metric: int(value) for metric, value in amounts.items() if value}
    if not amounts:
        return
    day = day or timezone.localdate()
    client = _client()
    if client is not None:
        try:
            pipe = client.pipeline(transaction=True)
            for metric, value in amounts.items():
                pipe.hincrby(LIVE, _field(source_id, day, metric), value)
            pipe.execute()
            return
        except _redis_errors() as exc:
            _failed(exc)
    _apply_rows({(source_id, day): amounts})


# --- Folding ---------------------------------------------------------------------------------


def fold() -> int:
    """Fold the Redis counters into the daily rows; returns how many hashes were applied now."""
    flush_visits()  # this process's own batch first (a web process running the fold by hand)
    found = _connection()
    if found is None:
        return 0
    client, _visit, claim = found
    try:
        claim_id = uuid.uuid4().hex
        claim(keys=[LIVE, PENDING, FOLD + claim_id], args=[claim_id])
        pending = sorted(member.decode() for member in client.smembers(PENDING))
        applied = 0
        for fold_id in pending:
            if _apply(fold_id, _read(client, fold_id)):
                applied += 1
            _release(client, fold_id)
    except _redis_errors() as exc:
        _failed(exc)
        return 0
    CountFold.objects.filter(applied_at__lt=timezone.now() - timedelta(days=LEDGER_DAYS)).delete()
    return applied


def _read(client, fold_id: str) -> dict:
    """{(source id, day): {metric: amount}} of one claimed hash."""
    counts: dict = defaultdict(dict)
    for raw_field, raw_value in client.hgetall(FOLD + fold_id).items():
        try:
            source_id, day, metric = raw_field.decode().split(":")
            key = (int(source_id), date.fromisoformat(day))
        except ValueError:
            logger.warning("Campaign counters: ignoring the malformed field %r", raw_field)
            continue
        if metric in METRICS:
            counts[key][metric] = counts[key].get(metric, 0) + int(raw_value)
    return dict(counts)


def _apply(fold_id: str, counts: dict) -> bool:
    """Write one hash's counts, once: False if this fold was applied before."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                CountFold.objects.create(key=fold_id)
        except IntegrityError:
            return False
        _apply_rows(counts)
    return True


def _release(client, fold_id: str) -> None:
    pipe = client.pipeline(transaction=True)
    pipe.delete(FOLD + fold_id)
    pipe.srem(PENDING, fold_id)
    pipe.execute()


@transaction.atomic
def _apply_rows(counts: dict) -> None:
    """Add ``counts`` ({(source id, day): {metric: amount}}) to the rows, created when missing, in
    a fixed order so that two writers never wait for each other in a circle. Counts of a source
    deleted since are dropped."""
    keys = sorted(counts)
    if not keys:
        return
    existing = set(Source.objects.filter(pk__in={key[0] for key in keys}).values_list("pk", flat=True))
    keys = [key for key in keys if key[0] in existing]
    SourceDay.objects.bulk_create(
        [SourceDay(source_id=source_id, day=day) for source_id, day in keys], ignore_conflicts=True
    )
    for source_id, day in keys:
        updates = {metric: F(metric) + value for metric, value in counts[(source_id, day)].items() if value}
        if updates:
            SourceDay.objects.filter(source_id=source_id, day=day).update(**updates)


def pending_folds() -> int:
    """Hashes claimed but not yet released (for the health of the fold; 0 without Redis)."""
    client = _client()
    if client is None:
        return 0
    try:
        return client.scard(PENDING)
    except _redis_errors() as exc:
        _failed(exc)
        return 0
