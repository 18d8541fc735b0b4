"""OCR: scanned PDFs, table screenshots in a page, image files (issue 15).

The fixtures (tests/fixtures/ocr/, made once by make_fixtures.py) are sample-portal reports drawn as
printed pages and screenshots — 130–150 dpi, grayscale, a slight skew, dust, JPEG artefacts — with the
generator's numbers as truth beside them. Every truth cell must be read right or be left unplaced and
named in ``problems``; no cell may be wrong or invented. OCR runs the real PP-OCR models (no mocks): the
two reports take about a minute on a busy 2-core machine, so each is parsed once per module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.readers.images import MAX_IMAGES, table_image_urls
from extract.readers.records import ReportDoc, Token
from transform.normalize import place_rows
from transform.pipeline import ParsedReport, parse_document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ocr"
MIN_ACCURACY = 0.95  # share of truth cells read right; the rest must be named unread, never wrong


def _truth(name: str) -> tuple[dict[str, str], dict[str, str]]:
    head, cells = {}, {}
    for line in (FIXTURES / f"{name}.expected.csv").read_text(encoding="utf-8").splitlines():
        key, value = line.split(",", 1)
        if key.startswith("#"):
            head[key[1:]] = value
        elif key != "cell":
            cells[key] = value
    return head, cells


def _compare(facts: list[dict], problems: list[str], truth: dict[str, str]) -> tuple[int, list[str]]:
    """(cells right, complaints): a wrong value, an invented cell, or a missing cell nobody named."""
    got = {f["cell"]: f for f in facts if not f.get("derived") and not f.get("is_derived")}
    complaints = [f"invented {c}" for c in got if c not in truth]
    right = 0
    for cell, want in truth.items():
        if cell not in got:
            if not any(p.startswith(f"{cell}:") for p in problems):
                complaints.append(f"{cell} missing and not named in problems")
            continue
        if (got[cell]["raw"] or "") != want:
            complaints.append(f"{cell}: read {got[cell]['raw']!r}, printed {want!r}")
        else:
            right += 1
    return right, complaints


@pytest.fixture(scope="module")
def scan() -> ParsedReport:
    path = FIXTURES / "scan-county-2023.pdf"
    return parse_document(path.read_bytes(), str(path))


@pytest.mark.slow
def test_scanned_pdf_every_cell_right_or_named(scan):
    head, truth = _truth("scan-county-2023")
    right, complaints = _compare(list(scan.facts.iter_rows(named=True)), scan.problems, truth)
    assert complaints == []
    assert right >= MIN_ACCURACY * len(truth), f"{right}/{len(truth)} cells read"
    assert (scan.doc.organ, str(scan.doc.year), scan.doc.format) == (head["organ"], head["year"], head["format"])


@pytest.mark.slow
def test_scanned_pdf_facts_are_marked_ocr_with_confidence(scan):
    facts = list(scan.facts.iter_rows(named=True))
    assert {f["via"] for f in facts} == {"ocr"}
    numbers = [f for f in facts if f["status"] == "num" and not f["is_derived"]]
    assert numbers and all(0.8 <= f["confidence"] <= 1 for f in numbers)


@pytest.mark.slow
def test_scanned_pdf_checks_run(scan):
    balance = [c for c in scan.check_rows if c[3] == "R3.BAL"]
    assert balance and {c[5] for c in balance} <= {"pass", "not_evaluable"}


@pytest.mark.slow
def test_html_page_with_table_images_beside_it():
    """`nianbao parse report.html` OCRs the <img> tables that sit in its folder, and marks the facts."""
    page = FIXTURES / "image-page" / "report.html"
    run = subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", "parse", str(page),
                          "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    head, truth = _truth("image-page")
    right, complaints = _compare(report["facts"], report["problems"], truth)
    assert complaints == []
    assert right >= MIN_ACCURACY * len(truth), f"{right}/{len(truth)} cells read"
    assert (report["organ"], str(report["year"]), report["format"]) == (head["organ"], head["year"], head["format"])
    assert all(f["via"] == "ocr" and f["confidence"] is not None for f in report["facts"] if f["value"] is not None)


@pytest.mark.slow
def test_an_image_that_is_not_a_report_is_one_line_exit_2(tmp_path):
    lone = tmp_path / "table4.jpg"  # table 四 alone: no title, no sections, no form labels of 二 or 三
    lone.write_bytes((FIXTURES / "image-page" / "t4.jpg").read_bytes())
    run = subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", "parse", str(lone)],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         timeout=300)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"Error: {lone}: no annual-report title, section headings or statistics tables found"]


@pytest.mark.slow
def test_pdf_of_text_pages_and_a_scanned_page_is_read_whole():
    """Sections 一–二 and 四–六 exported with a text layer, the 三 page scanned in: one report, every cell.
    The text pages are read from their text layer, the scanned page by OCR (its cells carry confidence)."""
    path = FIXTURES / "mixed-county-2023.pdf"
    report = parse_document(path.read_bytes(), str(path))
    head, truth = _truth("mixed-county-2023")
    facts = list(report.facts.iter_rows(named=True))
    right, complaints = _compare(facts, report.problems, truth)
    assert complaints == []
    assert right >= MIN_ACCURACY * len(truth), f"{right}/{len(truth)} cells read"
    assert (report.doc.organ, str(report.doc.year), report.doc.format) == (head["organ"], head["year"], head["format"])
    printed_facts = [f for f in facts if not f["is_derived"]]
    assert {f["table"] for f in printed_facts if f["confidence"] is not None} == {"T3"}  # the scanned page
    # and each cell says how it was read: table 三 (blank cells too) by OCR, the text pages' cells from text
    assert {(f["table"] == "T3", f["via"]) for f in facts} == {(True, "ocr"), (False, "text")}
    assert any(f["table"].startswith("T2") for f in printed_facts) and any(f["table"] == "T4" for f in printed_facts)
    assert any("page(s) 2 of 3 have no text layer" in p for p in report.problems)


def _row_named(cell: str, problems: list[str]) -> bool:
    """The cell, or its whole row (``T3/1 (label): …``, ``not found: T3/1 (…``), is named in problems."""
    row = cell.rsplit("/", 1)[0]
    return any(p.startswith((f"{cell}:", f"{row} (", f"not found: {row} (")) for p in problems)


@pytest.mark.slow
def test_unruled_table_screenshots_are_never_guessed():
    """Table screenshots without ruling lines (150 dpi, skewed, JPEG): the columns are the header's
    bottom cells, each word of ink is read as a cell of the column it sits in (ocr._band_tables). No
    cell is wrong or invented (a missed zero must not become a blank, nor a digit land in the next
    column); a cell not read is named. (Read as whole text lines, before column bands, 20 of 198.)"""
    folder = FIXTURES / "unruled-page"
    images = {f"file://{folder / n}": (folder / n).read_bytes() for n in ("t2.jpg", "t3.jpg", "t4.jpg")}
    report = parse_document((folder / "report.html").read_bytes(), str(folder / "report.html"), images=images)
    head, truth = _truth("unruled-page")
    got = {f["cell"]: f for f in report.facts.iter_rows(named=True) if not f["is_derived"]}
    assert [c for c in got if c not in truth] == []
    assert [f"{c}: {got[c]['raw']!r} for {truth[c]!r}" for c in truth if c in got and got[c]["raw"] != truth[c]] == []
    assert [c for c in truth if c not in got and not _row_named(c, report.problems)] == []
    assert sum(got[c]["raw"] == truth[c] for c in truth if c in got) >= 197  # measured: 197 of 198
    assert got and all(f["via"] == "ocr" and f["confidence"] is not None for f in got.values())
    assert report.doc.organ == head["organ"] and str(report.doc.year) == head["year"]


# ---- without OCR: image URLs of a page, the placer and unread cells ---------------------------------

def test_table_image_urls_are_absolute_in_page_order():
    page = b"""<html><body><div class="logo"><img src="/img/logo.png"></div>
    <div class="TRS_Editor"><p>text</p><img src="./W020250101_1.jpg" width="900">
    <img src="icon_share.gif"><img src="data:image/png;base64,AAAA"><img src="W0_2.png" width="32">
    <img src="../up/W020250101_3.jpeg"></div></body></html>"""
    assert table_image_urls(page, "http://www.jinping.gov.cn/zwgk/2025/t1.html") == [
        "http://www.jinping.gov.cn/zwgk/2025/W020250101_1.jpg", "http://www.jinping.gov.cn/zwgk/up/W020250101_3.jpeg"]


def test_table_image_urls_empty_when_page_has_table_cells():
    rows = "".join(f"<tr><td>{i}.行</td><td>{i}</td><td>0</td></tr>" for i in range(12))
    page = f'<div class="TRS_Editor"><table>{rows}</table><img src="a.jpg"></div>'.encode()
    assert table_image_urls(page, "http://x.gov.cn/a.html") == []


def test_table_image_urls_bounded():
    page = ('<div class="TRS_Editor">' + "".join(f'<img src="p{i}.jpg">' for i in range(50)) + "</div>").encode()
    assert len(table_image_urls(page, "http://x.gov.cn/a.html")) == MAX_IMAGES


def test_unread_cell_is_named_and_its_row_neighbours_placed():
    """An OCR cell with ink that could not be read surely: that cell alone stays unplaced."""
    values = ["3", "0", "1", "0", "0", "0", "4"]
    tokens = [Token("一、本年新收政府信息公开申请数量", "label", 0, 0, 0.99)]
    tokens += [Token(v, "value", 0, 0, 0.97) for v in values]
    tokens[3] = Token("l", "unread", 0, 0, 0.41)
    doc = ReportDoc(path="scan.png", source_kind="image", format="F2021", tokens=tokens, via="ocr")
    rows, problems = place_rows(doc)
    placed = {r[4]: (r[10], r[13], r[14]) for r in rows}
    assert "T3/1/lp_research" not in placed
    assert "T3/1/lp_research: OCR could not read this cell (read 'l', confidence 0.41); not placed" in problems
    assert placed["T3/1/np"] == ("3", "ocr", 0.97) and placed["T3/1/total"] == ("4", "ocr", 0.97)


def test_ocr_row_missing_digits_is_not_split_as_run_on():
    """A line read off an unruled image with one digit for seven columns: the detector missed ink. The
    run-on splitter (for text whose separators were lost) must not make blanks of the missing zeros."""
    tokens = [Token("一、本年新收政府信息公开申请数量", "label", 0, 0, 0.99), Token("0", "value", 0, 0, 0.93)]
    doc = ReportDoc(path="shot.html", source_kind="html", format="F2021", tokens=tokens, via="ocr")
    rows, problems = place_rows(doc)
    assert [r[4] for r in rows if r[4].startswith("T3/1/")] == []
    assert any(p.startswith("T3/1 (") and "1 value(s) for 7 column(s)" in p for p in problems)


def test_text_pdf_with_a_blank_page_is_read_as_text(tmp_path):
    """A page without text and without ink (a blank back side) is not a scan: nothing is OCR'd or flagged."""
    import pypdfium2 as pdfium

    from extract.readers.pdf_text import pdf_page_lines, textless_pages

    source = ROOT / "data" / "corpus" / "002_huaian-shi-2024.pdf"
    pdf = pdfium.PdfDocument(source.read_bytes())
    pdf.new_page(595, 842)  # appended, blank
    path = tmp_path / "with-blank.pdf"
    pdf.save(path)
    data = path.read_bytes()
    assert textless_pages(pdf_page_lines(data, str(path))) == [len(pdf) - 1]
    report = parse_document(data, str(path))
    plain = parse_document(source.read_bytes(), str(source))
    assert report.doc.via == "text" and not any("OCR" in p for p in report.problems)
    assert report.fact_rows and [r[4:] for r in report.fact_rows] == [r[4:] for r in plain.fact_rows]


def test_text_pdf_with_more_pages_without_text_than_ocr_reads_is_still_read(tmp_path):
    """Over MAX_SCAN_PAGES pages without a text layer: the text pages are read, the others named unread."""
    import pypdfium2 as pdfium

    from extract.readers.pdf_text import MAX_SCAN_PAGES

    source = ROOT / "data" / "corpus" / "002_huaian-shi-2024.pdf"
    pdf = pdfium.PdfDocument(source.read_bytes())
    for _ in range(MAX_SCAN_PAGES + 1):
        pdf.new_page(595, 842)
    path = tmp_path / "padded.pdf"
    pdf.save(path)
    report = parse_document(path.read_bytes(), str(path))
    plain = parse_document(source.read_bytes(), str(source))
    assert [r[4:] for r in report.fact_rows] == [r[4:] for r in plain.fact_rows]
    assert f"{MAX_SCAN_PAGES + 1} of {len(pdf)} pages have no text layer: over the OCR limit of {MAX_SCAN_PAGES} " \
           "pages, not read" in report.problems


def _page_with(src: dict[str, str]) -> bytes:
    """The image-page fixture with each image's ``src`` replaced (``./t2.jpg`` → ``src["t2.jpg"]``)."""
    html = (FIXTURES / "image-page" / "report.html").read_text(encoding="utf-8")
    for name, new in src.items():
        html = html.replace(f'src="./{name}"', f'src="{new}"')
    return html.encode("utf-8")


IMAGES = ("t2.jpg", "t3.jpg", "t4.jpg")


def test_a_saved_page_still_pointing_at_the_server_finds_its_images_beside_it(tmp_path):
    """Saved from a portal, the page keeps ``/uploadfiles/…`` or ``http://…`` sources while the images sit
    in its folder: `nianbao parse` takes the file of that name there — and nothing outside the folder."""
    from flows.cli.parse import _page_images

    (tmp_path / "page").mkdir()
    for name in IMAGES[:2]:
        (tmp_path / "page" / name).write_bytes((FIXTURES / "image-page" / name).read_bytes())
    (tmp_path / "t4.jpg").write_bytes(b"outside the page's folder")
    page = tmp_path / "page" / "report.html"
    data = _page_with({"t2.jpg": "http://www.example.gov.cn/uploadfiles/2023/t2.jpg",
                       "t3.jpg": "/uploadfiles/t3.jpg", "t4.jpg": "../t4.jpg"})
    page.write_bytes(data)
    found = _page_images(page, data)
    assert sorted(found) == ["file:///uploadfiles/t3.jpg", "http://www.example.gov.cn/uploadfiles/2023/t2.jpg"]
    assert found["file:///uploadfiles/t3.jpg"] == (FIXTURES / "image-page" / "t3.jpg").read_bytes()


def test_images_written_into_the_page_are_decoded_in_order_and_bounded():
    import base64

    from selectolax.lexbor import LexborHTMLParser

    from extract.readers.images import MAX_EMBEDDED_BYTES, embedded_images

    def found(page: bytes) -> dict[str, bytes]:  # the page as the reader has parsed it
        return embedded_images(LexborHTMLParser(page.decode("utf-8")))

    blob = {n: (FIXTURES / "image-page" / n).read_bytes() for n in IMAGES}
    uri = {n: "data:image/jpeg;base64," + base64.b64encode(b).decode() for n, b in blob.items()}
    assert found(_page_with(uri)) == {f"embedded:{i}": blob[n] for i, n in enumerate(IMAGES, 1)}
    huge = "data:image/png;base64," + "A" * (MAX_EMBEDDED_BYTES * 4 // 3 + 8192)
    broken = "data:image/png;base64,@@not-base64@@"
    assert found(_page_with({"t2.jpg": huge, "t3.jpg": broken, "t4.jpg": uri["t4.jpg"]})) == {
        "embedded:1": blob["t4.jpg"]}
    assert found(b"<html><body><p>no images</p></body></html>") == {}


@pytest.mark.slow
def test_a_page_whose_table_screenshots_are_written_into_it_is_read_by_ocr():
    """Some CMS editors keep a pasted screenshot inside the page as a ``data:`` URI: the same cells as the
    page with the images beside it, with nothing passed in and nothing fetched."""
    import base64

    uri = {n: "data:image/jpeg;base64," + base64.b64encode((FIXTURES / "image-page" / n).read_bytes()).decode()
           for n in IMAGES}
    pr = parse_document(_page_with(uri), "report.html")
    head, truth = _truth("image-page")
    right, complaints = _compare(list(pr.facts.iter_rows(named=True)), pr.problems, truth)
    assert complaints == []
    assert right >= MIN_ACCURACY * len(truth), f"{right}/{len(truth)} cells read"
    assert {f["via"] for f in pr.facts.iter_rows(named=True)} == {"ocr"}
