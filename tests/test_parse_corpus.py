"""The real corpus, cell by cell: each expectation file is what a person read off the document."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS, read_expected
from tests.variants import cell_differences, printed_facts
from transform.pipeline import parse_document

CASES = [
    ("jinping-datongxiang-2024.txt", "jinping-datongxiang-2024.expected.csv"),
    ("001_shanghai-bangongting-2019.html", "001_shanghai-bangongting-2019.expected.csv"),
    ("002_huaian-shi-2024.pdf", "002_huaian-shi-2024.expected.csv"),
]


def parse(name: str):
    path = CORPUS / name
    return parse_document(path.read_bytes(), str(path))


@pytest.mark.parametrize(("doc", "expected"), CASES)
def test_every_expected_cell_and_no_other(doc, expected):
    meta, cells = read_expected(CORPUS / "expected" / expected)
    pr = parse(doc)
    wrong = cell_differences(pr, cells)  # missing, wrong value, blank vs printed, and invented cells
    assert not wrong, "\n".join(wrong)
    assert pr.doc.organ == meta["organ"]
    assert pr.doc.year == int(meta["year"])
    assert pr.doc.format == meta["format"]


def test_blank_is_not_zero_in_the_seed():
    facts = printed_facts(parse("jinping-datongxiang-2024.txt"))
    assert facts["T2_1/rules/issued"]["value"] == 0
    assert facts["T2_1/rules/repealed"]["status"] == "blank"
    assert facts["T2_1/rules/repealed"]["value"] is None


def test_amount_with_unit_keeps_number_unit_and_raw():
    facts = printed_facts(parse("001_shanghai-bangongting-2019.html"))
    f = facts["T2_9/central_proc/proc_amount"]
    assert (f["value"], f["unit"], f["raw"]) == (251000.0, "元", "251000元")


def test_huaian_every_error_rule_passes():
    checks = parse("002_huaian-shi-2024.pdf").checks
    e_rules = checks.filter(checks["rule"].is_in(["R3.BAL", "R3.SUM7", "R3.ROW", "R4.SUM", "R.NONNEG"]))
    assert e_rules.height >= 7 + 7 + 25 + 3 + 1
    assert set(e_rules["status"]) == {"pass"}


def test_shanghai_balance_passes_and_row_rule_is_not_evaluable_where_total_blank():
    checks = parse("001_shanghai-bangongting-2019.html").checks
    bal = checks.filter(checks["rule"] == "R3.BAL")
    assert set(bal["status"]) <= {"pass", "pass_if_blank_zero"}
    assert "pass" in set(bal["status"])
    row = {r["scope"]: r["status"] for r in checks.filter(checks["rule"] == "R3.ROW").iter_rows(named=True)}
    assert row["3.1"] == "not_evaluable"  # 总计 printed blank on result rows
    assert row["1"] == "pass_if_blank_zero"  # 科研机构, 社会公益组织 printed blank: 821+35+2+1 = 859


def test_shuyang_ocr_places_table_two_and_table_four_and_reports_the_rest():
    pr = parse("005_shuyang-xian-2025.md")
    facts = printed_facts(pr)
    assert facts["T2_5/licensing/decisions"]["value"] == 517645
    assert facts["T2_8/admin_fees/fee_amount"]["value"] == pytest.approx(4068.208)
    t4 = [facts[f"T4/cases/{c}"]["value"] for c in ("rv_total", "ld_total", "lr_total")]
    assert t4 == [61, 3, 10]
    assert pr.doc.organ == "沐阳县人民政府"  # as printed (OCR'd 沭阳)
    assert pr.problems, "the placeholder 申请人情况 mini-tables cannot be placed and must be reported"


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "legacy").glob("*.txt")))
def test_legacy_reports_are_legacy_with_no_cells(name):
    pr = parse(f"legacy/{name}")
    assert pr.doc.format == "LEGACY"
    assert pr.facts.height == 0
    assert pr.doc.year is not None and pr.doc.year <= 2018


def test_one_changed_cell_fails_a_balance_rule_naming_the_column():
    src = (CORPUS / "002_huaian-shi-2024.pdf").read_bytes()
    pr = parse_document(src, "x.pdf")
    # change a cell in the facts' source by re-parsing a text copy of the PDF with one number altered
    text = "\n".join(pr.doc.text.splitlines()).replace("（一）予以公开 1288 21 0 0 50 3 1362",
                                                      "（一）予以公开 1288 21 0 0 50 3 1363")
    assert "1363" in text
    changed = parse_document(text.encode(), "changed.txt")
    failed = changed.checks.filter(changed.checks["status"] == "fail")
    assert {"R3.SUM7", "R3.ROW"} & set(failed["rule"])
    assert "total" in set(failed.filter(failed["rule"] == "R3.SUM7")["scope"])
