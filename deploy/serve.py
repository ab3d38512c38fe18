"""The production-like stack on one machine: gunicorn, a Celery worker and Celery beat, against
PostgreSQL and Redis (what `make serve` runs).

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python deploy/serve.py

Before starting them it runs what a deployment runs: `migrate`, `collectstatic` and `load_content`
(each idempotent). DEBUG stays off. Without DJANGO_SECRET_KEY a random one is made for this run
(sessions then end at each restart: set your own to keep them). Plain HTTP on 127.0.0.1 unless
DJANGO_HTTPS is set: behind a TLS proxy set DJANGO_HTTPS=true and DJANGO_BEHIND_PROXY=true.
GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY and the other variables of
deploy/gunicorn.conf.py apply.

The three processes run in their own process group; SIGTERM or Ctrl-C stops them all (gunicorn
finishes its requests, the worker its tasks). If one of them exits, the others are stopped and the
exit status is non-zero, so a supervisor (systemd, a container runtime) restarts the whole stack.
"""

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[serve] {message}", flush=True)


def environment() -> dict:
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)  # production-like: never debug
    env.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
    if not env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("serve: set DATABASE_URL to a PostgreSQL database (postgres://...)")
    if not env.get("REDIS_URL", "").startswith("redis://"):
        sys.exit("serve: set REDIS_URL to a Redis database (redis://...)")
    if not env.get("DJANGO_SECRET_KEY"):
        env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
        log("no DJANGO_SECRET_KEY: using a random one for this run")
    env.setdefault("DJANGO_HTTPS", "false")
    env.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
    env.setdefault("GUNICORN_BIND", "127.0.0.1:8000")
    env.setdefault("WAI_GZIP_HTML", "true")  # no proxy in front here: Django compresses HTML
    return env


def prepare(env: dict) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)  # noqa: S603 - our own commands
    if env.get("WAI_SERVE_LOAD_CONTENT", "1") != "0":
        subprocess.run([*manage, "load_content"], cwd=ROOT, env=env, check=True)  # noqa: S603


def start(env: dict, state: Path) -> dict[str, subprocess.Popen]:
    celery = [str(BIN / "celery"), "-A", "literacy"]
    config = str(ROOT / "deploy" / "gunicorn.conf.py")
    commands = {
        "web": [str(BIN / "gunicorn"), "-c", config, "literacy.wsgi:application"],
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency", env.get("CELERY_CONCURRENCY", "2"),
                   "--without-gossip", "--without-mingle", "--hostname", "worker@%h"],
        "beat": [*celery, "beat", "--loglevel=INFO", "--schedule", str(state / "celerybeat-schedule")],
    }  # fmt: skip
    processes = {}
    for name, command in commands.items():
        processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
        log(f"{name} started (pid {processes[name].pid})")
    return processes


def stop(processes: dict[str, subprocess.Popen], timeout: float = 30) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for name, process in processes.items():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop in {timeout:.0f} s: killed")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> int:
    env = environment()
    prepare(env)
    state = Path(env.get("WAI_SERVE_STATE_DIR") or tempfile.mkdtemp(prefix="wai-serve-"))
    state.mkdir(parents=True, exist_ok=True)
    stopping = []

    def on_signal(signum, _frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    processes = start(env, state)
    log(f"serving on http://{env['GUNICORN_BIND']}/ (Ctrl-C stops everything)")
    status = 0
    while not stopping:
        exited = [name for name, p in processes.items() if p.poll() is not None]
        if exited:
            log(f"{', '.join(exited)} exited: stopping the others")
            status = 1
            break
        time.sleep(0.5)
    stop(processes)
    log("stopped")
    return status


if __name__ == "__main__":
    sys.exit(main())
