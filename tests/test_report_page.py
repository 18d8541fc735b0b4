"""The oversight report's content, checked in the HTML itself (no browser): what a reviewer reads."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from report_fixtures import COUNTY, PORTAL, build_sample_warehouse
from selectolax.lexbor import LexborHTMLParser
from warehouse_fixtures import make_report

from warehouse.inputs import ExpectedOrgan
from warehouse.loader import load_batch
from warehouse.report import write_report

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_warehouse(tmp_path_factory.mktemp("report_page") / "warehouse.duckdb")


@pytest.fixture(scope="module")
def page(sample_db: Path) -> LexborHTMLParser:
    out = write_report(COUNTY, out=sample_db.parent / "report.html", db_path=sample_db)
    return LexborHTMLParser(out.read_text(encoding="utf-8"))


def _rows(tree: LexborHTMLParser, table: str) -> list[list[str]]:
    return [[td.text(strip=True) for td in tr.css("td")] for tr in tree.css(f"#{table} tr")[1:]]


def test_the_page_references_nothing_outside_itself(page):
    html = page.html or ""
    assert page.css("script[src], link, img, iframe, object, embed") == []
    assert "url(" not in html and "@import" not in html
    # the only absolute URLs are the links to source pages (followed only when clicked)
    for node in page.css("[src], [href]"):
        assert node.tag == "a", node.html


# --- truth: the sample portal's MANIFEST.csv, written by the generator beside the pages it served ---------
# Column names of 表三 as the report words them (FORMAT_SPEC §1.3), for the expected 范围 cell.
T3_COLUMNS = {"np": "自然人列", "lp_biz": "商业企业列", "lp_research": "科研机构列", "lp_welfare": "社会公益组织列",
              "lp_legal": "法律服务机构列", "lp_other": "其他列", "total": "总计列"}


def _manifest() -> list[dict[str, str]]:
    """The 锦屏县 site's rows of the sample province's MANIFEST (the report is 锦屏县's)."""
    with (PORTAL / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["source"] == "sample"]


def _current(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Served reports that no later revision replaced."""
    replaced = {r["supersedes"] for r in rows if r["supersedes"]}
    return [r for r in rows if r["delivery"] not in ("missing", "dead_link", "title_only")
            and r["url_path"] not in replaced and r["current"] != "0"]


def _deadline(row: dict[str, str]) -> date:
    """FORMAT_SPEC §4.1: 3月31日 for a government's own report, 1月31日 for its departments and townships."""
    year = int(row["year"]) + 1
    return date(year, 3, 31) if row["organ_level"] == "county_gov" else date(year, 1, 31)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def test_a_failed_balance_is_named_in_plain_chinese_with_its_numbers_and_source(page):
    """Every column the generator unbalanced (received + carried over ≠ handled + carried forward) is listed."""
    rows = [r for r in _rows(page, "check-failures") if "第一项加第二项之和不等于第三项加第四项之和" in r]
    expected = []
    for r in _current(_manifest()):
        if "balance_error" not in r["defects"].split(";"):
            continue
        truth = json.loads(r["truth"])
        for col, words in T3_COLUMNS.items():
            printed = truth[f"T3/1/{col}"] + truth[f"T3/2/{col}"]  # 实为: received + carried over
            parts = truth[f"T3/3.7/{col}"] + truth[f"T3/4/{col}"]  # 应为: handled + carried forward
            if printed != parts:
                expected.append([r["year"], r["organ"], words, _num(parts), _num(printed), _num(printed - parts)])
    assert expected, "MANIFEST.csv holds no current report with a balance_error"
    found = [[year, organ, scope, exp, got, diff] for year, organ, _rule, scope, exp, got, diff, _d, _l in rows]
    assert sorted(found) == sorted(expected)
    link = page.css_first("#check-failures a")
    assert link is not None and link.attributes["href"].startswith("http://127.0.0.1:8765/")


def test_the_fee_unit_failure_reads_as_a_sentence(page):
    assert any("收费金额单位应为万元" in r for r in _rows(page, "check-failures"))


def test_late_and_missing_reports_are_listed_with_days_late(page):
    rows = _rows(page, "late-missing")
    late = []
    for r in _current(_manifest()):
        published, deadline = date.fromisoformat(r["published"]), _deadline(r)
        if published > deadline:
            late.append([r["year"], r["organ"], "逾期", r["published"], deadline.isoformat(),
                         str((published - deadline).days), "原文"])
    assert late, "MANIFEST.csv holds no late report"
    assert sorted(r for r in rows if r[2] == "逾期") == sorted(late)
    listed_missing = {(r[0], r[1]) for r in rows if r[2] == "未发布"}
    never_served = {(r["year"], r["organ"]) for r in _manifest() if r["delivery"] in ("missing", "dead_link")}
    assert never_served and never_served <= listed_missing


def test_the_format_break_is_marked_where_an_organ_changed_form(page):
    """Each organ's chart marks exactly the years whose form differs from the year before's (MANIFEST)."""
    formats: dict[str, dict[int, str]] = {}
    for r in _current(_manifest()):
        formats.setdefault(r["organ"], {})[int(r["year"])] = r["format"]
    charts = {svg.css_first("text title").text(): svg for svg in page.css("#trends svg")}
    assert set(charts) == set(formats)
    changed_late = 0
    for organ, by_year in formats.items():
        expected = [f"表格式变更 (form changed: {y - 1}→{y}); 部分栏目不可比 columns not comparable"
                    for y in sorted(by_year) if y - 1 in by_year and by_year[y - 1] != by_year[y]]
        marks = [t.text() for t in charts[organ].css("line title") if "form changed" in t.text()]
        assert marks == expected, organ
        changed_late += any("2021→" not in m for m in marks)
    assert changed_late  # an organ that kept the 2019 form past 2021 (old_template) is among them


def test_a_warehouse_without_sample_data_carries_no_sample_mark(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    cells = {"T3/1/total": 4.0, "T3/3.7/total": 4.0, "T2_5/licensing/decisions": 7.0}
    load_batch([make_report("锦屏县大同乡人民政府", 2024, cells, source="real", published=date(2025, 1, 20)),
                make_report("锦屏县大同乡人民政府", 2023, cells, source="real", published=date(2024, 2, 20))],
               [ExpectedOrgan("real", COUNTY, "锦屏县大同乡人民政府", "township"),
                ExpectedOrgan("real", COUNTY, "锦屏县新化乡人民政府", "township")], db)
    html = write_report(COUNTY, out=tmp_path / "r.html", db_path=db).read_text(encoding="utf-8")
    tree = LexborHTMLParser(html)
    assert "示例数据" not in html
    assert tree.css_first('.figure[data-key="reports_missing"] .value').text(strip=True) == "1"
    assert tree.css_first('.figure[data-key="applications_received"] .change').text(strip=True).startswith("＝")


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_DATA": str(data)}
    return subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def test_the_command_writes_to_data_reports_and_prints_the_path(sample_db):
    proc = _cli("report", "--county", COUNTY, "--year", "2024", data=sample_db.parent)
    assert proc.returncode == 0, proc.stderr
    expected = sample_db.parent / "reports" / f"{COUNTY}-2024.html"
    assert proc.stdout.strip() == str(expected)
    assert "2024年度" in expected.read_text(encoding="utf-8")


def test_an_unknown_county_is_one_readable_line(sample_db):
    proc = _cli("report", "--county", "黎平县", data=sample_db.parent)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "Error: county '黎平县': no reports in the warehouse (known: 锦屏县)"
