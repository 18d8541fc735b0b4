"""The oversight views: deadlines, townships side by side, series across the 2019→2021 change, coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
from warehouse_fixtures import make_report

from warehouse.inputs import ExpectedOrgan, UrlOutcome
from warehouse.loader import load_batch
from warehouse.migrate import view_names


def _rows(db: Path, query: str, params: list | None = None) -> list[tuple]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(query, params or []).fetchall()
    finally:
        conn.close()


def test_timeliness_applies_january_31_to_townships_and_march_31_to_the_county_government(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([
        make_report("锦屏县大同乡人民政府", 2024, published=date(2025, 2, 5)),
        make_report("锦屏县新化乡人民政府", 2024, published=date(2025, 1, 31)),
        make_report("锦屏县人民政府", 2024, published=date(2025, 3, 31)),
        make_report("锦屏县教育局", 2024, published=None),
        make_report("锦屏县隆里乡人民政府", 2018, published=date(2019, 3, 30)),  # old 条例: 3月31日
    ], db_path=db)
    assert _rows(db, "SELECT organ, year, deadline, timeliness, days_late FROM v_timeliness ORDER BY ALL") == [
        ("锦屏县人民政府", 2024, date(2025, 3, 31), "on_time", None),
        ("锦屏县大同乡人民政府", 2024, date(2025, 1, 31), "late", 5),
        ("锦屏县教育局", 2024, date(2025, 1, 31), "unknown", None),
        ("锦屏县新化乡人民政府", 2024, date(2025, 1, 31), "on_time", None),
        ("锦屏县隆里乡人民政府", 2018, date(2019, 3, 31), "on_time", None),
    ]


def test_township_compare_ranks_townships_and_gives_share_and_change(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    received = {("大同乡", 2023): 4, ("大同乡", 2024): 6, ("新化乡", 2024): 3, ("隆里乡", 2024): 1}
    load_batch([make_report(f"锦屏县{t}人民政府", y, {"T3/1/total": float(n)}) for (t, y), n in received.items()]
               + [make_report("锦屏县人民政府", 2024, {"T3/1/total": 100.0})],  # not a township
               db_path=db)
    assert _rows(db, """SELECT organ, applications_received, rank_in_county, townships_in_county,
                               share_of_county, applications_received_prev_year, change_from_prev_year
                        FROM v_township_compare WHERE year = 2024 ORDER BY rank_in_county""") == [
        ("锦屏县大同乡人民政府", 6.0, 1, 3, 0.6, 4.0, 2.0),
        ("锦屏县新化乡人民政府", 3.0, 2, 3, 0.3, None, None),
        ("锦屏县隆里乡人民政府", 1.0, 3, 3, 0.1, None, None),
    ]


def test_trend_flags_cells_that_cannot_be_compared_across_the_2021_format(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    organ = "锦屏县大同乡人民政府"
    load_batch([
        make_report(organ, 2020, {"T3/1/total": 2.0, "T2_1/rules/new_made": 1.0,
                                  "T2_8/admin_fees/prev_items": 3.0, "T3/3.6/total": 1.0}, fmt="F2019"),
        make_report(organ, 2021, {"T3/1/total": 5.0, "T2_1/rules/issued": 2.0,
                                  "T2_8/admin_fees/fee_amount": 0.5, "T3/3.6.1/total": 1.0}, fmt="F2021"),
    ], db_path=db)
    got = _rows(db, "SELECT cell, prev_value, change, comparability FROM v_trend WHERE year = 2021 ORDER BY cell")
    assert got == [
        ("T2_1/rules/issued", 1.0, 1.0, "approx"),  # 本年新制作数量 → 本年制发件数
        ("T2_8/admin_fees/fee_amount", None, None, "not_comparable"),  # item count → 万元
        ("T3/1/total", 2.0, 3.0, "comparable"),
        ("T3/3.6.1/total", None, None, "not_comparable"),  # 2019 printed one 其他处理 row
    ]
    assert {c for (c,) in _rows(db, "SELECT DISTINCT comparability FROM v_trend WHERE year = 2020")} == {
        "no_previous_year"}


def test_coverage_lists_expected_organs_without_a_report_as_missing(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    expected = [ExpectedOrgan("test", "锦屏县", n) for n in
                ("锦屏县大同乡人民政府", "锦屏县新化乡人民政府", "锦屏县人民政府")]
    load_batch([
        make_report("大同乡人民政府", 2023), make_report("锦屏县大同乡人民政府", 2024),
        make_report("锦屏县人民政府", 2024, parse_status="failed"),
        make_report("锦屏县钟灵乡人民政府", 2024),
    ], expected=expected, db_path=db)
    assert _rows(db, "SELECT year, organ, status FROM v_coverage ORDER BY ALL") == [
        (2023, "锦屏县人民政府", "missing"),
        (2023, "锦屏县大同乡人民政府", "found"),
        (2023, "锦屏县新化乡人民政府", "missing"),
        (2024, "锦屏县人民政府", "unreadable"),
        (2024, "锦屏县大同乡人民政府", "found"),
        (2024, "锦屏县新化乡人民政府", "missing"),
        (2024, "锦屏县钟灵乡人民政府", "unexpected"),
    ]


def test_check_failures_lists_only_failed_checks_of_current_reports(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    checks = [{"rule": "R3.BAL", "scope": "total", "status": "fail", "expected": 10.0, "found": 12.0,
               "detail": "1+2 != 3.7+4"},
              {"rule": "R3.ROW", "scope": "1", "status": "pass", "expected": 3.0, "found": 3.0}]
    load_batch([make_report("锦屏县大同乡人民政府", 2024, checks=checks, version="v1")], db_path=db)
    assert _rows(db, "SELECT rule, scope, expected, found, difference FROM v_check_failures") == [
        ("R3.BAL", "total", 10.0, 12.0, 2.0)]
    load_batch([make_report("锦屏县大同乡人民政府", 2024, checks=checks[1:], version="v2")], db_path=db)
    assert _rows(db, "SELECT count(*) FROM v_check_failures") == [(0,)]  # the correction passes


def test_every_view_carries_the_sample_flag_and_county_and_year(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    failing = [{"rule": "R3.BAL", "scope": "total", "status": "fail", "expected": 1.0, "found": 2.0}]
    report = make_report("锦屏县大同乡人民政府", 2024, {"T3/1/total": 1.0}, sample=True, checks=failing)
    met = UrlOutcome("2026-11-30T02:00:00+00:00/test", "test", report.url, report.url, "new",
                     organ=report.organ, year=2024, sha256=report.sha256)
    load_batch([report], expected=[ExpectedOrgan("test", "锦屏县", "锦屏县大同乡人民政府")], db_path=db,
               outcomes=[met])
    for view in view_names():
        assert _rows(db, f"SELECT DISTINCT sample, county, year FROM {view}") == [(True, "锦屏县", 2024)], view


def test_views_and_their_columns_are_described_in_chinese_and_english(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([], db_path=db)
    views = dict(_rows(db, "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"))
    assert sorted(views) == view_names()
    assert all(" | " in (c or "") for c in views.values()), views
    columns = _rows(db, "SELECT table_name, column_name, comment FROM duckdb_columns() "
                        "WHERE table_name LIKE 'v\\_%' ESCAPE '\\'")
    assert [(v, c) for v, c, text in columns if " | " not in (text or "")] == []
    headers: dict[str, list[str]] = {}
    for view, _, text in columns:
        headers.setdefault(view, []).append(text.split(" | ")[0])
    assert {v: len(h) for v, h in headers.items()} == {v: len(set(h)) for v, h in headers.items()}
