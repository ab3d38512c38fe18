# The two commands: `make run` (set up everything and serve on SQLite, Celery eager) and `make test`.
SHELL := /bin/bash
VENV := .venv
VPY := $(VENV)/bin/python
# An interpreter that actually runs (pyenv shims may exist but fail): PYTHON=... wins.
PYTHON ?= $(shell for c in python3.13 python3.12; do $$c --version >/dev/null 2>&1 && { command -v $$c; exit 0; }; done; \
	for c in $$(pyenv root 2>/dev/null)/versions/3.13*/bin/python3 $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3; do \
	[ -x "$$c" ] && "$$c" --version >/dev/null 2>&1 && { echo $$c; exit 0; }; done; echo python3)

DEV_ENV := DJANGO_DEBUG=true DJANGO_HTTPS=false
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-not-for-production-0123456789abcdef \
	DJANGO_HTTPS=false WAI_PLAIN_STATIC=true DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: run test setup messages lint check-content clean bench drills backup restore serve serve-smoke

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python >= 3.12 is required (found " + sys.version.split()[0] + "): run make PYTHON=/path/to/python3.12")'
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed messages

messages: $(VENV)/.installed
	$(DEV_ENV) $(VPY) manage.py compilemessages --ignore=.venv -v 0

run: setup
	$(DEV_ENV) $(VPY) manage.py migrate --no-input -v 0
	$(DEV_ENV) $(VPY) manage.py load_content
	$(DEV_ENV) $(VPY) manage.py create_demo_accounts
	$(DEV_ENV) $(VPY) manage.py runserver 127.0.0.1:8000

# The whole suite on TEST_WORKERS processes (pytest-xdist; each has its own test database and Redis
# databases: tests/xdist_env.py). TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= 2
test: setup
	$(TEST_ENV) $(VPY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The load run (bench/load.py: a fresh seeded PostgreSQL database BENCH_DATABASE_URL, default
# .../wai_bench, dropped first; Redis BENCH_REDIS_URL, default db 9, flushed; gunicorn + wrk; about
# 15 minutes) writes bench/results/latest.md and .json; then the in-process page and log-in scripts.
bench: setup
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(VPY) bench/load.py $(BENCH_ARGS)
	$(DEV_ENV) $(VPY) bench/page_weight.py
	$(DEV_ENV) $(VPY) bench/reliability.py
	$(DEV_ENV) $(VPY) bench/classroom_dashboard.py

# The production-like stack on this machine: gunicorn + a Celery worker + beat on PostgreSQL and
# Redis (DEBUG off; migrate, collectstatic and load_content first). deploy/serve.py, docs/deploy.md.
SERVE_DB ?= postgres://postgres@127.0.0.1:5432/wai
SERVE_REDIS ?= redis://127.0.0.1:6379/0
serve: setup
	DATABASE_URL=$${DATABASE_URL:-$(SERVE_DB)} REDIS_URL=$${REDIS_URL:-$(SERVE_REDIS)} $(VPY) deploy/serve.py

# Its smoke test alone (also part of make test when PostgreSQL and Redis are there): about a minute.
serve-smoke: setup
	$(TEST_ENV) $(VPY) -m pytest -q -p no:cacheprovider tests/integration/test_serve.py

# Load and fault drills: 100 learners for 60 s on gunicorn + PostgreSQL (a cluster of its own,
# restarted mid-run) + Redis; integrity checked on the database (drills/run.py). 2.5 to 4 minutes.
drills: setup
	$(VPY) drills/run.py

# Back up the database and the media files (DATABASE_URL, DJANGO_MEDIA_ROOT) into backups/wai-backup-<time>/;
# restore one into an empty database: make restore BACKUP=backups/wai-backup-<time>
BACKUP_ENV = $(if $(DJANGO_SECRET_KEY),,$(DEV_ENV))
backup: $(VENV)/.installed
	$(BACKUP_ENV) $(VPY) manage.py backup --output $(or $(BACKUP_DIR),backups)

restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/wai-backup-<time>"; exit 2; }
	$(BACKUP_ENV) $(VPY) manage.py restore "$(BACKUP)"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results
