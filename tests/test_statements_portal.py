"""The sample portal's generated reports: their prose states figures in varied wordings, and MANIFEST
records what was stated (the generator's truth). Every HTML report must yield exactly that truth, and the
report whose prose contradicts its table must fail N.APPS naming both numbers."""

from __future__ import annotations

import pytest
from portal_fixtures import PORTAL, reports
from statements_fixtures import facts

from extract.readers.reader import read_report
from transform.statements import extract_statements, statements_of
from transform.text_checks import run_text_checks

# The report body is in the HTML page itself only for these deliveries (PDF/DOCX hang off the page).
HTML_REPORTS = [r for r in reports() if r["delivery"] == "html" and r["statements"]]


def _read(row):
    path = PORTAL / row["page_path"].lstrip("/")
    return read_report(path.read_bytes(), row["page_path"], "text/html")


def _stated(doc) -> dict:
    """The statements in MANIFEST's vocabulary (kind names as the generator writes them)."""
    out: dict = {}
    for s in statements_of(doc):
        if s.kind == "proactive_by_category":
            out.setdefault("proactive_by_category", {})[s.category] = s.value
        else:
            name = {"reviews": "review_cases", "lawsuits": "litigation_cases",
                    "fees_collected": "info_fee_yuan"}.get(s.kind, s.kind)
            out.setdefault(name, []).append(s.value)
    return out


def test_the_portal_has_html_reports_with_statements():
    assert len(HTML_REPORTS) >= 50


def test_every_generated_html_report_yields_exactly_the_generators_truth():
    wrong = []
    for row in HTML_REPORTS:
        truth = {k: (v if isinstance(v, dict) else [v]) for k, v in row["statements"].items()}
        if (found := _stated(_read(row))) != truth:
            wrong.append((row["page_path"], found, truth))
    assert wrong == []


def test_generated_report_whose_prose_contradicts_its_table_fails_n_apps():
    rows = [r for r in reports() if "prose_contradicts_table" in r["defects"]]
    if not rows:
        pytest.fail("the sample portal has no report with the prose_contradicts_table defect")
    row = rows[0]
    assert row["delivery"] == "html", "the contradicting report should be an HTML page read here"
    doc = _read(row)
    table = {cell: value for cell, value in row["truth"].items() if cell.count("/") == 2}
    checks = run_text_checks(doc, facts(table), extract_statements(doc))
    (apps,) = checks.filter(checks["rule"] == "N.APPS").iter_rows(named=True)
    stated, printed = row["statements"]["applications_received"], row["truth"]["T3/1/total"]
    assert stated != printed
    assert apps["status"] == "fail"
    assert f"收到申请{stated}件" in apps["detail"] and f"为 {printed}" in apps["detail"]
