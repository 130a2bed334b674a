# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Tests run with production-like settings (DEBUG off) over plain HTTP, each test process
# with its own in-memory cache: parallel processes, each with its own test database, must
# not share one (a cached user 5 of one database is not user 5 of another).
TEST_ENV := SECRET_KEY=test-only-not-secret SECURE_SSL_REDIRECT=0 CACHE_URL=
# One test process per core (CI machines have two).
PYTEST_ARGS ?= -n 2

.PHONY: run test serve install static migrate demo lint bench bench-emails bench-instructions clean

# One task worker runs beside the server (emails print to this console); both stop together.
# ensure_schedule first queues the recurring tasks (reminders, digests) it will run.
run: install static migrate demo
	DEBUG=1 $(PY) manage.py ensure_schedule
	DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST)

# As in production: gunicorn (WEB_CONCURRENCY workers on BIND) and TASK_WORKERS task workers,
# supervised together by honcho (Procfile); the schedule is started first when the app has
# one. Needs the production environment (SECRET_KEY at least: see the README).
serve: install static
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ensure_schedule
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start --no-prefix -f Procfile -c worker=$${TASK_WORKERS:-1}

test: install static
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static: static/build/app.css

static/build/app.css: node_modules/.installed static_src/app.scss static_src/copy-assets.js
	npm run build

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

lint: install
	$(VENV)/bin/ruff check .

bench: install static
	$(PY) -m bench.run

# Emails per second through the workers to a local SMTP server (PostgreSQL).
bench-emails: install
	$(PY) -m bench.emails

bench-instructions: install
	$(PY) -m bench.instructions

clean:
	rm -rf $(VENV) node_modules static/build static/govuk staticfiles db.sqlite3
