"""N.APPS / N.LIT / N.DOCS / N.FEE: prose against tables, with the four outcomes of FORMAT_SPEC §2.4.

Table values come from the hand-read expectation files of the real reports, or from a few cells written
out here; the prose is the real report's or a sentence in a report's own wording.
"""

from __future__ import annotations

import random

from statements_fixtures import corpus_doc, doc_with, expected_facts, facts

from sampleportal.prose import write_prose
from transform.schemas import CHECK_SCHEMA
from transform.statements import extract_statements, statements_of
from transform.text_checks import run_text_checks


def outcome(doc, cells, rule, scope=None):
    checks = run_text_checks(doc, cells, extract_statements(doc))
    assert checks.schema == CHECK_SCHEMA
    rows = checks.filter(checks["rule"] == rule)
    if scope is not None:
        rows = rows.filter(rows["scope"] == scope)
    (row,) = rows.iter_rows(named=True)
    return row


def test_seed_report_no_applications_passes_against_its_all_zero_table_three():
    doc = corpus_doc("jinping-datongxiang-2024.txt")
    row = outcome(doc, expected_facts("jinping-datongxiang-2024"), "N.APPS")
    assert (row["status"], row["expected"], row["found"]) == ("pass", 0, 0)


def test_stated_applications_that_contradict_the_table_fail_naming_both_numbers():
    doc = doc_with("全年收到政府信息公开申请34件。")
    row = outcome(doc, facts({"T3/1/total": 30, "T3/2/total": 0}), "N.APPS")
    assert row["status"] == "fail"
    assert row["detail"] == "正文称收到申请34件，表三 一、本年新收 总计为 30"


def test_stated_applications_may_include_those_carried_over():
    doc = corpus_doc("005_shuyang-xian-2025.md")  # 受理749件 = 本年新收713 + 上年结转36 (read off its table)
    row = outcome(doc, facts({"T3/1/total": 713, "T3/2/total": 36}), "N.APPS")
    assert (row["status"], row["found"]) == ("pass", 749)
    assert "上年结转" in row["detail"]


def test_blank_table_total_passes_only_if_blank_means_zero():
    row = outcome(doc_with("本年度未收到政府信息公开申请。"), facts({"T3/1/total": None}), "N.APPS")
    assert row["status"] == "pass_if_blank_zero"


def test_nothing_stated_or_no_table_is_not_evaluable():
    assert outcome(doc_with("无。"), facts({"T3/1/total": 3}), "N.APPS")["status"] == "not_evaluable"
    assert outcome(doc_with("全年收到政府信息公开申请3件。"), facts({}), "N.APPS")["status"] == "not_evaluable"


def test_real_reports_agree_with_their_tables_on_reviews_and_lawsuits():
    huaian = corpus_doc("002_huaian-shi-2024.pdf")
    cells = expected_facts("002_huaian-shi-2024")
    assert outcome(huaian, cells, "N.LIT", "T4/cases/rv_total")["status"] == "pass"
    assert outcome(huaian, cells, "N.LIT", "T4/cases/ld_total+lr_total")["found"] == 46
    shanghai = corpus_doc("001_shanghai-bangongting-2019.html")
    suits = outcome(shanghai, expected_facts("001_shanghai-bangongting-2019"), "N.LIT", "T4/cases/ld_total+lr_total")
    assert suits["status"] == "pass_if_blank_zero"  # 诉讼9件 = 直接起诉 9 + 复议后起诉 (printed blank)


def test_no_review_stated_fails_against_a_table_with_reviews():
    doc = doc_with("全年未发生政府信息公开行政复议、行政诉讼案件。")
    row = outcome(doc, facts({"T4/cases/rv_total": 2, "T4/cases/ld_total": 0, "T4/cases/lr_total": 0}),
                  "N.LIT", "T4/cases/rv_total")
    assert (row["status"], row["detail"]) == ("fail", "正文称行政复议0件，表四 行政复议 总计为 2")


def test_documents_stated_in_prose_match_table_two_in_the_reports_format_column():
    shanghai = corpus_doc("001_shanghai-bangongting-2019.html")  # F2019: 本年新公开数量
    cells = expected_facts("001_shanghai-bangongting-2019")
    assert outcome(shanghai, cells, "N.DOCS", "T2_1/norm_docs/new_public")["status"] == "pass"
    huaian = corpus_doc("002_huaian-shi-2024.pdf")  # F2021: 本年制发件数; 政策性文件 is not 规范性文件
    rows = run_text_checks(huaian, expected_facts("002_huaian-shi-2024"), extract_statements(huaian))
    assert rows.filter(rows["rule"] == "N.DOCS")["scope"].to_list() == ["T2_1/rules/issued"]


def test_fee_rows_without_a_stated_fee_fail():
    row = outcome(doc_with("无。"), facts({"T3/3.6.2/total": 2}), "N.FEE")
    assert row["status"] == "fail" and "2" in row["detail"]


def test_fee_stated_in_section_six_passes():
    huaian = corpus_doc("002_huaian-shi-2024.pdf")
    row = outcome(huaian, expected_facts("002_huaian-shi-2024"), "N.FEE")
    assert (row["status"], row["found"]) == ("pass", 3940)


def _generated(seed: int, **overrides):
    """One report's prose from the sample portal's generator, with the figures it says it stated."""
    args = dict(organ="锦屏县测试乡人民政府", short="测试乡", year=2024, fmt="F2021", level="township",
                applications=5, stated_applications=5, review=1, litigation=2, fee_yuan=120, list_headings=True)
    args.update(overrides)
    prose = write_prose(random.Random(seed), **args)
    doc = doc_with("\n".join(prose.sections["一"]), "\n".join(prose.sections["六"]))
    return doc, prose.statements.values


def test_generated_reports_yield_the_generators_truth_in_every_wording():
    for seed in range(40):
        zero = seed % 3 == 0
        doc, truth = _generated(seed, applications=0 if zero else 7, stated_applications=0 if zero else 7,
                                review=0 if zero else 1, litigation=0 if zero else 2,
                                fee_yuan=[None, 0, 95][seed % 3])
        found = statements_of(doc)
        by_kind = {}
        for s in found:
            by_kind.setdefault(s.kind, []).append(s)
        assert [s.value for s in by_kind["proactive_total"]] == [truth["proactive_total"]], seed
        assert {s.category: s.value for s in by_kind["proactive_by_category"]} == truth["proactive_by_category"]
        assert [s.value for s in by_kind["applications_received"]] == [truth["applications_received"]]
        assert [s.value for s in by_kind["reviews"]] == [truth["review_cases"]]
        assert [s.value for s in by_kind["lawsuits"]] == [truth["litigation_cases"]]
        fees = [s.value for s in by_kind.get("fees_collected", [])]
        assert fees == ([truth["info_fee_yuan"]] if "info_fee_yuan" in truth else [])


def test_generated_report_whose_prose_contradicts_its_table_fails_n_apps():
    doc, truth = _generated(7, applications=5, stated_applications=9)
    row = outcome(doc, facts({"T3/1/total": 5, "T3/2/total": 0}), "N.APPS")
    assert row["status"] == "fail" and truth["applications_received"] == 9
    assert "9件" in row["detail"] and "为 5" in row["detail"]
