"""Issue 13's bar, end to end: harvest every sample county over HTTP, and every truth cell of MANIFEST
equals the warehouse, every reachable organ-year is current with its newest version, and every URL met has
exactly one outcome. MANIFEST is the generator's record of what it printed, not the parser's output."""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest
from harvest_fixtures import FAST, SERVER_OPTIONS
from portal_fixtures import PROVINCE, manifest

from extract.net.sources import get_source
from flows.pipeline import harvest_source
from sampleportal.server import serve_province

pytestmark = pytest.mark.slow

PENDING_READERS: tuple[str, ...] = ()  # every delivery shape has its reader (OCR for scan and image)
SOURCES = ("sample", "sample-jianhe", "sample-xingren")


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    data = tmp_path_factory.mktemp("province")
    with serve_province(**SERVER_OPTIONS) as servers:
        results = {name: harvest_source(get_source(name), data, base_url_override=servers[name].base_url,
                                        settings=FAST) for name in SOURCES}
        bases = {name: servers[name].base_url for name in SOURCES}
    return data, results, bases


def _current(data) -> dict[tuple[str, int], tuple[str, dict]]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        reports = con.execute("SELECT organ, year, url, report_id FROM v_report_current").fetchall()
        cells: dict[str, dict] = {}
        for rid, cell, status, value in con.execute(
                "SELECT report_id, cell, status, value FROM fct_report_cell WHERE NOT is_derived").fetchall():
            cells.setdefault(rid, {})[cell] = value if status not in ("blank", "dash") else None
    return {(organ, year): (url, cells.get(rid, {})) for organ, year, url, rid in reports}


def test_every_truth_cell_of_every_current_report_is_in_the_warehouse(province):
    data, _results, bases = province
    current = _current(data)
    wrong, missing = [], []
    for row in manifest(PROVINCE):
        if row["current"] != "1" or row["source"] not in SOURCES:
            continue
        key = (row["organ"], int(row["year"]))
        if key not in current:
            if row["delivery"] not in PENDING_READERS:
                missing.append(key)
            continue
        url, cells = current[key]
        if row["delivery"] in PENDING_READERS:
            continue
        pages = {bases[row["source"]] + row[c] for c in ("url_path", "page_path") if row[c]}
        assert url in pages, (key, url, pages)  # the newest version is current (its page, or the file itself)
        for cell, value in row["truth"].items():  # every shape, OCR'd and run-together ones too (issue 15)
            want = None if value is None else float(value)
            got = cells.get(cell, "absent")
            if got != want:
                wrong.append((key, cell, want, got))
    assert not missing, missing[:10]
    assert not wrong, wrong[:10]


def test_every_url_met_has_one_outcome_and_the_counts_add_up(province):
    data, results, _bases = province
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        stored = Counter(dict(con.execute("SELECT status, count(*) FROM v_url_outcome GROUP BY ALL").fetchall()))
    total = Counter()
    for result in results.values():
        urls = [o.url for o in result.outcomes]
        assert len(urls) == len(set(urls)), [u for u, n in Counter(urls).items() if n > 1][:5]
        assert sum(result.tally().values()) == result.met
        assert all(o.reason for o in result.outcomes if o.status not in ("new", "revised", "unchanged"))
        total.update(result.tally())
    assert stored == +total  # the summary and the warehouse's ledger say the same


def test_cross_year_failures_are_exactly_the_injected_ones(province):
    data, _results, _bases = province
    injected = {(row["organ"], int(row["year"]), {"carry_mismatch": "X.CARRY", "inforce_mismatch": "X.INFORCE"}[d])
                for row in manifest(PROVINCE) if row["source"] in SOURCES and row["current"] == "1"
                for d in row["defects"] if d in ("carry_mismatch", "inforce_mismatch")}
    assert injected  # the generator did inject some
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        flagged = set(con.execute("SELECT DISTINCT organ, year, rule FROM v_check_failures "
                                  "WHERE rule IN ('X.CARRY', 'X.INFORCE')").fetchall())
    assert flagged == injected
