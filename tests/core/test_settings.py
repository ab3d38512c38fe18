"""Settings driven by the environment: checked in fresh interpreters, as a deploy would run them."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import ROOT, require

PROD_ENV = {
    "DJANGO_SECRET_KEY": "x7#Kq2!vP9zL4mN8rT1wY6uB3eH5jC0aF-prod-like-secret-key-for-the-check",
    "DJANGO_ALLOWED_HOSTS": "wai.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "EMAIL_", "WAI_"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='literacy.settings'; django.setup();"
    "from django.conf import settings as s; from literacy.celery import app;"
    "print(s.DATABASES['default']['ENGINE']); print(s.CACHES['default']['BACKEND']);"
    "print(app.conf.task_always_eager); print(s.DEBUG)"
)


def test_defaults_are_sqlite_local_memory_and_eager_celery():
    result = run_python(SHOW, {"DJANGO_DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    engine, cache_backend, eager, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert cache_backend.endswith("LocMemCache")
    assert eager == "True"
    assert debug == "True"


def test_redis_url_switches_cache_and_celery_to_redis():
    result = run_python(SHOW, {"DJANGO_DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert result.returncode == 0, result.stderr
    _, cache_backend, eager, _ = result.stdout.split()
    assert cache_backend == "literacy.core.cache.ResilientRedisCache"
    assert eager == "False"


def test_database_url_selects_postgresql():
    result = run_python(SHOW, {"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://u@127.0.0.1:5432/wai"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_debug_is_off_by_default_and_refuses_to_start_without_a_secret_key():
    result = run_python(SHOW, {})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    result = run_python(SHOW, PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[3] == "False"


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **PROD_ENV,
        "DATABASE_URL": "postgres://wai@127.0.0.1:5432/wai",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_ADMIN_URL": "staff-only-q8r3k/",
    }
    code = (
        "import sys; from django.core.management import execute_from_command_line;"
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='literacy.settings';"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_when_database_url_says_so():
    require(
        "PostgreSQL",
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "Set DATABASE_URL=postgres://... to run the suite on PostgreSQL.",
    )
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'وعي'::text")
        assert cursor.fetchone() == ("وعي",)
