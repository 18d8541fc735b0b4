"""The oversight report's content, checked in the HTML itself (no browser): what a reviewer reads."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from report_fixtures import COUNTY, build_sample_warehouse
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


def test_a_failed_balance_is_named_in_plain_chinese_with_its_numbers_and_source(page):
    rows = [r for r in _rows(page, "check-failures") if "第一项加第二项之和不等于第三项加第四项之和" in r]
    assert rows, _rows(page, "check-failures")
    year, organ, _rule, scope, expected, found, diff, _detail, _link = rows[0]
    assert (year, organ) == ("2022", "锦屏县敦寨镇人民政府")
    assert scope in ("自然人列", "总计列") and (expected, found, diff) == ("1", "3", "2")
    link = page.css_first("#check-failures a")
    assert link is not None and link.attributes["href"].startswith("http://127.0.0.1:8765/")


def test_the_fee_unit_failure_reads_as_a_sentence(page):
    assert any("收费金额单位应为万元" in r for r in _rows(page, "check-failures"))


def test_late_and_missing_reports_are_listed_with_days_late(page):
    rows = _rows(page, "late-missing")
    assert ["2023", "锦屏县卫生健康局", "逾期", "2024-04-17", "2024-01-31", "77", "原文"] in rows
    assert any(r[:3] == ["2025", "锦屏县彦洞乡人民政府", "未发布"] for r in rows)


def test_the_format_break_is_marked_where_an_organ_changed_form(page):
    charts = {svg.css_first("text title").text(): svg for svg in page.css("#trends svg")}
    longli = charts["锦屏县隆里乡人民政府"]  # kept the 2019 form until 2023 (old_template in MANIFEST)
    breaks = [t.text() for t in longli.css("line title") if "格式变更" in t.text() or "form changed" in t.text()]
    assert breaks == ["表格式变更 (form changed: 2023→2024); 部分栏目不可比 columns not comparable"]


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
