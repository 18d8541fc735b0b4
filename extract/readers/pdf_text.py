"""PDF → text lines, with page furniture removed, for the text-table reader.

pypdfium2 (PDFium, Apache-2.0/BSD) rather than pdfplumber (MIT, on pdfminer.six): both are permissive,
but PDFium extracts a page's text in C roughly an order of magnitude faster, and its reading order keeps
a table row's label and numbers on one line in the real reports we have (002). pdfplumber stays a dev
dependency as the benchmark baseline.

Furniture: page numbers ("- 4 -", "第 4 页", "4/12", a bare number equal to the page's number) on the
first or last lines of a page, and header/footer lines repeated on most pages. Tables split across pages
need no special joining: the text reader works on the token stream, so a row whose label ends one page
and whose numbers start the next is read as one row.
"""

from __future__ import annotations

import re
from collections import Counter

from common.errors import NotAReport, ParseError


class NoTextLayer(NotAReport):
    """Raised by ``pdf_lines`` for a PDF whose pages are images (a scan): the reader OCRs it instead."""


MAX_PAGES = 200  # a report is a few dozen pages; a "PDF" with thousands is hostile or not a report
_PAGE_NO = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|"
                      r"\d{1,4}\s*/\s*\d{1,4})\s*$")
_BARE = re.compile(r"^\s*(\d{1,4})\s*$")


def _is_page_number(line: str, page_index: int) -> bool:
    """A bare number counts only when it is near the page's own number: a lone "0" may be a table value."""
    if _PAGE_NO.match(line):
        return True
    m = _BARE.match(line)
    return bool(m) and abs(int(m.group(1)) - (page_index + 1)) <= 2


def pdf_lines(data: bytes, source: str, pages: list[list[str]] | None = None) -> list[str]:
    """The text lines of a PDF with a text layer, furniture removed; ``NoTextLayer`` for a scan.
    ``pages``: the PDF's ``pdf_page_lines`` when the caller has them already."""
    pages = pdf_page_lines(data, source) if pages is None else pages
    if sum(len("".join(p)) for p in pages) < 20:
        raise NoTextLayer(source, "PDF has no text layer (scanned image?)")
    return _drop_furniture(pages)


MIN_PAGE_TEXT = 20  # characters: a page with less text than this is an image (a scanned page) to OCR


def textless_pages(pages: list[list[str]]) -> list[int]:
    """Indexes of the pages with (almost) no text layer: in a report that mixes exported and scanned
    pages (the signed statistics page scanned in, say), these are the pages to OCR."""
    return [i for i, p in enumerate(pages) if len("".join("".join(p).split())) < MIN_PAGE_TEXT]


def pdf_page_lines(data: bytes, source: str) -> list[list[str]]:
    """Each page's text-layer lines (stripped, non-empty), page by page, furniture kept."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # PdfiumError and friends: the file is not a readable PDF
        raise ParseError(source, f"not a readable PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
    try:
        n = len(pdf)
        if n == 0:
            raise NotAReport(source, "PDF has no pages")
        if n > MAX_PAGES:
            raise NotAReport(source, f"PDF has {n} pages (limit {MAX_PAGES}): not read as a report")
        pages: list[list[str]] = []
        for i in range(n):
            try:  # a damaged page object fails here, after the document itself opened fine (found by fuzzing)
                page = pdf[i]
            except Exception as exc:
                raise ParseError(source, f"page {i + 1} of {n} cannot be read: damaged PDF "
                                         f"({type(exc).__name__}: {str(exc)[:60]})") from None
            try:
                tp = page.get_textpage()
                text = tp.get_text_bounded()
                tp.close()
            except Exception as exc:
                raise ParseError(source, f"text of page {i + 1} of {n} cannot be read: damaged PDF "
                                         f"({type(exc).__name__}: {str(exc)[:60]})") from None
            finally:
                page.close()
            pages.append([ln.strip() for ln in text.replace("\r", "\n").split("\n") if ln.strip()])
    finally:
        pdf.close()
    return pages


def _drop_furniture(pages: list[list[str]]) -> list[str]:
    return [ln for p in drop_page_furniture(pages) for ln in p]


def drop_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without page numbers and repeated headers/footers (pages kept apart)."""
    repeated: set[str] = set()
    if len(pages) >= 3:
        edges = Counter(ln for p in pages for ln in {*p[:2], *p[-2:]})
        repeated = {ln for ln, c in edges.items() if c >= max(3, int(0.6 * len(pages))) and len(ln) < 60}
    out: list[list[str]] = []
    for i, p in enumerate(pages):
        lines = list(p)
        for _ in range(2):  # page number may be the first or last line, or second with a header
            if lines and (_is_page_number(lines[0], i) or lines[0] in repeated):
                lines.pop(0)
            if lines and (_is_page_number(lines[-1], i) or lines[-1] in repeated):
                lines.pop()
        out.append(lines)
    return out


MAX_SCAN_PAGES = 40  # OCR costs about a second a page: a longer scan is not one township's report
SCAN_DPI = 170  # A4 at 170 dpi is ocr.WORK_WIDTH wide: 10.5 pt digits ~25 px high, read reliably


def page_images(data: bytes, source: str, dpi: int = SCAN_DPI, only: list[int] | None = None) -> list:
    """Each page (or the pages ``only`` names) rendered to an RGB numpy array, for OCR (which makes it
    grayscale itself: a red seal over the figures is told from print by its colour, ocr._gray)."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        n = len(pdf)
        if (len(only) if only is not None else n) > MAX_SCAN_PAGES:
            raise NotAReport(source, f"scanned PDF of {n} pages (limit {MAX_SCAN_PAGES} for OCR)")
        out = []
        for i in range(n) if only is None else only:
            page = pdf[i]
            try:
                out.append(np.array(page.render(scale=dpi / 72, rev_byteorder=True).to_numpy()[:, :, :3]))
            except Exception as exc:
                raise ParseError(source, f"page {i + 1} of {n} cannot be rendered: damaged PDF "
                                         f"({type(exc).__name__}: {str(exc)[:60]})") from None
            finally:
                page.close()
        return out
    finally:
        pdf.close()
