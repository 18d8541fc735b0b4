"""Read one report document: bytes + URL/filename + content type → ``ReportDoc``.

The reader never fetches. It recognises the container (HTML, text/markdown, PDF, DOCX, Word 97 .doc and
WPS .wps, images; OFD is reported as unsupported, never mistaken for an empty report), decodes text, reads
the metadata and the six sections, and turns every table cell into a token in reading order. Scans
(images, PDFs without a text layer) and tables pasted into a page as images are read by OCR
(extract.readers.ocr); the caller passes a page's images in, fetched or read beside it. A PDF whose pages
are partly exported text and partly scans is read both ways, page by page, into one token stream. Placing tokens
onto canonical cells is transform/'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from common.errors import NotAReport, ParseError
from extract.readers import metadata
from extract.readers.decode import decode
from extract.readers.labels import label_key
from extract.readers.records import ReportDoc, Token

MAX_BYTES = 64 * 1024 * 1024  # a report page is well under 1 MB; the fetcher caps bodies lower still
# A report prints about 300 table cells; reading runs near 250k cells a second, so a page with more than
# this is a data dump or hostile, and is refused before it costs minutes (a 50 MB table took a minute).
MAX_CELLS = 20_000
MAX_TABLE_LINES = 20_000  # the same bound for text: lines between sections 二 and 五
HEAD_LINE_CHARS = 1_000  # title/organ/year patterns scan the head per position: cap each line they see
_CELL_TAG = re.compile(rb"<t[dh][\s>/]", re.I)

SIG_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期未按收费通知", "逾期不补正")
SIG_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减",
            "其他对外管理服务事项", "政府集中采购")
# one alternation each, searched once per label instead of one substring test per signature word
_SIG_2021 = re.compile("|".join(map(re.escape, SIG_2021)))
_SIG_2019 = re.compile("|".join(map(re.escape, SIG_2019)))
_HTMLISH = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|div|p|meta|span|td)\b", re.I)
_REPORTISH = re.compile(r"信息公开.{0,8}(?:年度报告|年报|工作报告)|年度报告|主动公开|依申请公开")


def sniff_kind(data: bytes, name: str, content_type: str | None) -> str:
    head = data[:2048]
    ext = PurePosixPath(name.split("?")[0]).suffix.lower()
    ctype = (content_type or "").split(";")[0].strip().lower()
    if head.startswith(b"%PDF") or (b"%PDF-" in head[:1024]):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"OFD.xml" in data[:4096] or ext == ".ofd":
            return "ofd"
        if ext in (".xlsx", ".xls") or b"xl/" in data[:2048]:
            return "xlsx"
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        return "image"
    if ctype in ("application/pdf",):
        return "pdf"
    if ctype == "text/html" or ext in (".html", ".htm", ".shtml", ".xhtml") or _HTMLISH.search(head):
        return "html"
    return "text"


def read_report(data: bytes, name: str, content_type: str | None = None,
                images: dict[str, bytes] | None = None) -> ReportDoc:
    """Read a document; raise ``NotAReport`` (with a reason) for content that is not a report.

    ``images``: for an HTML page whose statistics tables are images, their bytes keyed by the absolute
    URLs ``extract.readers.images.table_image_urls`` gave, in that order. They, and the images written
    into the page itself as ``data:`` URIs, are OCR'd only when the page has no table cells of its own."""
    if not data or not data.strip():
        raise NotAReport(name, "empty file")
    if len(data) > MAX_BYTES:
        raise ParseError(name, f"{len(data)} bytes is over the {MAX_BYTES} byte limit for one report")
    kind = sniff_kind(data, name, content_type)
    if kind == "ofd":
        raise NotAReport(name, "OFD document: unsupported")
    if kind == "xlsx":
        raise NotAReport(name, "spreadsheet attachment: not a report document")

    grids: list[list[list[tuple[str, int, int]]]] = []
    html_title = None
    scan = None  # what OCR read, for scans and table images
    mixed = None  # a PDF of text pages and scanned pages: both, line by line
    if kind == "image":
        from extract.readers.ocr import decode_image, read_pages

        scan = read_pages(decode_image(data, name))
        lines, tokens, explicit = [], None, False
    elif kind == "pdf":
        from extract.readers.pdf_text import (
            NoTextLayer,
            page_images,
            pdf_lines,
            pdf_page_lines,
            textless_pages,
        )

        pages = pdf_page_lines(data, name)
        try:
            lines = pdf_lines(data, name, pages)
            if scanned := textless_pages(pages):  # some pages are scans among exported ones: OCR those
                mixed = _mixed_pdf(data, name, pages, scanned)
                lines = mixed.lines if mixed is not None else lines
        except NoTextLayer:
            from extract.readers.ocr import read_pages

            scan = read_pages(page_images(data, name))
            lines = []
        tokens, explicit = None, False
    elif kind == "docx":
        from extract.readers.docx_reader import read_docx

        text, tokens, grids = read_docx(data, name)
        lines = text.splitlines()
        explicit = True
    elif kind == "ole":  # Word 97 .doc and WPS .wps (the same container); .xls/.ppt are refused inside
        from extract.readers.doc_reader import read_doc

        text, tokens, grids = read_doc(data, name, MAX_CELLS)
        lines = text.splitlines()
        explicit = True
    else:
        text, _enc = decode(data, content_type)
        _reject_binary(text, name)
        if kind == "html":
            from selectolax.lexbor import LexborHTMLParser

            from extract.readers.html_tables import GridTooLarge, read_tables
            from extract.readers.html_text import html_title as find_html_title
            from extract.readers.html_text import html_to_text

            cells = len(_CELL_TAG.findall(data))
            if cells > MAX_CELLS:
                raise NotAReport(name, f"{cells} table cells: more than any report prints (limit {MAX_CELLS})")
            from extract.readers.html_guard import check_nesting

            if (why := check_nesting(data)) is not None:  # before the tree builder, whose cost is quadratic
                raise NotAReport(name, why)
            tree = LexborHTMLParser(text)
            try:
                tokens, grids = read_tables(tree)
            except GridTooLarge as exc:
                raise NotAReport(name, f"{exc}: hostile or broken table markup") from None
            html_title = find_html_title(text)
            lines = html_to_text(text).splitlines()
            explicit = True
            if not any(t.kind == "value" for t in tokens):
                if b"data:image" in data:
                    from extract.readers.images import embedded_images

                    images = {**(images or {}), **embedded_images(tree)}
                if images:
                    scan = _ocr_images(data, name, images, len(grids))
            if not tokens:  # a page whose tables were flattened into paragraphs: read it as text
                tokens = None
        else:
            lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
            tokens = None

    if scan is not None:
        if kind != "html":
            lines = scan.lines
        if scan.ruled:
            tokens, explicit = scan.tokens, True
            grids = grids + scan.tables
        elif kind == "html":  # table screenshots without rules: their text lines, read as plain rows
            from extract.readers.text_tables import text_tokens

            tokens = [t._replace(conf=scan.line_conf[t.row]) for t in text_tokens("\n".join(scan.lines))[0]]
            explicit = False
    sections, starts = metadata.split_sections(lines)
    if mixed is not None:
        lo, hi = starts.get("二", 0), starts.get("五", len(lines))
        tokens = mixed.tokens(lo, hi if hi > lo else len(lines))
        grids = mixed.grids
        explicit = False
    if tokens is None:
        from extract.readers.text_tables import text_tokens

        lo = starts.get("二", 0)
        hi = starts.get("五", len(lines))
        if hi <= lo:
            hi = len(lines)
        if hi - lo > MAX_TABLE_LINES:
            raise NotAReport(name, f"{hi - lo} lines of tables: more than any report prints "
                                   f"(limit {MAX_TABLE_LINES})")
        # text and flattened pages may be hard-wrapped by the copy; a PDF's text layer and OCR lines are not
        tokens, explicit_text = text_tokens("\n".join(lines[lo:hi]), wrapped=kind in ("text", "html") and scan is None)
        explicit = explicit_text if kind not in ("pdf", "image") else False
        if scan is not None:  # OCR'd lines: each token carries its line's confidence
            tokens = [t._replace(conf=scan.line_conf[lo + t.row]) for t in tokens]
    doc_text = "\n".join(lines)
    title = metadata.find_title(lines, (html_title or "")[:HEAD_LINE_CHARS] or None)
    head = "\n".join(ln[:HEAD_LINE_CHARS] for ln in lines[:60])
    year, organ = metadata.find_year_and_organ(title, head)
    if organ is None:
        organ = metadata.find_source_organ(head) or metadata.find_signature_organ(lines)
    if year is None:
        year = metadata.find_body_year(sections)
    published = metadata.find_published(lines)
    fmt = detect_format(tokens, year)
    source_kind = {"html": "html", "ole": "doc"}.get(kind, kind)
    doc = ReportDoc(path=name, source_kind=source_kind, title=title, organ=organ,
                    year=year, published=published, format=fmt, sections=sections, tables=grids,
                    tokens=tokens, explicit_blanks=explicit, text=doc_text)
    if scan is not None and any(t.conf is not None for t in tokens):
        doc.via = "ocr"
        doc.problems.extend(scan.problems)
    if mixed is not None:
        doc.via = "ocr" if any(t.conf is not None for t in tokens) else "text"
        doc.ocr_rows = mixed.ocr_rows
        doc.problems.extend(mixed.problems)
    if not _looks_like_report(doc, starts):
        raise NotAReport(name, "no annual-report title, section headings or statistics tables found")
    return doc


@dataclass(slots=True)
class _Mixed:
    """A PDF whose pages are partly text, partly scans: all its lines in page order, and for each line
    where it came from — the text layer (conf None), an OCR'd text line (its confidence), or an OCR'd
    ruled table row (``rows``: that row's cell tokens)."""

    lines: list[str]
    conf: list[float | None]
    rows: dict[int, list[Token]]
    grids: list[list[list[tuple[str, int, int]]]]
    problems: list[str]

    @property
    def ocr_rows(self) -> frozenset[int]:
        """The lines (token rows) OCR read: its text lines and its ruled table rows."""
        return frozenset(i for i, c in enumerate(self.conf) if c is not None) | frozenset(self.rows)

    def tokens(self, lo: int, hi: int) -> list[Token]:
        """The table region's tokens: text lines through the text reader, OCR'd ruled rows as read, every
        token's row being its line's index (one stream, one placer)."""
        from extract.readers.text_tables import text_tokens

        out: list[Token] = []
        run: list[int] = []

        def flush() -> None:
            if run:
                got, _explicit = text_tokens("\n".join(self.lines[i] for i in run))
                out.extend(t._replace(row=run[t.row], conf=self.conf[run[t.row]]) for t in got)
                run.clear()

        for i in range(lo, hi):
            if i in self.rows:
                flush()
                out.extend(t._replace(row=i) for t in self.rows[i])
            else:
                run.append(i)
        flush()
        return out


def _mixed_pdf(data: bytes, name: str, pages: list[list[str]], scanned: list[int]) -> _Mixed | None:
    """Read the text pages of a PDF from its text layer and OCR the ``scanned`` ones, in page order
    (None when the pages without text are blank)."""
    import numpy as np

    from extract.readers.ocr import read_pages
    from extract.readers.pdf_text import MAX_SCAN_PAGES, drop_page_furniture, page_images

    if len(scanned) > MAX_SCAN_PAGES:  # the text pages are still a report: read them, name what was not
        lines = [ln for p in drop_page_furniture(pages) for ln in p]
        return _Mixed(lines, [None] * len(lines), {}, [], [
            f"{len(scanned)} of {len(pages)} pages have no text layer: over the OCR limit of {MAX_SCAN_PAGES} "
            "pages, not read"])
    text_pages = drop_page_furniture([[] if i in scanned else p for i, p in enumerate(pages)])
    # A page without text and without ink is an empty page (a blank back side), not a scan to read.
    images = {i: img for i, img in zip(scanned, page_images(data, name, only=scanned), strict=True)
              if np.count_nonzero(img < 128) > 0.001 * img.size}
    if not images:
        return None
    scanned = sorted(images)
    out = _Mixed([], [], {}, [], [])
    low = 0
    for i, page_lines in enumerate(text_pages):
        if i not in images:
            out.lines.extend(page_lines)
            out.conf.extend([None] * len(page_lines))
            continue
        scan = read_pages([images[i]], first_table=len(out.grids))
        out.grids.extend(scan.tables)
        by_row: dict[int, list[Token]] = {}
        for t in scan.tokens:
            by_row.setdefault(t.row, []).append(t)
        table_row = 0
        for line, conf in zip(scan.lines, scan.line_conf, strict=True):
            if conf is None:  # a ruled table's row: its cells as OCR read them
                out.rows[len(out.lines)] = by_row.get(table_row, [])
                table_row += 1
            else:
                low += conf < 0.8
            out.lines.append(line)
            out.conf.append(conf)
    if low:
        out.problems.append(f"OCR: {low} text line(s) read with confidence under 0.8")
    out.problems.append(f"OCR: page(s) {', '.join(str(i + 1) for i in scanned)} of {len(pages)} have no "
                        "text layer and were read by OCR")
    return out


def _ocr_images(data: bytes, name: str, images: dict[str, bytes], first_table: int):
    """OCR of a page's table images, in the page's order (the keys ``table_image_urls`` gave)."""
    from extract.readers.images import table_image_urls
    from extract.readers.ocr import decode_image, read_pages

    wanted = [u for u in table_image_urls(data, name) if u in images]
    wanted = [*wanted, *(k for k in images if k.startswith("embedded:"))] or list(images)
    pages = []
    for url in wanted:
        pages.extend(decode_image(images[url], url))
    return read_pages(pages, first_table)


def detect_format(tokens: list[Token], year: int | None) -> str:
    """F2019 / F2021 from the table labels (FORMAT_SPEC §1.6), MIXED when both appear; LEGACY before 2019."""
    has19 = has21 = False
    for tok in tokens:
        if tok.kind != "label":
            continue
        key = label_key(tok.text)
        if not has21 and _SIG_2021.search(key):
            has21 = True
        if not has19 and _SIG_2019.search(key):
            has19 = True
        if has19 and has21:
            break
    if has19 and has21:
        return "MIXED"
    if has21:
        return "F2021"
    if has19:
        return "F2019"
    if year is not None and year <= 2018:
        return "LEGACY"
    return "UNKNOWN"


def _looks_like_report(doc: ReportDoc, starts: dict[str, int]) -> bool:
    if doc.format in ("F2019", "F2021", "MIXED"):
        return True
    head = "\n".join(ln[:HEAD_LINE_CHARS] for ln in doc.text.split("\n", 40)[:40])
    return len(starts) >= 3 or bool(doc.title and _REPORTISH.search(doc.title)) or bool(
        doc.year and re.search(r"信息公开.{0,10}(?:年度报告|年报)", head))


_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _reject_binary(text: str, name: str) -> None:
    sample = text[:20000]
    if not sample:
        return
    bad = len(_BINARY.findall(sample))
    if bad > 0.1 * len(sample):
        raise NotAReport(name, "binary content: not text, HTML, PDF or DOCX")
