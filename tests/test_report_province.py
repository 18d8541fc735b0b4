"""Issue 16: --province for the report and the export — three counties (three sources) of one province.

The ranking is worked out by hand: every report prints one 表三 cell of the form's 200, no 表二/表四
(completeness 30 − 4 − 6 × 199/200) and is on time; a report with no form rule evaluated keeps 0 of the 25
accuracy points (65.0), one with a rule that passed keeps all 25 (90.0); a cross-year failure costs 5.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from report_fixtures import require_chromium, run_chromium
from selectolax.lexbor import LexborHTMLParser
from warehouse_fixtures import make_report

from common.errors import NianbaoError
from warehouse.export import export_county
from warehouse.loader import load_batch
from warehouse.report import write_report

PASS = [{"rule": "R3.BAL", "scope": "total", "status": "pass", "expected": 1.0, "found": 1.0}]


@pytest.fixture(scope="module")
def province_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("province") / "warehouse.duckdb"
    jan = date(2025, 1, 20)
    load_batch([
        # 剑河县: 90.0 (a passed rule) and 65.0 → mean 77.5, rank 2
        make_report("剑河县南哨乡人民政府", 2024, {"T3/1/total": 3.0}, source="jh", county="剑河县",
                    published=jan, checks=PASS),
        make_report("剑河县敏洞乡人民政府", 2024, {"T3/1/total": 1.0}, source="jh", county="剑河县", published=jan),
        # 锦屏县: 大同乡 carried 2 forward in 2023 and says 3 were carried over in 2024, so X.CARRY fails:
        # 90.0 − 5 = 85.0, rank 1 (its 2023 report is another year's)
        make_report("锦屏县大同乡人民政府", 2023, {"T3/4/total": 2.0}, source="jp", published=date(2024, 1, 9)),
        make_report("锦屏县大同乡人民政府", 2024, {"T3/2/total": 3.0}, source="jp", published=jan, checks=PASS),
        # 兴仁市: 65.0, rank 3
        make_report("兴仁市屯脚镇人民政府", 2024, {"T3/1/total": 5.0}, source="xr", county="兴仁市", published=jan),
        # another province's county is left out
        make_report("凤县双石铺镇人民政府", 2024, {"T3/1/total": 9.0}, source="fx", county="凤县", published=jan,
                    province="陕西省"),
    ], db_path=db)
    return db


def test_the_province_page_ranks_its_counties_and_links_each_to_its_section(province_db: Path, tmp_path: Path):
    page = write_report(province="贵州省", out=tmp_path / "p.html", db_path=province_db)
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    rows = [[td.text(strip=True) for td in tr.css("td")][:3] for tr in tree.css("#county-ranking tr[data-county]")]
    assert rows == [["1", "锦屏县", "85"], ["2", "剑河县", "77.5"], ["3", "兴仁市", "65"]]
    links = [a.attributes["href"] for a in tree.css("#county-ranking a")]
    assert links == ["#county-锦屏县", "#county-剑河县", "#county-兴仁市"]
    for link in links:
        assert tree.css_first(f'section[id="{link[1:]}"]') is not None, link
    carry = tree.css_first('section[id="county-锦屏县"] table.cross-year')
    assert carry is not None
    assert "本年上年结转数不等于上年结转下年度继续办理数" in carry.text()
    hrefs = [a.attributes["href"] for a in carry.css("a")]
    assert hrefs == ["https://example.test/jp/锦屏县大同乡人民政府/2024/v1",
                     "https://example.test/jp/锦屏县大同乡人民政府/2023/v1"]


def test_the_province_page_renders_in_headless_chromium_without_requests(province_db: Path, tmp_path: Path):
    chromium = require_chromium()
    page = write_report(province="贵州省", out=tmp_path / "p.html", db_path=province_db)
    run = run_chromium(chromium, page, tmp_path / "profile", "--dump-dom")
    assert run.page_errors() == [] and run.page_requests() == []
    tree = LexborHTMLParser(run.stdout)
    assert [tr.attributes["data-county"] for tr in tree.css("#county-ranking tr[data-county]")] == [
        "锦屏县", "剑河县", "兴仁市"]


def test_the_province_export_holds_every_county_of_the_province_and_no_other(province_db: Path, tmp_path: Path):
    result = export_county(province="贵州省", out_dir=tmp_path, db_path=province_db)
    with (tmp_path / "v_county_compare.csv").open(encoding="utf-8-sig") as fh:
        counties = [(r["县"], r["年度"]) for r in csv.DictReader(fh)]
    assert sorted(counties) == [("兴仁市", "2024"), ("剑河县", "2024"), ("锦屏县", "2023"), ("锦屏县", "2024")]
    with (tmp_path / "v_check_failures.csv").open(encoding="utf-8-sig") as fh:
        failures = [(r["规则"], r["上年报告网址"]) for r in csv.DictReader(fh)]
    assert failures == [("X.CARRY", "https://example.test/jp/锦屏县大同乡人民政府/2023/v1")]
    assert result.rows["v_quality"] == 5  # the five 贵州省 reports


def test_an_unknown_province_or_both_places_is_one_readable_error(province_db: Path, tmp_path: Path):
    with pytest.raises(NianbaoError, match=r"^province '广东省': no counties in the warehouse \(known: "):
        write_report(province="广东省", out=tmp_path / "x.html", db_path=province_db)
    with pytest.raises(NianbaoError, match=r"^province '广东省': no counties in the warehouse"):
        export_county(province="广东省", out_dir=tmp_path, db_path=province_db)
    with pytest.raises(NianbaoError, match="one of them"):
        export_county("锦屏县", province="贵州省", out_dir=tmp_path, db_path=province_db)
