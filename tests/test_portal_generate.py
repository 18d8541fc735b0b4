"""The generated sample portal: reproducible, complete, and its numbers obey the form (except on purpose)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from portal_fixtures import PORTAL, manifest, reports

from sampleportal.generate import write_site
from sampleportal.numbers import C3, t3_leaves


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portal") / "sample_portal"
    write_site(out)
    return out


def test_two_runs_of_the_generator_give_identical_bytes(fresh, tmp_path):
    again = tmp_path / "again"
    write_site(again)
    assert _tree(fresh) == _tree(again)


def test_committed_portal_is_what_the_generator_writes_today(fresh):
    committed, generated = _tree(PORTAL), _tree(fresh)
    assert sorted(committed) == sorted(generated)
    stale = [name for name in generated if committed[name] != generated[name]]
    assert not stale, f"data/sample_portal is stale; run python -m sampleportal.generate: {stale[:5]}"


def test_portal_stays_small():
    assert sum(len(b) for b in _tree(PORTAL).values()) < 3_000_000


def test_every_manifest_report_exists_as_a_file_and_is_listed_or_inline():
    pages_csv = (PORTAL / "PAGES.csv").read_text(encoding="utf-8")
    for row in reports():
        assert (PORTAL / row["url_path"].lstrip("/").removesuffix("/")).exists(), row["url_path"]
        page = row["page_path"] + ("index.html" if row["page_path"].endswith("/") else "")
        assert (PORTAL / page.lstrip("/")).is_file(), page
        assert row["delivery"] == "inline_channel" or row["page_path"] in pages_csv


def test_manifest_has_about_a_hundred_and_thirty_reports_and_the_declared_gaps():
    rows = manifest()
    assert 100 <= len(reports()) <= 130
    missing = {(r["organ"], r["year"], r["delivery"]) for r in rows if r["delivery"] in ("missing", "dead_link")}
    assert ("锦屏县教育局", "2023", "missing") in missing
    assert {y for o, y, d in missing if o == "锦屏县彦洞乡人民政府"} == {str(y) for y in range(2019, 2026)}
    assert any(d == "dead_link" for _, _, d in missing)
    dead = next(r for r in rows if r["delivery"] == "dead_link")
    assert not (PORTAL / dead["url_path"].lstrip("/")).exists()


def test_each_deliberate_defect_and_delivery_variant_is_present():
    defects = {d for r in manifest() for d in r["defects"]}
    assert {"late", "balance_error", "fee_in_yuan", "prose_contradicts_table", "republished_correction",
            "superseded", "old_template", "blank_cells", "no_report", "missing_year", "dead_link"} <= defects
    deliveries = {r["delivery"] for r in reports()}
    assert deliveries == {"html", "pdf", "docx", "inline_channel"}
    assert any(r["encoding"] == "gbk" for r in reports())
    old = [r for r in reports() if "old_template" in r["defects"]]
    assert old and all(int(r["year"]) >= 2021 and r["format"] == "F2019" for r in old)


def _v(truth: dict, cell: str) -> float:
    return truth.get(cell) or 0


def _identity_failures(row: dict) -> set[str]:
    """R3.BAL, R3.SUM7, R3.ROW, R4.SUM (FORMAT_SPEC §2.1) evaluated on the generator's truth, blanks as zero."""
    truth, fmt, failed = row["truth"], row["format"], set()
    cols = (*C3, "total")
    for c in cols:
        if _v(truth, f"T3/1/{c}") + _v(truth, f"T3/2/{c}") != _v(truth, f"T3/3.7/{c}") + _v(truth, f"T3/4/{c}"):
            failed.add("R3.BAL")
        if sum(_v(truth, f"T3/{leaf}/{c}") for leaf in t3_leaves(fmt)) != _v(truth, f"T3/3.7/{c}"):
            failed.add("R3.SUM7")
    for leaf in ["1", "2", *t3_leaves(fmt), "3.7", "4"]:
        if sum(_v(truth, f"T3/{leaf}/{c}") for c in C3) != _v(truth, f"T3/{leaf}/total"):
            failed.add("R3.ROW")
    for g in ("rv", "ld", "lr"):
        parts = sum(_v(truth, f"T4/cases/{g}_{p}") for p in ("upheld", "corrected", "other", "pending"))
        if parts != _v(truth, f"T4/cases/{g}_total"):
            failed.add("R4.SUM")
    return failed


def test_truth_obeys_the_form_identities_except_where_a_balance_error_is_declared():
    for row in reports():
        expected = {"R3.BAL"} if "balance_error" in row["defects"] else set()
        assert _identity_failures(row) == expected, (row["organ"], row["year"], row["url_path"])


def test_this_years_carried_over_equals_last_years_carried_forward():
    by_organ: dict[str, dict[int, dict]] = {}
    for row in reports():
        if "superseded" not in row["defects"] and "balance_error" not in row["defects"]:
            by_organ.setdefault(row["organ"], {})[int(row["year"])] = row["truth"]
    checked = 0
    for years in by_organ.values():
        for year, truth in years.items():
            if year - 1 in years:
                for c in (*C3, "total"):
                    assert truth[f"T3/2/{c}"] == years[year - 1][f"T3/4/{c}"]
                checked += 1
    assert checked > 50


def test_truth_lists_every_printed_cell_of_its_format():
    import csv
    with (PORTAL.parent / "spec" / "canonical_cells.csv").open(encoding="utf-8") as fh:
        printed = {}
        for r in csv.DictReader(fh):
            if r["printed"] == "1":
                printed.setdefault(r["format"], set()).add(r["cell"])
    for row in reports():
        assert set(row["truth"]) == printed[row["format"]], row["url_path"]


def test_datong_2024_is_the_real_report_with_the_seed_numbers():
    row = next(r for r in reports() if r["organ"] == "锦屏县大同乡人民政府" and r["year"] == "2024")
    assert row["truth"]["T2_5/licensing/decisions"] == 17
    assert row["truth"]["T2_1/rules/repealed"] is None and row["truth"]["T2_1/rules/issued"] == 0
    assert row["statements"]["proactive_total"] == 58
    html = (PORTAL / row["url_path"].lstrip("/")).read_text(encoding="utf-8")
    assert "大同乡在锦屏县政府网站公开各类政府信息共计58条" in html and "<o:p>" in html


def test_prose_states_the_table_figures_except_where_a_contradiction_is_declared():
    for row in reports():
        if row["organ"] == "锦屏县大同乡人民政府" and row["year"] == "2024":
            continue
        st, truth = row["statements"], row["truth"]
        same = st["applications_received"] == truth["T3/1/total"]
        assert same != ("prose_contradicts_table" in row["defects"]), row["url_path"]
        assert sum(st["proactive_by_category"].values()) == st["proactive_total"]
        text = _page_text(row)
        if st["applications_received"]:
            assert f"政府信息公开申请{st['applications_received']}件" in text
        else:
            assert "未收到政府信息公开申请" in text


def _page_text(row: dict) -> str:
    path = PORTAL / (row["page_path"] + ("index.html" if row["page_path"].endswith("/") else "")).lstrip("/")
    if row["delivery"] == "pdf":
        pdf = pdfium.PdfDocument((PORTAL / row["url_path"].lstrip("/")).read_bytes())
        return "".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))).replace("\r\n", "")
    if row["delivery"] == "docx":
        document = docx.Document(io.BytesIO((PORTAL / row["url_path"].lstrip("/")).read_bytes()))
        return "\n".join(p.text for p in document.paragraphs)
    return path.read_bytes().decode(row["encoding"])


def test_every_html_page_says_it_is_sample_data():
    for path in PORTAL.rglob("*.html"):
        assert "示例数据（sample data）" in path.read_bytes().decode("gbk" if b"charset=gbk" in
                                                                     path.read_bytes()[:300] else "utf-8")


def test_the_gbk_page_is_encoded_and_declared_as_gbk():
    row = next(r for r in reports() if r["encoding"] == "gbk")
    data = (PORTAL / row["url_path"].lstrip("/")).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert 'charset=gbk' in data.decode("gbk") and row["title"] in data.decode("gbk")


def test_pdf_attachment_text_reads_back_with_pdfium_and_pdfplumber():
    import pdfplumber
    for row in (r for r in reports() if r["delivery"] == "pdf"):
        data = (PORTAL / row["url_path"].lstrip("/")).read_bytes()
        text = _page_text(row)
        assert row["title"] in text and "示例数据（sample data）" in text
        assert "三、收到和处理政府信息公开申请情况" in text and "（七）总计" in text
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            assert "一、本年新收政府信息公开申请数量" in "".join(p.extract_text() for p in pdf.pages)


def test_the_attachment_only_report_has_an_empty_body():
    row = next(r for r in reports() if r["delivery"] == "pdf" and "TRS_Editor" in
               (PORTAL / r["page_path"].lstrip("/")).read_text(encoding="utf-8")
               and '<div class="TRS_Editor">\n\n</div>' in (PORTAL / r["page_path"].lstrip("/")).read_text(encoding="utf-8"))
    html = (PORTAL / row["page_path"].lstrip("/")).read_text(encoding="utf-8")
    assert row["url_path"].rsplit("/", 1)[1] in html


def test_docx_attachment_has_word_tables_with_merged_cells():
    for row in (r for r in reports() if r["delivery"] == "docx"):
        data = (PORTAL / row["url_path"].lstrip("/")).read_bytes()
        document = docx.Document(io.BytesIO(data))
        t3 = next(t for t in document.tables if "勾稽关系" in t.cell(0, 0).text)
        assert t3.cell(0, 0).text == t3.cell(2, 2).text  # the note spans 3 rows × 3 columns
        assert t3.cell(5, 0).text == "三、本年度办理结果" == t3.cell(10, 0).text  # the vertical label
        assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(2020, 1, 1, 0, 0, 0)}
