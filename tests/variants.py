"""Realistic variants of the real corpus reports, built the way portals and tools mangle them.

Every builder takes a real report (the Shanghai 2019 HTML page or the Jinping 2024 seed text) and
re-publishes the same numbers in another shape: another encoding, another table markup, text that lost
its table, a DOCX. The tests then demand the SAME canonical cells as the hand-read expectation file.

The HTML is read here with lxml (a dev dependency), not with the project's selectolax reader, so that a
variant is built from an independent reading of the page: a bug in the reader cannot quietly shape the
input it is then tested on.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

import lxml.html

from tests.conftest import CORPUS, read_expected

SHANGHAI = "001_shanghai-bangongting-2019.html"
SEED = "jinping-datongxiang-2024.txt"
HUAIAN = "002_huaian-shi-2024.pdf"


def expected(doc: str) -> tuple[dict[str, str], dict[str, float | None]]:
    return read_expected(CORPUS / "expected" / doc.replace(".html", ".expected.csv")
                         .replace(".txt", ".expected.csv").replace(".pdf", ".expected.csv"))


def shanghai_markup() -> str:
    return (CORPUS / SHANGHAI).read_text(encoding="utf-8")


def seed_text() -> str:
    return (CORPUS / SEED).read_text(encoding="utf-8")


# ---- an independent model of the page: paragraphs and tables of origin cells ---------------------------

@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell as the markup declares it: its text (line breaks kept as ``\\n``) and its spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


Table = list[list[Cell]]  # rows of origin cells, as in the markup
Block = str | list  # a paragraph's text, or a Table


def _text_with_breaks(el) -> str:
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = el.text_content().replace("\xa0", " ")
    return "\n".join(ln.strip() for ln in text.split("\n")).strip()


def page_blocks(markup: str) -> list[Block]:
    """The page in reading order: paragraph texts and tables (rows of ``Cell``)."""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    blocks: list[Block] = []
    for el in root:
        if el.tag == "table":
            rows: Table = []
            for tr in el.iter("tr"):
                rows.append([Cell(_text_with_breaks(td), int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
                             for td in tr if td.tag in ("td", "th")])
            blocks.append(rows)
        else:
            text = _text_with_breaks(el)
            if text:
                blocks.append(text)
    return blocks


def layout(rows: Table) -> list[list[str | None]]:
    """Place origin cells on the grid the HTML table model gives them; covered slots hold None.

    Written as column counters (how many more rows a slot stays covered) — deliberately not the way
    extract.readers.html_tables.expand_grid does it, so the two can check each other.
    """
    width = 0
    covered: dict[int, int] = {}  # column → rows it stays covered after the current one
    out: list[dict[int, str]] = []
    for row in rows:
        line: dict[int, str] = {}
        col = 0
        for cell in row:
            while covered.get(col, 0) > 0:
                col += 1
            line[col] = cell.text
            for dc in range(cell.colspan):
                covered[col + dc] = cell.rowspan
            col += cell.colspan
        out.append(line)
        covered = {c: n - 1 for c, n in covered.items() if n > 1}
        width = max(width, col, *(c + 1 for c in covered))
    return [[line.get(c) for c in range(width)] for line in out]


# ---- HTML variants ------------------------------------------------------------------------------------

def as_gbk(markup: str, meta: bool) -> bytes:
    """The page as a GBK-encoded page, as many county CMSs still serve it."""
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n' if meta else ""
    return (head + markup).encode("gbk")


_TD = re.compile(r"<td(?P<attrs>[^>]*)>(?P<inner>.*?)</td>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _cell_plain(inner: str) -> str:
    return html.unescape(_TAGS.sub("", re.sub(r"<br\s*/?>", "", inner))).replace("\xa0", " ").strip()


def map_table_text(markup: str, fn) -> str:
    """Apply ``fn`` to the text of every table cell, keeping the markup around it."""
    def repl(m: re.Match) -> str:
        text = _cell_plain(m.group("inner"))
        return f"<td{m.group('attrs')}>{html.escape(fn(text)) if text else '&nbsp;'}</td>"

    return _TD.sub(repl, markup)


def word_markup(markup: str) -> str:
    """Cells the way Word's "save as web page" writes them: MsoNormal paragraphs, nested spans, ``<o:p>``,
    labels broken by ``<br>`` and split across spans in mid-word."""
    def repl(m: re.Match) -> str:
        text = _cell_plain(m.group("inner"))
        if not text:
            inner = "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
        else:
            esc = [html.escape(ch) for ch in text]
            if len(esc) > 5:
                mid = len(esc) // 2
                esc = [*esc[:2], "</span><span style='font-family:宋体'>", *esc[2:mid], "<br>\n", *esc[mid:]]
            inner = ("<p class=MsoNormal align=center style='text-align:center'><span style='font-size:"
                     "10.5pt;font-family:宋体'><span lang=EN-US>" + "".join(esc) + "</span></span>"
                     "<span lang=EN-US><o:p></o:p></span></p>")
        return f"<td{m.group('attrs')} valign=top style='border:solid windowtext 1.0pt'>{inner}</td>"

    body = _TD.sub(repl, markup)
    return ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=\"utf-8\">"
            "<style>p.MsoNormal{margin:0}</style></head><body lang=ZH-CN><div class=WordSection1>"
            + body + "</div></body></html>")


def render_table(rows: Table) -> str:
    cells = []
    for row in rows:
        tds = "".join(
            f"<td{f' rowspan={c.rowspan}' if c.rowspan > 1 else ''}{f' colspan={c.colspan}' if c.colspan > 1 else ''}>"
            f"{html.escape(c.text).replace(chr(10), '<br>') or '&nbsp;'}</td>" for c in row)
        cells.append(f"<tr>{tds}</tr>")
    return "<table border=1>" + "".join(cells) + "</table>"


def render_page(blocks: list[Block]) -> str:
    return "".join(render_table(b) if isinstance(b, list) else f"<p>{html.escape(b)}</p>" for b in blocks)


def split_table(rows: Table, at: int) -> tuple[Table, Table]:
    """Cut a table before row ``at``, as a page break does: spans that cross the cut are clipped in the
    first part, and the second part simply lacks the cells whose origin stayed above."""
    first: Table = []
    for r, row in enumerate(rows[:at]):
        first.append([Cell(c.text, min(c.rowspan, at - r), c.colspan) for c in row])
    return first, rows[at:]


def statistics_table(blocks: list[Block], marker: str) -> int:
    """Index of the table block that holds a cell containing ``marker``."""
    for i, b in enumerate(blocks):
        if isinstance(b, list) and any(marker in c.text for row in b for c in row):
            return i
    raise LookupError(marker)


def row_index(rows: Table, marker: str) -> int:
    return next(r for r, row in enumerate(rows) if any(c.text.startswith(marker) for c in row))


# ---- text variants ------------------------------------------------------------------------------------

def one_cell_per_line(blocks: list[Block]) -> str:
    """E3 (FORMAT_SPEC §6): every origin cell on its own line(s), each followed by a line holding ``|``."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
            continue
        for row in b:
            for c in row:
                if c.text:
                    out.append(c.text)
                out.append("|")
    return "\n".join(out) + "\n"


def markdown_tables(blocks: list[Block]) -> str:
    """Pipe tables as HTML-to-markdown converters write them: one markdown row per ``<tr>`` holding its
    origin cells, a ``---`` rule under the first row; empty cells stay as empty ``| |`` cells."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
            continue
        out.append("")
        for i, row in enumerate(b):
            out.append("| " + " | ".join(c.text.replace("\n", "") for c in row) + " |")
            if i == 0:
                out.append("|" + "---|" * len(row))
        out.append("")
    return "\n".join(out) + "\n"


def plain_lines(blocks: list[Block]) -> str:
    """What a PDF text layer or a copy-paste gives: each row's printed cells separated by spaces, and empty
    cells not printed at all (E6)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
            continue
        for row in b:
            words = [c.text.replace("\n", "") for c in row if c.text]
            if words:
                out.append(" ".join(words))
    return "\n".join(out) + "\n"


def seed_blocks() -> list[Block]:
    """The seed text (``cell |`` lines) as paragraphs and one table of rows; ``||`` runs are empty cells."""
    blocks: list[Block] = []
    table: Table = []
    for line in seed_text().splitlines():
        if "|" in line:
            parts = line.strip().split("|")[:-1]
            table.append([Cell(p.strip()) for p in parts])
            continue
        if table:
            blocks.append(table)
            table = []
        if line.strip():
            blocks.append(line.strip())
    if table:
        blocks.append(table)
    return blocks


# ---- DOCX ---------------------------------------------------------------------------------------------

def docx_of(blocks: list[Block]) -> bytes:
    """A Word document of the page: paragraphs, and each table with its spans as real merged cells."""
    import docx

    document = docx.Document()
    for b in blocks:
        if isinstance(b, str):
            document.add_paragraph(b)
            continue
        grid = layout(b)
        height, width = len(grid), max(len(r) for r in grid)
        table = document.add_table(rows=height, cols=width)
        col_of: list[list[int]] = []
        for _r, line in enumerate(grid):
            col_of.append([c for c, v in enumerate(line) if v is not None])
        for r, row in enumerate(b):
            for cell, c in zip(row, col_of[r], strict=True):
                top = table.cell(r, c)
                if cell.rowspan > 1 or cell.colspan > 1:
                    end = table.cell(min(r + cell.rowspan, height) - 1, min(c + cell.colspan, width) - 1)
                    top = top.merge(end)
                top.text = cell.text.replace("\n", "")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# ---- comparing with the expectation file --------------------------------------------------------------

def printed_facts(pr) -> dict[str, dict]:
    return {r["cell"]: r for r in pr.facts.iter_rows(named=True) if not r["is_derived"]}


def cell_differences(pr, cells: dict[str, float | None]) -> list[str]:
    """Every way the parsed facts differ from ``cells``: missing, wrong value, blank vs printed, invented."""
    facts = printed_facts(pr)
    wrong: list[str] = []
    for cell, value in cells.items():
        fact = facts.get(cell)
        if fact is None:
            wrong.append(f"{cell}: missing")
        elif value is None and fact["status"] != "blank":
            wrong.append(f"{cell}: expected blank, got {fact['raw']!r} ({fact['status']})")
        elif value is not None and (fact["value"] is None or abs(fact["value"] - value) > 1e-9):
            wrong.append(f"{cell}: expected {value}, got {fact['raw']!r}")
    wrong.extend(f"{cell}: invented" for cell in sorted(set(facts) - set(cells)))
    return wrong
