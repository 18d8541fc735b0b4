
"""A portal down for a whole run: the run says so with its reason, and the next run catches up in full.
(Faults inside a run — 5xx, 429, resets, truncation, stalls — are in tests/test_harvest_faults.py.)"""

from __future__ import annotations

import pytest
from portal_fixtures import PORTAL, reports
from reliability_fixtures import audit_archive, audit_state, audit_warehouse, run_nianbao

from sampleportal.server import serve_portal

pytestmark = pytest.mark.slow  # a portal down for a whole run, then a full re-run, in subprocesses: `make test-fast` skips it

YEAR = 2024


def test_a_portal_down_for_a_whole_run_is_reported_and_the_next_run_loads_everything(tmp_path):
    data = tmp_path / "data"
    rows = [r for r in reports(PORTAL) if int(r["year"]) == YEAR and "superseded" not in r["defects"]]
    with serve_portal(PORTAL, port=0, faults="down", crawl_delay=0.01) as server:
        args = ("harvest", "--source", "sample", "--base-url", server.base_url, "--year", str(YEAR))
        down = run_nianbao(*args, data=data)
        server.set_faults(None)
        back = run_nianbao(*args, data=data)
        truth_cells = {server.base_url + r["page_path"]: len(r["truth"]) for r in rows}
    assert down.returncode == 1, down.stderr
    assert "robots.txt unreachable" in down.stdout and "RFC 9309 says assume disallow" in down.stdout
    assert back.returncode == 0, back.stderr
    problems, counts = audit_warehouse(data / "warehouse.duckdb", truth_cells)
    problems += audit_archive(data)[0] + audit_state(data)[0]
    assert problems == [] and counts["current"] == len(rows)
