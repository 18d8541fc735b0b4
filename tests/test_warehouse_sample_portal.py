"""The sample portal end to end: generated site → parser → warehouse → views, checked against MANIFEST.csv.

MANIFEST is the generator's own truth (every printed cell, publication dates, missing reports,
corrections), so the expectations here come from it, not from the loader's SQL.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from sampleportal.generate import build_site
from transform.pipeline import parse_document
from warehouse.inputs import ExpectedOrgan, ReportInput
from warehouse.loader import load_batch
from warehouse.migrate import view_names

COUNTY = "锦屏县"


def _report_input(site, row) -> ReportInput:
    path = row.url_path + ("index.html" if row.url_path.endswith("/") else "")
    data = site.files[path]
    parsed = parse_document(data, path, None)
    doc = parsed.doc
    return ReportInput(
        source_name="sample", sample=True, county=COUNTY, province="贵州省", adcode="522628", organ=doc.organ,
        year=doc.year, url=path, title=doc.title,
        published_at=date.fromisoformat(doc.published) if doc.published else None,
        fetched_at=datetime.fromisoformat(row.published), sha256=hashlib.sha256(data).hexdigest(),
        format=doc.format, parse_status="ok", problems=parsed.problems, facts=parsed.facts,
        checks=parsed.checks, statements=parsed.statements)


class _CountySite:
    """The 锦屏县 site of the sample province: its files and its MANIFEST rows."""

    def __init__(self, province):
        self.files = province.hosts["sample"].files
        self.manifest = [r for r in province.manifest if r.source == "sample"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    site = _CountySite(build_site())
    db = tmp_path_factory.mktemp("sample") / "warehouse.duckdb"
    published = [r for r in site.manifest if r.delivery not in ("missing", "dead_link", "title_only")]
    first_year: dict[str, int] = {}
    for r in site.manifest:  # departments exist from 2020 in the sample county
        first_year[r.organ] = min(r.year, first_year.get(r.organ, r.year))
    expected = [ExpectedOrgan("sample", COUNTY, o, first_year=y) for o, y in sorted(first_year.items())]
    first = load_batch([_report_input(site, r) for r in published if not r.supersedes], expected, db_path=db)
    second = load_batch([_report_input(site, r) for r in published if r.supersedes], db_path=db)
    assert first.failed == second.failed == 0, first.errors + second.errors
    current = {}
    for r in sorted(published, key=lambda r: (r.published, bool(r.supersedes))):
        current[(r.organ, r.year)] = r  # a correction replaces the original
    return site, db, current


def _rows(db: Path, query: str) -> list[tuple]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


@pytest.mark.slow
def test_volumes_equal_the_manifest_truth_of_each_current_report(loaded) -> None:
    _, db, current = loaded
    got = {(o, y): (rec, handled) for o, y, rec, handled in _rows(
        db, "SELECT organ, year, applications_received, applications_handled FROM v_disclosure_volume")}
    want = {k: (r.truth.get("T3/1/total"), r.truth.get("T3/3.7/total")) for k, r in current.items()}
    for k, r in current.items():  # OCR and run-together text may leave a cell unplaced (never a wrong number)
        if r.delivery in ("scan", "image", "runon") and k in got:
            got[k] = tuple(w if g is None else g for g, w in zip(got[k], want[k], strict=True))
    assert got == want


@pytest.mark.slow
def test_coverage_reports_exactly_the_reports_the_portal_lacks(loaded) -> None:
    site, db, current = loaded
    lacking = {(r.organ, r.year) for r in site.manifest if r.delivery in ("missing", "dead_link")} - set(current)
    assert set(_rows(db, "SELECT organ, year FROM v_coverage WHERE status = 'missing'")) == lacking
    assert _rows(db, "SELECT count(*) FROM v_coverage WHERE status = 'unexpected'") == [(0,)]


@pytest.mark.slow
def test_timeliness_flags_the_reports_published_after_their_deadline(loaded) -> None:
    _, db, current = loaded

    def deadline(level: str, year: int) -> date:
        return date(year + 1, 3, 31) if level == "county_gov" else date(year + 1, 1, 31)

    late = {k for k, r in current.items() if date.fromisoformat(r.published) > deadline(r.organ_level, r.year)}
    assert late, "the sample portal publishes some reports late"
    assert set(_rows(db, "SELECT organ, year FROM v_timeliness WHERE timeliness = 'late'")) == late


@pytest.mark.slow
def test_a_corrected_report_keeps_its_first_revision(loaded) -> None:
    site, db, _ = loaded
    corrected = {(r.organ, r.year) for r in site.manifest if r.supersedes}
    rows = _rows(db, """SELECT o.organ_norm, r.year, r.revision, r.is_current FROM report r
                        JOIN dim_organ o USING (organ_id) WHERE r.report_key IN
                        (SELECT report_key FROM report WHERE revision > 1) ORDER BY ALL""")
    assert {(o, y) for o, y, _, _ in rows} == corrected
    assert [(rev, cur) for _, _, rev, cur in rows] == [(1, False), (2, True)] * len(corrected)


@pytest.mark.slow
def test_every_row_of_every_view_is_marked_sample(loaded) -> None:
    _, db, _ = loaded
    for view in view_names():
        if view == "v_url_outcome":  # the harvest's URL ledger: these reports were loaded without a harvest run
            assert _rows(db, f"SELECT DISTINCT sample FROM {view}") == []
            continue
        assert _rows(db, f"SELECT DISTINCT sample FROM {view}") == [(True,)], view


@pytest.mark.slow
def test_check_failures_name_the_reports_whose_balance_was_broken_and_not_corrected(loaded) -> None:
    site, db, current = loaded
    broken = {k for k, r in current.items() if "balance_error" in r.defects}
    assert broken, "the sample portal has a report whose 勾稽关系 fails"
    failing = set(_rows(db, "SELECT organ, year FROM v_check_failures WHERE rule = 'R3.BAL'"))
    assert failing == broken


@pytest.mark.slow
def test_townships_are_compared_on_what_their_prose_says_they_disclosed(loaded) -> None:
    _, db, current = loaded
    got = {(o, y): (total, rank) for o, y, total, rank in _rows(
        db, "SELECT organ, year, proactive_total, proactive_rank_in_county FROM v_township_compare")}
    want = {k: r.statements.get("proactive_total") for k, r in current.items() if r.organ_level == "township"}
    assert {k: v[0] for k, v in got.items()} == want
    for (organ, year), (total, rank) in got.items():  # rank 1 = the most items among that year's townships
        better = sum(1 for (o, y), (t, _r) in got.items() if y == year and t is not None and total is not None
                     and t > total)
        assert total is None or rank == better + 1, (organ, year)
