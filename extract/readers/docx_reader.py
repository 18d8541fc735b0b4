"""DOCX → text and table tokens with python-docx (MIT; reads the document XML, no Word needed).

Merged cells: python-docx returns the same underlying ``<w:tc>`` for every grid position a merged cell
covers, so each origin cell is emitted once by identity, exactly like an HTML cell with a span.
Zip bombs: every member is decompressed once through a counting stream before python-docx opens the
archive, and refused as soon as the bytes it really yields pass the cap. The sizes the zip headers declare
are not trusted (a DOCX whose headers lied was read up to 2 GiB); a 190 MB ``document.xml`` (86 s and
1.9 GB in python-docx) stops after its first ``MAX_DOCUMENT_XML`` bytes. The same scan counts table
cells and rows, so a table dump is refused with the HTML and text limits before any XML tree is built.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from common.errors import NotAReport, ParseError
from extract.readers.cellkind import cell_kind, squash
from extract.readers.records import Token

MAX_UNZIPPED = 200 * 1024 * 1024  # all parts together (embedded images included), counted as read
# The body of a 20-page report is well under 2 MB of XML; python-docx needs ~10× its size in memory.
MAX_DOCUMENT_XML = 16 * 1024 * 1024
MAX_MEMBERS = 5000
_CHUNK = 1024 * 1024
_CELL = re.compile(rb"<w:tc[\s>]")
_ROW = re.compile(rb"<w:tr[\s>]")


def _limits() -> tuple[int, int]:
    # the reader's limits for HTML and text tables, one place for all formats
    from extract.readers.reader import MAX_CELLS, MAX_TABLE_LINES

    return MAX_CELLS, MAX_TABLE_LINES


def _check_zip(data: bytes, source: str) -> None:
    max_cells, max_rows = _limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ParseError(source, f"DOCX has {len(infos)} parts: refused (zip bomb?)")
            if "word/document.xml" not in {i.filename for i in infos}:
                raise ParseError(source, "not a Word document (no word/document.xml)")
            declared = sum(i.file_size for i in infos)
            if declared > MAX_UNZIPPED:  # free to check; the real bytes are counted below all the same
                raise ParseError(source, f"DOCX declares {declared} unpacked bytes (limit {MAX_UNZIPPED}): refused")
            total = 0
            for info in infos:
                body = info.filename == "word/document.xml"
                size = cells = rows = 0
                tail = b""
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if body and size > MAX_DOCUMENT_XML:
                            raise ParseError(source, f"DOCX body (word/document.xml) unpacks to over "
                                                     f"{MAX_DOCUMENT_XML} bytes: refused")
                        if total > MAX_UNZIPPED:
                            raise ParseError(source, f"DOCX unpacks to over {MAX_UNZIPPED} bytes: refused")
                        if body:  # a tag cut at a chunk boundary is seen whole in tail + chunk
                            window = tail + chunk
                            cells += len(_CELL.findall(window)) - len(_CELL.findall(tail))
                            rows += len(_ROW.findall(window)) - len(_ROW.findall(tail))
                            tail = chunk[-8:]
                if cells > max_cells:
                    raise NotAReport(source, f"{cells} table cells: more than any report prints (limit {max_cells})")
                if rows > max_rows:
                    raise NotAReport(source, f"{rows} table rows: more than any report prints (limit {max_rows})")
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, zlib.error) as exc:
        # a damaged header can claim an unknown zip version (NotImplementedError) — found by fuzzing;
        # a header that lies about a size fails its CRC (BadZipFile) once the real bytes are read
        raise ParseError(source, f"not a readable DOCX (bad zip: {type(exc).__name__})") from None


def read_docx(data: bytes, source: str) -> tuple[str, list[Token], list[list[list[tuple[str, int, int]]]]]:
    """Text lines, table tokens, and each table as rows of (text, 1, 1): python-docx already repeats a
    merged cell over the grid positions it covers."""
    _check_zip(data, source)
    max_cells, _rows = _limits()
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises a variety of XML/packaging errors
        raise ParseError(source, f"not a readable DOCX ({type(exc).__name__})") from None
    lines: list[str] = []
    tokens: list[Token] = []
    grids: list[list[list[tuple[str, int, int]]]] = []
    row_no = 0
    for t_index, block in enumerate(document.iter_inner_content()):
        if isinstance(block, Paragraph):
            if block.text.strip():
                lines.append(block.text.strip())
            continue
        if not isinstance(block, Table):
            continue
        grid: list[list[tuple[str, int, int]]] = []
        seen: set = set()  # the <w:tc> elements already emitted (lxml proxies are stable while held)
        for row in block.rows:
            texts = []
            line_cells = []
            for cell in row.cells:
                text = squash(cell.text)
                texts.append(text)
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                tokens.append(Token(text, cell_kind(text), row_no, t_index))
                if len(tokens) > max_cells:  # cells written without the w: prefix escape the byte count
                    raise NotAReport(source, f"over {max_cells} table cells: more than any report prints")
                line_cells.append(text)
            grid.append([(t, 1, 1) for t in texts])
            lines.append(" | ".join(line_cells) + " |")
            row_no += 1
        grids.append(grid)
    return "\n".join(lines), tokens, grids
