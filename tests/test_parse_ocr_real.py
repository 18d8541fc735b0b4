"""OCR on REAL report layouts: a scan of a real PDF and a real page whose tables are screenshots (issue 15).

The fixtures (tests/fixtures/ocr/real-*, made once by make_real.py) start from reports real offices
published — data/corpus/002_huaian-shi-2024.pdf scanned at 150 dpi, data/corpus/001_shanghai-bangongting-2019.html
with its tables as 120 dpi screenshots — and their truth is the corpus's hand-read expectation files, not
anything the parser printed. No cell may be wrong or invented; a cell not read must be named in
``problems``; at least 97% must be read right. Each is parsed once per module (about a minute on a
busy 2-core machine for the scan).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.readers import ocr
from extract.readers.images import table_image_urls
from extract.readers.records import ReportDoc, Token
from tests.conftest import CORPUS, read_expected
from tests.variants import printed_facts
from transform.normalize import place_rows
from transform.pipeline import ParsedReport, parse_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ocr"
MIN_ACCURACY = 0.97


def _complaints(pr: ParsedReport, truth: dict[str, float | None]) -> tuple[int, list[str]]:
    """(cells right, complaints): a wrong value, blank read as printed or back, an invented cell, or a
    cell not read that ``problems`` does not name."""
    facts = printed_facts(pr)
    complaints = [f"{cell}: invented ({facts[cell]['raw']!r})" for cell in sorted(set(facts) - set(truth))]
    right = 0
    for cell, want in truth.items():
        fact = facts.get(cell)
        if fact is None:
            if not any(p.startswith(f"{cell}:") for p in pr.problems):
                complaints.append(f"{cell}: not read and not named in problems")
        elif want is None and fact["status"] != "blank":
            complaints.append(f"{cell}: printed blank, read {fact['raw']!r}")
        elif want is not None and (fact["value"] is None or abs(fact["value"] - want) > 1e-9):
            complaints.append(f"{cell}: printed {want}, read {fact['raw']!r}")
        else:
            right += 1
    return right, complaints


@pytest.fixture(scope="module")
def huaian() -> ParsedReport:
    path = FIXTURES / "real-huaian-2024.pdf"
    return parse_document(path.read_bytes(), str(path))


@pytest.fixture(scope="module")
def shanghai() -> ParsedReport:
    page = FIXTURES / "real-shanghai-2019" / "report.html"
    data = page.read_bytes()
    images = {url: (page.parent / url.rsplit("/", 1)[1]).read_bytes()
              for url in table_image_urls(data, page.resolve().as_uri())}
    assert len(images) == 3  # the page's three tables, each a screenshot
    return parse_document(data, str(page), "text/html", images=images)


@pytest.mark.slow
@pytest.mark.parametrize(("report", "expected"), [("huaian", "002_huaian-shi-2024.expected.csv"),
                                                  ("shanghai", "001_shanghai-bangongting-2019.expected.csv")])
def test_real_layout_no_cell_wrong_or_invented_every_miss_named(report, expected, request):
    pr = request.getfixturevalue(report)
    meta, truth = read_expected(CORPUS / "expected" / expected)
    right, complaints = _complaints(pr, truth)
    assert complaints == []
    assert right >= MIN_ACCURACY * len(truth), f"{right}/{len(truth)} cells read right"
    assert (pr.doc.organ, str(pr.doc.year), pr.doc.format) == (meta["organ"], meta["year"], meta["format"])
    assert pr.doc.via == "ocr"


# ---- without OCR models: glyphs, and OCR'd row labels with a misread character -------------------------

def _drawn(text: str, blur: float = 0.6) -> np.ndarray:
    """A number as a scanned cell shows it: a serif font at ~13 px, blurred, gray on white."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 18)
    img = Image.new("L", (16 * len(text) + 8, 24), 255)
    ImageDraw.Draw(img).text((4, 2), text, font=font, fill=0)
    return np.asarray(img.filter(ImageFilter.GaussianBlur(blur)))


def test_glyphs_count_separate_digits_and_keep_a_faint_zero_whole():
    assert len(ocr._glyphs(_drawn("11"))) == 2
    assert len(ocr._glyphs(_drawn("1"))) == 1
    zero = _drawn("0", blur=1.0)
    faint = np.where(zero < 250, np.minimum(255, zero.astype(int) + 60), zero).astype(np.uint8)
    assert len(ocr._glyphs(faint)) == 1


def _t3(labels_and_values: list[tuple[str, list[str]]], conf: float | None = 0.95) -> ReportDoc:
    tokens = []
    for row, (label, values) in enumerate(labels_and_values):
        tokens.append(Token(label, "label", row, 0, conf))
        tokens += [Token(v, "value", row, 0, conf) for v in values]
    return ReportDoc(path="scan.pdf", source_kind="pdf", format="F2021", tokens=tokens,
                     via="ocr" if conf is not None else "text")


SEVEN = ["1288", "21", "0", "0", "50", "3", "1362"]
HEAD = [("一、本年新收政府信息公开申请数量", ["3", "0", "0", "0", "0", "0", "3"]),
        ("二、上年结转政府信息公开申请数量", ["0"] * 7)]


def test_ocr_label_with_one_character_misread_is_its_row():
    rows, problems = place_rows(_t3([*HEAD, ("（一）子以公开", SEVEN)]))  # 予 read as 子
    placed = {r[4]: r[10] for r in rows}
    assert [placed[f"T3/3.1/{c}"] for c in ("np", "lp_biz", "total")] == ["1288", "21", "1362"]
    assert not any("子以公开" in p for p in problems)


def test_typed_label_is_never_read_as_a_misread():
    rows, problems = place_rows(_t3([*HEAD, ("（一）子以公开", SEVEN)], conf=None))
    assert not any(r[4].startswith("T3/3.1/") for r in rows)
    assert any("7 value cell(s) outside any recognised row" in p for p in problems)


def test_misread_label_as_close_to_two_rows_is_named_not_placed():
    # 以予公开 is as close to 予以公开 (3.1) as to 不予公开 (3.3): no clear margin
    rows, problems = place_rows(_t3([*HEAD, ("以予公开", SEVEN)]))
    assert not any(r[4].startswith(("T3/3.1/", "T3/3.3/")) for r in rows)
    assert any(p.startswith("T3: OCR'd row label '以予公开' not clearly one row") for p in problems)
    assert "T3/3.1/np: not found in the OCR'd table (its row label or its cells were not read)" in problems


def test_misread_label_out_of_the_forms_order_is_named_not_placed():
    # after 3.5.2 the form cannot go back to 3.1: a clear resemblance is not enough
    rows, problems = place_rows(_t3([*HEAD, ("（一）予以公开", SEVEN), ("2.重复申请", ["1"] + ["0"] * 5 + ["1"]),
                                     ("（一）子以公开", SEVEN)]))
    assert any("3.1 does not come next after 3.5.2" in p for p in problems)
    assert {r[4]: r[10] for r in rows}["T3/3.1/np"] == "1288"  # from the exact label only


def test_refused_label_after_a_group_label_leaves_the_group_empty():
    # 属于国家秘密 read as 属于国家机器人: too far from any row; its values are not the group's (3.3)
    rows, problems = place_rows(_t3([*HEAD, ("（三）不予公开", []), ("1.属于国家机器人", ["2"] + ["0"] * 5 + ["2"])]))
    assert not any(r[4].startswith(("T3/3.3/", "T3/3.3.1/")) for r in rows)
    assert any(p.startswith("T3: OCR'd row label '1.属于国家机器人'") for p in problems)
    assert "T3/3.3.1/np: not found in the OCR'd table (its row label or its cells were not read)" in problems
