# The verbs a newcomer needs. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)
PORT ?= 8000
# The moment `make test-any-day` moves the clock to (a moment without offset is Amsterdam time).
DATE ?= 2028-02-29T23:30:00+01:00

.PHONY: help install run test test-any-day lint format messages system-deps worker beat clean

help:
	@echo "make run       start the app with demo data at http://127.0.0.1:$(PORT)"
	@echo "make test      run all tests (DATABASE_URL / REDIS_URL: against those)"
	@echo "make test-any-day DATE=2027-03-28T03:30"
	@echo "               the tests without the browser, with the clock moved to DATE"
	@echo "make lint      ruff check and format check"
	@echo "make messages  update and compile the translations (nl, en)"
	@echo "make worker    a Celery worker (needs REDIS_URL)"
	@echo "make beat      the Celery beat scheduler (needs REDIS_URL)"

$(STAMP): pyproject.toml
	test -d $(VENV) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check --upgrade pip
	$(VENV)/bin/pip install -q --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Browser tests use Debian's Chromium and axe-core from npm, and validate the pages' HTML with
# vnu-jar from npm (needs Java); PDFs are read with pdftotext.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q $$missing; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

# Mail that is due (reminders, digests) is sent by a loop beside the server: without Redis
# there is no beat process, and the mail goes to the console (EMAIL_URL to change that).
run: install
	mkdir -p var
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo --if-empty
	trap 'kill 0' EXIT; \
	DEBUG=true $(PY) manage.py send_due_mail --every 60 & \
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install system-deps $(NODE_STAMP)
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Tests must pass on every day of the year: PLC_TEST_NOW moves the clock for the whole session
# (tests/clock.py). The browser is left out: Chromium keeps the real clock.
test-any-day: install
	PLC_TEST_NOW='$(DATE)' $(PY) -m pytest -n 2 --ignore=tests/browser $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=node_modules
	$(PY) scripts/fill_english.py locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv

worker: install
	$(VENV)/bin/celery -A plc worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A plc beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules var staticfiles
