"""An OCR'd row that does not add up is withheld and named, never shown as read (transform/ocr_trust.py).

The case is real: at 120 dpi the recogniser read the 454 of 淮安市 2024's （二）部分公开 total as 154 with
high confidence. Printed text keeps its numbers (a misprint is the organ's, and the check reports it);
OCR'd text does not, because the misread is far more likely than the misprint.
"""

from __future__ import annotations

from extract.readers.records import ReportDoc
from transform.ocr_trust import withhold_unconfirmed

LP = ("lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other")


def _facts(rows: dict[str, list[int]], derived: dict[str, list[int]] | None = None) -> list[tuple]:
    """FACT_SCHEMA rows for table 三 rows given as [np, 5 × lp, total]."""
    out = []
    for flag, table in ((False, rows), (True, derived or {})):
        for row, values in table.items():
            for col, v in zip(("np", *LP, "total"), values, strict=True):
                out.append(("scan.pdf", "淮安市人民政府", 2024, "F2021", f"T3/{row}/{col}", "T3", row, col,
                            float(v), "num", None if flag else str(v), "件", flag, "ocr", None if flag else 0.97))
    return out


ROWS = {"3.3.1": [1288, 21, 0, 0, 50, 3, 1362], "3.3.2": [447, 7, 0, 0, 0, 0, 154]}  # 454 read as 154


def _doc(via: str) -> ReportDoc:
    return ReportDoc(path="scan.pdf", source_kind="pdf", format="F2021", via=via)  # type: ignore[arg-type]


def test_an_ocr_row_that_does_not_add_up_is_withheld_cell_by_cell_with_the_checks_numbers():
    facts = _facts(ROWS, derived={"3.3": [1735, 28, 0, 0, 50, 3, 1516]})
    kept, problems = withhold_unconfirmed(_doc("ocr"), facts)
    cells = {f[4] for f in kept}
    assert {f"T3/3.3.1/{c}" for c in ("np", *LP, "total")} <= cells  # the row that adds up stays
    assert not any(c.startswith("T3/3.3.2/") for c in cells)
    assert not any(c.startswith("T3/3.3/") for c in cells)  # its subtotal summed a withheld part
    named = {p.split(":")[0] for p in problems}
    assert named == {f"T3/3.3.2/{c}" for c in ("np", *LP, "total")}
    assert all("R3.ROW 3.3.2 fails" in p and "154" in p and "454" in p for p in problems), problems


def test_printed_text_keeps_its_numbers_and_lets_the_check_report_the_misprint():
    facts = _facts(ROWS)
    assert withhold_unconfirmed(_doc("text"), facts) == (facts, [])


def test_an_ocr_report_whose_arithmetic_holds_is_left_alone():
    facts = _facts({"3.3.2": [447, 7, 0, 0, 0, 0, 454]})
    assert withhold_unconfirmed(_doc("ocr"), facts) == (facts, [])


def test_in_a_pdf_of_text_and_scanned_pages_only_the_ocrd_cells_of_a_failing_row_are_withheld():
    """The row's total came from the text layer and its parts from a scanned page (a table across the
    page break): the OCR'd parts are the suspects, the printed total stays with the check reporting it;
    a failing row wholly on the text pages is the organ's misprint and keeps every number."""
    facts = [f if f[4] != "T3/3.3.2/total" else (*f[:13], "text", None) for f in _facts(ROWS)]
    facts += [(*f[:13], "text", None) for f in _facts({"3.2": [5, 0, 0, 0, 0, 0, 6]})]
    kept, problems = withhold_unconfirmed(_doc("ocr"), facts)
    named = {p.split(":")[0] for p in problems}
    assert named == {f"T3/3.3.2/{c}" for c in ("np", *LP)}
    assert {f[4] for f in kept} >= {"T3/3.3.2/total", *(f"T3/3.2/{c}" for c in ("np", *LP, "total"))}
