# The two commands: `make run` (portal on SQLite at http://127.0.0.1:8000) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test lint css system-deps

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

lint: $(VENV)/.installed
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# static/css/portal.min.css and static/js/portal.min.js are built from frontend/ (the
# Bootstrap SCSS parts in use, our rules, unused selectors removed) and committed, so the
# server needs no Node. Run after changing templates, scripts or classes in Python forms.
PACKAGE_DIRS = import pathlib, crispy_bootstrap5, crispy_forms, django.forms; \
	print(*(pathlib.Path(m.__file__).parent for m in (crispy_bootstrap5, crispy_forms, django.forms)))
css: $(VENV)/.installed
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	dirs="$$($(PY) -c '$(PACKAGE_DIRS)')" && node frontend/build.mjs $$dirs

# Debian packages for PDFs (WeasyPrint, 3x faster with harfbuzz-subset), fonts,
# pdftoppm, and the Chromium that browser tests drive. Needs root.
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
		poppler-utils fonts-dejavu-core fonts-liberation2 >/dev/null
