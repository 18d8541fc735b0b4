"""A tiny real HTTP server on 127.0.0.1 whose pages misbehave on purpose, for the fetcher's tests.

The sample portal (sampleportal) is the full-size stage for harvest tests; this one exists so each
fetch policy can be shown on one page with one fault, and so the server's own log — not the client's
word — shows what arrived and when.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    started: float
    ended: float = 0.0


# A page: called with (handler, how many times this path was requested before) and answers itself.
Page = Callable[[BaseHTTPRequestHandler, int], None]


@dataclass
class TinyServer:
    pages: dict[str, Page] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    base_url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]

    def max_in_flight(self) -> int:
        events = sorted([(h.started, 1) for h in self.log] + [(h.ended, -1) for h in self.log])
        level = peak = 0
        for _, step in events:
            level += step
            peak = max(peak, level)
        return peak

    def min_start_gap(self) -> float:
        starts = sorted(h.started for h in self.log)
        return min((b - a for a, b in zip(starts, starts[1:], strict=False)), default=float("inf"))


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
         content_type: str = "text/html; charset=utf-8") -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        handler.send_header(k, v)
    handler.end_headers()
    handler.wfile.write(body)


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Abort the connection with a TCP RST (SO_LINGER 0), as an overloaded server or middlebox does."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def truncated(handler: BaseHTTPRequestHandler, body: bytes, keep: int) -> None:
    """Promise ``len(body)`` bytes, send ``keep`` of them, hang up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body[:keep])
    handler.wfile.flush()
    handler.close_connection = True


def with_validators(body: bytes, etag: str = '"v1"') -> Page:
    """A page that answers 304 to a matching If-None-Match."""
    def page(handler: BaseHTTPRequestHandler, n: int) -> None:
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        send(handler, 200, body, {"ETag": etag, "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"})
    return page


def ok(body: bytes | str, **kw) -> Page:
    data = body.encode() if isinstance(body, str) else body
    return lambda handler, n: send(handler, 200, data, **kw)


@contextmanager
def tiny_server(pages: dict[str, Page], *, hold: float = 0.0) -> Iterator[TinyServer]:
    """Serve ``pages`` on a free port; ``hold`` keeps every answer in flight that long (to see overlap)."""
    server_state = TinyServer(dict(pages))
    counts: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
            with server_state._lock:
                server_state.log.append(hit)
                n = counts.get(self.path, 0)
                counts[self.path] = n + 1
            try:
                if hold:
                    time.sleep(hold)
                page = server_state.pages.get(self.path)
                if page is None:
                    send(self, 404, b"not found")
                else:
                    page(self, n)
            finally:
                hit.ended = time.monotonic()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server_state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()
