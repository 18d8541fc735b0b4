"""HTML tables → tokens in reading order and full grids with rowspan/colspan expanded.

Uses selectolax's lexbor backend (fast, tolerant of the Word-generated markup county portals publish).
Only leaf tables (tables with no table inside) hold data: portals still wrap pages in layout tables.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extract.readers.cellkind import cell_kind, squash
from extract.readers.records import Token

MAX_SPAN = 200  # a colspan="10000" in hostile markup must not allocate a huge grid
# MAX_SPAN alone is not enough: rowspan=999 colspan=999 on every cell of a 17 KB page made 8 s of work
# and a 35 KB page 16 s. A report's largest table is 25 × 10 slots, so this bound is very generous.
MAX_GRID_SLOTS = 500_000


_CELL_TAGS = frozenset({"td", "th"})


class GridTooLarge(ValueError):
    """Raised by expand_grid when a table's spans cover more than MAX_GRID_SLOTS grid slots."""


def _span(attrs: dict, name: str) -> int:
    raw = attrs.get(name)
    if not raw:
        return 1
    if raw.isascii() and raw.isdigit():  # the usual colspan="2": the digit filter below gives the same
        return max(1, min(int(raw[:6]), MAX_SPAN))
    digits = "".join(ch for ch in raw.strip()[:6] if ch.isdigit())
    return max(1, min(int(digits) if digits else 1, MAX_SPAN))


def cell_text(node: LexborNode) -> str:
    """A cell's text with the pieces split by <br>, <p>, <span>, <o:p> joined back together."""
    return squash(node.text(deep=True, separator=""))


def expand_grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Expand rows of (text, rowspan, colspan) into a rectangular grid, repeating spanned text.

    A cell whose rowspan runs past the table's last row is clipped, like browsers do.
    """
    occupied: dict[tuple[int, int], str] = {}
    width = 0
    written = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in occupied:
                c += 1
            for dr in range(rs):
                if r + dr >= len(rows):
                    break
                written += cs
                if written > MAX_GRID_SLOTS:
                    raise GridTooLarge(f"table spans cover more than {MAX_GRID_SLOTS} grid slots")
                for dc in range(cs):
                    occupied[(r + dr, c + dc)] = text
            c += cs
            width = max(width, c)
    if width * len(rows) > MAX_GRID_SLOTS:
        raise GridTooLarge(f"table of {len(rows)} rows × {width} columns is over {MAX_GRID_SLOTS} grid slots")
    return [[occupied.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _outer_tables(tables: list[LexborNode]) -> set[int]:
    """Tables that hold another table. Each table walks up to its nearest enclosing table only: asking
    every table for the tables inside it (``css("table")``) cost the square of the nesting (19,000 nested
    tables: minutes)."""
    outer: set[int] = set()
    for table in tables:
        node = table.parent
        while node is not None and node.tag != "table":
            node = node.parent
        if node is not None:
            outer.add(node.mem_id)
    return outer


def read_tables(tree: LexborHTMLParser, start_row: int = 0
                ) -> tuple[list[Token], list[list[list[tuple[str, int, int]]]]]:
    """Tokens of every leaf table, and each table's rows of (text, rowspan, colspan)."""
    tokens: list[Token] = []
    tables: list[list[list[tuple[str, int, int]]]] = []
    row_no = start_row
    all_tables = tree.css("table")
    outer = _outer_tables(all_tables)
    for t_index, table in enumerate(all_tables):
        if table.mem_id in outer:
            continue  # layout table: its leaf tables are read on their own
        rows: list[list[tuple[str, int, int]]] = []
        for tr in table.css("tr"):
            cells = []
            for td in tr.iter():
                if td.tag not in _CELL_TAGS:
                    continue
                text = cell_text(td)
                attrs = td.attributes
                # most cells carry no span: two dict misses, not two calls
                rs = _span(attrs, "rowspan") if "rowspan" in attrs else 1
                cs = _span(attrs, "colspan") if "colspan" in attrs else 1
                cells.append((text, rs, cs))
                tokens.append(Token(text, cell_kind(text), row_no, t_index))
            # A <tr> whose slots are all covered by rowspans from above still counts as a row (the HTML
            # table model): dropping it would stretch those rowspans one row further and shift cells.
            rows.append(cells)
            row_no += 1
        if any(rows):
            # Grids are expanded on demand; refuse a span bomb here, before anything trusts its spans.
            if sum(rs * cs for row in rows for _t, rs, cs in row) > MAX_GRID_SLOTS:
                raise GridTooLarge(f"table spans cover more than {MAX_GRID_SLOTS} grid slots")
            tables.append(rows)
    return tokens, tables
