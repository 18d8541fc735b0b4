"""Word 97 .doc and WPS .wps, cell by cell against what a person read off the real reports.

The fixtures were made once with LibreOffice (tests/fixtures/make_doc_fixtures.py): the real Shanghai 2019
page, whose rowspans become vertically merged cells, and the real Huaian 2024 figures in the 2021 form's
merged-header layout. Reading them needs nothing but olefile.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ParseError
from extract.readers.doc_reader import read_doc
from tests.conftest import CORPUS, read_expected
from tests.variants import cell_differences
from transform.pipeline import parse_document

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [("shanghai-2019.doc", "001_shanghai-bangongting-2019.expected.csv"),
         ("huaian-2024.wps", "002_huaian-shi-2024.expected.csv")]


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_every_expected_cell_and_no_other(name, expected):
    meta, cells = read_expected(CORPUS / "expected" / expected)
    pr = parse_document((FIXTURES / name).read_bytes(), name)
    assert not cell_differences(pr, cells), "\n".join(cell_differences(pr, cells))
    assert (pr.doc.organ, pr.doc.year, pr.doc.format) == (meta["organ"], int(meta["year"]), meta["format"])
    assert pr.doc.source_kind == "doc"
    assert pr.problems == []


def test_merged_cells_are_printed_once_at_their_origin():
    _text, tokens, grids = read_doc((FIXTURES / "huaian-2024.wps").read_bytes(), "huaian-2024.wps", 20_000)
    rows: dict[int, list[str]] = {}
    for tok in tokens:
        rows.setdefault(tok.row, []).append(tok.text)
    by_label = {r[0]: r for r in rows.values()}
    # 三、本年度办理结果 spans 22 rows: it opens the first, and the next rows start with their own label
    assert by_label["三、本年度办理结果"][1:] == ["（一）予以公开", "1288", "21", "0", "0", "50", "3", "1362"]
    assert by_label["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"][1:] == ["447", "7", "0", "0", "0", "0", "454"]
    assert by_label["行政许可"] == ["行政许可", "447228"]  # colspan=3 is one cell
    assert len(grids) == 3


def test_paragraphs_outside_tables_are_the_text_lines():
    text, _tokens, _grids = read_doc((FIXTURES / "shanghai-2019.doc").read_bytes(), "s.doc", 20_000)
    lines = text.splitlines()
    assert lines[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert "五、政府信息公开工作存在的主要问题及改进情况" in lines


def test_cell_limit_refuses_a_table_dump():
    with pytest.raises(ParseError, match="more than 100 table cells"):
        read_doc((FIXTURES / "shanghai-2019.doc").read_bytes(), "s.doc", 100)


@pytest.mark.parametrize("cut", [600, 5000, 30000])
def test_a_truncated_doc_is_one_clear_error(cut):
    data = (FIXTURES / "shanghai-2019.doc").read_bytes()[:cut]
    with pytest.raises(ParseError) as info:
        parse_document(data, "cut.doc")
    assert str(info.value).startswith("cut.doc: ") and "\n" not in str(info.value)


# ---- a Word file as an office really leaves it (tests/fixtures/make_revised_doc.py) -------------------------
# The real 淮安 2024 figures, with tracked changes, hidden text, fields, a header, a footer, a footnote, a
# comment and a text box left in the file. The truth CSV is written from the figures the fixture was made
# from, never from a reader's output.
REVISED = ["revised-2024.doc", "revised-2024-fastsaved.doc"]


def _rows(name: str) -> tuple[str, dict[str, list[str]]]:
    text, tokens, _grids = read_doc((FIXTURES / name).read_bytes(), name, 20_000)
    rows: dict[tuple[int, int], list[str]] = {}
    for tok in tokens:
        rows.setdefault((tok.table, tok.row), []).append(tok.text)
    return text, {r[0]: r for r in rows.values()}


@pytest.mark.parametrize("name", [*REVISED, "revised-2024-split.doc"])
def test_a_revised_file_gives_every_truth_cell_and_no_other(name):
    meta, cells = read_expected(FIXTURES / "revised-2024.truth.csv")
    pr = parse_document((FIXTURES / name).read_bytes(), name)
    assert not cell_differences(pr, cells), "\n".join(cell_differences(pr, cells))
    assert (pr.doc.organ, pr.doc.year, pr.doc.format) == (meta["organ"], int(meta["year"]), meta["format"])
    assert pr.problems == []


@pytest.mark.parametrize("name", REVISED)
def test_tracked_deletions_and_hidden_text_are_not_read(name):
    text, rows = _rows(name)
    # 一、本年新收: total 3118 deleted, 3119 inserted; a hidden "1" after 商业企业's 53
    assert rows["一、本年新收政府信息公开申请数量"][1:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    # （一）予以公开: a "9" deleted from inside 1288; （二）部分公开: "47" inserted after "4"
    assert rows["三、本年度办理结果"][2] == "1288"
    assert rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"][1] == "447"
    # a whole row deleted with track changes on (its figures 9 9 9 9 9 9 54) is not a row
    assert [r for r in rows if r.startswith("二、上年结转")] == ["二、上年结转政府信息公开申请数量"]
    assert rows["二、上年结转政府信息公开申请数量"][1:] == ["34", "0", "0", "0", "0", "0", "34"]
    assert "坚持以人民为中心，持续推进政务公开。" in text and "大力" not in text  # deleted words in a paragraph
    assert "13912345678" not in text  # a hidden note after the signature


@pytest.mark.parametrize("name", REVISED)
def test_a_field_shows_its_result_and_other_stories_stay_out_of_the_body(name):
    text, rows = _rows(name)
    assert rows["（七）总计"][-1] == "3050"  # { =SUM(LEFT) } whose shown result is 3050
    assert "SUM" not in text
    # header, footer (PAGE/NUMPAGES fields), footnote, comment and text box: stories after ccpText
    for elsewhere in ("淮政办发", "第 1 页", "其中 12 件", "核对", "填报说明"):
        assert elsewhere not in text
    assert rows["三、本年度办理结果"][-1] == "1362"  # the cell holding the footnote's reference mark


@pytest.mark.parametrize("name", REVISED)
def test_merged_repeated_and_short_rows_keep_their_cells(name):
    _text, rows = _rows(name)
    assert rows["规章"] == ["规章", "1", "0", ""]  # its last cell is empty: still four cells
    assert rows["行政复议"] == ["行政复议", "行政诉讼"]  # table 四's header: colspans and a rowspan
    assert rows["未经复议直接起诉"] == ["未经复议直接起诉", "复议后起诉"]
    # table 三's three header rows repeat on every page it spans, yet are stored (and read) once
    assert sum(r.startswith("（本列数据") for r in rows) == 1
    # its first column is one cell over 22 rows: printed once, at its origin
    assert rows["（三）不予公开"] == ["（三）不予公开", "1.属于国家秘密", "2", "0", "0", "0", "0", "0", "2"]
    assert rows["2.其他法律行政法规禁止公开"][1:] == ["30", "1", "0", "0", "0", "0", "31"]


def test_a_table_cut_at_a_page_break_with_its_header_typed_again_reads_as_one():
    _text, _tokens, grids = read_doc((FIXTURES / "revised-2024-split.doc").read_bytes(), "split.doc", 20_000)
    assert len(grids) == 4  # 表二, 表三 in two parts, 表四
    # the second part: the three header rows typed again, then the rows from （五）不予处理 on
    assert [c for c, _rs, _cs in grids[2][0]][0].startswith("（本列数据")
    assert [c for c, _rs, _cs in grids[2][3]] == ["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请",
                                                "56", "6", "0", "0", "0", "0", "62"]


def test_a_fast_saved_file_is_read_through_its_pieces():
    data = (FIXTURES / "revised-2024-fastsaved.doc").read_bytes()
    # the stale figure Word's fast save leaves in the stream, no longer in any piece
    assert "（七）总计\x072392".encode("utf-16-le") in data
    _text, rows = _rows("revised-2024-fastsaved.doc")
    assert rows["（七）总计"][1] == "2932"
    assert rows["四、结转下年度继续办理"][1] == "103"  # a "7" deleted through its piece's Prm0
    assert rows["结果维持"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    assert next(r for r in rows.values() if r[0] == "72")[4] == "351"  # a "0" hidden through a Prm1


def test_a_word_95_file_is_one_clear_refusal():
    data = bytearray((FIXTURES / "shanghai-2019.doc").read_bytes())
    at = data.index(bytes.fromhex("ECA5"))  # the WordDocument stream's FIB; nFib follows the magic number
    data[at + 2:at + 4] = (104).to_bytes(2, "little")  # Word 95
    with pytest.raises(ParseError, match=r"^old\.doc: Word 6/95 \.doc \(nFib 104\): unsupported"):
        parse_document(bytes(data), "old.doc")


@pytest.mark.parametrize("delivery", ["doc", "wps"])
def test_the_sample_portal_doc_and_wps_give_every_manifest_cell(delivery):
    """The portal's .wps is the generator's (LibreOffice's Word 97 container under the WPS name, as WPS
    Office writes it): it must read exactly like the .doc, against what the generator printed."""
    from tests.portal_fixtures import PROVINCE, reports, site_file

    (row,) = [r for r in reports(PROVINCE) if r["delivery"] == delivery]
    pr = parse_document(site_file(row).read_bytes(), site_file(row).name)
    cells = {k: None if v is None else float(v) for k, v in row["truth"].items()}
    assert len(cells) >= 198 and not cell_differences(pr, cells), "\n".join(cell_differences(pr, cells))
    assert (pr.doc.organ, pr.doc.year, pr.problems) == (row["organ"], int(row["year"]), [])
