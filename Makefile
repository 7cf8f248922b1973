# FOI Spend Explorer: the two commands a newcomer needs.
#   make run   create .venv, install, build the database from data/, serve on http://localhost:8501
#   make test  install test needs (Chromium included), lint and run the whole suite
#   make test-fast  the same without the browser, load and crash tests (under two minutes)
#   make bench the performance benchmark (1M rows; bench-5m for 5M), see README "Performance"

VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8501
PYTHON ?= python3

.PHONY: run test test-fast install install-dev build chromium lint format clean bench bench-5m

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

build: install
	$(PY) -m foi build

run: install  # `foi serve` builds the database when data/ changed, after checking the port
	$(PY) -m foi serve --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

chromium: install-dev
	@VENV=$(VENV) bash scripts/ensure-chromium.sh

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: install-dev chromium lint
	$(PY) -m pytest

# Everything but the browser, load and crash tests (markers `browser` and `slow`), on every
# core (pytest-xdist): for the edit-test loop. `make test` still runs them all, in order.
test-fast: install-dev lint
	$(PY) -m pytest -m "not browser and not slow" -n auto

# The scale benchmark: 1,000,000 payment rows through the explorer, raw DuckDB and
# Datasette (installed into its own venv, benchmarks/.venv-datasette), and Chromium.
bench: install-dev chromium
	$(PY) benchmarks/scale.py

bench-5m: install-dev chromium
	$(PY) benchmarks/scale.py --rows 5000000

clean:
	rm -rf $(VENV) data/foi.duckdb data/.foi.duckdb.* test-artifacts .pytest_cache
