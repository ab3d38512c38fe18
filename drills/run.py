"""The load and fault drills (`make drills`, also run by .ci/run): 2.5 to 4 minutes, by the machine.

1. A PostgreSQL cluster of its own (`pg_createcluster <version> waidrill`, port 5439, trust on
   loopback), so restarting it disturbs nothing else on the machine; a database there with the
   migrations, the real content and 100 learners already logged in (their session cookies).
   Redis db DRILL_REDIS_DB (default 7) holds the cache, rate limits and broker, flushed before and
   after.
2. gunicorn (deploy/gunicorn.conf.py when present, 4 sync workers) on a free loopback port with
   production settings (DEBUG off, connection health checks on).
3. Load: locust, headless, 100 simulated learners for 60 s (drills/locustfile.py): they start,
   answer and submit quizzes, and one answer or submit in ten is sent twice.
4. Fault: 40 learners for 25 s; after 8 s the cluster is restarted (`pg_ctlcluster ... restart`).
5. Checks, on the database: every answer the server accepted (its redirect) is stored exactly once
   with what was sent; in the load run no other answer exists; every accepted submit left its
   attempt submitted and graded once (score = sum of its answers' scores, graded before the first
   submit's response: a second grading would have moved the time). The load run has no 5xx and no
   failed request; in the fault run every request that started after PostgreSQL was back succeeds.
6. The numbers (requests, errors, p50/p95/p99 per step) are printed and written to
   test-results/drills.json; the exit status is 0 only when every check holds.

Only loopback addresses are used; every run is bounded in time.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "test-results"
CLUSTER = os.environ.get("DRILL_PG_CLUSTER", "waidrill")
PG_PORT = int(os.environ.get("DRILL_PG_PORT", "5439"))
DB_NAME = "wai_drill"
REDIS_DB = int(os.environ.get("DRILL_REDIS_DB", "7"))
REDIS_BASE = os.environ.get("DRILL_REDIS_BASE", "redis://127.0.0.1:6379")
LOAD_USERS, LOAD_SECONDS = (
    int(os.environ.get("DRILL_USERS", "100")),
    int(os.environ.get("DRILL_SECONDS", "60")),
)
FAULT_USERS, FAULT_SECONDS, RESTART_AFTER = 40, 25, 8
WORKERS = int(os.environ.get("DRILL_WORKERS", "4"))


_T0 = time.monotonic()


def log(message: str) -> None:
    print(f"[drills +{time.monotonic() - _T0:5.1f}s] {message}", flush=True)


def run(args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


# --- PostgreSQL: a cluster of the drill's own -------------------------------------------------------


def pg_version() -> str:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if p.name.replace(".", "").isdigit())
    if not versions:
        sys.exit("no PostgreSQL cluster configuration under /etc/postgresql")
    return versions[-1]


def pg_ready(timeout: float = 30) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(PG_PORT)], check=False)
        if ready.returncode == 0:
            return time.time()
        time.sleep(0.1)
    sys.exit(f"PostgreSQL on port {PG_PORT} did not come up")


def cluster_up(version: str) -> None:
    cluster_down(version)
    run(
        [
            "pg_createcluster",
            version,
            CLUSTER,
            "-p",
            str(PG_PORT),
            "--",
            "--auth-local=trust",
            "--auth-host=trust",
        ],
        stdout=subprocess.DEVNULL,
    )
    run(["pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "start"])
    pg_ready()
    run(
        [
            "psql",
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-c",
            f"CREATE DATABASE {DB_NAME}",
        ]
    )


def cluster_down(version: str) -> None:
    if (Path("/etc/postgresql") / version / CLUSTER).exists():
        subprocess.run(["pg_dropcluster", "--stop", version, CLUSTER], check=False, stderr=subprocess.DEVNULL)


def cluster_restart(version: str) -> tuple[float, float]:
    began = time.time()
    run(["pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "restart"])
    return began, pg_ready()


# --- The site ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "literacy.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DRILL_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "false",
        "DJANGO_ADMIN_URL": f"admin-{secrets.token_hex(6)}/",
        "WAI_PLAIN_STATIC": "true",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}",
        "REDIS_URL": f"{REDIS_BASE}/{REDIS_DB}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def redis_flush(env) -> None:
    import redis

    redis.Redis.from_url(env["REDIS_URL"], socket_connect_timeout=2).flushdb()


class Gunicorn:
    def __init__(self, env: dict, logdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(logdir / "gunicorn.log", "w")  # noqa: SIM115
        args = [str(BIN / "gunicorn")]
        if (ROOT / "deploy" / "gunicorn.conf.py").exists():
            args += ["-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
        args += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS), "--preload", "literacy.wsgi"]
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited:\n{(logdir / 'gunicorn.log').read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:  # noqa: S310 (our loopback server)  # nosec B310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("gunicorn did not become ready")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# --- Data, in this process (Django set up on the drill's database) -----------------------------------


def seed(users: int, workdir: Path) -> tuple[Path, Path]:
    from django.conf import settings
    from django.test import Client

    from literacy.accounts.models import User
    from quizzes.models import Question, Quiz

    learners = User.objects.bulk_create(
        [
            User(username=f"drill-{n:03d}", display_name=f"متعلم {n}", role=User.Role.LEARNER)
            for n in range(users)
        ]
    )
    sessions = []
    for user in learners:
        client = Client()
        client.force_login(user)
        sessions.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
    quizzes = []
    for quiz in Quiz.objects.filter(is_published=True, attempts_allowed=0, time_limit_minutes=0).order_by(
        "slug"
    ):
        if quiz.is_assessment:
            continue
        count = Question.objects.filter(quiz=quiz, is_active=True).count()
        quizzes.append(
            {"slug": quiz.slug, "url": quiz.get_absolute_url(), "questions": min(quiz.draw or count, count)}
        )
    quizzes = quizzes[:8]
    if not quizzes:
        sys.exit("no quiz to drill on: the content has no practice quiz")
    (workdir / "sessions.json").write_text(json.dumps(sessions))
    (workdir / "quizzes.json").write_text(json.dumps(quizzes, ensure_ascii=False))
    return workdir / "sessions.json", workdir / "quizzes.json"


def locust(url: str, users: int, seconds: int, out: Path, sessions: Path, quizzes: Path) -> None:
    env = {
        **os.environ,
        "DRILL_SESSIONS": str(sessions),
        "DRILL_QUIZZES": str(quizzes),
        "DRILL_OUT": str(out),
    }
    with open(f"{out}-locust.log", "w") as log_file:  # locust's own summary, kept for reading
        _locust(env, users, seconds, url, log_file)


def _locust(env, users, seconds, url, log_file) -> None:
    subprocess.run(
        [str(BIN / "locust"), "-f", str(ROOT / "drills" / "locustfile.py"), "--headless", "--only-summary",
         "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s", "--stop-timeout", "10",
         "--host", url, "--loglevel", "WARNING", "--exit-code-on-error", "0"],
        env=env, check=True, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, timeout=seconds + 60,
    )  # fmt: skip


def read_lines(out: Path, kind: str) -> list[dict]:
    rows = []
    for path in sorted(out.parent.glob(f"{out.name}.{kind}.*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text().splitlines() if line.strip())
    return rows


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def stats(requests: list[dict], seconds: float) -> dict:
    by_name = defaultdict(list)
    for r in requests:
        by_name[r["name"]].append(r)

    def summary(rows):  # noqa: E306
        ms = [r["ms"] for r in rows]
        return {
            "requests": len(rows),
            "5xx": sum(1 for r in rows if r["status"] >= 500),
            "failed": sum(1 for r in rows if r["status"] == 0 or r["status"] >= 400),
            "p50_ms": round(percentile(ms, 0.50)),
            "p95_ms": round(percentile(ms, 0.95)),
            "p99_ms": round(percentile(ms, 0.99)),
        }

    total = summary(requests)
    total["per_second"] = round(len(requests) / seconds, 1) if seconds else 0
    return {"all": total, **{name: summary(rows) for name, rows in sorted(by_name.items())}}


def verify(accepted: list[dict], *, exact: bool) -> dict:
    """Every accepted answer stored once, as sent; every accepted submit graded once."""
    from django.db import connections
    from django.http import QueryDict

    from quizzes import selectors
    from quizzes.forms import AnswerForm
    from quizzes.grading import normalise_response
    from quizzes.models import Answer, Attempt

    connections.close_all()
    last_answer, first_submit = {}, {}
    for row in sorted(accepted, key=lambda r: r["at"]):
        if row["kind"] == "answer":
            last_answer[(row["attempt"], row["number"])] = row["data"]
        else:
            first_submit.setdefault(row["attempt"], row["at"])
    attempts = {
        str(a.public_id): a
        for a in Attempt.objects.filter(public_id__in={a for a, _ in last_answer} | set(first_submit))
    }
    problems = []
    for (public_id, number), data in last_answer.items():
        attempt = attempts.get(public_id)
        if attempt is None:
            problems.append(f"attempt {public_id} is missing")
            continue
        question_id = attempt.question_ids[number - 1]
        stored = list(Answer.objects.filter(attempt=attempt, question_id=question_id))
        if len(stored) != 1:
            problems.append(f"{public_id} #{number}: {len(stored)} answers stored")
            continue
        view = selectors.attempt_question(attempt=attempt, number=number)
        posted = QueryDict(mutable=True)
        for name, value in data:
            posted.appendlist(name, value)
        form = AnswerForm(view, posted)
        if not form.is_valid():
            problems.append(f"{public_id} #{number}: the accepted answer is not valid now: {form.errors}")
            continue
        keys = [o.key for o in view.question.options.all()]
        expected = normalise_response(view.question.type, option_keys=keys, response=form.response())
        if stored[0].response != expected:
            problems.append(f"{public_id} #{number}: stored {stored[0].response}, sent {expected}")
    if exact:
        answered = defaultdict(set)
        for public_id, number in last_answer:
            answered[public_id].add(
                attempts[public_id].question_ids[number - 1] if public_id in attempts else None
            )
        for public_id, attempt in attempts.items():
            extra = (
                set(Answer.objects.filter(attempt=attempt).values_list("question_id", flat=True))
                - answered[public_id]
            )
            if extra:
                problems.append(f"{public_id}: {len(extra)} answers stored that no accepted request sent")
    for public_id, at in first_submit.items():
        attempt = attempts.get(public_id)
        if attempt is None:
            problems.append(f"submitted attempt {public_id} is missing")
            continue
        answers = list(Answer.objects.filter(attempt=attempt))
        if attempt.status != Attempt.Status.SUBMITTED or attempt.submitted_at is None:
            problems.append(f"{public_id}: submit accepted but the attempt is {attempt.status}")
        elif any(a.score is None for a in answers):
            problems.append(f"{public_id}: an answer was not graded")
        elif abs(attempt.score - sum(a.score for a in answers)) > 1e-9:
            problems.append(f"{public_id}: score {attempt.score} is not the sum of its answers")
        elif attempt.max_score != float(len(attempt.question_ids)):
            problems.append(f"{public_id}: max score {attempt.max_score}")
        elif attempt.submitted_at.timestamp() > at:
            problems.append(f"{public_id}: graded again after the first submit was answered")
    return {
        "answers_accepted": sum(1 for r in accepted if r["kind"] == "answer"),
        "answers_checked": len(last_answer),
        "submits_accepted": sum(1 for r in accepted if r["kind"] == "submit"),
        "attempts_checked": len(first_submit),
        "problems": problems,
    }


def table(name: str, s: dict) -> str:
    lines = [f"{name}: {s['all']['requests']} requests ({s['all']['per_second']}/s), {s['all']['5xx']} 5xx, "
             f"{s['all']['failed']} failed; p50 {s['all']['p50_ms']} ms, p95 {s['all']['p95_ms']} ms, "
             f"p99 {s['all']['p99_ms']} ms"]  # fmt: skip
    for step, row in s.items():
        if step != "all":
            lines.append(
                f"    {step:<13} {row['requests']:>6}  5xx {row['5xx']:>3}  p50 {row['p50_ms']:>5}"
                f"  p95 {row['p95_ms']:>5}  p99 {row['p99_ms']:>5}"
            )
    return "\n".join(lines)


def main() -> int:
    for tool in ("pg_createcluster", "pg_ctlcluster", "pg_isready", "psql"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (Debian's postgresql-common / postgresql-client)")
    started = time.monotonic()
    version = pg_version()
    workdir = RESULTS / "drills"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    env = site_env()
    report = {"load": {}, "fault": {}}
    failures = []
    log(f"PostgreSQL {version} cluster {CLUSTER} on port {PG_PORT}")
    cluster_up(version)
    try:
        redis_flush(env)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [sys.executable, "manage.py", "load_content", "-v", "0"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        os.environ.update(
            {k: v for k, v in env.items() if k.startswith(("DJANGO_", "WAI_", "DATABASE_", "REDIS_"))}
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        sessions, quizzes = seed(LOAD_USERS, workdir)
        log(
            f"{LOAD_USERS} learners, quizzes: {', '.join(q['slug'] for q in json.loads(quizzes.read_text()))}"
        )
        from django.db import connections

        connections.close_all()
        server = Gunicorn(env, workdir)
        try:
            log(f"load: {LOAD_USERS} learners for {LOAD_SECONDS} s on {server.url}")
            out = workdir / "load"
            locust(server.url, LOAD_USERS, LOAD_SECONDS, out, sessions, quizzes)
            requests = read_lines(out, "requests")
            report["load"] = {
                "stats": stats(requests, LOAD_SECONDS),
                **verify(read_lines(out, "accepted"), exact=True),
            }
            log(table("load", report["load"]["stats"]))
            if report["load"]["stats"]["all"]["failed"]:
                failures.append(f"load: {report['load']['stats']['all']['failed']} requests failed")
            if not report["load"]["submits_accepted"]:
                failures.append("load: no quiz was submitted")

            log(
                f"fault: {FAULT_USERS} learners for {FAULT_SECONDS} s, "
                f"PostgreSQL restarted after {RESTART_AFTER} s"
            )
            out = workdir / "fault"
            window = {}

            def restart():
                time.sleep(RESTART_AFTER)
                window["down"], window["up"] = cluster_restart(version)

            restarter = threading.Thread(target=restart)
            restarter.start()
            locust(server.url, FAULT_USERS, FAULT_SECONDS, out, sessions, quizzes)
            restarter.join()
            requests = read_lines(out, "requests")
            after = [r for r in requests if r["start"] >= window["up"]]
            during = [r for r in requests if r["start"] < window["up"] and r["end"] >= window["down"]]
            report["fault"] = {
                "restart_seconds": round(window["up"] - window["down"], 2),
                "stats": stats(requests, FAULT_SECONDS),
                "during_restart": {
                    "requests": len(during),
                    "5xx": sum(1 for r in during if r["status"] >= 500),
                },
                "after_restart": stats(after, FAULT_SECONDS - RESTART_AFTER)["all"],
                **verify(read_lines(out, "accepted"), exact=False),
            }
            log(table("fault", report["fault"]["stats"]))
            fault = report["fault"]
            log(
                f"    restart took {fault['restart_seconds']} s; requests overlapping it: {len(during)} "
                f"({fault['during_restart']['5xx']} 5xx); after it: {fault['after_restart']['requests']} "
                f"({fault['after_restart']['failed']} failed)"
            )
            if report["fault"]["after_restart"]["failed"]:
                failures.append(
                    f"fault: {report['fault']['after_restart']['failed']} requests failed after the restart"
                )
            if not report["fault"]["after_restart"]["requests"]:
                failures.append("fault: no request after the restart")
        finally:
            server.stop()
        for phase in ("load", "fault"):
            checked = report[phase]
            log(f"{phase}: {checked['answers_checked']} answers and {checked['attempts_checked']} submitted "
                f"attempts checked ({checked['answers_accepted']} answers and {checked['submits_accepted']} "
                f"submits accepted, repeats included): {len(checked['problems'])} problems")  # fmt: skip
            failures.extend(f"{phase}: {p}" for p in checked["problems"][:20])
    finally:
        if "django" in sys.modules and getattr(sys.modules["django"], "apps", None):
            from django.db import connections

            connections.close_all()
        cluster_down(version)
        try:
            redis_flush(env)
        except Exception as error:  # noqa: BLE001  # cleaning up: report, do not hide the result
            log(f"could not flush Redis db {REDIS_DB}: {error}")
    report["seconds"] = round(time.monotonic() - started)
    report["failures"] = failures
    (RESULTS / "drills.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    for failure in failures:
        log(f"FAILED {failure}")
    log(
        f"{'drills FAILED' if failures else 'drills passed'} in {report['seconds']} s "
        "(test-results/drills.json)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
