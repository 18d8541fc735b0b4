# nianbao — two commands on a fresh machine: `make demo` and `make test`.
# Everything installs into .venv (created with uv; uv itself comes from PyPI via pip if missing).
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(VENV)/bin/uv)
STAMP := $(VENV)/.installed

.PHONY: setup test lint demo bench fuzz clean

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

test: setup lint
	$(BIN)/python -m pytest -q

demo: setup
	$(BIN)/nianbao demo

bench: setup
	$(BIN)/python -m bench

fuzz: setup
	$(BIN)/python -m pytest -q tests/fuzz --fuzz

clean:
	rm -rf data/warehouse.duckdb* data/raw data/exports data/parquet
