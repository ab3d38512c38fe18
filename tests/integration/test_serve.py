"""Smoke test of `make serve` (deploy/serve.py): the production-like stack comes up on PostgreSQL
and Redis, serves pages and compressed static files, its worker delivers queued e-mail, its beat
delivers e-mail nobody asked a worker for, and SIGTERM stops all of it.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); uses its own database (the test database's
name + "_serve", created and dropped here) and Redis db WAI_TEST_SERVE_REDIS_DB (default 13).
Runs in about a minute: `pytest tests/integration/test_serve.py`.
"""

import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from tests.conftest import ROOT, redis_available, redis_url, require
from tests.integration.workers import url_with_db, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.celery_worker_process]
SERVE_DB = int(os.environ.get("WAI_TEST_SERVE_REDIS_DB", "13"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def serve_database(django_db_blocker):
    require("PostgreSQL", connection.vendor == "postgresql", "Set DATABASE_URL to a PostgreSQL database.")
    require("Redis", redis_available(), "Set REDIS_URL to a running Redis.")
    s = connection.settings_dict
    name = f"{s['NAME']}_serve"[:63]
    with django_db_blocker.unblock():
        import psycopg

        host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
        admin = psycopg.connect(
            host=host,
            port=port,
            user=s["USER"],
            password=s["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgres://{s['USER']}:{s['PASSWORD']}@{host}:{port}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def _manage_shell(env: dict, code: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )  # noqa: S603


def test_make_serve_runs_web_worker_and_beat_and_stops_cleanly(serve_database, tmp_path):
    import redis

    broker = url_with_db(redis_url(), SERVE_DB)
    redis.Redis.from_url(broker).flushdb()
    port = _free_port()
    mail = tmp_path / "mail"
    mail.mkdir()
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "WAI_", "CELERY_"))
    }
    env.update(
        DATABASE_URL=serve_database,
        REDIS_URL=broker,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        EMAIL_FILE_PATH=str(mail),
        WAI_OUTBOX_INTERVAL="1",
        WAI_SERVE_STATE_DIR=str(tmp_path / "state"),
        DJANGO_SECRET_KEY="serve-smoke-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    )
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115
    serve = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "serve.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:

        def healthy():
            try:
                return _get(base + "/healthz")[0] == 200
            except OSError:
                return serve.poll() is not None  # stop waiting if it died

        assert wait_for(healthy, timeout=150), "the stack did not answer /healthz"
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]

        status, headers, body = _get(base + "/")
        assert status == 200 and "dir=" in body.decode()
        assert "DEBUG" not in body.decode()
        status, headers, packed = _get(base + "/", **{"Accept-Encoding": "gzip"})
        assert headers.get("Content-Encoding") == "gzip", "no proxy in front: Django compresses HTML"
        assert 'dir="rtl"' in gzip.decompress(packed).decode()
        status, headers, _ = _get(base + "/accounts/login/", **{"Accept-Encoding": "gzip"})
        assert status == 200 and "Content-Encoding" not in headers, "a page with a secret: never (BREACH)"
        css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body.decode())
        assert css, "collectstatic's hashed CSS is linked"
        status, headers, _ = _get(base + css.group(1), **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        assert "immutable" in headers.get("Cache-Control", "")

        shell_env = {**env, "CELERY_TASK_ALWAYS_EAGER": "false"}
        # Through the worker: the outbox row plus a task published on commit.
        _manage_shell(
            shell_env,
            "from literacy.core.services import email_send; "
            "email_send(subject='via worker', body='x', to=['a@example.org'], from_email='w@example.org')",
        )
        # Through beat alone: a queued row nobody asked a worker for.
        _manage_shell(
            shell_env,
            "from post_office import mail; "
            "mail.send(recipients=['b@example.org'], sender='w@example.org', subject='via beat', "
            "message='y', priority='medium')",
        )

        def delivered():
            text = " ".join(p.read_text(errors="replace") for p in mail.iterdir())
            return "via worker" in text and "via beat" in text

        assert wait_for(delivered, timeout=60), (tmp_path / "serve.log").read_text()[-4000:]
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
        try:
            code = serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
            code = "killed"
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert code == 0, output[-4000:]
    assert "stopped" in output
    time.sleep(0.5)
    with pytest.raises(OSError):
        _get(base + "/healthz")
