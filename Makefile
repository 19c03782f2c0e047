# Agora: `make run` serves a seeded demo; `make test` runs the whole suite.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export PORT

.PHONY: run prepare test lint fmt check worker bench bench-scale fuzz messages translations install system-deps clean

$(VENV)/.installed: pyproject.toml requirements.lock
	@PYTHON=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	    rm -rf $(VENV); echo "Creating $(VENV) with $$PYTHON"; $$PYTHON -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

# Debian packages the tests and benchmarks need (a bare machine has none of them).
system-deps:
	@missing=""; \
	  [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  command -v wrk >/dev/null || missing="$$missing wrk"; \
	  command -v ffmpeg >/dev/null || missing="$$missing ffmpeg"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	  fi

translations: install
	$(MANAGE) compile_translations

# Prepare the database: migrate, cache table for rate limits, static files, translations.
prepare: install translations
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --no-input --verbosity 0

run: prepare
	$(MANAGE) seed_demo
	@bash scripts/serve

worker: install
	$(MANAGE) db_worker

test: install system-deps translations
	@bash scripts/test

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(MANAGE) makemigrations --check --dry-run
	AGORA_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  AGORA_BASE_URL=https://agora.example.org $(MANAGE) check --deploy --fail-level WARNING

messages: install
	$(MANAGE) makemessages -l fr -l de --no-obsolete --ignore=.venv --ignore=tests --ignore=bench

bench: install system-deps translations
	$(PY) bench/run.py

# The same pages against 10,000 people and 100,000 posts (seeding takes a minute or two).
bench-scale: install system-deps translations
	BENCH_SCALE=1 $(PY) bench/run.py

# The whole API fuzzed from outside (schemathesis against gunicorn on a fresh demo);
# FUZZ_SECONDS sets the budget, FUZZ_DATABASE_URL a PostgreSQL database it may wipe.
fuzz: install translations
	@bash scripts/fuzz

clean:
	rm -rf $(VENV) var staticfiles
