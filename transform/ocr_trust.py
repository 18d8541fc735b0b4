"""OCR'd cells the form's arithmetic contradicts are withheld, not shown as printed.

A text layer prints what the organ typed: when its row does not add up, the organ's arithmetic is wrong
and the check says so, with the printed numbers kept. An OCR'd cell is what the recogniser saw: a row
that does not add up is then far more often a misread (``454`` read as ``154`` with high confidence, at
120 dpi) than a misprint, and a wrong number shown as right is the worst thing an oversight tool can
do. So for a report read by OCR, every cell of a failing identity is left unplaced and named in the
problems with the check's own numbers, to be read from the image by hand. The finest identity is used:
a failing row (R3.ROW) or table 四 group (R4.SUM) withholds its cells; a failing column identity
(R3.BAL, R3.SUM7) withholds its cells only when no failing row already explains it; a count that is
not a whole number (R.NONNEG) withholds that cell. The checks then run again on what is left.
"""

from __future__ import annotations

from extract.readers.records import ReportDoc
from transform.checks import check_rows, printed
from transform.schemas import FACT_SCHEMA

# CHECK_SCHEMA row positions
_RULE, _SCOPE, _STATUS, _DETAIL = 3, 4, 5, 8
_VIA = list(FACT_SCHEMA).index("via")
_T3_LP = ("lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other")


def _operands(rule: str, scope: str, cells: set[str]) -> list[str]:
    """The printed cells an identity of checks.check_rows reads (the same names it builds)."""
    if rule == "R3.ROW":
        return [f"T3/{scope}/total", f"T3/{scope}/np", *[f"T3/{scope}/{c}" for c in _T3_LP]]
    if rule == "R4.SUM":
        return [f"T4/cases/{scope}_{s}" for s in ("total", "upheld", "corrected", "other", "pending")]
    if rule == "R3.BAL":
        return [f"T3/{r}/{scope}" for r in ("1", "2", "3.7", "4")]
    if rule == "R3.SUM7":  # the total row and every result row of that column
        return [c for c in cells if c.startswith("T3/3.") and c.endswith(f"/{scope}")]
    if rule == "R.NONNEG":
        return [scope] if scope in cells else []
    return []


def withhold_unconfirmed(doc: ReportDoc, facts: list[tuple]) -> tuple[list[tuple], list[str]]:
    """(facts left, one problem per withheld cell) for an OCR'd report; text sources pass unchanged."""
    if doc.via != "ocr":
        return facts, []
    shown = printed(facts)
    cells = {c for c, *_ in shown}
    failing = [r for r in check_rows(doc, shown)
               if r[_STATUS] == "fail" and r[_RULE] in ("R3.ROW", "R4.SUM", "R3.BAL", "R3.SUM7", "R.NONNEG")]
    if not failing:
        return facts, []
    # In a PDF of text and scanned pages, only what OCR read is suspect: a failing identity among text-layer
    # cells alone is the organ's misprint, reported by the check with its numbers kept.
    read = {f[4] for f in facts if f[_VIA] == "ocr"}
    why: dict[str, str] = {}
    for fine in (True, False):  # rows, groups and single cells first; columns only when still unexplained
        for r in failing:
            if (r[_RULE] in ("R3.BAL", "R3.SUM7")) == fine:
                continue
            operands = [c for c in _operands(r[_RULE], r[_SCOPE], cells) if c in read]
            if not fine and any(c in why for c in operands):
                continue  # a failing row already withheld one of its cells
            for c in operands:
                why.setdefault(c, f"{r[_RULE]} {r[_SCOPE]} fails ({r[_DETAIL]})")
    if not why:
        return facts, []
    kept = [f for f in facts if f[4] not in why and not (f[12] and _derived_from(f[4], why))]
    problems = [f"{c}: OCR'd value not placed: {reason} — a misread or a misprint; read it from the image"
                for c, reason in why.items()]
    return kept, problems


def _derived_from(cell: str, withheld: dict[str, str]) -> bool:
    """A derived subtotal (T3/3.3/np …) summed from a withheld part."""
    _t, group, col = cell.split("/")
    return any(w.startswith(f"T3/{group}.") and w.endswith(f"/{col}") for w in withheld)
