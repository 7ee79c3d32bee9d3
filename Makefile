# The two commands: `make run` (portal on SQLite at http://127.0.0.1:8000; another port
# with `make run PORT=8123`) and `make test` (the whole suite on a fresh test database, as
# CI runs it); `make test-fast` while coding.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PORT ?= 8000
# Links in e-mails and the letters' QR codes follow the port (unless SITE_URL is set).
RUN_ENV = DEBUG=1 PORT=$(PORT) SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"

FRONTEND_DEPS := frontend/node_modules/.installed

.PHONY: run test test-fast lint css system-deps system-deps-check backup restore

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	touch $@

# Without REDIS_URL/CELERY_BROKER_URL tasks run inside the server's process (nothing else to
# start); with one, a Celery worker (with the schedule embedded) runs beside the server.
run: $(VENV)/.installed
	$(RUN_ENV) $(PY) manage.py migrate --verbosity 0
	$(RUN_ENV) $(PY) manage.py load_areas
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py directory_files
	@if [ -n "$${REDIS_URL}$${CELERY_BROKER_URL}" ]; then \
		echo "Broker configured: one Celery worker (and the schedule) runs beside the server."; \
		$(RUN_ENV) $(VENV)/bin/celery -A kimportal worker --beat --loglevel=INFO & \
		trap "kill $$! 2>/dev/null" EXIT; \
	fi; \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed system-deps-check $(FRONTEND_DEPS)
	@DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) -m kimportal.dbcheck
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) -m pytest --create-db -q

# The inner loop: reuses the test database (no new database), skips browser and slow
# tests, stops at the first failure. ARGS narrows it: make test-fast ARGS="-k roster".
test-fast: $(VENV)/.installed
	@DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) -m kimportal.dbcheck
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) -m pytest --reuse-db -q -x \
		-m "not browser and not slow" $(ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Backup and restore (README "Backup and restore"): DATABASE_URL's database (pg_dump custom
# format), MEDIA_ROOT and the encryption keys' identifiers. `make backup [TO=folder]`,
# `make restore FROM=folder` (replaces the database's contents; stop the portal first).
backup: $(VENV)/.installed
	$(PY) manage.py backup $(TO)

restore: $(VENV)/.installed
	@test -n "$(FROM)" || { echo "make restore FROM=<backup folder>" >&2; exit 2; }
	$(PY) manage.py restore $(FROM)

# static/css/portal.min.css and static/js/portal.min.js are built from frontend/ (the
# Bootstrap SCSS parts in use, our rules, unused selectors removed) and committed, so the
# server needs no Node. Run after changing templates, scripts or classes in Python forms.
PACKAGE_DIRS = import pathlib, crispy_bootstrap5, crispy_forms, django.forms; \
	print(*(pathlib.Path(m.__file__).parent for m in (crispy_bootstrap5, crispy_forms, django.forms)))
css: $(VENV)/.installed $(FRONTEND_DEPS)
	dirs="$$($(PY) -c '$(PACKAGE_DIRS)')" && node frontend/build.mjs $$dirs

# frontend/'s npm packages, as its lock file pins them: the stylesheet's build tools and
# axe-core, which the browser tests inject into pages (never served to users).
$(FRONTEND_DEPS): frontend/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js 20 with npm, then run this again." >&2; exit 2; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages for PDFs (WeasyPrint, 3x faster with harfbuzz-subset), fonts,
# pdftoppm/pdfinfo, the Chromium that browser tests drive, and Redis for the worker tests
# (tests/test_jobs_worker.py), gettext for the catalogue check (tests/test_catalogue.py).
# Needs root.
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	poppler-utils fonts-dejavu-core fonts-liberation2 redis-server gettext

system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$(SYSTEM_PACKAGES) >/dev/null

# `make test` sets itself up: missing packages are installed when we are root; otherwise
# one line says what to run (a suite with Chromium or pdfinfo missing is not a result).
system-deps-check:
	@command -v dpkg >/dev/null 2>&1 || { echo "Not a Debian system: install $(SYSTEM_PACKAGES) (or equivalents) yourself." >&2; exit 0; }; \
	missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || printf '%s ' $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then echo "Installing missing Debian packages: $$missing"; $(MAKE) --no-print-directory system-deps; \
		else echo "Missing Debian packages: $$missing- run \`sudo make system-deps\`, then \`make test\` again." >&2; exit 2; fi; \
	fi
