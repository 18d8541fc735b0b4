# nianbao — two commands on a fresh machine: `make demo` and `make test`.
# Everything installs into .venv (created with uv; uv itself comes from PyPI via pip if missing).
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(VENV)/bin/uv)
STAMP := $(VENV)/.installed
DUCKDB_CLI := 1.5.6
CLI_VENV := $(VENV)/duckdb-cli-$(DUCKDB_CLI)

.PHONY: setup test test-fast test-tools wheel-demo lint demo bench fuzz clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@if ! command -v uv >/dev/null 2>&1 && [ ! -x $(VENV)/bin/uv ]; then \
	  echo "installing uv into .venv"; $(PY) -m venv $(VENV) && $(BIN)/pip install -q uv==0.13.8; fi
	@[ -x $(BIN)/python ] || $(UV) venv -q --python $(PY) $(VENV)
	$(UV) pip install -q --python $(BIN)/python -r requirements.lock
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

lock:
	$(UV) pip compile -q pyproject.toml --extra dev --python-version 3.11 --no-header --no-annotate --generate-hashes -o requirements.lock

lint: setup
	$(BIN)/ruff check .

# The whole suite (what .ci/run and the README call).
test: setup lint
	$(BIN)/python -m pytest -q

# Everyday work: everything but the tests marked slow (real crashes, fault storms, full-portal flows,
# the wheel); under 2 minutes on 2 cores.
test-fast: setup lint
	$(BIN)/python -m pytest -q -m "not slow"

# What some tests need from outside Python, installed here and never by a test (they skip without it):
# Debian's chromium and a CJK font (the report page in a real browser), and the DuckDB CLI analysts use
# (the warehouse file must open in it). Idempotent; apt-get update runs only when something is missing.
test-tools: setup
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing chromium (Debian)"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends chromium fonts-wqy-zenhei >/dev/null; fi
	@if [ ! -x $(CLI_VENV)/bin/duckdb ]; then \
	  echo "installing duckdb-cli==$(DUCKDB_CLI) into $(CLI_VENV)"; \
	  $(UV) venv -q --python $(PY) $(CLI_VENV) && \
	  $(UV) pip install -q --python $(CLI_VENV)/bin/python duckdb-cli==$(DUCKDB_CLI); fi

# The wheel, installed into a fresh venv outside the checkout, runs `nianbao demo` (tests/test_wheel.py).
wheel-demo: setup
	$(BIN)/python -m pytest -q -m slow tests/test_wheel.py

demo: setup
	$(BIN)/nianbao demo

bench: setup
	$(BIN)/python -m bench

fuzz: setup
	$(BIN)/python -m pytest -q tests/fuzz --fuzz

clean:
	rm -rf data/warehouse.duckdb* data/raw data/exports data/parquet
