"""Table SCREENSHOTS that are not black-ruled (issue 15): light-gray grids and three-line tables.

The fixtures (tests/fixtures/ocr/shots-*, made once by make_shots.py) are real reports' tables drawn by
headless Chromium at 96 dpi and JPEG'd: 上海 2019's own HTML tables and 淮安 2024's F2021 tables, each
(a) with light-gray 1-px borders (#d4d4d4, #ccc), found on a fainter threshold than black rules, and
(b) as three-line tables (top rule, rule under the header, bottom rule, nothing else), read by column
position from the header's bottom cells, and (c) with rules so light that JPEG breaks them up (the grid
is not trusted, the columns are read by position) or none at all, cells left- or right-aligned. Truth is the corpus's hand-read expectation files. No cell may
be wrong or invented, every miss must be named in ``problems``; the floors are what the reader reached
when these tests were written (measured on the fixtures, not copied from the truth). Each page is
parsed once per module (~10 s each on a busy 2-core machine).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import ocr
from extract.readers.images import table_image_urls
from tests.conftest import CORPUS, read_expected
from tests.test_parse_ocr_real import _complaints
from transform.pipeline import ParsedReport, parse_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ocr"
# fixture → (truth file, cells that must be read right at least)
CASES = {
    "shots-shanghai-2019-gray": ("001_shanghai-bangongting-2019", 198),
    "shots-shanghai-2019-three": ("001_shanghai-bangongting-2019", 197),
    "shots-huaian-2024-gray": ("002_huaian-shi-2024", 200),
    "shots-huaian-2024-three": ("002_huaian-shi-2024", 200),
    "shots-shanghai-2019-faint": ("001_shanghai-bangongting-2019", 198),  # #e0e0e0 broken by JPEG
    "shots-huaian-2024-none": ("002_huaian-shi-2024", 199),  # no rules, zebra stripes, right-aligned
}
_parsed: dict[str, ParsedReport] = {}


def _parse(name: str) -> ParsedReport:
    if name not in _parsed:
        page = FIXTURES / name / "report.html"
        data = page.read_bytes()
        images = {url: (page.parent / url.rsplit("/", 1)[1]).read_bytes()
                  for url in table_image_urls(data, page.resolve().as_uri())}
        assert len(images) == 3
        _parsed[name] = parse_document(data, str(page), "text/html", images=images)
    return _parsed[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_screenshot_no_cell_wrong_or_invented_every_miss_named(name):
    expected, floor = CASES[name]
    pr = _parse(name)
    meta, truth = read_expected(CORPUS / "expected" / f"{expected}.expected.csv")
    right, complaints = _complaints(pr, truth)
    assert complaints == []
    assert right >= floor, f"{right}/{len(truth)} cells read right"
    assert (pr.doc.organ, str(pr.doc.year), pr.doc.format, pr.doc.via) == (meta["organ"], meta["year"],
                                                                           meta["format"], "ocr")


@pytest.mark.slow
def test_three_line_blank_cells_are_blank_and_numbers_carry_confidence():
    """上海 prints blanks, not zeros, in most of table 三: a column band with no ink in a clearly laid
    out row is read as printed blank; every number read carries the recogniser's confidence."""
    pr = _parse("shots-shanghai-2019-three")
    facts = {f["cell"]: f for f in pr.facts.iter_rows(named=True) if not f["is_derived"]}
    assert facts["T3/3.3.2/np"]["status"] == "blank" and facts["T3/3.1/np"]["raw"] == "258"
    numbers = [f for f in facts.values() if f["status"] == "num"]
    assert numbers and all(f["via"] == "ocr" and 0.8 <= f["confidence"] <= 1 for f in numbers)


# ---- without OCR models: which column a word of ink belongs to --------------------------------------

BANDS = [(100.0, 200.0), (200.0, 300.0), (300.0, 400.0)]


def _row(*spans: tuple[int, int]):
    import numpy as np

    binary = np.zeros((30, 420), dtype=np.uint8)
    for x0, x1 in spans:
        binary[8:22, x0:x1] = 255
    return ocr._row_cells(binary, 0, 30, BANDS)


def _kinds(cells) -> list[str]:
    return ["unread" if c.conf == 0.0 else "blank" if c.w == 0 else "read" for c in cells]


def test_each_word_is_read_in_its_column_and_an_empty_column_is_blank():
    cells = _row((140, 160), (330, 352))
    assert _kinds(cells) == ["read", "blank", "read"]
    assert cells[0].x <= 140 and cells[0].x + cells[0].w >= 160  # the word's own crop, with a margin


def test_a_word_across_two_columns_leaves_both_unread_and_no_blank_in_that_row():
    assert _kinds(_row((140, 160), (285, 315))) == ["read", "unread", "unread"]
    assert _kinds(_row((185, 215))) == ["unread", "unread", "unread"]  # nothing in the row is sure


def test_two_words_in_one_column_leave_it_unread():
    assert _kinds(_row((210, 225), (270, 290), (330, 350))) == ["unread", "unread", "read"]


# ---- without OCR models: light-gray grids ------------------------------------------------------------

def _grid_image(rule: int, drop_row_rule: bool = False):
    """A 4-row × 3-column grid with 1-px rules of gray ``rule`` and black text, as a browser draws it."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 20)
    img = Image.new("L", (1400, 300), 255)
    pen = ImageDraw.Draw(img)
    xs, ys = [20, 600, 1000, 1380], [20, 80, 140, 200, 260]
    for i, y in enumerate(ys):
        if not (drop_row_rule and i in (2, 3)):
            pen.line([(xs[0], y), (xs[-1], y)], fill=rule)
    for x in xs:
        pen.line([(x, ys[0]), (x, ys[-1])], fill=rule)
    for r in range(4):
        pen.text((xs[0] + 10, ys[r] + 18), f"{r + 1}.属于国家秘密", font=font, fill=0)
        for c in (1, 2):
            pen.text((xs[c] + 150, ys[r] + 18), str(10 * r + c), font=font, fill=0)
    return np.asarray(img)


def test_light_gray_rules_are_found_that_otsu_drops():
    gray = _grid_image(212)  # #d4d4d4
    assert ocr._tables(ocr._ink(gray))[0] == []
    tables, _rules = ocr._faint_tables(gray)
    assert len(tables) == 1 and len(tables[0]) == 12
    assert not ocr._incomplete(gray, ocr._ink(gray), tables)


def test_a_light_grid_with_rows_run_together_is_not_trusted():
    gray = _grid_image(224, drop_row_rule=True)  # the rules under rows 2 and 3 lost: one cell over three rows
    tables, _rules = ocr._faint_tables(gray)
    assert tables and ocr._incomplete(gray, ocr._ink(gray), tables)
