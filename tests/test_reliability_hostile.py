"""A hostile portal, harvested end to end: bounded time, a reason for every refusal, nothing written outside
the data folder, no request outside the allowed hosts.

The fetcher's single policies are shown one page at a time in test_fetch_policy.py; here one 年报 channel
carries all of them at once, through discovery, the archive, the parser and the warehouse, as a compromised
county site would. Two more listeners — another port on 127.0.0.1 and a socket on 127.0.0.2 — count every
connection the harvest makes to them (there must be none).
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from fetch_fixtures import ok, send, tiny_server
from portal_fixtures import reports, site_file
from reliability_fixtures import write_figures

from extract.net.settings import FetchSettings
from extract.net.sources import get_source
from flows.pipeline import harvest_source

SETTINGS = FetchSettings(concurrency_per_host=2, delay_s=0.0, backoff_initial_s=0.01, backoff_max_s=0.05,
                         backoff_jitter_s=0.01, read_timeout_s=1.0, total_timeout_s=1.5, max_attempts=2,
                         max_body_bytes=3_000_000)
# a served 2024 township page and a DOCX attachment of the sample portal, found through its MANIFEST
REPORT_PAGE = site_file(next(r for r in reports() if r["organ"] == "锦屏县三江镇人民政府" and r["year"] == "2024"))
REPORT_DOCX = site_file(next(r for r in reports() if r["delivery"] == "docx"))
CONTROL_TITLE = "锦屏县\x1b[31m三江镇\x07人民政府\u202e2024年政府信息公开工作年度报告\x00"


@contextmanager
def connection_counter(host: str) -> Iterator[tuple[int, list[str]]]:
    """A bare listening socket on ``host``: (port, the peers of every connection accepted)."""
    sock = socket.socket()
    sock.bind((host, 0))
    sock.listen()
    sock.settimeout(0.05)
    peers: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, peer = sock.accept()
            except (TimeoutError, OSError):
                continue
            peers.append(f"{peer[0]}:{peer[1]}")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], peers
    finally:
        stop.set()
        thread.join(2)
        sock.close()


def endless(handler, n) -> None:
    """A body that never ends: a chunk every 50 ms, for as long as the client listens (30 s at most)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    piece = "<p>年报年报年报</p>".encode() * 20
    until = time.monotonic() + 30
    try:
        while time.monotonic() < until:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            handler.wfile.flush()
            time.sleep(0.05)
    except OSError:
        pass
    handler.close_connection = True


def listing(items: list[tuple[str, str]], extra: str = "") -> str:
    lis = "".join(f'<li><a href="{href}" title="{title}">{title}</a><span>2025-01-20</span></li>'
                  for href, title in items)
    return f"<html><head><meta charset='utf-8'></head><body><ul>{lis}</ul>{extra}</body></html>"


def article(title: str, attachment_href: str) -> str:
    return (f"<html><head><meta charset='utf-8'><meta name='ArticleTitle' content='{title}'></head><body>"
            f"<h1>{title}</h1><div class='TRS_Editor'></div>"
            f"<a href=\"{attachment_href}\">附件：年报.docx</a></body></html>")


def hostile_pages(other_port: int, far_port: int) -> tuple[dict, list[str]]:
    title = "锦屏县{}2024年政府信息公开工作年度报告"
    report_html = REPORT_PAGE.read_text("utf-8")
    control = report_html.replace("2024年锦屏县三江镇人民政府信息公开工作年度报告", CONTROL_TITLE, 1)
    bomb = gzip.compress(b"<p>" + b"\0" * 50_000_000)  # ~50 KB on the wire, 50 MB decoded
    redirect = lambda target: lambda h, n: send(h, 302, b"", {"Location": target})  # noqa: E731
    items = [
        ("/nb/bomb.html", title.format("甲乡人民政府")),
        ("/nb/to-other-port.html", title.format("乙乡人民政府")),
        ("/nb/to-other-host.html", title.format("丙乡人民政府")),
        ("/nb/to-file.html", title.format("丁乡人民政府")),
        ("/nb/endless.html", title.format("戊乡人民政府")),
        ("/nb/traversal.html", title.format("卫生健康局")),
        ("/nb/control.html", CONTROL_TITLE),
        ("mailto:gk@example.cn?subject=2024", title.format("己乡人民政府")),
        ("javascript:alert(2024)", title.format("庚乡人民政府")),
        ("file:///etc/passwd", title.format("辛乡人民政府")),
        ("ftp://127.0.0.1/nb/2024.pdf", title.format("壬乡人民政府")),
    ]
    pages = {
        "/index.html": ok('<html><body><a href="/nb/index.html">政府信息公开年报</a></body></html>'),
        "/nb/index.html": ok(listing(items)),
        "/nb/bomb.html": ok(bomb, headers={"Content-Encoding": "gzip"}),
        "/nb/to-other-port.html": redirect(f"http://127.0.0.1:{other_port}/stolen.html"),
        "/nb/to-other-host.html": redirect(f"http://127.0.0.2:{far_port}/stolen.html"),
        "/nb/to-file.html": redirect("file:///etc/passwd"),
        "/nb/endless.html": endless,
        # the attachment's name climbs out of every folder, in the URL and in Content-Disposition
        "/nb/traversal.html": ok(article(title.format("卫生健康局"), "../../../../../../tmp/escape.docx")),
        "/tmp/escape.docx": ok(REPORT_DOCX.read_bytes(), content_type="application/vnd.openxmlformats-"
                               "officedocument.wordprocessingml.document",
                               headers={"Content-Disposition": 'attachment; filename="../../../../escape.docx"'}),
        "/nb/control.html": ok(control),
    }
    return pages, [href for href, _ in items]


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_a_hostile_portal_is_harvested_in_bounded_time_and_writes_nowhere_but_the_data_folder(
        tmp_path, monkeypatch):
    data, cwd = tmp_path / "data", tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # a relative write anywhere would land here
    before = files_under(tmp_path)
    with tiny_server({"/stolen.html": ok("x")}) as other_port, connection_counter("127.0.0.2") as (far, far_peers):
        pages, hrefs = hostile_pages(int(other_port.base_url.rsplit(":", 1)[1]), far)
        with tiny_server(pages) as portal:
            started = time.monotonic()
            result = harvest_source(get_source("sample"), data, base_url_override=portal.base_url,
                                    settings=SETTINGS)
            loads = result.loads
            seconds = time.monotonic() - started
        asked = [h.path for h in portal.log]
    # bounded time: the endless body is cut by the whole-request deadline (1.5 s × 2 attempts)
    assert seconds < 20, seconds
    reasons = {url.removeprefix(portal.base_url): why for url, why in result.failures}
    assert "body over 3000000 bytes" in reasons["/nb/bomb.html"]
    assert "not an allowed host" in reasons["/nb/to-other-port.html"]
    assert "not an allowed host" in reasons["/nb/to-other-host.html"]
    assert "scheme file: is never fetched" in reasons["/nb/to-file.html"]
    assert "no complete answer within 1.5s" in reasons["/nb/endless.html"]
    # no request outside the allowed hosts, and no other scheme ever followed
    assert other_port.log == [] and far_peers == []
    assert not [p for p in asked if p.startswith(("mailto", "javascript", "file", "ftp", "/etc"))]
    # a link of another scheme is dropped by discovery, or refused by the fetcher before any connection
    other = {url: why for url, why in result.failures if url.startswith(("mailto", "javascript", "file", "ftp"))}
    assert all(why.endswith("is never fetched") for why in other.values()), other
    # the attachment climbing out of its folder is just a URL on the host; its bytes are archived by sha256
    stored = {o.document_url.removeprefix(portal.base_url): o for o in result.outcomes if o.status == "new"}
    assert set(stored) == {"/tmp/escape.docx", "/nb/control.html"}, result.failures
    # nothing written outside the data folder
    written = files_under(tmp_path) - before
    outside = sorted(str(p) for p in written if not p.is_relative_to(data))
    assert outside == [] and not [p for p in written if "escape" in p.name]
    assert not Path("/tmp/escape.docx").exists()
    # control characters never reach the warehouse (an analyst's terminal would run the escape sequence)
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        titles = [t for (t,) in con.execute("SELECT coalesce(title, '') || coalesce(organ_printed, '') "
                                            "FROM report").fetchall()]
    assert len(titles) == 2 and loads[0].new == 2
    assert [t for t in titles if any(unicodedata.category(c) in ("Cc", "Cf") for c in t)] == []
    write_figures("reliability_hostile", {
        "hostile_inputs": ["gzip bomb (50 MB decoded)", "redirect to another port", "redirect to another host",
                           "redirect to file://", "body that never ends", "attachment named ../../escape.docx",
                           "control characters in a title (ESC, BEL, RLO, NUL)", *[h.split(":")[0] + ": link"
                                                                                    for h in hrefs if ":" in h]],
        "seconds": round(seconds, 2), "requests_to_other_port": len(other_port.log),
        "connections_to_other_host": len(far_peers), "files_written_outside_data": len(outside)})
