"""Shared test fixtures: where the real corpus lives, and reading its expectation files."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

import flows  # noqa: F401  (Prefect's telemetry off before any test imports Prefect)
from common.paths import corpus_dir

ROOT = Path(__file__).resolve().parent.parent
CORPUS = corpus_dir()  # data/corpus: the real reports live in the repository (public documents)


def run_nianbao(*args: str, data: Path) -> subprocess.CompletedProcess:
    """``nianbao ARGS`` as a user runs it, in a subprocess, with NIANBAO_DATA pointing at ``data``."""
    env = {**os.environ, "NIANBAO_DATA": str(data), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def read_expected(path: Path) -> tuple[dict[str, str], dict[str, float | None]]:
    """(#organ/#year/#format, cell → value or None for a cell printed blank)."""
    meta: dict[str, str] = {}
    cells: dict[str, float | None] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if not row:
                continue
            if row[0].startswith("#"):
                meta[row[0][1:]] = row[1]
            elif row[0] != "cell":
                cells[row[0]] = None if row[1] == "" else float(row[1])
    return meta, cells


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.exists():
        pytest.fail(f"the corpus is missing at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (a temporary local API and database) for the whole session: it takes
    ~15 s to start, so flow tests share it instead of starting one per test."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
