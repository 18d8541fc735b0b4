"""Fuzzing the whole parse (reader + placer + checks) with mutated real reports: HTML, text, PDF, DOCX.

Whatever the bytes, ``parse_document`` must either return a report or raise ParseError/NotAReport naming
the file — any other exception is a bug, and so is taking longer than PER_EXAMPLE_S. Each example runs
in a long-lived worker process so that a hang inside C code (PDFium, lexbor) is caught by a timeout and
the worker replaced; an in-process alarm cannot interrupt C code.

Run with ``make fuzz`` (a few minutes). NIANBAO_FUZZ_SCALE=0.1 makes it quick, =10 makes it long.
"""

from __future__ import annotations

import functools
import io
import multiprocessing as mp
import os
import traceback
import zipfile
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import variants as v

PER_EXAMPLE_S = 10.0
SCALE = float(os.environ.get("NIANBAO_FUZZ_SCALE", "1"))


def examples(n: int) -> int:
    return max(10, int(n * SCALE))


def _serve(conn) -> None:
    """Worker loop: parse what the parent sends, answer (outcome, detail)."""
    from common.errors import ParseError
    from transform.pipeline import parse_document

    while True:
        msg = conn.recv()
        if msg is None:
            return
        data, name = msg
        try:
            pr = parse_document(data, name)
            conn.send(("report", pr.doc.format))
        except ParseError as exc:
            conn.send(("refused", str(exc)))
        except BaseException:  # noqa: BLE001 - the whole point: report any other exception to the parent
            conn.send(("crash", traceback.format_exc()))


@dataclass
class Sandbox:
    """One worker process, replaced whenever an example hangs it."""

    proc: mp.Process | None = None
    conn: object = None

    def _start(self) -> None:
        parent, child = mp.get_context("fork").Pipe()
        self.proc = mp.get_context("fork").Process(target=_serve, args=(child,), daemon=True)
        self.proc.start()
        self.conn = parent

    def run(self, data: bytes, name: str) -> tuple[str, str]:
        if self.proc is None or not self.proc.is_alive():
            self._start()
        self.conn.send((data, name))
        if not self.conn.poll(PER_EXAMPLE_S):
            self.stop(kill=True)
            return "hang", f"no result within {PER_EXAMPLE_S} s"
        try:
            return self.conn.recv()
        except EOFError:
            self.stop(kill=True)
            return "crash", "the worker process died (segfault or abort in native code?)"

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.conn.send(None)
        self.proc.join(5)
        self.proc = None


@pytest.fixture(scope="module")
def sandbox():
    box = Sandbox()
    yield box
    box.stop()


def check(box: Sandbox, data: bytes, name: str) -> None:
    outcome, detail = box.run(data, name)
    assert outcome in ("report", "refused"), f"{name} ({len(data)} bytes): {outcome}\n{detail}"
    if outcome == "refused":
        assert detail.startswith(f"{name}: ") and "\n" not in detail, detail


# ---- mutations --------------------------------------------------------------------------------------

HTML_SNIPPETS = [b"<td>", b"</td>", b"<tr>", b"</tr>", b"<table>", b"</table>", b'<td rowspan="0">',
                 b'<td colspan="99999">', b'<td rowspan="-3" colspan="x">', b"<br>", b"<o:p></o:p>", b"&nbsp;",
                 b"<!--", b"<script>", b"<meta charset=utf-16>", b"\xef\xbb\xbf", b"\x00", b"\xff\xfe"]
TEXT_SNIPPETS = ["|", "||", "|||||", "\n|\n", "\n", "（六）其他处理", "总计", "合计", "1.", "（一）", "三、", "四、",
                 "行政复议", "行政诉讼", "3,119", "+1036", "251000元", "—", "/", "无", "22（其中修订 16 件）",
                 "二、主动公开政府信息情况", "本年制发件数", "本年新制作数量", "\u3000", "\ufffd", "第二十条第(一)项"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One edit of the seed bytes. Positions are taken modulo the current length, so an edit list drawn
    once applies to any seed — and a failing example prints as a short recipe, not a megabyte of bytes."""

    op: str
    at: int
    length: int
    payload: bytes = b""


def edits(snippets: list[bytes], max_ops: int = 8) -> st.SearchStrategy[list[Edit]]:
    payload = st.one_of(st.sampled_from(snippets), st.binary(max_size=64))
    edit = st.builds(Edit, op=st.sampled_from(["delete", "duplicate", "overwrite", "insert", "truncate", "move"]),
                     at=st.integers(0, 2**31), length=st.integers(0, 4096), payload=payload)
    return st.lists(edit, min_size=1, max_size=max_ops)


def apply(seed: bytes, recipe: list[Edit]) -> bytes:
    data = bytearray(seed)
    for e in recipe:
        a = e.at % (len(data) + 1)
        b = min(len(data), a + e.length)
        if e.op == "delete":
            del data[a:b]
        elif e.op == "duplicate":
            data[a:a] = data[a:b] * (1 + e.length % 20)
        elif e.op == "overwrite":
            data[a:a + len(e.payload)] = e.payload
        elif e.op == "insert":
            data[a:a] = e.payload
        elif e.op == "truncate":
            del data[a:]
        elif e.op == "move":
            chunk = bytes(data[a:b])
            del data[a:b]
            to = (e.at // 7) % (len(data) + 1)
            data[to:to] = chunk
    return bytes(data)


FUZZ = dict(deadline=None, derandomize=False, print_blob=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                   HealthCheck.large_base_example])

SHANGHAI = (v.CORPUS / v.SHANGHAI).read_bytes()
SEED = (v.CORPUS / v.SEED).read_bytes()
SHUYANG = (v.CORPUS / "005_shuyang-xian-2025.md").read_bytes()
PDF = (v.CORPUS / v.HUAIAN).read_bytes()
TEXT_SNIPPET_BYTES = [s.encode() for s in TEXT_SNIPPETS]


@settings(max_examples=examples(3500), **FUZZ)
@given(recipe=edits(HTML_SNIPPETS + TEXT_SNIPPET_BYTES), name=st.sampled_from(["r.html", "r.htm", "r", "r.txt"]))
def test_fuzz_html(sandbox, recipe, name):
    check(sandbox, apply(SHANGHAI, recipe), name)


@settings(max_examples=examples(3500), **FUZZ)
@given(seed=st.sampled_from(["seed", "shuyang"]), recipe=edits(TEXT_SNIPPET_BYTES),
       name=st.sampled_from(["r.txt", "r.md", "r"]))
def test_fuzz_text(sandbox, seed, recipe, name):
    check(sandbox, apply(SEED if seed == "seed" else SHUYANG, recipe), name)


@settings(max_examples=examples(2500), **FUZZ)
@given(words=st.lists(st.sampled_from(TEXT_SNIPPETS + list("0123456789 |\n一二三四五六七（）()、.")), max_size=400))
def test_fuzz_text_from_scratch(sandbox, words):
    check(sandbox, "".join(words).encode(), "r.txt")


@settings(max_examples=examples(1500), **FUZZ)
@given(recipe=edits([b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"%%EOF", b"/Length 999999",
                     b"/Count 100000", b"<<", b">>", b"\x00" * 16], max_ops=4))
def test_fuzz_pdf(sandbox, recipe):
    check(sandbox, apply(PDF, recipe), "r.pdf")


@functools.cache
def docx_parts() -> dict[str, bytes]:
    """The parts of a DOCX of the Shanghai report (a function, not a fixture: failures would print it)."""
    data = v.docx_of(v.page_blocks(SHANGHAI.decode("utf-8")))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _rezip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return buf.getvalue()


DOCX_SNIPPETS = [b"<w:tc>", b"</w:tc>", b"<w:tr>", b"</w:tr>", b'<w:gridSpan w:val="9999"/>', b'<w:vMerge/>',
                 b'<w:vMerge w:val="restart"/>', b"<w:t>", b"</w:t>", b"<w:p>", b"</w:p>", b"&amp;", b"<!DOCTYPE",
                 b"\xe6\x80\xbb\xe8\xae\xa1"]


@settings(max_examples=examples(1500), **FUZZ)
@given(zip_level=st.booleans(), recipe=edits(DOCX_SNIPPETS + [b"PK\x03\x04", b"PK\x01\x02"]))
def test_fuzz_docx(sandbox, zip_level, recipe):
    parts = dict(docx_parts())
    if zip_level:  # damage the archive itself
        blob = apply(_rezip(parts), recipe[:3])
    else:  # a valid archive whose document XML is damaged
        parts["word/document.xml"] = apply(parts["word/document.xml"], recipe)
        blob = _rezip(parts)
    check(sandbox, blob, "r.docx")
