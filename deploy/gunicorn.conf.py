"""gunicorn's settings for production-like runs (`make serve`, bench/load.py, a real deployment).

Each value can be set from the environment; the command line wins over both (the bench passes
--workers and --worker-class). Sizing: docs/deploy.md.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one process; pages are CPU-bound (a few ms of Python and a
# handful of short queries), so two per core keeps the CPU busy while a worker waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# A request that takes longer is stuck: kill the worker and start another.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle a worker now and then (jittered so they do not restart together): bounds slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The worker heartbeat file in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Behind the reverse proxy on the same host: trust its X-Forwarded-* (Django reads its own setting,
# DJANGO_BEHIND_PROXY, for the scheme and the client's address).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # the proxy logs requests
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "wai-web"
