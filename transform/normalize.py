"""Place a document's table tokens onto canonical cells — by label, never by position alone.

The placer walks the tokens in reading order, as a reader would: a row label (matched by its words, see
transform.canon) opens a row; the value cells that follow fill that row's columns in order — the order
among the row's value cells, not the absolute grid column (FORMAT_SPEC §1.7: Shanghai's colspans shift
from row to row). Column meaning comes from the header the document printed (section 二) or from the form
(section 三's seven applicant columns, section 四's fifteen). A row is placed only when the number of value
cells equals the number of columns (trailing empty cells from merged columns allowed); otherwise it is
reported in ``problems`` and nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from extract.readers.cellkind import parse_value
from extract.readers.labels import label_key
from extract.readers.records import ReportDoc, Token
from transform import canon, runon
from transform.schemas import FACT_SCHEMA, NUMERIC

_DIGIT_RUN = re.compile(r"\d+")
_ITEM_NUMBERING = re.compile(r"^\s*\d{1,2}\s*[.．、]")  # "1." / "１．" opening an item of a group
# Heading typos met on real pages, folded before the words are matched.
_TYPOS = (("行政法复议", "行政复议"), ("行政法诉讼", "行政诉讼"))
_INNER_NUMBERING = re.compile(r"(?<=\S)(?=[（(][一二三四五六七八九十][）)]|\d{1,2}[.．、](?!\d)|[一二三四]、)")


# Labels repeat across reports (the form's few hundred), so what depends on a label's text alone is
# computed once per text: the regex split and typo folding ran on every label cell of every report (issue 19).
@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    """The label's words (label_key) with heading typos folded."""
    key = label_key(text)
    for typo, word in _TYPOS:
        if typo in key:
            key = key.replace(typo, word)
    return key


@lru_cache(maxsize=16384)
def _label_pieces(text: str) -> tuple[str, ...] | None:
    """A cell printing a group and its item ("（六）其他处理3.其他") as its pieces, when the last piece is a row
    label; None otherwise."""
    pieces = [p.strip(" -—－:：、") for p in _INNER_NUMBERING.split(text)]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or (canon.match_t3_row(pieces[-1]) is None and canon.match_t2_row(pieces[-1]) is None):
        return None
    return tuple(pieces)


@dataclass(slots=True)
class _Row:
    table: str
    row: str
    cols: tuple[str, ...] | None
    label: str
    values: list[Token] = field(default_factory=list)
    group: bool = False


class Placer:
    def __init__(self, doc: ReportDoc):
        self.doc = doc
        self.placed: dict[str, str] = {}
        self.conf: dict[str, float] = {}  # OCR confidence of placed cells read from an image
        self.text_cells: set[str] = set()  # in a PDF of text and scanned pages: cells from its text layer
        self.problems: list[str] = []
        self.header: list[list[tuple[str, str, str]]] = []
        self.header_open = False
        self.t3_started = False
        self.t3_cols = canon.T3_COLS
        self.t3_group: str | None = None
        self.last_t3_row: str | None = None
        self.pending: _Row | None = None
        self.t4 = False
        self.t4_group: str | None = None
        self.t4_run: list[Token] = []
        self.stray: list[str] = []
        # rows whose digits ran together (transform.runon) and the cells split from them
        self.runs: list[runon.RunRow] = []
        self.empty_rows: set[str] = set()
        self.split: set[str] = set()
        self.runs_allowed = doc.source_kind in ("text", "html")  # PDF text omits empty cells instead
        self.label_rows = {t.row for t in doc.tokens if t.kind == "label"}
        # Text whose digits may have been hard-wrapped by the copy (a token's row is its line in text), for
        # joining a run cut at a line end (_wrapped) and reading table 四 a group a line (_t4_lines).
        self.wraps = self.runs_allowed and not doc.explicit_blanks
        self.at = -1  # index of the token being read
        self.t4_named = False  # the label just read in table 四 was one group's name alone (行政复议 …)
        self.refused: str | None = None  # why the last OCR'd label was not read as a misread row

    # ---- driving ------------------------------------------------------------------------------------

    def run(self) -> None:
        for at, tok in enumerate(self.doc.tokens):
            self.at = at
            if tok.kind == "label":
                self._label(tok)
            else:
                self._value(tok)
        self._finish_row()
        self._flush_t4()
        if self.runs:
            prose = "\n".join(self.doc.sections.get(k, "") for k in ("一", "二")) or self.doc.text
            cells, problems = runon.solve(self.runs, self.placed, self.empty_rows, self.doc.format, self.t3_cols,
                                          runon.stated_documents(prose, self.doc.format))
            for cell, raw in cells.items():
                self._put(cell, Token(raw, "value", -1))
                self.split.add(cell)
            self.problems.extend(problems)
        if self.stray:
            shown = ", ".join(self.stray[:8]) + (" …" if len(self.stray) > 8 else "")
            self.problems.append(f"{len(self.stray)} value cell(s) outside any recognised row: {shown}")

    def _value(self, tok: Token) -> None:
        if self.t4:
            if tok.kind == "blank" and tok.row in self.label_rows:
                return  # empty header cells under 行政复议 etc.: an artifact of rowspans
            if self._wrapped(self.t4_run, 15):
                return
            self.t4_run.append(tok)
            return
        if self.pending is not None:
            if self.pending.cols is not None and self._wrapped(self.pending.values, len(self.pending.cols)):
                return
            self.pending.values.append(tok)
        elif tok.kind in ("value", "unread"):
            self.stray.append(tok.text)
            if self.refused:
                self.problems.append(self.refused)
                self.refused = None

    def _wrapped(self, values: list[Token], n: int) -> bool:
        """Join the token being read to the row's run when the copy hard-wrapped that run at a line end
        (``…申请数量6400204`` / ``70二、上年…``): the row is open and short of cells, its only value so far is a
        run of digits that ended a line it shares with the words before it (a value alone on its line is
        a page printing one cell per line, whose next line is the next cell), and this token is a run of
        digits that opens the next line on its own (no second value after it there, which would make it a
        row that kept its separators).
        Nothing but this row can own those digits: a label always comes before its row's digits, and none
        came between. The joined digits are the row's in their order, so the split that follows is the
        form's arithmetic as for any run."""
        i, toks = self.at, self.doc.tokens
        if not (self.wraps and len(values) == 1 and n > 1 and i > 0 and toks[i - 1].row != toks[i].row):
            return False  # this token does not open a line
        if i == 1 or toks[i - 2].row != toks[i - 1].row:  # the one before is alone on its line: one cell per
            return False  # line, not a line cut by the wrap
        last, tok = values[0], toks[i]
        if toks[i - 1] is not last or tok.row <= last.row:
            return False
        if not (last.text.isdigit() and tok.text.isdigit()):
            return False
        if i + 1 < len(toks) and toks[i + 1].row == tok.row and toks[i + 1].kind != "label":
            return False
        values[0] = Token(last.text + tok.text, "value", last.row, last.table)
        return True

    def _label(self, tok: Token) -> None:
        text = tok.text
        key = _key(text)
        if not key:
            return
        anchor = canon.t2_anchor(text)
        if anchor:
            self._finish_row()
            self._leave_t4()
            rd = canon.glued_t2_row(key)  # "第二十条第(五)项信息内容本年处理决定数量行政许可": cells ran together
            if rd is not None:
                self.header_open = False
                self._open(_Row(rd.table, rd.row, self._t2_cols(rd.table), text))
            return
        if self.t4:
            self._flush_t4()
            if canon.T4_HEADER_WORDS.fullmatch(key):
                self._t4_group_from(key)
            else:  # words that name no group ("复议后" / "起诉": a name cut by a wrap): no group is known
                self.t4_group = None
            self.t4_named = key in canon.T4_GROUP_NAMES
            return
        if "行政复议" in key or "行政诉讼" in key:
            self._finish_row()
            self.t4 = True
            self._t4_group_from(key)
            return
        cols = canon.match_t2_column(text)
        if cols:
            self._finish_row()
            if not self.header_open:
                self.header = []
                self.header_open = True
            self.header.append(cols)
            return
        if key == "信息内容":
            self._finish_row()
            self.header = []
            self.header_open = True
            return
        if "勾稽" in key or (not self.t3_started and key in canon.T3_HEADER_WORDS):
            if "小计" in key:
                self.t3_cols = canon.T3_COLS_WITH_SUB
            return
        if self._pieces(tok):
            return
        rd2 = canon.match_t2_row(text)
        if rd2 is not None:
            self._finish_row()
            self.header_open = False
            self._open(_Row(rd2.table, rd2.row, self._t2_cols(rd2.table), text))
            return
        m = canon.match_t3_row(text)
        if m is None and self.doc.via == "ocr" and tok.conf is not None:
            m = self._misread_t3_row(text)
        if m is not None and self._t3_allowed(m[0]):
            rd = m[0]
            if (self.pending is not None and self.pending.row == "3.6" and not self.pending.values
                    and rd.row.startswith("3.6.")):
                self.pending = None  # （六）其他处理 was a group label (2021 layout)
            self._finish_row()
            if rd.row == "1":
                self.t3_started = True
            self.t3_group = rd.row if rd.group else (rd.row.rsplit(".", 1)[0] if rd.row.count(".") == 2 else None)
            self.last_t3_row = rd.row
            self._open(_Row("T3", rd.row, self.t3_cols, text, group=rd.group))
            return
        rd2 = canon.glued_t2_row(key) if not self.t3_started else None
        if rd2 is not None:  # "信息内容本年处理决定数量行政许可": header words run into the row label
            self._finish_row()
            self.header_open = False
            self._open(_Row(rd2.table, rd2.row, self._t2_cols(rd2.table), text))
            return
        # A label we do not know: the rest of a label wrapped over lines, a vertical one-character label,
        # or a title. It never carries values of its own.
        if self.pending is not None and self.pending.values:
            self._finish_row()
        elif self.pending is not None and self.pending.group and _ITEM_NUMBERING.match(text):
            # an item of the group whose words match no row (cut by a wrap: "1.信访举" / "报投诉类申请"):
            # the values after it are that item's, never the group's; they stay unplaced and are named
            self.pending = None

    def _pieces(self, tok: Token) -> bool:
        """Group and item printed in one cell ("三、本年度办理结果（三）不予公开-1.属于国家秘密", "（六）其他处理
        3.其他"): when the last piece is a row label, read the pieces one after another as separate cells."""
        pieces = _label_pieces(tok.text)
        if pieces is None:
            return False
        for piece in pieces:
            self._label(Token(piece, "label", tok.row, tok.table))
        return True

    def _misread_t3_row(self, text: str) -> tuple[canon.RowDef, float] | None:
        """An OCR'd label that matches no row exactly: the row it clearly stands for (one character
        misread, see canon.misread_t3_row), or None with the reason in ``problems`` — never a guess."""
        rd, why = canon.misread_t3_row(text, self.last_t3_row)
        if rd is not None:
            return rd, 0.8
        if why:  # reported when values follow it with no row open (a wrapped label's rest carries none)
            self.refused = f"T3: OCR'd row label {text[:30]!r} {why}; its values are not placed"
            # The values after it are its row's: they must not fall to the group label before it
            # ("（三）不予公开 | 1.属于国家私害 | 2 | 0 …" would give 3.3 the cells of 3.3.1). A plain row
            # stays open: its label may have wrapped into this cell.
            if self.pending is not None and self.pending.group and not self.pending.values:
                self.pending = None
        return None

    # ---- rows ---------------------------------------------------------------------------------------

    def _t3_allowed(self, rd: canon.RowDef) -> bool:
        if rd.row == "3.7":
            return self.t3_started
        if rd.row == "3.6.3":
            return self.t3_started and (self.t3_group == "3.6" or (self.last_t3_row or "").startswith("3.6"))
        return True

    def _t2_cols(self, table: str) -> tuple[str, ...] | None:
        if self.header:
            cols = []
            for options in self.header:
                col = next((c for (t, c, _f) in options if t == table), None)
                if col is None:
                    break
                cols.append(col)
            else:
                return tuple(cols)
        return canon.T2_DEFAULT_COLS.get((self.doc.format, table))

    def _open(self, row: _Row) -> None:
        self.pending = row
        self.refused = None

    def _finish_row(self) -> None:
        row, self.pending = self.pending, None
        if row is None:
            return
        if not row.values:
            if row.table == "T3" and not row.group:
                self.empty_rows.add(row.row)
            return
        where = f"{row.table}/{row.row} ({row.label[:24]})"
        if row.cols is None:
            self.problems.append(f"{where}: no column header found for {len(row.values)} value(s); not placed")
            return
        n = len(row.cols)
        vals = row.values
        if len(vals) > n and all(v.kind == "blank" for v in vals[n:]):
            vals = vals[:n]
        if len(vals) != n and self._run(row.table, row.row, row.cols, vals, row.label):
            return
        if len(vals) != n:
            hint = "" if self.doc.explicit_blanks else " (empty cells are not printed in this source)"
            self.problems.append(f"{where}: {len(vals)} value(s) for {n} column(s); not placed{hint}")
            return
        for col, tok in zip(row.cols, vals, strict=True):
            self._put(f"{row.table}/{row.row}/{col}", tok)

    def _run(self, table: str, row: str, cols: tuple[str, ...], vals: list[Token], label: str) -> bool:
        """Keep a row whose value cells came as one run of digits for transform.runon to split."""
        digits = [t.text for t in vals if t.kind != "blank"]
        # Not for OCR'd cells: a digit missing from a line read off an image is ink the detector missed,
        # not cells glued together by a copy — splitting "0" into ∅|…|∅|0 would print blanks for zeros.
        if any(t.conf is not None for t in vals):
            return False
        if any(t.kind == "unread" for t in vals) or not self.runs_allowed or len(digits) != 1 or not _DIGIT_RUN.fullmatch(digits[0]) or len(cols) < 2:
            return False
        self.runs.append(runon.RunRow(table, row, cols, digits[0], label))
        return True

    def _put(self, cell: str, tok: Token) -> None:
        raw = tok.text
        if tok.kind == "unread":  # OCR saw ink it could not read surely: the cell stays unplaced
            self.problems.append(f"{cell}: OCR could not read this cell (read {raw!r}, confidence "
                                 f"{tok.conf if tok.conf is not None else 0:.2f}); not placed")
            return
        if cell in self.placed:
            if self.placed[cell] != raw:
                self.problems.append(f"{cell}: printed twice ({self.placed[cell]!r} and {raw!r}); kept the first")
            return
        self.placed[cell] = raw
        if tok.conf is not None:
            self.conf[cell] = tok.conf
        elif self.doc.ocr_rows is not None and tok.row not in self.doc.ocr_rows:
            self.text_cells.add(cell)

    # ---- section 四 ---------------------------------------------------------------------------------

    def _put_t4_group(self, group: str, run: list[Token]) -> None:
        for col, tok in zip(canon.T4_GROUP_COLS[group], run, strict=True):
            self._put(f"T4/cases/{col}", tok)

    def _t4_group_from(self, key: str) -> None:
        for word, group in canon.T4_GROUP_WORDS:
            if word in key:
                self.t4_group = group
                return
        if key == "行政诉讼":
            self.t4_group = "lit"  # the litigation half, before its two sub-groups are named

    def _leave_t4(self) -> None:
        self._flush_t4()
        self.t4 = False
        self.t4_named = False

    def _flush_t4(self) -> None:
        run, self.t4_run = self.t4_run, []
        if not any(t.kind in ("value", "unread") for t in run):
            return
        while run and run[-1].kind == "blank" and len(run) not in (5, 15):
            run.pop()
        while len(run) > 15 and run[0].kind == "blank":
            run.pop(0)  # empty header cells left by rowspans, each on its own line in one-cell-per-line text
        if len(run) >= 15 and all(t.kind == "blank" for t in run[15:]):
            for col, tok in zip(canon.T4_COLS, run[:15], strict=True):
                self._put(f"T4/cases/{col}", tok)
        elif len(run) == 5 and self.t4_group:
            self._put_t4_group(self.t4_group, run)
        elif len(run) == 10 and self.t4_group in ("ld", "lit"):
            # 行政诉讼 printed as its own table: 未经复议直接起诉 then 复议后起诉, five each.
            self._put_t4_group("ld", run[:5])
            self._put_t4_group("lr", run[5:])
        elif self._t4_lines(run) or self._t4_run(run):
            return
        else:
            shown = " ".join(t.text or "∅" for t in run[:20])
            self.problems.append(f"T4: {len(run)} value(s) cannot be placed on the 15 columns: {shown}")


    def _t4_lines(self, run: list[Token]) -> bool:
        """Table 四 as three lines of digits, each alone on its line ("00000" / "00000" / "10001"): one line
        per group, in the form's order (行政复议, 未经复议直接起诉, 复议后起诉). A copy's wrap never cuts a line
        this short, so a line here ends where the table's group ends; each group is split on its own."""
        if not (self.wraps and len(run) == 3 and all(t.kind == "value" and t.text.isdigit() for t in run)):
            return False
        rows = {t.row for t in run}
        if len(rows) != 3 or sum(t.row in rows for t in self.doc.tokens) != 3:  # each alone on its line
            return False
        for (group, cols), tok in zip(canon.T4_GROUP_COLS.items(), run, strict=True):
            self.runs.append(runon.RunRow("T4", group, cols, tok.text, group))
        return True

    def _t4_run(self, run: list[Token]) -> bool:
        """Table 四's digits run together: all fifteen cells, or one group's five when only it is named —
        by the group's name just before its digits (行政复议 00000 未经复议直接起诉 …), or because the fifteen
        cells cannot hold them."""
        digits = [t.text for t in run if t.kind != "blank"]
        if len(digits) != 1 or not _DIGIT_RUN.fullmatch(digits[0]) or any(t.conf is not None for t in run):
            return False  # not one run of digits (an OCR'd row, "?" among them on a stamped scan): _run's rule
        whole = runon.RunRow("T4", "cases", canon.T4_COLS, digits[0], "行政复议、行政诉讼")
        if self.t4_group in ("rv", "ld", "lr") and (self.t4_named or not runon.candidates(whole)):
            return self._run("T4", self.t4_group, canon.T4_GROUP_COLS[self.t4_group], run, self.t4_group)
        return self._run("T4", "cases", canon.T4_COLS, run, "行政复议、行政诉讼")


def place_cells(doc: ReportDoc) -> tuple[pl.DataFrame, list[str]]:
    """Canonical facts (FACT_SCHEMA frame) of a document and the problems met placing them."""
    rows, problems = place_rows(doc)
    return pl.DataFrame(rows, schema=FACT_SCHEMA, orient="row"), problems


def place_rows(doc: ReportDoc) -> tuple[list[tuple], list[str]]:
    """The same as ``place_cells`` as plain rows in FACT_SCHEMA column order.

    Per-report Polars frames cost more than parsing a report (~0.3 ms each), so the pipeline keeps rows
    and builds frames only when asked, or once for a whole batch (ParsedReport, warehouse staging).
    """
    if doc.format == "LEGACY":
        return [], []
    placer = Placer(doc)
    placer.run()
    if doc.format == "UNKNOWN" and placer.placed:
        if any(c.startswith("T3/3.6.") for c in placer.placed):
            doc.format = "F2021"
        elif any(c.startswith("T3/3.6/") for c in placer.placed):
            doc.format = "F2019"
    named = {p.split(":", 1)[0] for p in placer.problems} if doc.via == "ocr" else None
    problems = placer.problems + _missing(doc.format, placer.placed, named)
    return _fact_rows(doc, placer.placed, placer.split, placer.conf, placer.text_cells), problems


def _missing(fmt: str, placed: dict[str, str], named: set[str] | None = None) -> list[str]:
    """Printed cells of the form not placed, by row. For OCR (``named``: the cells problems already name,
    such as unread ones) cell by cell: a row lost to a misread label is a hole someone fills from the
    image, and each cell is named so that no miss goes unreported."""
    if fmt not in ("F2019", "F2021") or not placed:
        return [] if placed or fmt not in ("F2019", "F2021") else ["no statistics table cells found"]
    missing = sorted(canon.printed_cells()[fmt] - placed.keys())
    if named is not None:
        return [f"{cell}: not found in the OCR'd table (its row label or its cells were not read)" for cell in missing
                if cell not in named]
    rows: dict[str, int] = {}
    for cell in missing:
        t, r, _c = cell.split("/")
        rows[f"{t}/{r}"] = rows.get(f"{t}/{r}", 0) + 1
    return [f"not found: {row} ({n} cell{'s' if n > 1 else ''})" for row, n in rows.items()]


@lru_cache(maxsize=8192)
def _cell_columns(cell: str) -> tuple[tuple[str, ...], str | None]:
    """A cell code's (table, row, column) and the form's unit for it. Cell codes are the form's few hundred,
    so they are split and looked up once, not once per placed cell per report (issue 19)."""
    return tuple(cell.split("/")), canon.unit_of(cell)


@lru_cache(maxsize=4)
def _derived_cells(fmt: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(group cell, its item cells) of every T3 group total the form lets us add up, in output order."""
    return tuple((f"T3/{group}/{col}", tuple(f"T3/{s}/{col}" for s in subs))
                 for group, subs in _derived_groups(fmt).items() for col in canon.T3_COLS)


def _fact_rows(doc: ReportDoc, placed: dict[str, str], split: set[str] | None = None,
               conf: dict[str, float] | None = None, text_cells: set[str] | None = None) -> list[tuple]:
    """FACT_SCHEMA rows of the placed cells and of the group totals they add up to. A cell says how it was
    read (``via``): as the document says, except in a PDF of text and scanned pages, where a cell from the
    text layer says ``text`` and a total says ``ocr`` when any of its parts was OCR'd."""
    conf = conf or {}
    text_cells = text_cells or set()
    head = (doc.path, doc.organ, doc.year, doc.format)
    via = doc.via
    rows: list[tuple] = []
    numbers: dict[str, float] = {}
    for cell, raw in placed.items():
        value, status, printed_unit = parse_value(raw)
        if status == "num" and split and cell in split:
            status = runon.SPLIT  # a number read by the form's arithmetic, not printed apart
        parts, unit = _cell_columns(cell)
        rows.append((*head, cell, *parts, value, status, raw, printed_unit or unit, False,
                     "text" if cell in text_cells else via, conf.get(cell)))
        if status in NUMERIC:
            numbers[cell] = value
    for cell, items in _derived_cells(doc.format):
        if cell in placed or not all(p in numbers for p in items):
            continue
        part_conf = [conf[p] for p in items if p in conf]
        rows.append((*head, cell, *_cell_columns(cell)[0], sum(numbers[p] for p in items), "num", None, "件",
                     True, "text" if text_cells.issuperset(items) else via, min(part_conf) if part_conf else None))
    return rows


def _derived_groups(fmt: str) -> dict[str, tuple[str, ...]]:
    groups = {"3.3": tuple(f"3.3.{i}" for i in range(1, 9)), "3.4": ("3.4.1", "3.4.2", "3.4.3"),
              "3.5": tuple(f"3.5.{i}" for i in range(1, 6))}
    if fmt != "F2019":
        groups["3.6"] = ("3.6.1", "3.6.2", "3.6.3")
    return groups
