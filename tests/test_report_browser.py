"""The oversight report opened in headless Chromium with networking off (issue 8's definition of done).

The report of the demo warehouse (the sample portal, loaded) must load without a console error or a failed
request, show the headline numbers and every township the views hold, and leave a screenshot in
tests/_output/ for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from report_fixtures import COUNTY, build_sample_warehouse, ensure_chromium, run_chromium
from selectolax.lexbor import LexborHTMLParser

from warehouse.report import write_report

OUTPUT = Path(__file__).resolve().parent / "_output"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    chromium = ensure_chromium()
    work = tmp_path_factory.mktemp("report_browser")
    db = build_sample_warehouse(work / "warehouse.duckdb")
    page = write_report(COUNTY, out=work / "report.html", db_path=db)
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "report.png"
    shot.unlink(missing_ok=True)
    dom = run_chromium(chromium, page, work / "profile-dom", "--dump-dom")
    pic = run_chromium(chromium, page, work / "profile-shot", f"--screenshot={shot}", "--window-size=1240,1754",
                       "--hide-scrollbars")
    return {"db": db, "dom": dom, "shot_run": pic, "shot": shot, "chromium": chromium, "work": work}


def _views(db: Path, query: str, params: dict) -> list[tuple]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def _figure(tree: LexborHTMLParser, key: str) -> str:
    node = tree.css_first(f'.figure[data-key="{key}"] .value')
    assert node is not None, f"headline figure {key} is not on the page"
    return node.text(strip=True)


def test_the_page_loads_without_console_errors_or_failed_requests(rendered):
    for run in (rendered["dom"], rendered["shot_run"]):
        assert run.page_errors() == []
        assert run.page_requests() == []


def test_a_page_that_fetches_from_the_network_is_caught(rendered, tmp_path):
    """Control: the same check does flag a page that makes a request, so the test above can fail."""
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://example.com/x.png">'
                    "<script>console.error('boom')</script></body></html>", encoding="utf-8")
    run = run_chromium(rendered["chromium"], page, tmp_path / "profile", "--dump-dom")
    assert any("boom" in line for line in run.page_errors()), run.log[-2000:]
    assert run.page_requests() == ["http://example.com/x.png"]


def test_headline_numbers_in_the_dom_match_the_views(rendered):
    tree = LexborHTMLParser(rendered["dom"].stdout)
    (year,) = _views(rendered["db"], "SELECT max(year) FROM v_report_current WHERE county = $c", {"c": COUNTY})[0]
    published, on_time, late = _views(rendered["db"], """
        SELECT count(*), count(*) FILTER (WHERE timeliness = 'on_time'), count(*) FILTER (WHERE timeliness = 'late')
        FROM v_timeliness WHERE county = $c AND year = $y""", {"c": COUNTY, "y": year})[0]
    (missing,) = _views(rendered["db"], "SELECT count(*) FROM v_coverage WHERE county = $c AND year = $y "
                        "AND status = 'missing'", {"c": COUNTY, "y": year})[0]
    received, handled, review, lit = _views(rendered["db"], """
        SELECT sum(applications_received), sum(applications_handled), sum(review_total), sum(litigation_total)
        FROM v_disclosure_volume WHERE county = $c AND year = $y""", {"c": COUNTY, "y": year})[0]
    assert f"{year}年度" in tree.css_first("#title").text()
    assert _figure(tree, "reports_published") == str(published)
    assert _figure(tree, "reports_on_time") == str(on_time)
    assert _figure(tree, "reports_late") == str(late)
    assert _figure(tree, "reports_missing") == str(missing)
    assert _figure(tree, "applications_received") == str(int(received))
    assert _figure(tree, "applications_handled") == str(int(handled))
    assert _figure(tree, "review_total") == str(int(review))
    assert _figure(tree, "litigation_total") == str(int(lit))


def test_every_township_appears_with_its_applications(rendered):
    tree = LexborHTMLParser(rendered["dom"].stdout)
    (year,) = _views(rendered["db"], "SELECT max(year) FROM v_township_compare WHERE county = $c", {"c": COUNTY})[0]
    towns = _views(rendered["db"], "SELECT organ, applications_received FROM v_township_compare "
                   "WHERE county = $c AND year = $y", {"c": COUNTY, "y": year})
    assert len(towns) >= 10
    for organ, received in towns:
        row = tree.css_first(f'#township-table tr[data-organ="{organ}"]')
        assert row is not None, f"{organ} is not in the township table"
        cells = [td.text(strip=True) for td in row.css("td")]
        assert cells[1] == str(int(received)), f"{organ}: page says {cells[1]}, view says {received}"
        short = re.sub(r"^锦屏县|人民政府$", "", organ)
        assert short in tree.css_first("#townships svg").text(), f"{short} is missing from the chart"


def test_the_sample_data_mark_is_visible(rendered):
    tree = LexborHTMLParser(rendered["dom"].stdout)
    assert "示例数据 sample data" in tree.css_first("#sample-mark").text()


def test_a_screenshot_is_saved_for_a_human(rendered):
    data = rendered["shot"].read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1240, 1754)
