"""The form's rules read from their precomputed operand tables (issue 19): the rules no corpus report
reaches (R3.LPSUB, R4.SUM, the 2019 form's single 3.6 row) still come out as the form says."""

from __future__ import annotations

from extract.readers.records import ReportDoc
from transform.checks import check_rows


def _rules(cells: dict[str, float], fmt: str = "F2021") -> dict[tuple[str, str], tuple]:
    doc = ReportDoc(path="x.html", source_kind="html", organ="某县人民政府", year=2023, format=fmt)
    rows = check_rows(doc, [(c, v, "num", f"{v:g}") for c, v in cells.items()])
    return {(r[3], r[4]): (r[5], r[6], r[7]) for r in rows}  # (rule, scope) → (status, expected, found)


def test_lp_subtotal_is_checked_only_where_the_row_prints_it():
    lp = {"lp_biz": 2, "lp_research": 0, "lp_welfare": 1, "lp_legal": 0, "lp_other": 3}
    row = {f"T3/3.1/{c}": v for c, v in lp.items()} | {"T3/3.1/np": 4, "T3/3.1/total": 10}
    got = _rules(row | {"T3/3.1/lp_sum": 6})
    assert got[("R3.LPSUB", "3.1")] == ("pass", 6, 6)
    assert got[("R3.ROW", "3.1")] == ("pass", 10, 10)
    assert _rules(row | {"T3/3.1/lp_sum": 7})[("R3.LPSUB", "3.1")] == ("fail", 6, 7)
    assert ("R3.LPSUB", "3.1") not in _rules(row)


def test_review_and_lawsuit_totals():
    t4 = {"T4/cases/rv_upheld": 1, "T4/cases/rv_corrected": 2, "T4/cases/rv_other": 0,
          "T4/cases/rv_pending": 1, "T4/cases/rv_total": 5}
    got = _rules(t4)
    assert got[("R4.SUM", "rv")] == ("fail", 4, 5)
    assert got[("R4.SUM", "ld")][0] == "not_evaluable"  # its cells are not printed


def test_sum7_adds_one_36_row_in_2019_and_three_later():
    base = {f"T3/{p}/np": 0 for p in ("3.1", "3.2", *[f"3.3.{i}" for i in range(1, 9)], "3.4.1", "3.4.2",
                                      "3.4.3", *[f"3.5.{i}" for i in range(1, 6)])}
    base["T3/3.1/np"] = 2
    f19 = _rules(base | {"T3/3.6/np": 1, "T3/3.7/np": 3}, fmt="F2019")
    assert f19[("R3.SUM7", "np")] == ("pass", 3, 3)
    later = _rules(base | {"T3/3.6.1/np": 1, "T3/3.6.2/np": 1, "T3/3.6.3/np": 1, "T3/3.7/np": 5})
    assert later[("R3.SUM7", "np")] == ("pass", 5, 5)
