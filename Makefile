# The few commands people need. `make run` starts the whole portal with demo
# data; `make test` runs the whole suite (CI calls it too).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test check install install-test browser xmlsec migrations-check lint bench \
	bench-smoke messages lock docs

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs are reproducible: exact versions with checked hashes from the lock files
# (`make lock` refreshes them from pyproject.toml), then the portal itself.
$(VENV)/.installed: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.lock pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

install: xmlsec $(VENV)/.installed

install-test: xmlsec $(VENV)/.installed-test browser

# Browser tests drive Debian's chromium, never a downloaded browser.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests."; fi; }

# SAML sign-in (allauth's saml provider, python3-saml) signs and checks XML with Debian's
# xmlsec1; the xmlsec package is built against libxmlsec1-dev.
xmlsec:
	@command -v xmlsec1 >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    apt-get install -y -qq xmlsec1 libxmlsec1-dev pkg-config >/dev/null; \
	  else echo "Install Debian's xmlsec1 (sudo apt-get install xmlsec1 libxmlsec1-dev pkg-config) for SAML."; fi; }

# Anything but DJANGO_ENV=development is production (sjuharad/settings.py): the
# developers' commands say development; a deployed server never runs them.
run check test migrations-check messages bench bench-smoke: export DJANGO_ENV = development
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) manage.py runportal

# The architecture (import-linter contracts in pyproject.toml), ruff and
# migrations are checked before the suite runs, in CI too.
check: install-test
	$(PY) -m pip check
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

test: check
	$(PY) -m pytest $(PYTEST_ARGS)

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

lint: install-test
	$(VENV)/bin/ruff check .

# The documentation site (mkdocs.yml, pages in docs/) into site/; strict, so a broken
# link, a missing page or a page left out of the navigation fails.
docs: install-test
	$(VENV)/bin/mkdocs build --strict --quiet

bench: install-test
	$(PY) bench/catalogue.py
	$(PY) bench/reminder_sweep.py
	$(PY) bench/api.py

# Every benchmark at a tiny size, in about two minutes: checks that they still run (a
# schema change that breaks a data builder fails here, in CI), not how fast.
bench-smoke: install-test
	$(PY) bench/catalogue.py --smoke
	$(PY) bench/reminder_sweep.py --smoke
	BENCH_SIZE=tiny $(PY) bench/api.py

# Refresh the lock files after changing the dependencies in pyproject.toml: resolved for
# Python 3.11 against PyPI alone (a machine's own pip indexes and wheel folders are ignored).
LOCK := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --index-url https://pypi.org/simple
lock: | $(VENV)/bin/python
	$(PY) -m pip install --quiet "pip-tools>=7.5,<8"
	$(LOCK) --upgrade --output-file requirements.lock pyproject.toml
	$(LOCK) --upgrade --extra test --output-file requirements-test.lock pyproject.toml

messages: install
	$(PY) manage.py makemessages -l en --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages -l en --ignore '.venv/*'
	$(PY) manage.py compilemessages -l sv --ignore '.venv/*'  # allauth overrides, see locale/sv
