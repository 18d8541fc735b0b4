"""Grid expansion on random rowspan/colspan layouts, checked against a reference written independently.

Layouts are drawn the way real tables are made: a rectangle cut into non-overlapping blocks, some of
whose declared rowspans run past the last row (portals' CMS editors leave those). The reference is
tests.variants.layout (per-column rowspan counters), not the occupied-set walk of expand_grid.
"""

from __future__ import annotations

import html

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from extract.readers.html_tables import expand_grid, read_tables
from tests.variants import Cell, layout


@st.composite
def partitions(draw) -> list[list[Cell]]:
    """Rows of origin cells tiling a height × width rectangle without overlap. A row may be left with no
    cell of its own when rowspans from above cover it all (``<tr></tr>`` in the markup)."""
    height = draw(st.integers(1, 7))
    width = draw(st.integers(1, 7))
    taken: set[tuple[int, int]] = set()
    rows: list[list[Cell]] = []
    for r in range(height):
        row: list[Cell] = []
        for c in range(width):
            if (r, c) in taken:
                continue
            free = next((k for k in range(c, width) if (r, k) in taken), width) - c
            cs = draw(st.integers(1, free))
            rs = draw(st.integers(1, height - r + 2))  # may run past the last row: clipped
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            row.append(Cell(f"r{r}c{c}", rs, cs))
        rows.append(row)
    return rows


def covers_exactly_its_span(grid: list[list[str]], rows: list[list[Cell]]) -> list[str]:
    ref = layout(rows)
    errors = []
    for r, line in enumerate(ref):
        for c, text in enumerate(line):
            if text is None:
                continue
            cell = next(x for x in rows[r] if x.text == text)
            for dr in range(min(cell.rowspan, len(ref) - r)):
                for dc in range(cell.colspan):
                    if grid[r + dr][c + dc] != text:
                        errors.append(f"{text} should cover ({r + dr},{c + dc}), found {grid[r + dr][c + dc]!r}")
    return errors


def reference_grid(rows: list[list[Cell]]) -> list[list[str]]:
    """The reference layout with each covered slot holding the text of the cell that covers it."""
    ref = layout(rows)
    grid = [["" for _ in line] for line in ref]
    for r, line in enumerate(ref):
        for c, text in enumerate(line):
            if text is None:
                continue
            cell = next(x for x in rows[r] if x.text == text)
            for dr in range(min(cell.rowspan, len(ref) - r)):
                for dc in range(cell.colspan):
                    grid[r + dr][c + dc] = text
    return grid


def as_tuples(rows: list[list[Cell]]) -> list[list[tuple[str, int, int]]]:
    return [[(c.text, c.rowspan, c.colspan) for c in row] for row in rows]


@settings(max_examples=300, deadline=None)
@given(partitions())
def test_expand_grid_gives_a_rectangle_where_each_cell_covers_exactly_its_span(rows):
    grid = expand_grid(as_tuples(rows))
    assert len(grid) == len(rows)
    assert len({len(line) for line in grid}) == 1, "every row of the grid has the same width"
    assert covers_exactly_its_span(grid, rows) == []
    assert grid == reference_grid(rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.text(min_size=1, max_size=3), st.integers(1, 5), st.integers(1, 5)),
                         max_size=6), max_size=8))
def test_expand_grid_of_any_span_soup_is_a_rectangle_of_the_rows_given(rows):
    # Overlapping spans (a table-model error in HTML) must still give a rectangle, never an exception.
    grid = expand_grid(rows)
    assert len(grid) == len(rows)
    assert len({len(line) for line in grid}) <= 1
    declared = max((sum(cs for _t, _rs, cs in row) for row in rows), default=0)
    assert all(len(line) >= declared for line in grid)


def render(rows: list[list[Cell]]) -> str:
    trs = "".join("<tr>" + "".join(f'<td rowspan="{c.rowspan}" colspan="{c.colspan}">{html.escape(c.text)}</td>'
                                   for c in row) + "</tr>" for row in rows)
    return f"<html><body><p>表</p><table border=1><tbody>{trs}</tbody></table></body></html>"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partitions())
def test_lexbor_read_tables_agrees_with_the_reference_layout(rows):
    tokens, tables = read_tables(LexborHTMLParser(render(rows)))
    assert [expand_grid(t) for t in tables] == [reference_grid(rows)]
    assert [t.text for t in tokens] == [c.text for row in rows for c in row], "each origin cell once, in order"
