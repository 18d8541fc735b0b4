"""Issue 16: cross-year checks, the quality score and counties compared — views over real loads.

Every expected value below is worked out by hand from the rule (FORMAT_SPEC §2.2, §2.4) and from the
weights documented in README ("Quality score"): 及时性 20, 完整性 30, 准确性 25, 一致性 10, 连续性 15.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
from warehouse_fixtures import ROOT, make_report

from transform.schemas import STATEMENT_SCHEMA
from warehouse.inputs import ExpectedOrgan, ReportInput
from warehouse.loader import load_batch

ORGAN = "锦屏县大同乡人民政府"
C3 = ("np", "lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other", "total")
SUBSTANTIVE_FIVE = ("（一）存在的主要问题。一是信息公开人员力量不足，业务水平有待提高；二是主动公开内容不够全面，"
                    "解读回应不够及时。（二）改进情况。下一步将加强业务培训，充实工作队伍，完善公开制度。")
SIX_SECTIONS = {"一": "本机关认真贯彻落实《条例》。", "二": "见下表。", "三": "见下表。", "四": "见下表。",
                "五": SUBSTANTIVE_FIVE, "六": "无。"}


def _rows(db: Path, query: str, params: list | None = None) -> list[tuple]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(query, params or []).fetchall()
    finally:
        conn.close()


def printed_cells(fmt: str) -> list[str]:
    """The form's printed cells, read from the spec's cell list (not from the warehouse)."""
    with (ROOT / "data" / "spec" / "canonical_cells.csv").open(encoding="utf-8") as fh:
        return [r["cell"] for r in csv.DictReader(fh) if r["format"] == fmt and r["printed"] == "1"]


def full(fmt: str = "F2021", **values: float | None) -> dict[str, float | None]:
    """Every printed cell of the form filled with 0, except the ones given (keys with / as __)."""
    cells: dict[str, float | None] = dict.fromkeys(printed_cells(fmt), 0.0)
    cells.update({k.replace("__", "/").replace("_dot_", "."): v for k, v in values.items()})
    return cells


# --- cross-year checks ---------------------------------------------------------------------------------

def test_carry_compares_carried_over_with_last_years_carried_forward_per_applicant_column(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([
        make_report(ORGAN, 2023, {"T3/4/np": 2.0, "T3/4/total": 2.0, "T3/4/lp_biz": None}),
        make_report(ORGAN, 2024, {"T3/2/np": 2.0, "T3/2/total": 3.0, "T3/2/lp_biz": 0.0}),
    ], db_path=db)
    got = _rows(db, "SELECT scope, status, expected, found FROM v_cross_year_checks "
                    "WHERE year = 2024 AND rule = 'X.CARRY' ORDER BY scope")
    assert got == [
        ("lp_biz", "pass_if_blank_zero", 0.0, 0.0),  # last year's cell printed blank, read as 0
        ("lp_legal", "not_evaluable", None, None),  # neither year prints the cell
        ("lp_other", "not_evaluable", None, None),
        ("lp_research", "not_evaluable", None, None),
        ("lp_welfare", "not_evaluable", None, None),
        ("np", "pass", 2.0, 2.0),
        ("total", "fail", 2.0, 3.0),
    ]
    assert _rows(db, "SELECT DISTINCT status, detail FROM v_cross_year_checks WHERE year = 2023") == [
        ("not_evaluable", "无2022年报告，无法衔接")]


def test_a_cross_year_failure_names_both_reports_and_a_correction_re_evaluates_it(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([make_report(ORGAN, 2023, {"T3/4/total": 2.0}),
                make_report(ORGAN, 2024, {"T3/2/total": 3.0}, version="v1")], db_path=db)
    assert _rows(db, "SELECT rule, scope, expected, found, difference, url, prev_url FROM v_check_failures") == [
        ("X.CARRY", "total", 2.0, 3.0, 1.0, f"https://example.test/test/{ORGAN}/2024/v1",
         f"https://example.test/test/{ORGAN}/2023/v1")]
    # the 2024 report is re-published with 上年结转 corrected to 2: no failure is left
    load_batch([make_report(ORGAN, 2024, {"T3/2/total": 2.0}, version="v2")], db_path=db)
    assert _rows(db, "SELECT count(*) FROM v_check_failures") == [(0,)]
    # and when last year's report is corrected instead, this year's check fails again, naming the new URL
    load_batch([make_report(ORGAN, 2023, {"T3/4/total": 5.0}, version="v2")], db_path=db)
    assert _rows(db, "SELECT rule, expected, found, prev_url FROM v_check_failures") == [
        ("X.CARRY", 5.0, 2.0, f"https://example.test/test/{ORGAN}/2023/v2")]


def test_inforce_adds_issued_and_subtracts_repealed_and_skips_the_2019_form(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([
        make_report(ORGAN, 2020, {"T2_1/norm_docs/total_public": 9.0}, fmt="F2019"),
        make_report(ORGAN, 2021, {"T2_1/norm_docs/issued": 1.0, "T2_1/norm_docs/repealed": 0.0,
                                  "T2_1/norm_docs/in_force": 4.0}),
        make_report(ORGAN, 2022, {"T2_1/norm_docs/issued": 3.0, "T2_1/norm_docs/repealed": 1.0,
                                  "T2_1/norm_docs/in_force": 7.0,
                                  "T2_1/rules/issued": None, "T2_1/rules/repealed": 0.0,
                                  "T2_1/rules/in_force": 0.0}),
    ], db_path=db)
    got = _rows(db, "SELECT year, scope, status, expected, found FROM v_cross_year_checks "
                    "WHERE rule = 'X.INFORCE' ORDER BY year, scope")
    assert got == [
        (2021, "norm_docs", "not_evaluable", None, None),  # 2020 is on the 2019 form: 对外公开总数量 ≠ 现行有效
        (2021, "rules", "not_evaluable", None, None),
        (2022, "norm_docs", "fail", 6.0, 7.0),  # 4 + 3 − 1 = 6, printed 7
        (2022, "rules", "not_evaluable", None, None),  # 2021 printed no 规章 in force
    ]
    assert _rows(db, "SELECT detail FROM v_cross_year_checks WHERE rule = 'X.INFORCE' AND year = 2021 "
                     "AND scope = 'rules'") == [("2020年报告为F2019格式，本年为F2021格式，栏目不可比",)]


def test_carry_runs_across_the_2019_to_2021_form_and_items19_only_within_the_2019_form(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([
        make_report(ORGAN, 2019, {"T2_5/licensing/prev_items": 24.0, "T2_5/licensing/delta_items": 1.0,
                                  "T2_6/penalty/prev_items": 6.0, "T2_6/penalty/delta_items": 0.0},
                    fmt="F2019"),
        make_report(ORGAN, 2020, {"T2_5/licensing/prev_items": 25.0, "T2_6/penalty/prev_items": 7.0,
                                  "T3/4/total": 1.0}, fmt="F2019"),
        make_report(ORGAN, 2021, {"T3/2/total": 1.0}),
    ], db_path=db)
    got = _rows(db, "SELECT year, rule, scope, status, expected, found FROM v_cross_year_checks "
                    "WHERE status IN ('pass', 'fail') ORDER BY year, rule, scope")
    assert got == [
        (2020, "X.ITEMS19", "T2_5/licensing", "pass", 25.0, 25.0),  # 24 + 1
        (2020, "X.ITEMS19", "T2_6/penalty", "fail", 6.0, 7.0),  # 6 + 0
        (2021, "X.CARRY", "total", "pass", 1.0, 1.0),
    ]
    assert _rows(db, "SELECT count(*) FROM v_cross_year_checks WHERE year = 2021 AND rule = 'X.ITEMS19'") == [(0,)]


# --- quality -------------------------------------------------------------------------------------------

def _report(organ: str, year: int, cells: dict, *, published: date, sections: dict | None,
            checks: list[dict] | None = None, version: str = "v1", **kw) -> ReportInput:
    return replace(make_report(organ, year, cells, published=published, checks=checks, version=version, **kw),
                   sections=sections)


PASS = [{"rule": "R3.BAL", "scope": "total", "status": "pass", "expected": 0.0, "found": 0.0}]


def test_quality_scores_each_part_and_lists_why_points_were_lost(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    perfect, flawed, hollow = "锦屏县新化乡人民政府", ORGAN, "锦屏县隆里乡人民政府"
    blanks = {c: None for c in printed_cells("F2021") if c.split("/")[1] in ("3.3.1", "3.3.2", "3.3.3")}
    assert len(blanks) == 21
    del blanks["T3/3.3.3/total"]  # 20 cells left blank
    load_batch([
        _report(perfect, 2024, full(), published=date(2025, 1, 20), sections=SIX_SECTIONS, checks=PASS),
        # last year carried 0 forward; this year says 1 was carried over (X.CARRY total fails)
        _report(flawed, 2023, full(), published=date(2024, 1, 20), sections=SIX_SECTIONS, checks=PASS),
        _report(flawed, 2024, {**full(), **blanks, "T3/2/total": 1.0, "T3/3.6.2/total": 1.0},
                published=date(2025, 2, 10),  # 10 days after 1月31日
                sections={k: v for k, v in {**SIX_SECTIONS, "五": "无。"}.items() if k != "四"},
                checks=[*PASS, {"rule": "R3.ROW", "scope": "1", "status": "fail", "expected": 1.0, "found": 2.0,
                                "detail": "x"},
                        {"rule": "N.APPS", "scope": "total", "status": "fail", "expected": 3.0, "found": 4.0}]),
        # section 三 printed as a heading, but no 表三 data at all
        _report(hollow, 2024, {c: 0.0 for c in printed_cells("F2021") if not c.startswith("T3/")},
                published=date(2025, 1, 2), sections=SIX_SECTIONS, checks=PASS),
    ], db_path=db)
    got = _rows(db, "SELECT organ, timeliness, completeness, accuracy, consistency, continuity, quality_score "
                    "FROM v_quality WHERE year = 2024 ORDER BY quality_score DESC")
    assert got == [
        (perfect, 20.0, 30.0, 25.0, 10.0, 15.0, 100.0),
        # completeness 30 − 3 (no 表三) − 2 (表三 missing) − 6 × 175/200 unfilled cells = 19.75
        (hollow, 20.0, 19.75, 25.0, 10.0, 15.0, 89.8),
        # timeliness 20 − 10 × 0.5; completeness 30 − 1 (四) − 6 (五 says 无) − 3 (六 无 but a fee case)
        # − 6 × 20/200; accuracy 25 − 5; consistency 10 − 5; continuity 15 − 5
        (flawed, 15.0, 19.4, 20.0, 5.0, 10.0, 69.4),
    ]
    reasons = _rows(db, "SELECT part, item, points_lost, reason FROM v_quality_reasons "
                        "WHERE organ = ? AND year = 2024 ORDER BY part, item", [flawed])
    assert reasons == [
        ("accuracy", "form_rule_failed", 5.0, "表格勾稽1处不符"),
        ("completeness", "cells_unfilled", 0.6, "应填单元格 200 个，已填 180 个"),
        ("completeness", "section5_thin", 6.0, "第五部分只写“无”"),
        ("completeness", "section6_fee_silent", 3.0, "第六部分写“无”，但表三有逾期未缴费情形"),
        ("completeness", "section_missing", 1.0, "缺少第四部分"),
        ("consistency", "text_rule_failed", 5.0, "正文与表格1处不符"),
        ("continuity", "cross_year_failed", 5.0, "与上年报告衔接1处不符"),
        ("timeliness", "late", 5.0, "逾期10天发布"),
    ]
    evidence = dict(_rows(db, "SELECT item, evidence FROM v_quality_reasons WHERE organ = ? AND year = 2024",
                          [flawed]))
    assert evidence["section5_thin"] == "第五部分：“无。”"
    assert evidence["late"] == "发布日期 2025-02-10，法定期限 2025-01-31"
    assert evidence["cross_year_failed"] == "X.CARRY total：2024年 T3/2/total = 1.0；2023年 T3/4/total = 0.0"


def test_quality_weights_in_the_view_comment_match_the_weights_file(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([], db_path=db)
    weights = dict(_rows(db, "SELECT part, points FROM quality_weights() WHERE item IS NULL"))
    assert weights == {"timeliness": 20.0, "completeness": 30.0, "accuracy": 25.0, "consistency": 10.0,
                       "continuity": 15.0}
    (comment,) = _rows(db, "SELECT comment FROM duckdb_views() WHERE view_name = 'v_quality'")[0]
    for part, points in weights.items():
        assert f"{part} {float(points):g}" in comment, part
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for part, points in weights.items():
        assert f"| {part} | {float(points):g} |" in readme, part


def test_a_section_six_that_says_none_is_fine_when_no_fee_appears_and_quoted_when_one_does(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    fee_text = {**SIX_SECTIONS, "一": "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费。"}
    load_batch([
        _report("锦屏县新化乡人民政府", 2024, full(), published=date(2025, 1, 20), sections=SIX_SECTIONS,
                checks=PASS),
        _report(ORGAN, 2024, full(), published=date(2025, 1, 20), sections=fee_text, checks=PASS),
    ], db_path=db)
    assert _rows(db, "SELECT organ, item, evidence FROM v_quality_reasons") == [
        (ORGAN, "section6_fee_silent", "第六部分：“无。”；表三（六）2 逾期未缴费 = 0.0；第一部分提到信息处理费")]


# --- counties side by side -----------------------------------------------------------------------------

def _proactive(report: ReportInput, n: float) -> ReportInput:
    row = {k: None for k in STATEMENT_SCHEMA} | {"kind": "proactive_total", "value": n, "section": "一"}
    return replace(report, statements=pl.DataFrame([row], schema=STATEMENT_SCHEMA))


def test_county_compare_puts_three_counties_side_by_side_and_ranks_them(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    fail = [{"rule": "R3.BAL", "scope": "total", "status": "fail", "expected": 1.0, "found": 2.0}]
    load_batch([
        _proactive(make_report("锦屏县大同乡人民政府", 2024, {"T3/1/total": 4.0}, source="jp",
                               published=date(2025, 1, 20)), 58.0),
        make_report("锦屏县新化乡人民政府", 2024, {"T3/1/total": 2.0}, source="jp",
                    published=date(2025, 2, 4), checks=fail),
        make_report("剑河县南哨乡人民政府", 2024, {"T3/1/total": 10.0}, source="jh", county="剑河县",
                    published=date(2025, 1, 10)),
        make_report("兴仁市人民政府", 2024, {"T3/1/total": 1.0}, source="xr", county="兴仁市",
                    published=date(2025, 1, 15)),
    ], expected=[ExpectedOrgan("jp", "锦屏县", o) for o in
                 ("锦屏县大同乡人民政府", "锦屏县新化乡人民政府", "锦屏县隆里乡人民政府")]
      + [ExpectedOrgan("jh", "剑河县", "剑河县南哨乡人民政府")], db_path=db)
    # Each report prints one cell of 200 and no 表二/表四 (completeness 30 − 4 − 6 × 199/200 = 20.03);
    # without a form rule evaluated accuracy is 0, with one failed rule 20. 大同乡 65.0; 新化乡 4 days late
    # (−2) with the failed rule: 83.0; 南哨乡 65.0; 兴仁市人民政府 65.0.
    got = _rows(db, """SELECT county, province, organs_expected, reports_published, reports_on_time, reports_late,
                              reports_missing, reports_failing_checks, failed_checks, applications_received,
                              proactive_items_stated, mean_quality, quality_rank_in_province
                       FROM v_county_compare ORDER BY quality_rank_in_province, county""")
    assert got == [
        ("锦屏县", "贵州省", 3, 2, 1, 1, 1, 1, 1, 6.0, 58.0, 74.0, 1),
        ("兴仁市", "贵州省", None, 1, 1, 0, None, 0, 0, 1.0, None, 65.0, 2),
        ("剑河县", "贵州省", 1, 1, 1, 0, 0, 0, 0, 10.0, None, 65.0, 2),
    ]
