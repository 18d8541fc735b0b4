"""A minimal PDF writer for Chinese text lines, used only to build the sample portal's attachments.

Why by hand: no installed PDF library can write CJK text without a font file, and the project has no
font to embed. PDF has a standard answer for that: the non-embedded CID font ``STSong-Light`` with the
``UniGB-UCS2-H`` CMap (Adobe-GB1), which every reader maps to a system font. Text is written as UTF-16BE
hex strings. No ``ToUnicode`` CMap: pdfium and pdfminer/pdfplumber both know UniGB-UCS2-H and give back
the exact characters (checked; a self-made identity ToUnicode made pdfminer return garbage, because it
looks ToUnicode up by CID, not by code). Output is byte-for-byte deterministic (no dates,
fixed IDs), which keeps the generated portal reproducible.

Layout is deliberately simple, like many real county PDFs: lines of text at absolute positions; table
rows as a label followed by numbers at fixed x positions (no ruling lines).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN_TOP, MARGIN_BOTTOM = 60, 60


@dataclass(frozen=True, slots=True)
class TextRun:
    """One string drawn at (x, y) in points from the page's bottom-left corner."""

    x: float
    y: float
    size: float
    text: str


@dataclass(slots=True)
class PdfDocument:
    """Pages of positioned text runs; ``add_line`` flows top to bottom and starts pages as needed."""

    pages: list[list[TextRun]] = field(default_factory=lambda: [[]])
    cursor_y: float = PAGE_H - MARGIN_TOP

    def new_page(self) -> None:
        self.pages.append([])
        self.cursor_y = PAGE_H - MARGIN_TOP

    def add_line(self, cells: list[tuple[float, str]], size: float = 10.0, leading: float | None = None) -> None:
        """Draw one line made of (x, text) cells; advance the cursor by ``leading`` (default 1.5 × size)."""
        leading = leading if leading is not None else size * 1.5
        if self.cursor_y - leading < MARGIN_BOTTOM:
            self.new_page()
        self.cursor_y -= leading
        for x, text in cells:
            if text:
                self.pages[-1].append(TextRun(x, self.cursor_y, size, text))

    def add_paragraph(self, text: str, size: float = 10.0, x: float = 60.0, width_chars: int = 44) -> None:
        """Wrap CJK prose at a fixed character count (CJK glyphs are one em wide)."""
        for start in range(0, max(len(text), 1), width_chars):
            self.add_line([(x, text[start:start + width_chars])], size=size)

    def add_footer_page_numbers(self) -> None:
        """Print "- n -" at the foot of each page, as Chinese government PDFs do (and parsers must skip)."""
        for number, page in enumerate(self.pages, start=1):
            page.append(TextRun(PAGE_W / 2 - 12, 30, 9, f"- {number} -"))

    def to_bytes(self) -> bytes:
        return _serialize(self.pages)


def _hex_utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _content_stream(runs: list[TextRun]) -> bytes:
    ops = []
    for run in runs:
        ops.append(f"BT /F1 {run.size:g} Tf 1 0 0 1 {run.x:.2f} {run.y:.2f} Tm <{_hex_utf16(run.text)}> Tj ET")
    return ("\n".join(ops) + "\n").encode("ascii")


def _serialize(pages: list[list[TextRun]]) -> bytes:
    objects: list[bytes] = []  # objects[i] is object number i+1

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(data) + data + b"endstream"

    catalog = add(b"")  # placeholder, filled below
    pages_obj = add(b"")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
    )
    cidfont = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor %d 0 R /DW 1000 /W [1 95 500] >>" % descriptor
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [%d 0 R] >>" % (cidfont,)
    )
    page_ids = []
    for runs in pages:
        content = add(stream(_content_stream(runs)))
        page_ids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (pages_obj, PAGE_W, PAGE_H, font, content)
        ))
    return _finish(objects, catalog, pages_obj, page_ids)


def image_pdf(pages: list[tuple[bytes, int, int]]) -> bytes:
    """A PDF of whole-page grayscale JPEG images (width, height in pixels), no text layer: a 扫描件.

    Each image is stretched over an A4 page, as scanner software does; DCTDecode embeds the JPEG as is.
    """
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    catalog = add(b"")
    pages_obj = add(b"")
    page_ids = []
    for jpeg, width, height in pages:
        image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (width, height, len(jpeg))
                    + jpeg + b"\nendstream")
        draw = b"q %d 0 0 %d 0 0 cm /Im0 Do Q\n" % (PAGE_W, PAGE_H)
        content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"endstream")
        page_ids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (pages_obj, PAGE_W, PAGE_H, image, content)))
    return _finish(objects, catalog, pages_obj, page_ids)


def _finish(objects: list[bytes], catalog: int, pages_obj: int, page_ids: list[int]) -> bytes:
    """Fill in the catalog and page tree, then write objects, xref and a content-derived ID."""
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    doc_id = hashlib.md5(bytes(out)).hexdigest().upper().encode()
    out += (b"trailer\n<< /Size %d /Root %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, catalog, doc_id, doc_id, xref_at))
    return bytes(out)
