"""The same real report, re-published the ways portals and tools mangle it, must give the SAME cells.

Each variant is built from a real corpus report by tests/variants.py; the cells are compared with the
hand-read expectation file, cell by cell, blank by blank, with no invented cell allowed.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from opencc import OpenCC

from extract.readers.decode import sniff
from tests import variants as v
from transform.pipeline import parse_document

SH_META, SH_CELLS = v.expected(v.SHANGHAI)
SEED_META, SEED_CELLS = v.expected(v.SEED)


def assert_shanghai(pr) -> None:
    assert v.cell_differences(pr, SH_CELLS) == []
    assert (pr.doc.organ, pr.doc.year, pr.doc.format) == (SH_META["organ"], int(SH_META["year"]), SH_META["format"])


@pytest.fixture(scope="module")
def markup() -> str:
    return v.shanghai_markup()


@pytest.fixture(scope="module")
def blocks(markup) -> list:
    return v.page_blocks(markup)


# ---- encodings ----------------------------------------------------------------------------------------

def test_gbk_page_declaring_gb2312_in_meta_gives_the_same_cells(markup):
    data = v.as_gbk(markup, meta=True)
    assert sniff(data)[1] == "meta"
    assert_shanghai(parse_document(data, "report.html"))


def test_gbk_page_declared_only_by_the_http_header_gives_the_same_cells(markup):
    data = v.as_gbk(markup, meta=False)
    assert sniff(data, "text/html; charset=GBK")[1] == "header"
    assert_shanghai(parse_document(data, "report.html", "text/html; charset=GBK"))


def test_gbk_page_with_no_declared_charset_is_detected_and_gives_the_same_cells(markup):
    data = v.as_gbk(markup, meta=False)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert_shanghai(parse_document(data, "report.html", "text/html"))


def test_gbk_seed_text_with_no_declared_charset_gives_the_same_cells():
    pr = parse_document(v.seed_text().encode("gbk"), "report.txt")
    assert v.cell_differences(pr, SEED_CELLS) == []


# ---- label noise ----------------------------------------------------------------------------------------

def test_heji_printed_for_zongji_gives_the_same_cells(markup):
    changed = v.map_table_text(markup, lambda t: t.replace("总计", "合计"))
    assert changed.count("合计") >= 5 and "总计" not in changed.split("三、收到", 1)[1]
    assert_shanghai(parse_document(changed.encode(), "report.html"))


def test_half_width_brackets_in_labels_give_the_same_cells(markup):
    changed = v.map_table_text(markup, lambda t: t.replace("（", "(").replace("）", ")"))
    assert "(一)予以公开" in changed and "（七）总计" not in changed
    assert_shanghai(parse_document(changed.encode(), "report.html"))


def test_traditional_character_labels_give_the_same_cells(markup):
    s2t = OpenCC("s2t").convert
    changed = v.map_table_text(markup, s2t)
    assert "信息內容" in changed and "行政強制" in changed and "總計" in changed
    assert_shanghai(parse_document(changed.encode(), "report.html"))


# ---- other table markup ---------------------------------------------------------------------------------

def test_word_generated_markup_with_o_p_nested_spans_and_br_in_labels_gives_the_same_cells(markup):
    changed = v.word_markup(markup)
    assert "<o:p>" in changed and "本年<br>" not in markup and "<br>\n" in changed
    assert_shanghai(parse_document(changed.encode(), "report.html"))


def test_page_rebuilt_from_an_independent_reading_of_its_tables_gives_the_same_cells(blocks):
    # Guards the variant builders themselves: re-rendering the page unchanged must change nothing.
    assert_shanghai(parse_document(v.render_page(blocks).encode(), "report.html"))


@pytest.mark.parametrize("cut_before", ["一、本年新收", "1.属于国家秘密", "2.其他法律", "（六）其他处理", "（七）总计",
                                        "四、结转"])
def test_table_three_split_across_two_html_tables_gives_the_same_cells(blocks, cut_before):
    i = v.statistics_table(blocks, "申请人情况")
    first, second = v.split_table(blocks[i], v.row_index(blocks[i], cut_before))
    page = v.render_page([*blocks[:i], first, "（续上表）", second, *blocks[i + 1:]])
    assert page.count("<table") == 4
    assert_shanghai(parse_document(page.encode(), "report.html"))


def test_docx_of_the_tables_with_merged_cells_gives_the_same_cells(blocks):
    data = v.docx_of(blocks)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "w:vMerge" in xml and "w:gridSpan" in xml  # the T3 header and vertical label really are merged
    assert_shanghai(parse_document(data, "report.docx"))


def test_markdown_pipe_tables_give_the_same_cells(blocks):
    text = v.markdown_tables(blocks)
    assert "|---|" in text
    assert_shanghai(parse_document(text.encode(), "report.md"))


def test_one_cell_per_line_text_gives_the_same_cells(blocks):
    text = v.one_cell_per_line(blocks)
    assert "\n|\n|\n" in text  # blank cells are explicit: a "|" line right after another
    assert_shanghai(parse_document(text.encode(), "report.txt"))


def test_seed_as_one_cell_per_line_text_gives_the_same_cells():
    # the five empty header cells printed after 总计 in table 四 (a rowspan artifact) come each on its own
    # line here, right before the fifteen numbers: they must not push the numbers out of place
    text = v.one_cell_per_line(v.seed_blocks())
    assert v.cell_differences(parse_document(text.encode(), "report.txt"), SEED_CELLS) == []


# ---- the two layouts of （六）其他处理 -------------------------------------------------------------------

def test_2019_layout_prints_other_handling_as_one_row(markup):
    facts = v.printed_facts(parse_document(markup.encode(), "report.html"))
    assert {c for c in facts if c.startswith("T3/3.6")} == {f"T3/3.6/{c}" for c in
                                                            ("np", "lp_biz", "lp_research", "lp_welfare",
                                                             "lp_legal", "lp_other", "total")}


def test_shanghai_with_other_handling_as_the_2021_group_gives_the_three_sub_items(blocks):
    i = v.statistics_table(blocks, "申请人情况")
    rows = [list(r) for r in blocks[i]]
    k = v.row_index(rows, "（六）其他处理")
    values = rows[k][1:]
    subs = [
        [v.Cell("（六）其他处理", rowspan=3), v.Cell("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
         *values],
        [v.Cell("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), *[v.Cell("0")] * 7],
        [v.Cell("3.其他"), *[v.Cell("")] * 7],
    ]
    vertical = v.row_index(rows, "三、本年度办理结果")
    rows[vertical][0] = v.Cell(rows[vertical][0].text, rows[vertical][0].rowspan + 2, rows[vertical][0].colspan)
    page = v.render_page([*blocks[:i], [*rows[:k], *subs, *rows[k + 1:]], *blocks[i + 1:]])
    expected = {c: x for c, x in SH_CELLS.items() if not c.startswith("T3/3.6/")}
    for col in ("np", "lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other", "total"):
        expected[f"T3/3.6.1/{col}"] = SH_CELLS[f"T3/3.6/{col}"]
        expected[f"T3/3.6.2/{col}"] = 0.0
        expected[f"T3/3.6.3/{col}"] = None
    pr = parse_document(page.encode(), "report.html")
    assert v.cell_differences(pr, expected) == []
    assert pr.doc.format == "MIXED"  # 2019 section 二 labels beside 2021 section 三 labels


def test_huaian_text_with_other_handling_collapsed_to_one_row_gives_the_2019_row():
    from extract.readers.reader import read_report

    text = read_report((v.CORPUS / v.HUAIAN).read_bytes(), "report.pdf").text
    start = text.index("（六）其\n他处理")
    end = text.index("3、其他 108 2 0 0 0 0 110") + len("3、其他 108 2 0 0 0 0 110")
    one_row = text[:start] + "（六）其他处理 181 5 0 0 1 0 187" + text[end:]
    facts = v.printed_facts(parse_document(one_row.encode(), "report.txt"))
    assert [facts[f"T3/3.6/{c}"]["value"] for c in ("np", "lp_biz", "lp_legal", "total")] == [181, 5, 1, 187]
    assert not [c for c in facts if c.startswith("T3/3.6.")]


# ---- text that lost its empty cells ----------------------------------------------------------------------

def _rows_with_blanks(cells: dict[str, float | None]) -> set[str]:
    return {c.rsplit("/", 1)[0] for c, x in cells.items() if x is None}


@pytest.mark.parametrize("source", ["shanghai", "seed"])
def test_plain_lines_place_full_rows_and_list_every_row_that_lost_a_blank_cell(source, blocks):
    page_blocks, cells = (blocks, SH_CELLS) if source == "shanghai" else (v.seed_blocks(), SEED_CELLS)
    pr = parse_document(v.plain_lines(page_blocks).encode(), "report.txt")
    assert pr.doc.explicit_blanks is False
    lost = _rows_with_blanks(cells)
    assert lost, "the source must have rows with blank cells for this test to mean anything"
    kept = {c: x for c, x in cells.items() if c.rsplit("/", 1)[0] not in lost}
    assert v.cell_differences(pr, kept) == []  # full rows placed exactly; nothing placed for the others
    for row in sorted(lost):
        # a row that kept some values says so; a row printed all blank is just "not found"
        prefixes = ("T4:", "not found: T4/") if row.startswith("T4/") else (f"{row} (", f"not found: {row} (")
        assert any(p.startswith(prefixes) for p in pr.problems), f"{row} lost a blank cell but is not reported"
