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

.PHONY: run test setup messages lint check-content clean bench

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

test: setup
	$(TEST_ENV) $(VPY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(DEV_ENV) $(VPY) bench/page_weight.py
	$(DEV_ENV) $(VPY) bench/reliability.py
	$(DEV_ENV) $(VPY) bench/classroom_dashboard.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results
