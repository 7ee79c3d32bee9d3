# The two commands: `make run` (portal on SQLite at http://127.0.0.1:8000) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test lint system-deps

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Without REDIS_URL/CELERY_BROKER_URL tasks run inside the server's process (nothing else to
# start); with one, a Celery worker (with the schedule embedded) runs beside the server.
run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --verbosity 0
	DEBUG=1 $(PY) manage.py load_areas
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py directory_files
	@if [ -n "$${REDIS_URL}$${CELERY_BROKER_URL}" ]; then \
		echo "Broker configured: one Celery worker (and the schedule) runs beside the server."; \
		DEBUG=1 $(VENV)/bin/celery -A kimportal worker --beat --loglevel=INFO & \
		trap "kill $$! 2>/dev/null" EXIT; \
	fi; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed
	@DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) -m kimportal.dbcheck
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) -m pytest --create-db -q

lint: $(VENV)/.installed
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Debian packages for PDFs (WeasyPrint, 3x faster with harfbuzz-subset), fonts,
# pdftoppm, the Chromium that browser tests drive, and Redis for the worker tests.
# Needs root.
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
		poppler-utils fonts-dejavu-core fonts-liberation2 redis-server >/dev/null
