"""Table SCREENSHOTS cut the ways real pages cut them (issue 15): one table over two images, two tables
in one image, a whole report page in one image, images scaled by the page or small, PNG/GIF variants.

The fixtures (tests/fixtures/ocr/shots-cuts, made once by make_shots.py ``cuts()``) are 淮安 2024's F2021
tables drawn by headless Chromium; the tables not under test in a page are the committed
``shots-huaian-2024-*`` screenshots. Truth is the corpus's hand-read expectation file. No cell may be
wrong or invented and every miss must be named in ``problems``; the floors are what the reader reached
when these tests were written (measured, not copied from the truth). Each page is parsed once per module.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from extract.readers.images import table_image_urls
from tests.conftest import CORPUS, read_expected
from tests.test_parse_ocr_real import _complaints
from transform.pipeline import ParsedReport, parse_document

FOLDER = Path(__file__).resolve().parent / "fixtures" / "ocr" / "shots-cuts"
TRUTH = CORPUS / "expected" / "002_huaian-shi-2024.expected.csv"
# page → (images it shows, cells that must be read right at least; 200 are printed)
CASES = {
    "split-three": (4, 0),  # table 三 over two three-line screenshots, the second without its header
    "split-gray": (4, 0),  # the same with light-gray rules and a （续表） line between
    "two-in-one": (2, 0),  # tables 二 and 三 in one screenshot, section 三's heading between them
    "whole-page": (3, 0),  # table 四 inside a screenshot of the page: headings and prose around it
    "scaled-big": (3, 0),  # 1.5× screenshots shown at <img width=600>
    "scaled-small": (3, 0),  # table 三 at ~75 dpi, 690 px wide
    "formats": (3, 0),  # transparent RGBA PNG, palette PNG, GIF
}
_parsed: dict[str, ParsedReport] = {}


def _parse(name: str) -> ParsedReport:
    if name not in _parsed:
        page = FOLDER / f"{name}.html"
        data = page.read_bytes()
        urls = table_image_urls(data, page.resolve().as_uri())
        images = {url: Path(unquote(urlsplit(url).path)).read_bytes() for url in urls}
        assert len(images) == CASES[name][0]
        _parsed[name] = parse_document(data, str(page), "text/html", images=images)
    return _parsed[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_cut_screenshots_no_cell_wrong_or_invented_every_miss_named(name):
    pr = _parse(name)
    meta, truth = read_expected(TRUTH)
    right, complaints = _complaints(pr, truth)
    print(name, right, len(truth), len(complaints), complaints[:8])
    assert complaints == []
    assert right >= CASES[name][1], f"{right}/{len(truth)} cells read right"
    assert (pr.doc.organ, str(pr.doc.year), pr.doc.format, pr.doc.via) == (meta["organ"], meta["year"],
                                                                           meta["format"], "ocr")
