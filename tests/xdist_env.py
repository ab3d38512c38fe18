"""Each pytest-xdist worker gets Redis databases of its own (`make test` runs the suite on two).

Loaded with `-p tests.xdist_env` (pyproject's addopts), so it runs before pytest-django reads the
settings: a worker's cache, rate limits and campaign counters (REDIS_URL), its Celery worker's broker
(WAI_TEST_WORKER_REDIS_DB), the serve smoke test's broker (WAI_TEST_SERVE_REDIS_DB) and the fold
tests' counters (WAI_TEST_FOLD_REDIS_DB) must not be flushed by the other worker's tests.
pytest-django already gives each worker its own test database (test_<name>_gw<n>).

The first worker keeps the configured numbers; the others take theirs from the table below.
"""

import os
from urllib.parse import urlsplit, urlunsplit

# worker index -> (cache, Celery worker broker, serve smoke broker, fold counters)
_DATABASES = {1: (1, 2, 3, 4), 2: (6, 7, 8, 10)}


def _with_db(url: str, db: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


def _apply(worker: str) -> None:
    index = int(worker.removeprefix("gw"))
    if index == 0:
        return
    if index not in _DATABASES:
        workers = len(_DATABASES) + 1
        raise RuntimeError(f"tests/xdist_env.py has Redis databases for {workers} workers, not {worker}")
    cache, broker, serve, fold = _DATABASES[index]
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = _with_db(os.environ["REDIS_URL"], cache)
    os.environ["WAI_TEST_WORKER_REDIS_DB"] = str(broker)
    os.environ["WAI_TEST_SERVE_REDIS_DB"] = str(serve)
    os.environ["WAI_TEST_FOLD_REDIS_DB"] = str(fold)


if os.environ.get("PYTEST_XDIST_WORKER"):
    _apply(os.environ["PYTEST_XDIST_WORKER"])
