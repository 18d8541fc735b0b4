"""Table SCREENSHOTS cut the ways real pages cut them (issue 15): one table over two images, two tables
in one image, a whole report page in one image, images scaled by the page or small, PNG/GIF variants.

The fixtures (tests/fixtures/ocr/shots-cuts, made once by make_shots.py ``cuts()``) are 淮安 2024's F2021
tables drawn by headless Chromium; the tables not under test in a page are the committed
``shots-huaian-2024-*`` screenshots. Truth is the corpus's hand-read expectation file. No cell may be
wrong or invented and every miss must be named in ``problems``; the floors are what the reader reached
when these tests were written (measured, not copied from the truth). Each page is parsed once per module.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest
from PIL import Image

from extract.readers import ocr
from extract.readers.images import table_image_urls
from tests.conftest import CORPUS, read_expected
from tests.test_parse_ocr_real import _complaints
from transform.pipeline import ParsedReport, parse_document

FOLDER = Path(__file__).resolve().parent / "fixtures" / "ocr" / "shots-cuts"
TRUTH = CORPUS / "expected" / "002_huaian-shi-2024.expected.csv"
# page → (images it shows, cells that must be read right at least; 200 are printed)
CASES = {
    "split-three": (4, 200),  # table 三 over two three-line screenshots, the second without its header
    "split-gray": (4, 197),  # the same with light-gray rules and a （续表） line between
    "two-in-one": (2, 199),  # tables 二 and 三 in one screenshot, section 三's heading between them
    "two-in-one-three": (2, 199),  # the same as three-line tables
    "whole-page": (3, 200),  # table 四 inside a screenshot of the page: headings and prose around it
    "scaled-big": (3, 200),  # 1.5× screenshots shown at <img width=600>
    "scaled-small": (3, 200),  # table 三 at ~75 dpi, 690 px wide
    "formats": (3, 192),  # transparent RGBA PNG, palette PNG, GIF
    # the second half of the three-line table 三 cut 40 px further left (same width): its columns do not
    # line up with the first half's, so its cells are left unplaced and named, never read in the wrong column
    "split-three-shifted": (4, 95),
    # table 三 without any rules (zebra stripes, right-aligned; shots-huaian-2024-none) cut in two here:
    # no rule marks the table's edge, the columns' places in the rows of numbers line up
    "split-none": (4, 199),
}
SHIFT = 40
_parsed: dict[str, ParsedReport] = {}


def _parse(name: str) -> ParsedReport:
    if name not in _parsed:
        page = FOLDER / f"{'split-three' if name == 'split-none' else name.removesuffix('-shifted')}.html"
        data = page.read_bytes()
        urls = table_image_urls(data, page.resolve().as_uri())
        images = {url: Path(unquote(urlsplit(url).path)).read_bytes() for url in urls}
        if name.endswith("-shifted"):
            images = {url: _shifted(raw) if url.endswith("-b.jpg") else raw for url, raw in images.items()}
        if name == "split-none":
            halves = _halves((FOLDER.parent / "shots-huaian-2024-none" / "t2.jpg").read_bytes())
            images = {url: halves[url[-5]] if url[-6:-5] == "-" else raw for url, raw in images.items()}
        assert len(images) == CASES[name][0]
        _parsed[name] = parse_document(data, str(page), "text/html", images=images)
    return _parsed[name]


def _shifted(raw: bytes) -> bytes:
    """The image cut SHIFT px further left, white paper added on the right: the same width."""
    a = np.asarray(Image.open(io.BytesIO(raw)).convert("L"))
    out = np.full_like(a, 255)
    out[:, :-SHIFT] = a[:, SHIFT:]
    buf = io.BytesIO()
    Image.fromarray(out).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _halves(raw: bytes) -> dict[str, bytes]:
    """A screenshot of a table without rules cut in two in the blank between two rows near its middle."""
    a = np.asarray(Image.open(io.BytesIO(raw)).convert("L"))
    blank = [y for y in range(a.shape[0]) if a[y].min() >= 200]
    y = min(blank, key=lambda y: abs(y - a.shape[0] // 2))
    out = {}
    for key, part in (("a", a[:y]), ("b", a[y:])):
        Image.fromarray(part).save(buf := io.BytesIO(), "JPEG", quality=90)
        out[key] = buf.getvalue()
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_cut_screenshots_no_cell_wrong_or_invented_every_miss_named(name):
    pr = _parse(name)
    meta, truth = read_expected(TRUTH)
    right, complaints = _complaints(pr, truth)
    assert complaints == []
    assert right >= CASES[name][1], f"{right}/{len(truth)} cells read right"
    assert (pr.doc.organ, str(pr.doc.year), pr.doc.format, pr.doc.via) == (meta["organ"], meta["year"],
                                                                           meta["format"], "ocr")


# ---- without OCR models -------------------------------------------------------------------------------

def test_a_transparent_png_is_laid_on_white_paper():
    """Black ink whose alpha is its darkness: without the alpha the whole image is black (0)."""
    page = ocr.decode_image((FOLDER / "fmt-t1.png").read_bytes(), "fmt-t1.png")[0]
    assert np.median(page) == 255 and page.min() < 60
    lone = Image.new("P", (40, 20), 0)  # index 0 black and transparent: the paper; index 1 black ink
    lone.putpalette([0, 0, 0] * 2)
    lone.putpixel((5, 5), 1)
    raws = []
    for fmt in ("PNG", "GIF"):  # a palette PNG and a GIF with a transparent index
        lone.save(buf := io.BytesIO(), fmt, transparency=0)
        raws.append(buf.getvalue())
    for raw in raws:
        page = ocr.decode_image(raw, "x")[0]
        assert np.median(page) == 255


BANDS = [(600.0, 700.0), (700.0, 800.0), (800.0, 900.0)]


def _continued(*rows: list[tuple[int, int]], left: int = 20):
    """A table's second screenshot: a rule from ``left``, rows of words at the given x-spans."""
    gray = np.full((40 * len(rows) + 20, 1000), 255, dtype=np.uint8)
    gray[-4:-2, left:960] = 0
    for r, spans in enumerate(rows):
        for x0, x1 in spans:
            gray[10 + 40 * r:24 + 40 * r, x0:x1] = 0
    binary = ((gray < 128) * 255).astype(np.uint8)
    binary[-4:-2] = 0  # the rule is taken out of the ink, as _unruled does
    return gray, binary


def test_a_continued_table_is_read_in_the_carried_columns_only_when_they_line_up():
    carry = ocr.Columns(920, 20, 600.0, BANDS)
    full, part = [(640, 660), (740, 760), (840, 860)], [(640, 660), (840, 860)]
    assert ocr._lines_up(*_continued(full, part), carry)
    assert not ocr._lines_up(*_continued(full, part, left=60), carry)  # cut at another left edge
    assert not ocr._lines_up(*_continued(part, part), carry)  # no row fills every column: fewer columns?
    assert not ocr._lines_up(*_continued(full, [(640, 660), (690, 720)]), carry)  # a word across two


def test_without_a_rule_edge_the_places_of_the_columns_are_compared():
    full = [(640, 660), (740, 760), (840, 860)]
    gray, binary = _continued(full, full)
    carry = ocr.Columns(920, 20, 600.0, BANDS, ocr._profile(binary, ocr._body_ink_rows(binary, 600.0), 600.0))
    assert ocr._lines_up(*_continued(full, [(645, 655), (840, 860)], left=300), carry)  # labels differ
    moved = [(x0 + 15, x1 + 15) for x0, x1 in full]  # still inside the bands, but cut elsewhere
    assert not ocr._lines_up(*_continued(moved, moved), carry)
