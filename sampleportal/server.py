"""The sample portal's HTTP server: static files plus the misbehaviour of real county servers, on demand.

Why stdlib ``ThreadingHTTPServer``: the fault injection needs control below HTTP — a connection reset
(RST), a body cut short after a full ``Content-Length``, a stalled stream — which ASGI/WSGI servers hide.
One thread per connection also makes "requests in flight per client" easy to measure, so the harvester's
politeness can be verified from the server's log rather than trusted.

Behaviour: strong ETag (sha256) + Last-Modified, ``If-None-Match`` / ``If-Modified-Since`` → 304;
generated robots.txt (``Disallow: /private/``, a ``Crawl-delay``); charset sniffed from the page's own
``<meta>`` (the GBK page is served as ``text/html; charset=gbk``); a JSON-lines request log; special routes
``/redirect-offsite``, ``/oversized``, ``/oversized-chunked``, ``/stall``; and faults chosen per request
from a spec string. A fault decision depends only on (seed, path, attempt number for that path), so runs
are reproducible, and at most ``max_consecutive`` faults hit a path in a row, so every page eventually
arrives — unless its path is listed under ``always``.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import json
import mimetypes
import re
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from common.errors import NianbaoError
from sampleportal.counties import COUNTIES
from sampleportal.generate import DEFAULT_OUT, OFFSITE_ROUTE

DEFAULT_PORT = 8765  # the first county; the others follow on 8766, 8767 (a stable demo address)
DEFAULT_OFFSITE_URL = "http://127.0.0.2:9/zfxxgk/zfxxgknb/index.html"
FAULT_KINDS = ("5xx", "429", "reset", "truncate", "slow")
CONTENT_TYPES = {".html": "text/html", ".pdf": "application/pdf", ".csv": "text/csv", ".md": "text/markdown",
                 ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".doc": "application/msword", ".wps": "application/vnd.ms-works", ".jpg": "image/jpeg",
                 ".css": "text/css", ".js": "application/javascript", ".txt": "text/plain"}
TEXT_TYPES = ("text/html", "text/csv", "text/markdown", "text/css", "application/javascript", "text/plain")
META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.I)


class FaultSpecError(NianbaoError):
    """Raised by FaultConfig.parse for a --faults string it cannot read."""


@dataclass(frozen=True, slots=True)
class FaultConfig:
    """Which faults to inject, with what probability (each in [0, 1], summing to ≤ 1).

    Spec string: ``"5xx=0.3,429=0.1,reset=0.05,truncate=0.05,slow=0.05:2.0,seed=7,max_consecutive=2"``;
    also ``retry_after=N`` (seconds in 429 answers), ``always=/a|/b`` (path prefixes that always fail
    with 503), ``down`` (every request 503, robots.txt too), ``faults_on_robots`` (robots.txt may fail too; off by default
    because RFC 9309 makes a failing robots.txt mean "disallow all", which would stop a harvest).
    """

    p5xx: float = 0.0
    p429: float = 0.0
    reset: float = 0.0
    truncate: float = 0.0
    slow: float = 0.0
    slow_seconds: float = 2.0
    seed: int = 0
    max_consecutive: int = 2
    retry_after: int = 1
    always: tuple[str, ...] = ()
    down: bool = False
    faults_on_robots: bool = False

    @property
    def active(self) -> bool:
        return self.down or bool(self.always) or (self.p5xx + self.p429 + self.reset + self.truncate + self.slow) > 0

    @classmethod
    def parse(cls, spec: str | None) -> FaultConfig:
        config = cls()
        if not spec or spec.strip() in ("", "none"):
            return config
        names = {"5xx": "p5xx", "429": "p429", "reset": "reset", "truncate": "truncate"}
        for part in (p.strip() for p in spec.split(",") if p.strip()):
            key, _, value = part.partition("=")
            key = key.strip()
            try:
                if key in names:
                    config = replace(config, **{names[key]: float(value)})
                elif key == "slow":
                    prob, _, seconds = value.partition(":")
                    config = replace(config, slow=float(prob), slow_seconds=float(seconds or config.slow_seconds))
                elif key in ("seed", "max_consecutive", "retry_after"):
                    config = replace(config, **{key: int(value)})
                elif key == "always":
                    config = replace(config, always=tuple(v for v in value.split("|") if v))
                elif key in ("down", "faults_on_robots"):
                    config = replace(config, **{key: value.strip().lower() not in ("0", "false", "no")})
                else:
                    raise FaultSpecError(f"--faults {spec!r}: unknown key {key!r} "
                                         f"(known: {', '.join([*names, 'slow', 'seed', 'max_consecutive', 'retry_after', 'always', 'down'])})")
            except ValueError:
                raise FaultSpecError(f"--faults {spec!r}: {part!r} is not a number") from None
        total = config.p5xx + config.p429 + config.reset + config.truncate + config.slow
        if total > 1 or min(config.p5xx, config.p429, config.reset, config.truncate, config.slow) < 0:
            raise FaultSpecError(f"--faults {spec!r}: probabilities must be ≥ 0 and sum to ≤ 1 (sum {total:g})")
        return config

    def choose(self, path: str, attempt: int, consecutive: int) -> str | None:
        """The fault for this request, or None. Pure function of (seed, path, attempt) and the streak cap."""
        if self.down:
            return "down"
        if any(path.startswith(prefix) for prefix in self.always):
            return "always"
        if consecutive >= self.max_consecutive:
            return None
        digest = hashlib.sha256(f"{self.seed}|{path}|{attempt}".encode()).digest()
        u = int.from_bytes(digest[:8], "big") / 2**64
        for kind, prob in zip(FAULT_KINDS, (self.p5xx, self.p429, self.reset, self.truncate, self.slow), strict=True):
            if u < prob:
                return kind
            u -= prob
        return None


@dataclass(slots=True)
class Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: float  # epoch seconds, whole


@dataclass(slots=True)
class _State:
    """Mutable server state shared by handler threads, guarded by ``lock``."""

    root: Path
    faults: FaultConfig
    crawl_delay: float
    offsite_url: str
    oversize_bytes: int
    log_path: Path | None
    lock: threading.Lock = field(default_factory=threading.Lock)
    idle: threading.Condition = field(init=False)
    stopping: threading.Event = field(default_factory=threading.Event)
    log: list[dict] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)
    streaks: dict[str, int] = field(default_factory=dict)
    inflight: dict[str, int] = field(default_factory=dict)
    max_inflight: dict[str, int] = field(default_factory=dict)
    overrides: dict[str, Resource] = field(default_factory=dict)
    hostile: dict[str, tuple[str, float]] = field(default_factory=dict)  # path → (trickle|defer, parameter)
    cache: dict[str, Resource] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.idle = threading.Condition(self.lock)


def _content_type(path: str, body: bytes) -> str:
    suffix = Path(path).suffix.lower()
    kind = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind in TEXT_TYPES:
        charset = "utf-8"
        if kind == "text/html":
            match = META_CHARSET.search(body[:1024])
            if match:
                charset = match.group(1).decode("ascii").lower()
        kind = f"{kind}; charset={charset}"
    return kind


def _resource(path: str, body: bytes, last_modified: float) -> Resource:
    return Resource(body, _content_type(path, body), '"' + hashlib.sha256(body).hexdigest() + '"', float(int(last_modified)))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
    # TCP_NODELAY: without it every keep-alive response waits ~40 ms for the client's delayed ACK
    # (measured by the benchmark: a 1k-report harvest took 92 s instead of ~25 s).
    disable_nagle_algorithm = True
    server_version = "TRS-sample/1.0"
    state: _State  # set on the subclass made per server

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - silence stderr; we keep our own log
        return

    # --- plumbing ---------------------------------------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802
        self._handle(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._handle(head=False)

    def _handle(self, head: bool) -> None:
        st = self.state
        host = self.client_address[0]
        path = unquote(urlsplit(self.path).path)
        with st.lock:
            st.inflight[host] = st.inflight.get(host, 0) + 1
            inflight = st.inflight[host]
            st.max_inflight[host] = max(st.max_inflight.get(host, 0), inflight)
            attempt = st.attempts.get(path, 0)
            st.attempts[path] = attempt + 1
            faults = st.faults
        entry = {"t_start": time.time(), "client": f"{host}:{self.client_address[1]}", "client_host": host,
                 "client_port": self.client_address[1], "method": self.command, "path": path,
                 "query": urlsplit(self.path).query, "attempt": attempt, "inflight": inflight,
                 "user_agent": self.headers.get("User-Agent", ""),
                 "conditional": bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")),
                 "fault": None, "status": None, "bytes": 0}
        try:
            self._respond(path, head, faults, attempt, entry)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            entry["client_gone"] = True
            self.close_connection = True
        finally:
            entry["t_end"] = time.time()
            with st.lock:
                st.inflight[host] -= 1
                if entry["fault"] is not None and entry["fault"] != "slow":
                    st.streaks[path] = st.streaks.get(path, 0) + 1
                elif entry["status"] is not None:
                    st.streaks[path] = 0
                st.log.append(entry)
                if st.log_path is not None:
                    with st.log_path.open("a", encoding="utf-8") as fh:
                        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
                st.idle.notify_all()

    def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool, entry: dict) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)
            entry["bytes"] = len(body)
        entry["status"] = status

    # --- routing ----------------------------------------------------------------------------------------
    def _respond(self, path: str, head: bool, faults: FaultConfig, attempt: int, entry: dict) -> None:
        st = self.state
        is_robots = path == "/robots.txt"
        if not is_robots or faults.faults_on_robots or faults.down:
            with st.lock:
                streak = st.streaks.get(path, 0)
            fault = faults.choose(path, attempt, streak)
            if fault is not None:
                entry["fault"] = fault
                if self._inject(fault, faults, path, head, entry):
                    return
        if is_robots:
            lines = ["User-agent: *", "Disallow: /private/"]
            if st.crawl_delay > 0:
                lines.append(f"Crawl-delay: {st.crawl_delay:g}")
            self._send(200, ("\n".join(lines) + "\n").encode(), {"Content-Type": "text/plain; charset=utf-8"}, head, entry)
            return
        if path == OFFSITE_ROUTE:
            self._send(302, b"", {"Location": st.offsite_url}, head, entry)
            return
        if path in ("/oversized", "/oversized-chunked"):
            self._oversized(chunked=path.endswith("chunked"), head=head, entry=entry)
            return
        if path == "/stall":
            self._stall(entry)
            return
        with st.lock:
            hostile = st.hostile.get(path)
        if hostile is not None and not head:
            kind, value = hostile
            entry["fault"] = kind
            if kind == "defer":
                self._send(429, b"", {"Content-Type": "text/html", "Retry-After": f"{value:g}"}, head, entry)
            else:
                self._trickle(self._lookup(path), value, entry)
            return
        resource = self._lookup(path)
        if resource is None:
            body = "<html><body><h1>404 Not Found</h1><p>示例数据（sample data）：页面不存在。</p></body></html>".encode()
            self._send(404, body, {"Content-Type": "text/html; charset=utf-8"}, head, entry)
            return
        headers = {"Content-Type": resource.content_type, "ETag": resource.etag,
                   "Last-Modified": email.utils.formatdate(resource.last_modified, usegmt=True)}
        if self._not_modified(resource):
            self._send(304, b"", headers, head, entry)
            return
        self._send(200, resource.body, headers, head, entry)

    def _not_modified(self, resource: Resource) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or resource.etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return resource.last_modified <= since
        return False

    def _lookup(self, path: str) -> Resource | None:
        st = self.state
        if path.endswith("/"):
            path += "index.html"
        with st.lock:
            if path in st.overrides:
                return st.overrides[path]
            if path in st.cache:
                return st.cache[path]
        target = (st.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(st.root) or not target.is_file():
            return None
        resource = _resource(path, target.read_bytes(), target.stat().st_mtime)
        with st.lock:
            st.cache[path] = resource
        return resource

    # --- faults and special routes ----------------------------------------------------------------------
    def _inject(self, fault: str, faults: FaultConfig, path: str, head: bool, entry: dict) -> bool:
        """Apply ``fault``; True when the request is finished (False: go on and serve normally)."""
        html = b"<html><body><h1>Service Unavailable</h1></body></html>"
        if fault in ("down", "always"):
            self._send(503, html, {"Content-Type": "text/html", "Retry-After": str(faults.retry_after)}, head, entry)
        elif fault == "5xx":
            status = (500, 502, 503, 504)[entry["attempt"] % 4]
            self._send(status, html, {"Content-Type": "text/html"}, head, entry)
        elif fault == "429":
            self._send(429, b"<html><body>Too Many Requests</body></html>",
                       {"Content-Type": "text/html", "Retry-After": str(faults.retry_after)}, head, entry)
        elif fault == "reset":
            self._reset()
            entry["status"] = 0
        elif fault == "truncate":
            resource = self._lookup(path)
            if resource is None:
                return False
            self.send_response(200)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("ETag", resource.etag)
            self.send_header("Content-Length", str(len(resource.body)))
            self.end_headers()
            if not head:
                half = resource.body[: len(resource.body) // 2]
                self.wfile.write(half)
                entry["bytes"] = len(half)
            self.wfile.flush()
            self.close_connection = True  # a clean close (FIN) mid-body: the client sees a short body
            entry["status"] = 200
        elif fault == "slow":
            self.state.stopping.wait(faults.slow_seconds)
            return False
        return True

    def _reset(self) -> None:
        """Close with SO_LINGER 0, which sends a TCP RST: the client sees 'connection reset by peer'."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

    def _oversized(self, chunked: bool, head: bool, entry: dict) -> None:
        size, block = self.state.oversize_bytes, b"<!-- sample data padding -->" * 2340  # ~64 KiB
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        entry["status"] = 200
        if head:
            return
        sent = 0
        while sent < size and not self.state.stopping.is_set():
            piece = block[: size - sent]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            sent += len(piece)
            entry["bytes"] = sent
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _trickle(self, resource: Resource | None, per_byte_s: float, entry: dict) -> None:
        """The page's real bytes, one every ``per_byte_s`` seconds, until the client gives up (or the end)."""
        body = resource.body if resource is not None else b"<html></html>"
        self.send_response(200)
        self.send_header("Content-Type", resource.content_type if resource else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        entry["status"] = 200
        for i in range(len(body)):
            if self.state.stopping.wait(per_byte_s):
                break
            self.wfile.write(body[i:i + 1])
            self.wfile.flush()
            entry["bytes"] = i + 1
        self.close_connection = True

    def _stall(self, entry: dict) -> None:
        """Headers and a few bytes, then nothing until the server stops: only a read timeout ends it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body>")
        self.wfile.flush()
        entry["status"] = 200
        entry["bytes"] = 12
        self.state.stopping.wait(600)
        self.close_connection = True


class PortalServer:
    """A running sample portal. Use ``serve_portal(...)`` (background thread) or ``serve_forever()``."""

    def __init__(self, root: Path | str | None = None, port: int = 0, faults: FaultConfig | str | None = None, *,
                 host: str = "127.0.0.1", crawl_delay: float = 0.05, offsite_url: str = DEFAULT_OFFSITE_URL,
                 oversize_bytes: int = 20 * 1024 * 1024, log_path: Path | str | None = None):
        root_path = Path(root).resolve() if root is not None else county_root(COUNTIES[0].source)
        if not 0 <= port <= 65535:  # socket.bind would raise OverflowError, not a user-facing error
            raise NianbaoError(f"--port {port}: a TCP port is 0-65535 (0: any free port)")
        if not (root_path / "index.html").is_file():
            raise NianbaoError(f"{root_path}: not a sample portal (no index.html); "
                               "run `python -m sampleportal.generate`")
        config = faults if isinstance(faults, FaultConfig) else FaultConfig.parse(faults)
        self._state = _State(root=root_path, faults=config, crawl_delay=crawl_delay, offsite_url=offsite_url,
                             oversize_bytes=oversize_bytes, log_path=Path(log_path) if log_path else None)
        handler = type("PortalHandler", (_Handler,), {"state": self._state})
        try:
            self._httpd = ThreadingHTTPServer((host, port), handler)
        except OSError as exc:
            hint = " — is another portal already serving there? use --port" if exc.errno == 98 else ""
            raise NianbaoError(f"http://{host}:{port}/: cannot listen ({exc.strerror}){hint}") from None
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def root(self) -> Path:
        return self._state.root

    @property
    def log(self) -> list[dict]:
        """Every request so far (a copy), in completion order."""
        with self._state.lock:
            return list(self._state.log)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until no request is in progress, so that ``log`` holds every answered request.

        The server logs a request after its last byte went out; a client can read the answer first.
        """
        with self._state.idle:
            return self._state.idle.wait_for(lambda: not any(self._state.inflight.values()), timeout)

    def max_inflight(self, client_host: str = "127.0.0.1") -> int:
        """Most requests from ``client_host`` the server ever had in progress at once."""
        with self._state.lock:
            return self._state.max_inflight.get(client_host, 0)

    def clear_log(self) -> None:
        """Forget the log, attempt counters and concurrency peak (e.g. between a first and second harvest)."""
        with self._state.lock:
            self._state.log.clear()
            self._state.attempts.clear()
            self._state.streaks.clear()
            self._state.max_inflight.clear()

    def set_faults(self, faults: FaultConfig | str | None) -> None:
        config = faults if isinstance(faults, FaultConfig) else FaultConfig.parse(faults)
        with self._state.lock:
            self._state.faults = config
            self._state.streaks.clear()

    def make_hostile(self, path: str, kind: str, value: float) -> None:
        """From now on ``path`` trickles (``trickle``, ``value`` s per byte) or answers 429 with
        ``Retry-After: value`` (``defer``): one slow or rate-limited page among good ones (issue 14)."""
        if kind not in ("trickle", "defer"):
            raise ValueError(f"unknown hostile kind {kind!r}")
        with self._state.lock:
            self._state.hostile[path] = (kind, value)

    def touch(self, path: str, new_bytes: bytes) -> None:
        """Serve ``new_bytes`` at ``path`` from now on (new ETag, later Last-Modified); files stay untouched."""
        with self._state.lock:
            old = self._state.overrides.get(path) or self._state.cache.get(path)
            stamp = max(time.time(), (old.last_modified + 1) if old else 0)
            if old is None:
                target = self._state.root / path.lstrip("/")
                if target.is_file():
                    stamp = max(stamp, target.stat().st_mtime + 1)
            self._state.overrides[path] = _resource(path, new_bytes, stamp)

    def start(self) -> PortalServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="sample-portal", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        self._state.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


@contextlib.contextmanager
def serve_portal(root: Path | str | None = None, port: int = 0, faults: FaultConfig | str | None = None,
                 **options) -> Iterator[PortalServer]:
    """Run the sample portal on 127.0.0.1 in a background thread for the duration of the block."""
    server = PortalServer(root, port, faults, **options).start()
    try:
        yield server
    finally:
        server.stop()


def county_root(source: str, root: Path | str | None = None) -> Path:
    """The folder of the county site that ``source`` (a sources.toml name) harvests."""
    for county in COUNTIES:
        if county.source == source:
            return Path(root or DEFAULT_OUT).resolve() / county.folder
    raise NianbaoError(f"no sample county for source {source!r} (known: {', '.join(c.source for c in COUNTIES)})")


@contextlib.contextmanager
def serve_province(port: int = 0, faults: FaultConfig | str | None = None, *, root: Path | str | None = None,
                   **options) -> Iterator[dict[str, PortalServer]]:
    """Every sample county on its own port (``port``, ``port + 1``, …; 0 = any free ones), by source name.

    Separate servers, not virtual hosts, because each county is its own site with its own robots.txt,
    politeness and request log, as on the real cluster.
    """
    servers: dict[str, PortalServer] = {}
    try:
        for offset, county in enumerate(COUNTIES):
            servers[county.source] = PortalServer(county_root(county.source, root), port + offset if port else 0,
                                                  faults, **options).start()
        yield servers
    finally:
        for server in servers.values():
            server.stop()
