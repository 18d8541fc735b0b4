"""Properties: any number in any of the wordings comes back exactly; sentences with no count give nothing."""

from __future__ import annotations

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st
from statements_fixtures import doc_with

from transform.statements import statements_of

# (kind, wording with {n} for the printed number, unit, section)
WORDINGS = [
    ("proactive_total", "全年主动公开政府信息{n}条。", "条", "一"),
    ("proactive_total", "本年度共主动公开各类政府信息共计{n}条,做到应公开尽公开。", "条", "一"),
    ("proactive_total", "(一)主动公开方面。2024年,本乡在县政府门户网站公开各类政府信息共计{n}条。", "条", "一"),
    ("applications_received", "全年收到政府信息公开申请{n}件,均已按时答复。", "件", "一"),
    ("applications_received", "2024年共受理政府信息公开申请{n}件。", "件", "一"),
    ("applications_received", "本年度新收政府信息公开申请{n}件，依法依规予以答复。", "件", "一"),
    ("reviews", "全年发生政府信息公开行政复议{n}件。", "件", "一"),
    ("lawsuits", "全年发生政府信息公开行政诉讼{n}件。", "件", "一"),
    ("fees_collected", "依据《政府信息公开信息处理费管理办法》规定,本年度共收取信息处理费{n}元。", "元", "六"),
    ("press_conferences", "全年召开新闻发布会{n}场。", "场", "一"),
]


def _printed(value: int, style: str) -> str:
    if style == "chinese":
        return cn2an.an2cn(value, "low")
    if style == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(value))
    if style == "spaced":  # PDF text: spaces and a line break around the number
        return f" {value}\n"
    return str(value)


@settings(max_examples=150, deadline=None)
@given(wording=st.sampled_from(WORDINGS), value=st.integers(min_value=1, max_value=99_999),
       style=st.sampled_from(["ascii", "chinese", "fullwidth", "spaced"]))
def test_any_number_in_any_wording_round_trips(wording, value, style):
    kind, template, unit, section = wording
    text = template.format(n=_printed(value, style))
    kind_of_source = "pdf" if style == "spaced" else "text"  # only PDF text wraps lines mid-sentence
    doc = (doc_with(text, source_kind=kind_of_source) if section == "一"
           else doc_with(six=text, source_kind=kind_of_source))
    found = [(s.kind, s.value, s.unit, s.approx) for s in statements_of(doc)]
    assert found == [(kind, value, unit, False)]
    (stmt,) = statements_of(doc)
    assert doc.sections[section][stmt.span_start:stmt.span_end].strip().startswith(_printed(value, style).strip())


FILLERS = ["主动公开", "政府信息", "依申请公开", "行政复议", "信息处理费", "新闻发布会", "政务新媒体", "推送", "受理",
           "收到", "公开", "申请", "共计", "累计", "，", "、"]


@st.composite
def non_count(draw) -> str:
    """A number that is not a count: percentage, date, phone, document number, article, year, plain."""
    n = draw(st.integers(min_value=0, max_value=9999))
    form = draw(st.sampled_from([
        f"{n}%", f"{n}.5%", f"{2000 + n % 30}年{1 + n % 12}月{1 + n % 28}日", f"0{n:04d}-8360{n:04d}",
        f"〔{2000 + n % 30}〕{n}号", f"第{cn2an.an2cn(n % 60 + 1, 'low')}条", f"第{n}条", f"{2000 + n % 30}年度",
        f"占比{n}%", f"邮编{n:06d}", f"{n}",
    ]))
    return form


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.one_of(st.sampled_from(FILLERS), non_count()), min_size=1, max_size=8))
def test_sentences_with_no_count_never_become_statements(parts):
    sentence = "".join(parts) + "。"
    doc = doc_with(f"(一)主动公开方面。{sentence}", sentence)
    assert statements_of(doc) == []
