"""Issue 14: every document parsed in a worker with a deadline and a memory cap; hostile markup and zip
bombs refused cheaply, before the expensive parser sees them.

Real inputs throughout: the hostile pages of the issue, a 50 MB page that really takes seconds and
hundreds of MB to parse (stopped by a short deadline, or by a low memory cap), a DOCX whose body unpacks
to 190 MB, and the installed ``nianbao`` command in a subprocess.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from common.errors import NotAReport, ParseError
from extract.net.discover import is_attachment_url, read_article, read_listing
from extract.net.fetch import FetchResult
from extract.readers.html_guard import MAX_DEPTH, check_nesting, max_depth
from tests import variants as v
from transform.pipeline import ParsedReport, parse_document
from transform.pool import ParseFailure, ParsePool
from transform.settings import ParseSettings

NIANBAO = Path(sys.executable).parent / "nianbao"
MB = 1024 * 1024
TITLE = "<title>2019年某县人民政府政府信息公开工作年度报告</title>"
NESTED_DIVS = (TITLE + "<div>" * 200_000).encode()  # the 1 MB page (107 s before)
NESTED_TABLES = (TITLE + "<table><tr><td>" * 19_000 + "x").encode()  # 113 s before, and exit 0


@pytest.fixture(scope="module")
def good() -> bytes:
    return (v.CORPUS / v.SHANGHAI).read_bytes()


@pytest.fixture(scope="module")
def big_page() -> bytes:
    """A real report followed by 50 MB of well-formed news filler: parses, but takes seconds and ~0.5 GB."""
    filler = "<div class='news'><span>本单位持续推进政务公开工作，现将有关情况公告如下。</span></div>\n"
    return (v.shanghai_markup() + filler * (50 * MB // len(filler.encode()))).encode()


# ---- the cheap pre-checks ------------------------------------------------------------------------------

@pytest.mark.parametrize("page", [NESTED_DIVS, NESTED_TABLES], ids=["200k-divs", "19k-tables"])
def test_pathologically_nested_pages_are_refused_in_a_second_with_one_line(page):
    start = time.perf_counter()
    with pytest.raises(NotAReport) as caught:
        parse_document(page, "deep.html")
    assert time.perf_counter() - start < 5
    assert str(caught.value).startswith("deep.html: ") and "hostile or broken markup" in str(caught.value)
    assert "\n" not in str(caught.value)


def _lexbor_depth(markup: str) -> int:
    """Depth of the deepest element lexbor builds, counting html (and not the document node)."""
    tree = LexborHTMLParser(markup)
    deepest = 0
    for node in tree.root.traverse():
        depth, up = 0, node
        while up is not None and up.tag != "-undef":
            depth, up = depth + 1, up.parent
        deepest = max(deepest, depth)
    return deepest


MISMATCHED = {  # markup that mismatches tags so that a naive open/close count would see it shallow
    "formatting-around-blocks": "<b><div></b></div>",
    "paragraph-then-block": "<p><div>",
    "span-closed-across-p": "<span><p>x</span>",
    "unclosed-font-in-cells": "<table><tr><td><font>x<td><font>y</table>",
    "list-items": "<ul><li><span>x",
    "items-in-definitions": "<li><dd>",
    "stray-closers": "<div></span></b></p>",
    "table-in-row": "<table><tr><table><tr>",
    "unclosed-paragraphs": "<p>x",
}


@pytest.mark.parametrize("name", sorted(MISMATCHED))
def test_nesting_scan_never_sees_markup_shallower_than_the_parser_builds_it(name):
    markup = "<html><body>" + MISMATCHED[name] * 300
    real = _lexbor_depth(markup)
    assert max_depth(markup.encode(), 10 ** 9) >= real - 2  # html and body are implied, not counted twice


def test_real_report_pages_pass_the_nesting_check(good):
    portal = Path(__file__).resolve().parent.parent / "data" / "sample_portal"
    pages = [good, *(p.read_bytes() for p in sorted(portal.rglob("t2*.html"))[:40])]
    assert len(pages) > 10
    assert [max_depth(p) for p in pages if max_depth(p) > 30] == []  # real pages nest ~15 deep
    assert [check_nesting(p) for p in pages if check_nesting(p)] == []
    assert MAX_DEPTH >= 8 * 30


def test_190_mb_docx_body_is_refused_after_reading_its_first_megabytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as body:
            piece = "<w:p><w:r><w:t>2024年某县政府信息公开工作年度报告</w:t></w:r></w:p>".encode() * 10_000
            for _ in range(190 * MB // len(piece) + 1):
                body.write(piece)
    data = buf.getvalue()
    assert len(data) < 5 * MB  # the bomb: a small file
    start = time.perf_counter()
    with pytest.raises(ParseError) as caught:
        parse_document(data, "bomb.docx")
    assert time.perf_counter() - start < 5  # was 86 s and 1.9 GB
    assert str(caught.value).startswith("bomb.docx: ") and "unpacks to over" in str(caught.value)


def test_docx_table_dump_is_refused_by_its_cell_count():
    cells = "<w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc>" * 10
    rows = ("<w:tr>" + cells + "</w:tr>") * 3_000  # 30,000 cells: over the HTML and text limit
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", f"<w:document><w:body><w:tbl>{rows}</w:tbl></w:body></w:document>")
    with pytest.raises(NotAReport, match="table cells"):
        parse_document(buf.getvalue(), "dump.docx")


# ---- discovery takes a bounded look --------------------------------------------------------------------

def _fetched(body: bytes, url: str = "http://127.0.0.1:9/zfxxgknb/t1.html") -> FetchResult:
    return FetchResult(url, url, 200, body, {"content-type": "text/html; charset=utf-8"}, "2026-01-01T00:00:00Z")


def test_discovery_reads_a_hostile_article_with_regexes_and_still_finds_its_attachment():
    page = (TITLE + '<a href="/files/2019nb.pdf">2019年年报</a>' + "<div>" * 200_000).encode()
    start = time.perf_counter()
    art = read_article(_fetched(page))
    listing = read_listing(_fetched(page), ("年报",))
    assert time.perf_counter() - start < 5
    assert art.title == "2019年某县人民政府政府信息公开工作年度报告"
    assert [a.url for a in art.attachments] == ["http://127.0.0.1:9/files/2019nb.pdf"]
    assert listing.items == [] and listing.channels == []  # nothing on a hostile list is followed


def test_an_article_offering_its_report_as_a_text_file_lists_it_as_the_document():
    """A township that pasted its report into a .txt (cells' digits often run together) links it as the
    attachment; discovery takes it, after any Word or PDF file of the same article."""
    page = (TITLE + '<a href="/files/nb.txt">年报（文本）</a><a href="/files/nb.ofd">年报</a>').encode()
    assert [a.url for a in read_article(_fetched(page)).attachments] == [
        "http://127.0.0.1:9/files/nb.txt", "http://127.0.0.1:9/files/nb.ofd"]
    assert is_attachment_url("http://127.0.0.1:9/files/nb.TXT")


# ---- the pool ------------------------------------------------------------------------------------------

def test_a_document_past_its_deadline_is_killed_and_the_next_ones_still_parse(good, big_page):
    items = [("a", good, "a.html", None), ("big", big_page, "big.html", None), ("c", good, "c.html", None),
             ("d", b"", "empty.html", None)]
    start = time.perf_counter()
    with ParsePool(ParseSettings(workers=1, deadline_s=0.5)) as pool:
        out = list(pool.map(items, ordered=True))
        replaced = pool.replaced
    assert time.perf_counter() - start < 60
    assert [doc_id for doc_id, _ in out] == ["a", "big", "c", "d"]
    assert isinstance(out[0][1], ParsedReport) and isinstance(out[2][1], ParsedReport)
    assert out[0][1].doc.organ == out[2][1].doc.organ == "上海市人民政府办公厅"
    assert out[1][1] == ParseFailure("big.html", "timeout", "parse exceeded 0.5 s")
    assert out[3][1] == ParseFailure("empty.html", "not_a_report", "empty file")
    assert replaced == 1  # one worker killed and replaced; the one worker went on with c and d


def test_a_document_over_the_memory_cap_is_killed_and_reported(good, big_page):
    items = [("big", big_page, "big.html", None), ("a", good, "a.html", None)]
    with ParsePool(ParseSettings(workers=2, deadline_s=120, memory_bytes=300 * MB)) as pool:
        out = dict(pool.map(items))
    assert out["big"] == ParseFailure("big.html", "memory", "parse used over 300 MB")
    assert isinstance(out["a"], ParsedReport)


def test_the_pool_pulls_bodies_only_as_workers_free_up(good):
    taken = []
    held = []

    def items():
        for i in range(12):
            taken.append(i)
            yield i, good, f"{i}.html", None

    with ParsePool(ParseSettings(workers=2)) as pool:
        for n, (_doc_id, result) in enumerate(pool.map(items()), start=1):
            assert isinstance(result, ParsedReport)
            held.append(len(taken) - n)
    # never more bodies out than two per worker: the one being parsed and the next, waiting in its pipe
    assert len(taken) == 12 and max(held) <= 4


# ---- the command ---------------------------------------------------------------------------------------

def test_nianbao_parse_refuses_both_hostile_pages_within_30_s_with_one_line_each(tmp_path):
    (tmp_path / "divs.html").write_bytes(NESTED_DIVS)
    (tmp_path / "tables.html").write_bytes(NESTED_TABLES)
    start = time.perf_counter()
    run = subprocess.run([str(NIANBAO), "parse", str(tmp_path / "divs.html"), str(tmp_path / "tables.html")],
                         capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    assert run.returncode == 2 and run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 2 and all(ln.startswith("Error: ") and "hostile or broken markup" in ln for ln in lines)
    assert elapsed < 30
