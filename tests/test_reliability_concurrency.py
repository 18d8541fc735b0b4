
"""Two harvests started at once on one data folder: one runs, the other refuses with one clear line, and
nothing is corrupted. (Readers during loads and two loads at once: tests/test_warehouse_concurrency.py.)"""

from __future__ import annotations

import re

import pytest
from portal_fixtures import PORTAL, reports
from reliability_fixtures import audit_archive, audit_state, audit_warehouse, start_nianbao, write_figures

from sampleportal.server import serve_portal

pytestmark = pytest.mark.slow  # two harvests racing in subprocesses: `make test-fast` skips it

YEAR = 2024


def test_two_harvests_started_at_once_one_runs_the_other_refuses_naming_the_first(tmp_path):
    data = tmp_path / "data"
    rows = [r for r in reports(PORTAL) if int(r["year"]) == YEAR and "superseded" not in r["defects"]]
    with serve_portal(PORTAL, port=0, crawl_delay=0.01) as server:
        args = ("harvest", "--source", "sample", "--base-url", server.base_url, "--year", str(YEAR))
        procs = [start_nianbao(*args, data=data) for _ in range(2)]
        outs = [(p, *p.communicate(timeout=120)) for p in procs]
        truth_cells = {server.base_url + r["page_path"]: len(r["truth"]) for r in rows}
    (winner,) = [p for p, _, _ in outs if p.returncode == 0]
    ((loser, _, err),) = [(p, o, e) for p, o, e in outs if p.returncode != 0]
    assert loser.returncode == 2
    assert err.strip() == f"Error: another harvest is running (pid {winner.pid}) on {data}"
    problems, counts = audit_warehouse(data / "warehouse.duckdb", truth_cells)
    problems += audit_archive(data)[0] + audit_state(data)[0]
    # two loads: the batch of reports, then the run's per-URL outcomes (url_outcome)
    assert problems == [] and counts["current"] == len(rows) and counts["loads"] == 2
    assert re.search(rf"sample: \d+ URLs = {len(rows)} new \+", outs[procs.index(winner)][1])
    write_figures("reliability_concurrency", {"harvests_started_at_once": 2, "refused": 1,
                                              "message": err.strip().replace(str(data), "DATA")})
