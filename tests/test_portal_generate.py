"""The generated sample portal: reproducible, complete, and its numbers obey the form (except on purpose)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from portal_fixtures import PORTAL, PROVINCE, manifest, reports, site_file

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
    committed, generated = _tree(PROVINCE), _tree(fresh)
    assert sorted(committed) == sorted(generated)
    stale = [name for name in generated if committed[name] != generated[name]]
    assert not stale, f"data/sample_portal is stale; run python -m sampleportal.generate: {stale[:5]}"


def test_portal_stays_small():
    assert sum(len(b) for b in _tree(PROVINCE).values()) < 12_000_000


def test_every_manifest_report_exists_as_a_file_and_is_listed_or_inline():
    with (PROVINCE / "PAGES.csv").open(encoding="utf-8") as fh:
        listed = {(r["source"], r["url_path"]) for r in csv.DictReader(fh)}
    for row in reports(PROVINCE):
        assert site_file(row).is_file() and site_file(row, "page_path").is_file(), row["url_path"]
        assert row["delivery"] == "inline_channel" or (row["source"], row["page_path"]) in listed


def test_the_province_has_three_county_sites_each_with_its_reports():
    rows = reports(PROVINCE)
    sources = {r["source"] for r in rows}
    assert sources == {"sample", "sample-jianhe", "sample-xingren"}
    for source in sources:
        latest = max(int(r["year"]) for r in rows if r["source"] == source)
        assert sum(1 for r in rows if r["source"] == source and int(r["year"]) == latest) >= 5
        assert (site_file({"source": source, "url_path": "/index.html"})).is_file()


def test_manifest_has_the_declared_gaps():
    rows = manifest()
    missing = {(r["organ"], r["year"], r["delivery"]) for r in rows if r["delivery"] in ("missing", "dead_link")}
    assert ("锦屏县教育局", "2023", "missing") in missing
    assert {y for o, y, d in missing if o == "锦屏县彦洞乡人民政府"} == {str(y) for y in range(2019, 2026)}
    assert any(d == "dead_link" for _, _, d in missing)
    dead = next(r for r in rows if r["delivery"] == "dead_link")
    assert not (PORTAL / dead["url_path"].lstrip("/")).exists()


def test_each_deliberate_defect_and_delivery_variant_is_present():
    defects = {d for r in manifest(PROVINCE) for d in r["defects"]}
    assert {"late", "balance_error", "fee_in_yuan", "prose_contradicts_table", "republished_correction",
            "superseded", "old_template", "blank_cells", "no_report", "missing_year", "dead_link", "title_only",
            "cn_year_title", "wrong_year_channel", "in_county_channel", "carry_mismatch",
            "inforce_mismatch"} <= defects
    deliveries = {r["delivery"] for r in reports(PROVINCE)}
    assert deliveries == {"html", "pdf", "docx", "inline_channel", "scan", "image", "doc", "wps", "runon"}
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
    for row in reports(PROVINCE):
        expected = {"R3.BAL"} if "balance_error" in row["defects"] else set()
        assert _identity_failures(row) == expected, (row["organ"], row["year"], row["url_path"])


def _current_by_organ() -> dict[str, dict[int, dict]]:
    by_organ: dict[str, dict[int, dict]] = {}
    for row in reports(PROVINCE):
        if row["current"] == "1":
            assert int(row["year"]) not in by_organ.get(row["organ"], {}), (row["organ"], row["year"])
            by_organ.setdefault(row["organ"], {})[int(row["year"])] = row
    return by_organ


def test_x_carry_holds_between_consecutive_current_reports_except_where_declared():
    """FORMAT_SPEC §2.2 X.CARRY on the truth: 上年结转 = last year's 结转下年度继续办理, per column."""
    failing, checked = set(), 0
    for organ, years in _current_by_organ().items():
        for year, row in years.items():
            if year - 1 in years:
                checked += 1
                before = years[year - 1]["truth"]
                if any(_v(row["truth"], f"T3/2/{c}") != _v(before, f"T3/4/{c}") for c in (*C3, "total")):
                    failing.add((organ, year))
    declared = {(r["organ"], int(r["year"])) for r in reports(PROVINCE) if "carry_mismatch" in r["defects"]}
    assert len(declared) >= 2 and failing == declared and checked > 150


def test_x_inforce_holds_between_consecutive_2021_form_reports_except_where_declared():
    """X.INFORCE: 现行有效件数 = last year's + 本年制发 − 本年废止 (2021 form in both years; blanks as zero)."""
    failing, checked = set(), 0
    for organ, years in _current_by_organ().items():
        for year, row in years.items():
            before = years.get(year - 1)
            if before is None or row["format"] != "F2021" or before["format"] != "F2021":
                continue
            checked += 1
            for r in ("rules", "norm_docs"):
                t, b = row["truth"], before["truth"]
                if _v(t, f"T2_1/{r}/in_force") != (_v(b, f"T2_1/{r}/in_force") + _v(t, f"T2_1/{r}/issued")
                                                    - _v(t, f"T2_1/{r}/repealed")):
                    failing.add((organ, year))
    declared = {(r["organ"], int(r["year"])) for r in reports(PROVINCE) if "inforce_mismatch" in r["defects"]}
    assert len(declared) >= 2 and failing == declared and checked > 100


def test_truth_lists_every_printed_cell_of_its_format():
    import csv
    with (PROVINCE.parent / "spec" / "canonical_cells.csv").open(encoding="utf-8") as fh:
        printed = {}
        for r in csv.DictReader(fh):
            if r["printed"] == "1":
                printed.setdefault(r["format"], set()).add(r["cell"])
    for row in reports(PROVINCE):
        assert set(row["truth"]) == printed[row["format"]], row["url_path"]


def test_datong_2024_is_the_real_report_with_the_seed_numbers():
    row = next(r for r in reports() if r["organ"] == "锦屏县大同乡人民政府" and r["year"] == "2024")
    assert row["truth"]["T2_5/licensing/decisions"] == 17
    assert row["truth"]["T2_1/rules/repealed"] is None and row["truth"]["T2_1/rules/issued"] == 0
    assert row["statements"]["proactive_total"] == 58
    html = (PORTAL / row["url_path"].lstrip("/")).read_text(encoding="utf-8")
    assert "大同乡在锦屏县政府网站公开各类政府信息共计58条" in html and "<o:p>" in html


def test_prose_states_the_table_figures_except_where_a_contradiction_is_declared():
    for row in reports(PROVINCE):
        if row["organ"] == "锦屏县大同乡人民政府" and row["year"] == "2024" or row["delivery"] in BINARY_SHAPES:
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


BINARY_SHAPES = ("scan", "doc", "wps")  # read by the readers of issue 15, not here


def _page_text(row: dict) -> str:
    if row["delivery"] == "pdf":
        pdf = pdfium.PdfDocument(site_file(row).read_bytes())
        return "".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))).replace("\r\n", "")
    if row["delivery"] == "docx":
        document = docx.Document(io.BytesIO(site_file(row).read_bytes()))
        return "\n".join(p.text for p in document.paragraphs)
    return site_file(row, "page_path").read_bytes().decode(row["encoding"])


def test_every_html_page_says_it_is_sample_data():
    for path in PROVINCE.rglob("*.html"):
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


# --- the sample province's layouts, traps (issue 13) and delivery shapes (issue 15) -------------------------

def _list_order(row: dict) -> tuple[str, int]:
    """(listing page, position on it) of a MANIFEST row's page, read from the committed list pages."""
    folder = site_file(row, "page_path").parent.parent
    for listing in sorted(folder.glob("index*.html"), key=lambda p: (len(p.name), p.name)):
        text = listing.read_text(encoding="utf-8")
        hrefs = re.findall(r'<li><a href="\./([^"]+)"', text)
        name = row["page_path"].split("/")[-2] + "/" + row["page_path"].split("/")[-1]
        if name in hrefs:
            return listing.name, hrefs.index(name)
    raise AssertionError(f"{row['page_path']} is listed nowhere in {folder}")


def test_the_real_datong_2024_report_sits_at_its_real_address_in_the_county_channel():
    row = next(r for r in reports() if r["organ"] == "锦屏县大同乡人民政府" and r["year"] == "2024")
    assert row["url_path"] == "/zwgk/zfxxgk/zfxxgknb/2024n/202501/t20250123_86677607.html"
    assert row["source"] == "sample" and row["current"] == "1"


def test_article_ids_rise_with_the_date_across_the_whole_cluster():
    dated = []
    for path in PROVINCE.rglob("t*_*.html"):
        m = re.fullmatch(r"t(\d{8})_(\d{8})\.html", path.name)
        assert m, path
        dated.append((m.group(1), int(m.group(2))))
    dated.sort()
    days = sorted({d for d, _ in dated})
    last_of = {d: max(i for dd, i in dated if dd == d) for d in days}
    first_of = {d: min(i for dd, i in dated if dd == d) for d in days}
    assert all(last_of[a] < first_of[b] for a, b in zip(days, days[1:], strict=False))
    assert len({i for _, i in dated}) == len(dated) and len({p[:4] for p in days}) >= 6


def test_each_county_has_its_layout_and_year_channel_names():
    by_source: dict[str, list[dict]] = {}
    for r in reports(PROVINCE):
        by_source.setdefault(r["source"], []).append(r)
    towns = [r["page_path"] for r in by_source["sample"] if r["organ_level"] == "township"]
    assert all(p.startswith("/zwgk/zfxxgk/zfxxgknb/") for p in towns)
    assert any("/2023n_5975415/" in p for p in towns) and any("/2024n/" in p for p in towns)
    towns = [r["page_path"] for r in by_source["sample-jianhe"] if r["organ_level"] == "township"
             and "in_county_channel" not in r["defects"]]
    assert all(re.match(r"/xzjdbsc/[a-z]+_\d+/zfxxgk/zfxxgknb/", p) for p in towns)
    county = [r["page_path"] for r in by_source["sample-jianhe"] if r["organ_level"] == "county_gov"]
    assert any("/zwgk/xxgknb/2024h/" in p for p in county) and any("/zwgk/xxgknb/2022/" in p for p in county)
    kinds = {(r["organ_level"], r["page_path"].split("/")[4]) for r in by_source["sample-xingren"]}
    assert kinds == {("county_gov", "szf"), ("township", "xzjd"), ("department", "bm")}


def test_channels_paginate_trs_style():
    pages = list(PROVINCE.rglob("index_1.html"))
    assert pages and all("createPageHTML(" in p.read_text(encoding="utf-8") for p in pages)
    assert {p.relative_to(PROVINCE).parts[0] for p in pages} >= {"jinping"}


def test_filing_traps_are_where_the_manifest_says_and_the_year_comes_from_the_title():
    rows = reports(PROVINCE)
    wrong = [r for r in rows if "wrong_year_channel" in r["defects"]]
    assert len(wrong) >= 2
    for r in wrong:  # filed under another year's channel
        assert not re.search(rf"/{r['year']}[nh]?(_\d+)?/", r["page_path"]), r["page_path"]
    (inside,) = [r for r in rows if "in_county_channel" in r["defects"]]
    assert inside["organ_level"] == "township" and inside["page_path"].startswith("/zwgk/xxgknb/")
    zero_titles = [r["title"] for r in rows if "cn_year_title" in r["defects"]]
    assert any("二○二" in t for t in zero_titles) and any("二〇二" in t for t in zero_titles)


def test_the_title_only_page_is_listed_after_the_real_report_and_dated_later():
    (trap,) = [r for r in manifest() if r["delivery"] == "title_only"]
    real = next(r for r in reports() if (r["organ"], r["year"]) == (trap["organ"], trap["year"]))
    assert trap["current"] == "0" and real["current"] == "1" and trap["published"] > real["published"]
    assert _list_order(trap) > _list_order(real)
    page = site_file(trap).read_text(encoding="utf-8")
    assert "本页面正在维护中" in page and "<table" not in page and trap["title"] in page


def test_corrections_are_newer_and_one_original_is_listed_above_its_correction():
    rows = reports(PROVINCE)
    corrections = [r for r in rows if "republished_correction" in r["defects"]]
    assert {m for r in corrections for m in ("更正版", "更正", "修订") if m in r["title"]} == {"更正版", "更正", "修订"}
    positions = []
    for fix in corrections:
        (original,) = [r for r in rows if r["url_path"] == fix["supersedes"]]
        assert "superseded" in original["defects"] and original["current"] == "0" and fix["current"] == "1"
        assert fix["published"] > original["published"]
        positions.append(_list_order(fix) < _list_order(original))
    assert True in positions and False in positions  # listed above its original, and below


def test_the_runon_page_runs_the_digits_of_neighbouring_cells_together():
    (row,) = [r for r in reports(PROVINCE) if r["delivery"] == "runon"]
    text = site_file(row).read_text(encoding="utf-8")
    t = row["truth"]
    received = "".join(str(t[f"T3/1/{c}"]) for c in (*C3, "total"))
    assert f"一、本年新收政府信息公开申请数量{received}</p>" in text and "<table" not in text


def test_the_scan_is_an_image_only_pdf_of_grayscale_jpeg_pages_at_scan_resolution():
    (row,) = [r for r in reports(PROVINCE) if r["delivery"] == "scan"]
    data = site_file(row).read_bytes()
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) >= 3 and all(pdf[i].get_textpage().count_chars() == 0 for i in range(len(pdf)))
    assert data.count(b"/DCTDecode") == len(pdf) and b"/DeviceGray" in data
    width = int(re.search(rb"/Width (\d+)", data).group(1))
    assert 120 <= width / (595 / 72) <= 200  # pixels per inch over an A4 page


def test_the_image_page_shows_its_tables_as_grayscale_jpegs():
    from PIL import Image

    (row,) = [r for r in reports(PROVINCE) if r["delivery"] == "image"]
    page = site_file(row).read_text(encoding="utf-8")
    images = re.findall(r'<img src="\./(W0\d+\.jpg)"', page)
    assert len(images) >= 3 and "<table" not in page
    for name in images:
        with Image.open(site_file(row).parent / name) as image:
            assert image.format == "JPEG" and image.mode == "L"


def test_doc_and_wps_attachments_are_word97_ole_files_with_the_report_text():
    rows = [r for r in reports(PROVINCE) if r["delivery"] in ("doc", "wps")]
    assert {r["delivery"] for r in rows} == {"doc", "wps"}
    for row in rows:
        data = site_file(row).read_bytes()
        assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1") and "WordDocument".encode("utf-16-le") in data
        assert "本年新收政府信息公开申请数量".encode("utf-16-le") in data


def test_derived_binaries_are_recorded_with_the_sha256_of_their_bytes():
    import hashlib

    with (PROVINCE / "DERIVED.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 6
    for r in rows:
        assert hashlib.sha256((PROVINCE / r["path"].lstrip("/")).read_bytes()).hexdigest() == r["sha256"]
