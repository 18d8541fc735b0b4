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
