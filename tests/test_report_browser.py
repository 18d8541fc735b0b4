"""The oversight report opened in headless Chromium with networking off (issues 8 and 18).

The report of the demo warehouse (the sample portal, loaded) must load without a console error or a failed
request, show the headline numbers and every township the views hold, read on a 390 px phone without
sideways scrolling and with no text under 12 px, and leave whole-page screenshots at 390 and 1280 px in
tests/_output/ for a human to look at.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest
from report_fixtures import (
    COUNTY,
    WINDOW_MIN,
    build_sample_warehouse,
    measure_layout,
    require_chromium,
    run_chromium,
    screenshot,
)
from selectolax.lexbor import LexborHTMLParser

from warehouse.report import write_report

pytestmark = pytest.mark.slow  # headless Chromium renders the report: `make test-fast` skips it

OUTPUT = Path(__file__).resolve().parent / "_output"


WIDTHS = (390, 1280)  # a phone, a laptop


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    chromium = require_chromium()
    work = tmp_path_factory.mktemp("report_browser")
    db = build_sample_warehouse(work / "warehouse.duckdb")
    page = write_report(COUNTY, out=work / "report.html", db_path=db)
    OUTPUT.mkdir(exist_ok=True)
    # Chromium spends most of its ~4 s start-up waiting, not computing: the runs go side by side.
    with ThreadPoolExecutor(max_workers=3) as pool:
        dom_run = pool.submit(run_chromium, chromium, page, work / "profile-dom", "--dump-dom")
        measured = {w: pool.submit(measure_layout, chromium, page, work, w) for w in WIDTHS}
        layout = {w: m.result() for w, m in measured.items()}
        outs = {w: OUTPUT / f"report-{w}.png" for w in WIDTHS}
        taken = {w: pool.submit(screenshot, chromium, page, work, outs[w], w, layout[w]["scrollHeight"])
                 for w in WIDTHS}
        shots = {w: (outs[w], t.result()) for w, t in taken.items()}
        dom = dom_run.result()
    return {"db": db, "dom": dom, "layout": layout, "shots": shots, "chromium": chromium, "work": work}


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
    for run in (rendered["dom"], *(run for _, run in rendered["shots"].values())):
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


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_never_scrolls_sideways(rendered, width):
    layout = rendered["layout"][width]
    assert layout["innerWidth"] == width  # the frame really is a phone's width
    assert layout["scrollWidth"] <= layout["innerWidth"]
    for box in layout["scrollBoxes"]:  # a wide table scrolls inside its own box, within the page
        assert box["overflow"] == "auto" and box["right"] <= width, box


def test_a_page_wider_than_the_phone_is_caught(rendered, tmp_path):
    """Control: a table that cannot shrink, outside a scroll box, does make the measured page too wide."""
    page = tmp_path / "wide.html"
    page.write_text('<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width"></head><body>'
                    '<table><tr><td style="white-space:nowrap">' + "锦屏县三江镇人民政府 " * 6 + "</td></tr></table>"
                    '<p style="font-size:8pt">small</p></body></html>', encoding="utf-8")
    layout = measure_layout(rendered["chromium"], page, tmp_path, 390)
    assert layout["innerWidth"] == 390 and layout["scrollWidth"] > 390
    assert min(t["size"] for t in layout["texts"]) < 12


@pytest.mark.parametrize("width", WIDTHS)
def test_no_visible_text_is_smaller_than_12_px(rendered, width):
    texts = rendered["layout"][width]["texts"]
    assert len(texts) > 500  # headline figures, tables and every chart's labels were measured
    assert any(t["tag"] == "text" for t in texts)  # SVG chart text, at the size its chart is drawn
    small = [t for t in texts if t["size"] < 12]
    assert small == []


@pytest.mark.parametrize("width", WIDTHS)
def test_every_source_link_stays_on_one_line(rendered, width):
    links = rendered["layout"][width]["links"]
    assert links and set(links) == {1}  # one line box per 原文 link


def test_every_trend_chart_has_y_axis_values(rendered):
    tree = LexborHTMLParser(rendered["dom"].stdout)
    charts = tree.css("#trends svg")
    ticks = rendered["layout"][390]["yTicks"]
    assert len(ticks) == len(charts) >= 10
    for values in ticks:
        assert values, "a trend chart without y-axis labels"
        assert all(float(v) >= 0 for v in values)


def test_the_coverage_grid_shows_every_year_at_phone_width(rendered):
    (first, last) = _views(rendered["db"], "SELECT min(year), max(year) FROM v_coverage WHERE county = $c",
                           {"c": COUNTY})[0]
    years = rendered["layout"][390]["gridYears"]
    assert [int(y["year"]) for y in years] == list(range(first, last + 1))
    assert all(y["width"] > 30 and y["reachable"] for y in years), years


@pytest.mark.parametrize("width", WIDTHS)
def test_a_whole_page_screenshot_is_saved_for_a_human(rendered, width):
    shot, _ = rendered["shots"][width]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    size = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert size == (max(width, WINDOW_MIN), rendered["layout"][width]["scrollHeight"])
