"""Log-in cost and Redis-outage cost, as ratios measured in one run (machines here are noisy).

Run: DJANGO_DEBUG=true .venv/bin/python bench/reliability.py
- log-in: a right password, a wrong one, an unknown user, each N times with Django's real
  password hasher (PBKDF2); a failed log-in should cost what a successful one does (one hash).
- outage: the same requests (home page, wrong-password log-in, password-reset request) with the
  cache and Celery broker on a closed port versus local memory; prints the slowest request.
"""

import os
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N = int(os.environ.get("BENCH_N", "10"))
PASSWORD = "a-Strong-pass-2026"  # noqa: S105 - a throwaway account in an in-memory database


def timed(call, n=N) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def closed_port() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"redis://127.0.0.1:{port}/0"


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.core.cache import cache

    from literacy.accounts.models import User
    from literacy.celery import app

    user = User.objects.create_user("bench", "bench@example.org", PASSWORD)
    client = Client()

    def login(name, password):
        def call():
            cache.clear()  # keep the rate limiter out of the measurement
            client.post("/accounts/login/", {"login": name, "password": password})
            client.logout()

        return call

    right = statistics.median(timed(login(user.username, PASSWORD)))
    wrong = statistics.median(timed(login(user.username, "wrong-password")))
    unknown = statistics.median(timed(login("nobody-here", "wrong-password")))
    ms = {name: f"{value * 1000:.0f} ms" for name, value in (("r", right), ("w", wrong), ("u", unknown))}
    print(f"log-in (median of {N}): right {ms['r']}, wrong {ms['w']}, unknown user {ms['u']}; ratios")
    print(f"  wrong/right {wrong / right:.2f}, unknown/right {unknown / right:.2f}")

    def reset():
        cache.clear()  # the reset limit (3 per address in 5 minutes) is not what is measured
        client.post("/accounts/password/reset/", {"email": user.email})

    requests = {
        "home": lambda: client.get("/"),
        "wrong log-in": lambda: client.post("/accounts/login/", {"login": user.username, "password": "x"}),
        "password reset": reset,
    }
    baseline = {name: timed(call, 5) for name, call in requests.items()}
    dead = closed_port()
    outage_cache = {
        "default": {
            "BACKEND": "literacy.core.cache.ResilientRedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    eager = app.conf.task_always_eager
    app.conf.update(task_always_eager=False, broker_url=dead)
    try:
        with override_settings(CACHES=outage_cache):  # Django's test signal swaps the cache
            outage = {name: timed(call, 5) for name, call in requests.items()}
    finally:
        app.conf.update(task_always_eager=eager)
    for name in requests:
        base, down = statistics.median(baseline[name]), statistics.median(outage[name])
        print(f"{name}: Redis up {base * 1000:.0f} ms, Redis down median {down * 1000:.0f} ms "
              f"(ratio {down / base:.1f}), slowest {max(outage[name]) * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
