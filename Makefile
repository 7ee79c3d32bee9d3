# The two commands: `make run` (portal on SQLite at http://127.0.0.1:8000) and `make test`
# (the whole suite on a fresh test database, as CI runs it); `make test-fast` while coding.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-fast lint system-deps

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --verbosity 0
	DEBUG=1 $(PY) manage.py load_areas
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed
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
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Debian packages for PDFs (WeasyPrint, 3x faster with harfbuzz-subset), fonts,
# pdftoppm, and the Chromium that browser tests drive. Needs root.
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
		poppler-utils fonts-dejavu-core fonts-liberation2 >/dev/null
