"""The form's arithmetic (FORMAT_SPEC §2.1), each rule with the four outcomes of §2.4.

A rule instance is evaluated strictly when every operand is a printed number (pass / fail); otherwise
with blanks read as zero (pass_if_blank_zero when the identity then holds); otherwise it is
not_evaluable — a blank total is a completeness issue, not an arithmetic error. Nothing is repaired.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from extract.readers.records import ReportDoc
from transform import canon
from transform.schemas import CHECK_SCHEMA, NUMERIC

EPS = 1e-6
_DECIMAL_COLS = {"fee_amount", "proc_amount"}
_SIGNED_COLS = {"delta_items"}


class _Facts:
    """The printed cells of a report: status, value and raw text by cell code (derived cells left out)."""

    def __init__(self, cells: list[tuple[str, float | None, str, str | None]]):
        self.status: dict[str, str] = {}
        self.value: dict[str, float | None] = {}
        self.raw: dict[str, str | None] = {}
        for cell, value, status, raw in cells:
            self.status[cell] = "num" if status in NUMERIC else status  # a split number is a number
            self.value[cell] = value
            self.raw[cell] = raw


def printed(fact_rows: list[tuple]) -> list[tuple[str, float | None, str, str | None]]:
    """(cell, value, status, raw) of the printed cells among FACT_SCHEMA rows."""
    return [(r[4], r[8], r[9], r[10]) for r in fact_rows if not r[12]]


def run_checks(doc: ReportDoc, facts: pl.DataFrame) -> pl.DataFrame:
    """The form's rules on a FACT_SCHEMA frame, as a CHECK_SCHEMA frame."""
    cols = facts.filter(~pl.col("is_derived")).select("cell", "value", "status", "raw").to_dict(as_series=False)
    cells = list(zip(cols["cell"], cols["value"], cols["status"], cols["raw"], strict=True))
    return pl.DataFrame(check_rows(doc, cells), schema=CHECK_SCHEMA, orient="row")


def check_rows(doc: ReportDoc, cells: list[tuple[str, float | None, str, str | None]]) -> list[tuple]:
    """The form's rules as CHECK_SCHEMA rows, from (cell, value, status, raw) of the printed cells."""
    out: list[tuple] = []
    if not cells:
        return out
    f = _Facts(cells)
    head = (doc.path, doc.organ, doc.year)

    def emit(rule: str, scope: str, status: str, expected, found, detail: str) -> None:
        out.append((*head, rule, scope, status, expected, found, detail))

    status_of, value_of = f.status, f.value

    def identity(rule: str, scope: str, lhs: tuple[str, ...], rhs: tuple[str, ...], cells: tuple[str, ...]
                 ) -> None:
        statuses = [status_of.get(c) for c in cells]
        if None in statuses:
            missing = [c for c, st in zip(cells, statuses, strict=True) if st is None]
            emit(rule, scope, "not_evaluable", None, None, f"cells not found: {', '.join(missing[:4])}")
            return
        lv = sum(value_of[c] or 0.0 for c in lhs)
        rv = sum(value_of[c] or 0.0 for c in rhs)
        holds = abs(lv - rv) < EPS
        blanks = [c for c, st in zip(cells, statuses, strict=True) if st != "num"]
        if not blanks:
            status = "pass" if holds else "fail"
        elif "text" in statuses:
            status = "not_evaluable"
        else:
            status = "pass_if_blank_zero" if holds else "not_evaluable"
        if status == "pass":  # the common case: the numbers say it all; spell out the rest
            detail = f"{lv:g} = {rv:g}"
        else:
            detail = f"{' + '.join(lhs)} = {lv:g}; {' + '.join(rhs)} = {rv:g}"
            if blanks:
                detail += f"; not printed as numbers: {', '.join(blanks[:6])}{' …' if len(blanks) > 6 else ''}"
        emit(rule, scope, status, rv, lv, detail)

    # One pass over the printed cells for what the rules depend on: the T3 columns and rows printed,
    # whether T3 prints the 2019 form's single 3.6 row, whether T4 is there.
    t3_cols_present: set[str] = set()
    t3_rows: set[str] = set()
    is19 = doc.format == "F2019"
    has_t4 = False
    for k in status_of:
        if k.startswith("T3/"):
            parts = k.split("/")
            t3_rows.add(parts[1])
            t3_cols_present.add(parts[-1])
            if k.startswith("T3/3.6/"):
                is19 = True
        elif not has_t4 and k.startswith("T4/"):
            has_t4 = True
    if t3_rows:
        bal, sum7 = _t3_column_rules(is19)
        t3_cols = [c for c in canon.T3_COLS_WITH_SUB if c in t3_cols_present]
        for c in t3_cols:
            identity("R3.BAL", c, *bal[c])
        for c in t3_cols:
            identity("R3.SUM7", c, *sum7[c])
        for r in sorted(t3_rows, key=_row_order):
            row_rule, lpsub_rule = _t3_row_rules(r)
            identity("R3.ROW", r, *row_rule)
            if lpsub_rule[0][0] in status_of:  # the row prints its 法人 subtotal
                identity("R3.LPSUB", r, *lpsub_rule)
    if has_t4:
        for g, rule in _T4_RULES:
            identity("R4.SUM", g, *rule)
    _nonneg(f, emit)
    _feeunit(doc, f, emit)
    _stock19(f, emit)
    return out


# ── rule tables ─────────────────────────────────────────────────────────────────────────────────────
# The operands of every identity are fixed by the form (and for T3's 申请办理 rows by its version), so they
# are built once and looked up per report instead of rebuilt per report (issue 19). Each entry is
# (lhs, rhs, lhs + rhs): the operands as check_rows' identity() reads them.
def _operands(lhs: list[str], rhs: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return tuple(lhs), tuple(rhs), (*lhs, *rhs)


_LP = ("lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other")


@lru_cache(maxsize=2)
def _t3_column_rules(is19: bool) -> tuple[dict[str, tuple], dict[str, tuple]]:
    """R3.BAL and R3.SUM7 operands per T3 column; the 2019 form has one 其他处理 row (3.6), later forms three."""
    oh = ["3.6"] if is19 else ["3.6.1", "3.6.2", "3.6.3"]
    parts = ["3.1", "3.2", *[f"3.3.{i}" for i in range(1, 9)], "3.4.1", "3.4.2", "3.4.3",
             *[f"3.5.{i}" for i in range(1, 6)], *oh]
    bal = {c: _operands([f"T3/1/{c}", f"T3/2/{c}"], [f"T3/3.7/{c}", f"T3/4/{c}"]) for c in canon.T3_COLS_WITH_SUB}
    sum7 = {c: _operands([f"T3/3.7/{c}"], [f"T3/{p}/{c}" for p in parts]) for c in canon.T3_COLS_WITH_SUB}
    return bal, sum7


@lru_cache(maxsize=256)
def _t3_row_rules(r: str) -> tuple[tuple, tuple]:
    """R3.ROW and R3.LPSUB operands of T3 row ``r`` (cached: rows are the form's, a few dozen)."""
    return (_operands([f"T3/{r}/total"], [f"T3/{r}/np", *[f"T3/{r}/{c}" for c in _LP]]),
            _operands([f"T3/{r}/lp_sum"], [f"T3/{r}/{c}" for c in _LP]))


@lru_cache(maxsize=256)
def _row_order(r: str) -> list[int]:
    return [int(x) for x in r.split(".")]


_T4_RULES = tuple((g, _operands([f"T4/cases/{g}_total"],
                                [f"T4/cases/{g}_{s}" for s in ("upheld", "corrected", "other", "pending")]))
                  for g in ("rv", "ld", "lr"))


def _nonneg(f: _Facts, emit) -> None:
    bad = 0
    for cell, status in f.status.items():
        if status != "num":
            continue
        col = cell.rsplit("/", 1)[1]
        v = f.value[cell]
        if col in _SIGNED_COLS:
            if v != int(v):
                emit("R.NONNEG", cell, "fail", None, v, f"{cell} = {f.raw[cell]} is not a whole number")
                bad += 1
            continue
        if v < 0 or (col not in _DECIMAL_COLS and v != int(v)):
            emit("R.NONNEG", cell, "fail", None, v, f"{cell} = {f.raw[cell]} is not a count ≥ 0")
            bad += 1
    if not bad:
        emit("R.NONNEG", "all", "pass", None, None, "every count is a whole number ≥ 0")


def _feeunit(doc: ReportDoc, f: _Facts, emit) -> None:
    cell = "T2_8/admin_fees/fee_amount"
    if cell not in f.status:
        return
    raw = f.raw[cell] or ""
    v = f.value[cell]
    reasons = []
    if "元" in raw and "万" not in raw:
        reasons.append(f"printed as {raw!r}: 元, not 万元")
    if v is not None and "." in raw and len(raw.split(".")[1].rstrip("元万 ")) > 4:
        reasons.append("more than 4 decimals")
    organ = doc.organ or ""
    if v is not None and v > 10000 and (organ.endswith(("乡人民政府", "镇人民政府", "乡", "镇", "街道办事处"))):
        reasons.append(f"{v:g} 万元 is implausibly large for a 乡镇")
    if f.status[cell] != "num":
        emit("R2.FEEUNIT", cell, "not_evaluable", None, None, f"fee printed as {raw!r}")
    elif reasons:
        emit("R2.FEEUNIT", cell, "fail", None, v, "; ".join(reasons))
    else:
        emit("R2.FEEUNIT", cell, "pass", None, v, "amount in 万元")


def _stock19(f: _Facts, emit) -> None:
    for row in ("rules", "norm_docs"):
        new, total = f"T2_1/{row}/new_public", f"T2_1/{row}/total_public"
        if new in f.status and total in f.status:
            if f.status[new] == "num" and f.status[total] == "num":
                ok = f.value[total] >= f.value[new]
                emit("R2.STOCK19", row, "pass" if ok else "fail", f.value[new], f.value[total],
                     f"对外公开总数量 {f.value[total]:g} ≥ 本年新公开数量 {f.value[new]:g}")
            else:
                emit("R2.STOCK19", row, "not_evaluable", None, None, "a cell is not printed as a number")
