"""Hostile and broken input ends within seconds: a ParseError/NotAReport naming the file and the reason,
or a report that lists its problems — never a hang, never an unexpected exception.

Every case is timed; 10 s is a generous bound (each takes well under 2 s here, except the 50 MB pages).
"""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile

import pypdfium2 as pdfium
import pytest

from common.errors import NotAReport, ParseError
from tests import variants as v
from transform.pipeline import ParsedReport, parse_document

LIMIT_S = 10.0
MB = 1024 * 1024


def timed(data: bytes, name: str, content_type: str | None = None) -> ParsedReport | ParseError:
    start = time.perf_counter()
    try:
        outcome: ParsedReport | ParseError = parse_document(data, name, content_type)
    except ParseError as exc:  # NotAReport included; anything else fails the test with its traceback
        outcome = exc
    elapsed = time.perf_counter() - start
    assert elapsed < LIMIT_S, f"{name}: took {elapsed:.1f} s"
    return outcome


def refused(data: bytes, name: str, reason: str, content_type: str | None = None) -> ParseError:
    outcome = timed(data, name, content_type)
    assert isinstance(outcome, ParseError), f"{name}: expected a refusal, got a report"
    assert str(outcome).startswith(f"{name}: ") and reason in str(outcome), str(outcome)
    assert "\n" not in str(outcome)
    return outcome


def real_pdf() -> bytes:
    return (v.CORPUS / v.HUAIAN).read_bytes()


# ---- nothing, or not text ----------------------------------------------------------------------------

def test_empty_file_is_not_a_report():
    assert isinstance(refused(b"", "empty.html", "empty file"), NotAReport)


def test_whitespace_only_file_is_not_a_report():
    refused(b" \r\n\t\n", "blank.txt", "empty file")


@pytest.mark.parametrize("name", ["garbage.html", "garbage.txt", "garbage"])
def test_binary_garbage_is_refused_as_binary(name):
    garbage = random.Random(7).randbytes(300_000)
    refused(garbage, name, "binary content")


def test_damaged_word_doc_is_refused_not_read_as_empty():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    refused(ole, "2018年报.doc", "not a readable OLE document")


def test_blank_image_is_read_by_ocr_and_refused_even_when_served_as_html():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, format="PNG")
    refused(buf.getvalue(), "scan.png", "no annual-report title")
    refused(buf.getvalue(), "report.html", "no annual-report title", "text/html")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's own warning of what we refuse
def test_image_bomb_is_refused_before_it_is_decoded():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (12_000, 8_000), 1).save(buf, format="PNG")  # 96 Mpx of white in a few KB
    refused(buf.getvalue(), "bomb.png", "pixel limit: a decompression bomb")


# ---- PDF ---------------------------------------------------------------------------------------------

def test_blank_pdf_without_a_text_layer_is_read_by_ocr_and_refused():
    pdf = pdfium.PdfDocument.new()
    for _ in range(3):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    refused(buf.getvalue(), "scan.pdf", "no annual-report title")


@pytest.mark.parametrize("keep", [0.5, 0.05, 0.002])
def test_truncated_real_pdf_is_refused_as_unreadable(keep):
    data = real_pdf()
    refused(data[: int(len(data) * keep)], "cut.pdf", "not a readable PDF")


def test_garbled_real_pdf_ends_quickly_with_a_reason_or_a_report_with_problems():
    data = bytearray(real_pdf())
    for i in range(4000, len(data), 613):
        data[i] ^= 0x5A
    outcome = timed(bytes(data), "garbled.pdf")
    if isinstance(outcome, ParseError):
        assert str(outcome).startswith("garbled.pdf: ")
    else:
        assert outcome.problems


# ---- DOCX --------------------------------------------------------------------------------------------

def _zip_declaring_huge_member() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>" + b" " * 100_000)
    data = bytearray(buf.getvalue())
    at = data.find(b"PK\x01\x02")
    while at >= 0:  # central directory: uncompressed size at +24, name length at +28, name at +46
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, at + 24, 0xFFFF0000)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def test_docx_zip_bomb_is_refused_before_unpacking():
    refused(_zip_declaring_huge_member(), "bomb.docx", "refused")


def test_zip_without_a_word_document_is_not_read_as_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    refused(buf.getvalue(), "other.docx", "no word/document.xml")


def test_truncated_docx_is_refused_as_unreadable():
    data = v.docx_of(v.page_blocks(v.shanghai_markup()))
    refused(data[: len(data) // 2], "cut.docx", "DOCX")


# ---- HTML ----------------------------------------------------------------------------------------------

def test_truncated_html_gives_the_cells_it_has_and_lists_the_rest_as_problems():
    markup = v.shanghai_markup()
    cut = markup[: markup.index("（三）不予公开")]  # mid-table, mid-tag soup after it is gone
    outcome = timed(cut.encode(), "cut.html")
    assert isinstance(outcome, ParsedReport)
    _, cells = v.expected(v.SHANGHAI)
    facts = v.printed_facts(outcome)
    assert "T2_1/rules/new_made" in facts and "T3/7/total" not in facts
    assert [d for d in v.cell_differences(outcome, cells) if not d.endswith(": missing")] == []
    assert any(p.startswith("not found: T3/") for p in outcome.problems)


def test_50_mb_page_holding_a_real_report_gives_its_cells_within_seconds():
    markup = v.shanghai_markup()
    filler = "<div class='news'><span>本单位持续推进政务公开工作，现将有关情况公告如下。</span></div>\n"
    page = (markup + filler * (50 * MB // len(filler.encode()))).encode()
    assert len(page) >= 50 * MB
    outcome = timed(page, "big.html")
    assert isinstance(outcome, ParsedReport)
    _, cells = v.expected(v.SHANGHAI)
    assert v.cell_differences(outcome, cells) == []


def test_50_mb_single_line_page_is_not_a_report_and_does_not_hang():
    refused(b"<p>" + "政务公开".encode() * (50 * MB // 12) + b"</p>", "line.html", "no annual-report title")


def test_50_mb_of_table_cells_is_refused_by_count_not_read():
    row = b"<tr><td>\xe8\xa7\x84\xe7\xab\xa0</td><td>0</td></tr>"
    refused(b"<table>" + row * (50 * MB // len(row)) + b"</table>", "dump.html", "table cells")


def test_span_bomb_table_is_refused_not_expanded():
    # 17 KB: every cell claims rowspan/colspan 999; unbounded expansion took 8 s, 35 KB took 16 s.
    row = "<tr>" + "<td rowspan=999 colspan=999>1</td>" * 10 + "</tr>"
    page = "<p>2024年某县人民政府政府信息公开工作年度报告</p><table>" + row * 50 + "</table>"
    refused(page.encode(), "spans.html", "grid slots")


def test_20_mb_text_of_table_lines_is_refused_by_count():
    text = "2024年某乡人民政府政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + "规章 0 0 0\n" * (20 * MB // 16)
    refused(text.encode(), "dump.txt", "lines of tables")
