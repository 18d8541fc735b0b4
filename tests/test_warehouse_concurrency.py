"""Analysts read while the nightly load runs; a killed load leaves the previous warehouse as it was."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warehouse_fixtures import ROOT, table_snapshot
from warehouse_worker import CELLS, batch

from warehouse.loader import load_batch
from warehouse.publish import next_path

pytestmark = pytest.mark.slow  # loads and readers racing in subprocesses: `make test-fast` skips it

WORKER = str(Path(__file__).with_name("warehouse_worker.py"))


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def test_a_load_killed_with_sigkill_midway_leaves_the_previous_state_and_the_next_load_completes(
        tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    load_batch(batch(5, "old"), db_path=db)
    before = table_snapshot(db, exclude=())
    proc = subprocess.Popen([sys.executable, WORKER, "load", str(db), "3000", "big"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: next_path(db).exists() or proc.poll() is not None, 60, "the load to start writing")
    time.sleep(0.3)
    assert proc.poll() is None, "the load finished before it could be killed; make the batch bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert table_snapshot(db, exclude=()) == before
    result = load_batch(batch(2, "after"), db_path=db)
    assert (result.new, result.load_id) == (2, 2)
    assert not next_path(db).exists()


def test_a_reader_held_open_during_a_load_sees_the_old_state_and_new_readers_never_see_a_mix(
        tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    load_batch(batch(5, "old"), db_path=db)
    old = [1, 5, 5 * len(CELLS), 5 * len(CELLS), 5 * len(CELLS)]
    stop = tmp_path / "stop"
    readers = {mode: subprocess.Popen([sys.executable, WORKER, mode, str(db), str(tmp_path / mode), str(stop)],
                                      cwd=ROOT) for mode in ("reader-held", "reader-fresh")}
    try:
        time.sleep(1.5)  # both readers are connected and reading
        result = load_batch(batch(1500, "new"), db_path=db)
        new_facts = 1505 * len(CELLS)
        new = [2, 1505, new_facts, new_facts, new_facts]
        time.sleep(0.5)  # let the fresh reader connect after the swap
    finally:
        stop.touch()
        for proc in readers.values():
            proc.wait(timeout=60)
    held = json.loads((tmp_path / "reader-held").read_text())
    fresh = json.loads((tmp_path / "reader-fresh").read_text())
    assert result.new == 1500
    assert held and all(s == old for s in held)
    assert fresh and all(s in (old, new) for s in fresh)
    assert fresh[0] == old and fresh[-1] == new
