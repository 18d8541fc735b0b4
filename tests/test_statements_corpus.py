"""Statements read from the real reports, each expected statement read off the document by hand.

The lists are complete: a statement the rules invent (e.g. 督促县直部门…发布信息3044条 as this organ's
total, or 全县共办理相关案件74件 as applications) makes the comparison fail.
"""

from __future__ import annotations

import re

import pytest
from statements_fixtures import corpus_doc, triples

from transform.schemas import STATEMENT_SCHEMA
from transform.statements import extract_statements, statements_of

DATONGXIANG = [
    ("proactive_total", None, 58, "条"),
    ("proactive_by_category", "工作动态", 35, "条"),
    ("proactive_by_category", "政策文件", 14, "条"),
    ("proactive_by_category", "政府信息公开制度", 3, "条"),
    ("proactive_by_category", "法定公开信息", 5, "条"),
    ("proactive_by_category", "政府信息公开年报", 1, "条"),
    ("applications_received", None, 0, "件"),  # 未收到依申请公开的申请
]

SHANGHAI = [
    ("proactive_by_category", "规章", 13, "件"),
    ("proactive_by_category", "行政规范性文件", 60, "件"),
    ("proactive_by_category", "市政府其他文件", 162, "件"),
    ("proactive_by_category", "人事任免文件", 141, "件"),
    ("interpretations", "政策解读", 132, "件"),
    ("applications_received", None, 859, "件"),
    ("applications_answered", None, 805, "件"),
    ("applications_carried", None, 18, "件"),
    ("applications_carried_forward", None, 72, "件"),
    ("reviews", None, 7, "件"),
    ("lawsuits", None, 9, "件"),
]

HUAIAN = [
    ("proactive_total", None, 5500, "条"),  # 5500 余条: approx
    ("proactive_by_category", "市政府规章", 1, "件"),
    ("proactive_by_category", "市政府及市政府办政策性文件", 11, "件"),
    ("interpretations", "政策解读", 21, "个"),
    ("press_conferences", "新闻发布会", 12, "场"),
    ("applications_received", None, 3119, "件"),
    ("applications_answered", None, 3050, "件"),
    ("applications_carried", None, 34, "件"),
    ("applications_carried_forward", None, 103, "件"),
    ("reviews", None, 351, "件"),
    ("lawsuits", None, 46, "件"),
    ("fees_collected", None, 3940, "元"),
]

SHUYANG = [
    ("proactive_total", None, 4511, "条"),  # via the portal; 督促县直部门…3044条 is not this organ's
    ("new_media_posts", "系列原创短视频", 1113, "个"),
    ("new_media_posts", "图文", 1775, "条"),
    ("proactive_by_category", "政策文件", 4, "件"),
    ("interpretations", "政策解读", 21, "条"),
    ("applications_received", None, 749, "件"),
    ("applications_answered", None, 718, "件"),
    ("applications_carried_forward", None, 31, "件"),
    ("fees_collected", None, 380, "元"),  # 其中民政局…收取380元 is a breakdown, not a second fee
]

CASES = {
    "jinping-datongxiang-2024.txt": DATONGXIANG,
    "001_shanghai-bangongting-2019.html": SHANGHAI,
    "002_huaian-shi-2024.pdf": HUAIAN,
    "005_shuyang-xian-2025.md": SHUYANG,
}


@pytest.mark.parametrize("name", list(CASES))
def test_corpus_report_yields_exactly_the_statements_read_by_hand(name):
    assert triples(corpus_doc(name)) == CASES[name]


def test_seed_report_categories_sum_to_its_proactive_total():
    found = statements_of(corpus_doc("jinping-datongxiang-2024.txt"))
    total = next(s.value for s in found if s.kind == "proactive_total")
    parts = [s.value for s in found if s.kind == "proactive_by_category"]
    assert (total, sum(parts), len(parts)) == (58, 58, 5)


def test_approximate_total_keeps_the_approx_flag_and_exact_ones_do_not():
    huaian = statements_of(corpus_doc("002_huaian-shi-2024.pdf"))
    assert [s.approx for s in huaian if s.kind == "proactive_total"] == [True]
    assert not any(s.approx for s in huaian if s.kind != "proactive_total")


@pytest.mark.parametrize("name", list(CASES))
def test_every_span_points_at_its_figure_inside_its_sentence_in_the_section_text(name):
    doc = corpus_doc(name)
    for s in statements_of(doc):
        section = doc.sections[s.section]
        figure = section[s.span_start:s.span_end]
        assert s.sentence in section
        sentence_at = section.index(s.sentence)
        assert sentence_at <= s.span_start and s.span_end <= sentence_at + len(s.sentence), s
        if s.rule.startswith(("apps.none", "lit.none", "fee.none")):
            assert re.match(r"未|没有|无", figure), s
        else:
            assert str(int(s.value)) in re.sub(r"[\s,]", "", figure), s


def test_pdf_text_wrapped_mid_figure_still_spans_the_printed_figure():
    doc = corpus_doc("002_huaian-shi-2024.pdf")
    reviews = next(s for s in statements_of(doc) if s.kind == "reviews")
    assert doc.sections["一"][reviews.span_start:reviews.span_end] == "351\n件"


def test_statement_frame_has_the_warehouse_schema_and_provenance_columns():
    doc = corpus_doc("jinping-datongxiang-2024.txt")
    frame = extract_statements(doc)
    assert frame.schema == STATEMENT_SCHEMA
    assert frame.height == 7
    assert set(frame["source"]) == {doc.path} and set(frame["year"]) == {2024}
    assert set(frame["organ"]) == {"锦屏县大同乡人民政府"}
    assert set(frame["section"]) == {"一"}
    assert frame.filter(frame["kind"] == "proactive_total")["rule"].to_list() == ["proactive.total_disclosed"]
