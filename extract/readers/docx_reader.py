"""DOCX → text and table tokens with python-docx (MIT; reads the document XML, no Word needed).

Merged cells: python-docx returns the same underlying ``<w:tc>`` for every grid position a merged cell
covers, so each origin cell is emitted once by identity, exactly like an HTML cell with a span.
Zip bombs: the archive's declared uncompressed size is checked before python-docx opens it.
"""

from __future__ import annotations

import io
import zipfile

from common.errors import ParseError
from extract.readers.cellkind import cell_kind, squash
from extract.readers.records import Token

MAX_UNZIPPED = 200 * 1024 * 1024
MAX_MEMBERS = 5000


def _check_zip(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ParseError(source, f"DOCX has {len(infos)} parts: refused (zip bomb?)")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED:
                raise ParseError(source, f"DOCX unpacks to {total} bytes (limit {MAX_UNZIPPED}): refused")
            if "word/document.xml" not in {i.filename for i in infos}:
                raise ParseError(source, "not a Word document (no word/document.xml)")
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        # a damaged header can claim an unknown zip version (NotImplementedError) — found by fuzzing
        raise ParseError(source, f"not a readable DOCX (bad zip: {type(exc).__name__})") from None


def read_docx(data: bytes, source: str) -> tuple[str, list[Token], list[list[list[tuple[str, int, int]]]]]:
    """Text lines, table tokens, and each table as rows of (text, 1, 1): python-docx already repeats a
    merged cell over the grid positions it covers."""
    _check_zip(data, source)
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
                line_cells.append(text)
            grid.append([(t, 1, 1) for t in texts])
            lines.append(" | ".join(line_cells) + " |")
            row_no += 1
        grids.append(grid)
    return "\n".join(lines), tokens, grids
