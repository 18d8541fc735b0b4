"""The three report tables as abstract grids (cells with row/col spans), built once per report.

HTML, PDF and DOCX renderers all draw from the same grid, so an attachment says exactly what the web
page would have said. The layout follows FORMAT_SPEC §1.3–1.5: section 二 as 4-column grids with caption
rows, section 三 with the 勾稽 note in the merged top-left header and the vertical 三、本年度办理结果 label
(rowspan 20 / 22), section 四 with its three header rows and one row of 15 numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sampleportal.numbers import C3, TableValues, printed_cells


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell. ``value`` marks a number cell (blank if its text is empty)."""

    text: str
    rs: int = 1
    cs: int = 1
    value: bool = False


Row = list[Cell]
Table = list[Row]

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_COL_LABELS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T3_GROUPS = {"3.3": "（三）不予公开", "3.4": "（四）无法提供", "3.5": "（五）不予处理", "3.6": "（六）其他处理"}
T4_TOP = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

# Header words that Word-made pages break with <br> (and PDFs split over lines).
BROKEN_LABELS = {
    "本年新制作数量": "本年新\n制作数量", "本年新公开数量": "本年新\n公开数量", "对外公开总数量": "对外公开\n总数量",
    "商业企业": "商业\n企业", "科研机构": "科研\n机构", "社会公益组织": "社会公益\n组织",
    "法律服务机构": "法律服务\n机构", "结果维持": "结果\n维持", "结果纠正": "结果\n纠正", "其他结果": "其他\n结果",
    "尚未审结": "尚未\n审结",
}


def _label(text: str, broken: bool) -> str:
    return BROKEN_LABELS.get(text, text) if broken else text


def section2_tables(values: TableValues, *, split: bool, broken: bool) -> list[Table]:
    """Section 二: one 4-column grid with caption rows, or (``split``) one table per 第二十条 item."""
    by_table: dict[str, list] = {}
    for spec in printed_cells(values.fmt):
        if spec.table.startswith("T2_"):
            by_table.setdefault(spec.table, []).append(spec)
    tables: list[Table] = []
    for specs in by_table.values():
        cols = list(dict.fromkeys((s.col, s.col_label) for s in specs))
        rows = list(dict.fromkeys((s.row, s.row_label) for s in specs))
        grid: Table = [[Cell(specs[0].table_label, cs=4)]]
        if len(cols) == 1:  # F2021 (五)(六)(八): one value spanning three columns
            grid.append([Cell("信息内容"), Cell(cols[0][1], cs=3)])
            for row, label in rows:
                grid.append([Cell(label), Cell(values.printed(f"{specs[0].table}/{row}/{cols[0][0]}"), cs=3, value=True)])
        else:
            pad = [Cell("")] * (3 - len(cols))  # F2019 (八)(九): third slot empty by design
            grid.append([Cell("信息内容"), *[Cell(_label(c[1], broken)) for c in cols], *pad])
            for row, label in rows:
                cells = [Cell(values.printed(f"{specs[0].table}/{row}/{c[0]}"), value=True) for c in cols]
                grid.append([Cell(label), *cells, *pad])
        tables.append(grid)
    if split:
        return tables
    return [[row for table in tables for row in table]]


def _t3_row(values: TableValues, row: str) -> list[Cell]:
    return [Cell(values.printed(f"T3/{row}/{c}"), value=True) for c in (*C3, "total")]


def section3_table(values: TableValues, *, broken: bool) -> Table:
    labels = {s.row: s.row_label for s in printed_cells(values.fmt) if s.table == "T3"}
    fmt = values.fmt
    table: Table = [
        [Cell(T3_NOTE, rs=3, cs=3), Cell("申请人情况", cs=7)],
        [Cell("自然人", rs=2), Cell("法人或其他组织", cs=5), Cell("总计", rs=2)],
        [Cell(_label(t, broken)) for t in T3_COL_LABELS],
        [Cell(labels["1"], cs=3), *_t3_row(values, "1")],
        [Cell(labels["2"], cs=3), *_t3_row(values, "2")],
    ]
    result_rows = 20 if fmt == "F2019" else 22
    table.append([Cell("三、本年度办理结果", rs=result_rows), Cell(labels["3.1"], cs=2), *_t3_row(values, "3.1")])
    table.append([Cell(labels["3.2"], cs=2), *_t3_row(values, "3.2")])
    groups = [("3.3", 8), ("3.4", 3), ("3.5", 5)] + ([("3.6", 3)] if fmt == "F2021" else [])
    for group, size in groups:
        for i in range(1, size + 1):
            row = f"{group}.{i}"
            head = [Cell(T3_GROUPS[group], rs=size)] if i == 1 else []
            table.append([*head, Cell(labels[row]), *_t3_row(values, row)])
    if fmt == "F2019":
        table.append([Cell(labels["3.6"], cs=2), *_t3_row(values, "3.6")])
    table.append([Cell(labels["3.7"], cs=2), *_t3_row(values, "3.7")])
    table.append([Cell(labels["4"], cs=3), *_t3_row(values, "4")])
    return table


def section4_table(values: TableValues, *, broken: bool) -> Table:
    cols = [f"{g}_{p}" for g in ("rv", "ld", "lr") for p in ("upheld", "corrected", "other", "pending", "total")]
    return [
        [Cell("行政复议", cs=5), Cell("行政诉讼", cs=10)],
        [*[Cell(_label(t, broken), rs=2) for t in T4_TOP], Cell("未经复议直接起诉", cs=5), Cell("复议后起诉", cs=5)],
        [Cell(_label(t, broken)) for t in T4_TOP * 2],
        [Cell(values.printed(f"T4/cases/{c}"), value=True) for c in cols],
    ]


def grid_positions(table: Table) -> list[list[tuple[int, int, Cell]]]:
    """Place each cell at its (row, col) origin, skipping slots covered by earlier row/col spans."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table):
        col, out = 0, []
        for cell in row:
            while (r, col) in taken:
                col += 1
            out.append((r, col, cell))
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    taken.add((r + dr, col + dc))
            col += cell.cs
        placed.append(out)
    return placed
