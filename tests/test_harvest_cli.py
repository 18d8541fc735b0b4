"""``nianbao harvest`` as a user runs it: a summary on stdout, reports in the warehouse, one-line errors."""

from __future__ import annotations

import duckdb
from harvest_fixtures import PORTAL, SERVER_OPTIONS

from extract.net.sources import load_sources
from sampleportal.server import serve_portal
from tests.conftest import run_nianbao as nianbao


def test_harvest_prints_a_summary_and_loads_the_reports_marked_as_sample(tmp_path):
    with serve_portal(PORTAL, port=0, **SERVER_OPTIONS) as server:
        run = nianbao("harvest", "--source", "sample", "--base-url", server.base_url, "--year", "2024",
                      "--limit", "3", data=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    counts = next(line for line in lines if line.startswith("sample: ") and " URLs = " in line)
    met, parts = counts.removeprefix("sample: ").split(" URLs = ")
    numbers = {p.split(" ", 1)[1].split(" (")[0]: int(p.split(" ", 1)[0]) for p in parts.split(" + ")}
    assert sum(numbers.values()) == int(met)  # every URL met is accounted for, once
    assert numbers["new"] == 3 and numbers["failed"] == 1  # the 年报 platform link that leaves the host
    assert any("sample data (示例数据)" in line for line in lines)
    assert any(line.strip().startswith(f"failed sample {server.base_url}/redirect-offsite: redirect to http://127.0.0.2:9/")
               and line.endswith("refused: not an allowed host") for line in lines)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT sample, source_name, year FROM v_report_current").fetchall()
    assert len(rows) == 3 and set(rows) == {(True, "sample", 2024)}


def test_an_unknown_source_is_one_line_naming_the_known_ones(tmp_path):
    run = nianbao("harvest", "--source", "nowhere", data=tmp_path)
    assert run.returncode == 2
    known = ", ".join(s.name for s in load_sources())
    assert run.stderr.strip() == f"Error: unknown source(s): nowhere (known: {known})"  # as run says it
