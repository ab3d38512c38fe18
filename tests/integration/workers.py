"""Start and stop real Celery workers (and beat) for the integration tests, on their own Redis db."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT

WORKER_DB = int(os.environ.get("WAI_TEST_WORKER_REDIS_DB", "14"))


def url_with_db(url: str, db: int) -> str:
    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return f"{base}/{db}"


def database_url_for_worker(tmp_path) -> str:
    """The worker must see the rows the test committed: on PostgreSQL, point it at the test
    database; otherwise give it a scratch SQLite file (enough for tasks that touch no rows)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


def worker_env(tmp_path, redis_url: str, **extra) -> dict:
    return {
        **os.environ,
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "DATABASE_URL": database_url_for_worker(tmp_path),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


@contextmanager
def celery_process(tmp_path, env: dict, *, app: str = "literacy", beat: bool = False, name: str = "worker"):
    """A worker in its own process group (so a test can kill it whole), logging to tmp_path."""
    (tmp_path / "mail").mkdir(exist_ok=True)
    args = [sys.executable, "-m", "celery", "-A", app, "worker", "--pool=prefork", "--concurrency=1",
            "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
            f"--hostname={name}@%h"]  # fmt: skip
    if beat:
        args += ["--beat", f"--schedule={tmp_path / 'beat-schedule'}"]
    log_path = tmp_path / f"{name}.log"
    log = open(log_path, "w")  # noqa: SIM115
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
        print(f"--- {name} log ---\n" + Path(log_path).read_text()[-4000:])


def kill_whole(process) -> None:
    """SIGKILL the worker's main process and its children at once, as an OOM killer or a power cut."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_for(predicate, *, timeout: float, every: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return predicate()
