# The few commands people need. `make run` starts the whole portal with demo
# data; `make test` runs the whole suite (CI calls it too).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test check install install-test browser migrations-check lint bench messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser

# Browser tests drive Debian's chromium, never a downloaded browser.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests."; fi; }

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) manage.py runportal

# The architecture (import-linter contracts in pyproject.toml), ruff and
# migrations are checked before the suite runs, in CI too.
check: install-test
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

test: check
	$(PY) -m pytest $(PYTEST_ARGS)

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

lint: install-test
	$(VENV)/bin/ruff check .

bench: install-test
	$(PY) bench/catalogue.py
	$(PY) bench/reminder_sweep.py

messages: install
	$(PY) manage.py makemessages -l en --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages -l en --ignore '.venv/*'
