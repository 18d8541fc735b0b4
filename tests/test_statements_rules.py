"""One behaviour of the statement rules per test, on sentences written the way reports write them."""

from __future__ import annotations

import pytest
from statements_fixtures import doc_with, triples

from transform.statements import extract_statements, statements_of


def test_total_in_a_proactive_subsection_counts_even_without_the_word_主动():
    doc = doc_with("(一)主动公开方面。2024年,本乡在政府网站公开各类政府信息共计58条。")
    assert triples(doc) == [("proactive_total", None, 58, "条")]


def test_same_wording_outside_a_proactive_subsection_is_not_a_total():
    doc = doc_with("(四)平台建设方面。在政府网站公开各类政府信息共计58条。")
    assert triples(doc) == []


def test_breakdown_in_brackets_after_the_total_gives_one_statement_per_category():
    doc = doc_with("本年度共主动公开政府信息30条（工作动态20条、通知公告9条、政府信息公开年报1条），做到应公开尽公开。")
    assert triples(doc) == [("proactive_total", None, 30, "条"),
                            ("proactive_by_category", "工作动态", 20, "条"),
                            ("proactive_by_category", "通知公告", 9, "条"),
                            ("proactive_by_category", "政府信息公开年报", 1, "条")]


def test_chinese_numerals_are_read_as_numbers():
    doc = doc_with("全年主动公开政府信息一百零五条。全年收到政府信息公开申请两件。六、无", "本年度共收取信息处理费三十元。")
    assert triples(doc) == [("proactive_total", None, 105, "条"), ("applications_received", None, 2, "件"),
                            ("fees_collected", None, 30, "元")]


def test_full_width_digits_and_thousands_commas_are_read():
    doc = doc_with("全年主动公开政府信息１２３条，共受理政府信息公开申请1,234件。")
    assert triples(doc) == [("proactive_total", None, 123, "条"), ("applications_received", None, 1234, "件")]


def test_ten_thousands_multiplier_and_approx_words_are_kept():
    doc = doc_with("全年主动公开政府信息1.2万余条。")
    (st,) = statements_of(doc)
    assert (st.value, st.unit, st.approx) == (12000, "条", True)


@pytest.mark.parametrize("wording", ["约300条", "近300条", "超过300条", "300多条", "300余条", "300条以上"])
def test_approximate_wordings_set_the_flag(wording):
    (st,) = statements_of(doc_with(f"全年主动公开政府信息{wording}。"))
    assert (st.value, st.approx) == (300, True)


def test_cumulative_figure_since_a_date_is_told_apart_from_this_years():
    doc = doc_with("截至2024年底，累计主动公开政府信息12000条。全年累计主动公开政府信息800条。")
    assert [(s.value, s.cumulative) for s in statements_of(doc)] == [(12000, True), (800, False)]


def test_other_organs_output_is_not_this_organs_total():
    doc = doc_with("全年通过门户网站主动公开政府信息4511条。督促县直部门在信息公开页面发布信息3044条。")
    assert triples(doc) == [("proactive_total", None, 4511, "条")]


def test_cleaned_up_items_are_not_disclosures():
    doc = doc_with("(一)主动公开方面。组织开展已公开信息内容清理行动，累计清理过期信息697条。")
    assert triples(doc) == []


@pytest.mark.parametrize("sentence", [
    "2024年,大同乡人民政府未收到依申请公开的申请。",
    "本年度没有收到政府信息公开申请。",
    "本年度无政府信息公开申请。",
    "依申请公开申请数量为零。",
])
def test_negated_applications_give_zero(sentence):
    assert triples(doc_with(sentence)) == [("applications_received", None, 0, "件")]


def test_no_review_and_no_lawsuit_gives_two_zeros_from_one_phrase():
    found = statements_of(doc_with("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"))
    assert [(s.kind, s.value) for s in found] == [("lawsuits", 0), ("reviews", 0)]
    assert len({(s.span_start, s.span_end) for s in found}) == 1


def test_no_review_alone_says_nothing_about_lawsuits():
    assert triples(doc_with("本年度没有被申请行政复议的情况，行政诉讼1件。")) == [
        ("reviews", None, 0, "件"), ("lawsuits", None, 1, "件")]


def test_zero_lost_lawsuits_is_not_zero_lawsuits():
    assert triples(doc_with("继续保持了零败诉的记录。")) == []


def test_fee_stated_in_section_six_is_read_there_and_its_breakdown_is_not_a_second_fee():
    doc = doc_with(six="全县行政机关收取信息处理费共计380元，其中民政局1件，收取380元。")
    (st,) = statements_of(doc)
    assert (st.kind, st.value, st.unit, st.section) == ("fees_collected", 380, "元", "六")


def test_fee_in_ten_thousand_yuan_keeps_its_unit():
    assert triples(doc_with(six="本年度收取信息处理费0.05万元。")) == [("fees_collected", None, 0.05, "万元")]


def test_no_fee_collected_gives_zero_yuan():
    assert triples(doc_with(six="依据《政府信息公开信息处理费管理办法》规定，本年度未收取信息处理费。")) == [
        ("fees_collected", None, 0, "元")]


def test_press_conferences_counted_before_or_after_the_noun():
    doc = doc_with("组织召开了“稳就业”等新闻发布会12场。全年召开3次新闻发布会。")
    assert triples(doc) == [("press_conferences", "新闻发布会", 12, "场"),
                            ("press_conferences", "新闻发布会", 3, "次")]


def test_new_media_pushes_need_a_media_sentence():
    assert triples(doc_with("通过政务微信公众号推送图文信息260余条。")) == [
        ("new_media_posts", "图文信息", 260, "条")]
    assert triples(doc_with("全年推送图文信息260条。")) == []


@pytest.mark.parametrize("sentence", [
    "根据《条例》第二十条规定，主动公开政府信息。",
    "主动公开率达90.2%，较去年提高3.5%。",
    "统计时限为2024年1月1日至2024年12月31日。",
    "联系电话:0517-83605210，邮编223001。",
    "依据国办公开办函〔2021〕30号文件主动公开。",
    "受理平台接入53个部门2261项事项。",
    "两条微信阅读量即达180万次。",
    "截至目前，全市在运维政务新媒体共计95个。",
])
def test_sentences_without_a_stated_count_give_nothing(sentence):
    assert triples(doc_with(f"(一)主动公开方面。{sentence}", sentence)) == []


def test_sections_other_than_one_and_six_are_not_read():
    doc = doc_with("")
    doc.sections["五"] = "下一步计划主动公开政府信息100条。"
    assert extract_statements(doc).height == 0
