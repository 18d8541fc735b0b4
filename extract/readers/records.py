"""Records that readers return: what a report document says, before any canonical mapping.

A reader (``extract.readers.reader.read_report``) takes bytes + a URL/filename + a content type and returns a
``ReportDoc``. It never fetches and never touches the warehouse (Scrapy's parse/downloader split).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

TokenKind = Literal["label", "value", "blank", "unread"]  # unread: OCR saw ink it could not read
FormatCode = Literal["F2019", "F2021", "MIXED", "LEGACY", "UNKNOWN"]


class Token(NamedTuple):  # a NamedTuple, not a frozen dataclass: hundreds per report, built ~1 µs faster
    """One table cell as the document prints it, in reading order.

    ``kind`` says whether the cell reads as a label, a value (number, dash, 无, amount…) or is printed
    empty (``unread``: OCR saw ink there it could not read surely). ``row`` is the source row (HTML ``<tr>``, text line) so that callers can tell rows apart;
    ``table`` numbers the source table. Cells covered by a rowspan/colspan are emitted once, at their origin.
    """

    text: str
    kind: TokenKind
    row: int
    table: int = 0
    conf: float | None = None  # OCR confidence (0..1) of a cell read from an image; None for text sources


@dataclass(slots=True)
class ReportDoc:
    """A report document as read: metadata, the six sections, and every table cell in order."""

    path: str
    source_kind: Literal["html", "text", "pdf", "docx", "doc", "image"]
    title: str | None = None
    organ: str | None = None
    year: int | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when the page shows one
    format: FormatCode = "UNKNOWN"
    sections: dict[str, str] = field(default_factory=dict)  # "一".."六" → text
    # each table as printed: rows of (text, rowspan, colspan) cells; ``grids`` expands the spans
    tables: list[list[list[tuple[str, int, int]]]] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    explicit_blanks: bool = True  # False where the source drops empty cells (PDF text, plain lines)
    text: str = ""  # the document's plain text (normalized line breaks)
    problems: list[str] = field(default_factory=list)
    via: Literal["text", "ocr"] = "text"  # "ocr" when the table cells were read from images
    # A PDF of text pages and scanned pages: the token rows OCR read (None: every row was read as ``via``
    # says). A cell is marked ``ocr`` only when its token came from one of them.
    ocr_rows: frozenset[int] | None = None

    @property
    def grids(self) -> list[list[list[str]]]:
        """Each table as a full rectangular grid, rowspan/colspan expanded (computed on demand)."""
        from extract.readers.html_tables import expand_grid

        return [expand_grid(rows) for rows in self.tables]
