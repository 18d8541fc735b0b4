"""The one module that talks to the network: a polite, bounded, conditional HTTP client.

Everything a portal could do to a crawler, and everything a crawler could do to a small county server,
is decided here, so that discovery and parsing only ever see finished bodies (Scrapy's downloader /
spider split):

- politeness: at most ``concurrency_per_host`` requests in flight per host, request starts spaced by at
  least ``delay_s`` (or robots.txt Crawl-delay, capped), an identifying User-Agent, robots.txt fetched once
  per host and obeyed (protego — a maintained RFC 9309 parser, rather than urllib.robotparser which
  mishandles wildcards and has no Crawl-delay per agent group);
- retries on 408/429/5xx, resets, timeouts and truncated bodies, with exponential backoff + jitter and
  Retry-After honoured in full (tenacity, rather than a hand-written loop); no retry on other 4xx;
- bounded time per URL: a total deadline per request (a trickle is cut, and not asked again), a budget for
  all attempts of one URL, and a Retry-After beyond ``retry_after_cap_s`` defers the URL to the next run at
  once (DeferredFetch) instead of holding the night;
- a streamed body cap counted on *decoded* bytes (gzip bombs stop too);
- redirects followed by hand, each hop checked against the allowed hosts; other schemes never requested;
- conditional GET from remembered validators; every 200 body handed to the memory (raw archive) before
  the caller sees it, and a 304 answered with the remembered bytes.

httpx (HTTP/1.1, asyncio) is used as is: the limits above are enforced around it, not by patching it.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_after_delay
from tenacity.wait import wait_base, wait_exponential_jitter

from common.errors import FetchError, Transient, TransientFetchError
from extract.net.settings import FetchSettings

_REDIRECTS = {301, 302, 303, 307, 308}
_SCHEMES = {"http", "https"}


class RetryableStatus(TransientFetchError):
    """Raised by extract.net.fetch for 408/429/5xx answers; carries the server's Retry-After, if any."""

    def __init__(self, url: str, status: int, retry_after: float | None):
        reason = f"HTTP {status}" + (f" (Retry-After {retry_after:g}s)" if retry_after is not None else "")
        super().__init__(url, reason)
        self.status = status
        self.retry_after = retry_after


class DeferredFetch(TransientFetchError):
    """Raised by extract.net.fetch when the server asks for a pause longer than ``retry_after_cap_s``: the URL is
    given up for this run (no retry) and should be asked again by the next one."""

    def __init__(self, url: str, reason: str, retry_after: float | None = None):
        super().__init__(url, reason)
        self.retry_after = retry_after


class DeadlineExceeded(TransientFetchError):
    """Raised by extract.net.fetch when an answer did not complete within ``total_timeout_s``; not retried
    in the same run (a server that trickled once trickles again), tried again by the next run."""


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, Transient) and not isinstance(exc, DeferredFetch | DeadlineExceeded)


class RefusedFetch(FetchError):
    """Raised by extract.net.fetch when policy forbids a request (host, scheme, robots.txt, redirect)."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last 200 said about itself, sent back so the server can answer 304."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(slots=True)
class FetchResult:
    """A finished fetch: 200 with a fresh body, or 304 with the remembered body."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int  # 200 or 304 (304: body is the remembered one)
    body: bytes
    headers: dict[str, str]
    fetched_at: str  # ISO 8601 UTC
    attempts: int = 1
    sha256: str | None = None  # set by the memory when it archived (or recalled) the body
    body_path: str | None = None  # set by the memory: where the archived body can be read back

    def release(self) -> FetchResult:
        """This result without its body, when the body can be read back from the archive (else as is).

        Discovery hands report pages on with released results, so that a portal's bodies are not all held
        in memory until parsing (150 big pages kept 926 MB, issue 14); ``read_body`` reads one back.
        """
        if self.body_path is None:
            return self
        return FetchResult(self.url, self.final_url, self.status, b"", self.headers, self.fetched_at,
                           self.attempts, self.sha256, self.body_path)

    def read_body(self) -> bytes:
        if self.body or self.body_path is None:
            return self.body
        with open(self.body_path, "rb") as fh:
            return fh.read()

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))


class FetchMemory(Protocol):
    """Where validators come from and where 200 bodies go (see extract.net.memory.ArchiveMemory)."""

    def validators(self, url: str) -> Validators | None: ...

    def recall(self, url: str) -> tuple[bytes, str, dict[str, str], str | None] | None:
        """The remembered (body, sha256, headers, final_url) for a 304, or None if it is gone."""

    def remember(self, result: FetchResult) -> None:
        """Archive a 200 body and its validators (sets result.sha256); called before anyone parses it."""

    def touched(self, result: FetchResult) -> None:
        """Note that a 304 confirmed the remembered body."""

    def deferred(self, url: str, reason: str, retry_after: float | None) -> None:
        """Note that ``url`` was given up for this run, to be asked again next run."""


class AllowedHosts:
    """Hosts a fetch may reach. ``host`` allows the scheme's default port; ``host:port`` only that port."""

    def __init__(self, items: Iterable[str]):
        entries: set[tuple[str, int | None]] = set()
        for item in items:
            url = httpx.URL(item if "://" in item else f"http://{item}")
            entries.add((url.host.lower(), url.port))
        self.entries = frozenset(entries)

    def allows(self, url: str) -> bool:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError):
            return False
        return parsed.scheme in _SCHEMES and (parsed.host.lower(), parsed.port) in self.entries

    def __repr__(self) -> str:
        return "AllowedHosts(" + ", ".join(h if p is None else f"{h}:{p}" for h, p in sorted(
            self.entries, key=str)) + ")"


class _HostGate:
    """Per-host politeness: a concurrency slot, and request starts spaced by ``delay`` seconds.

    A "start" is the moment the request headers go onto the socket (reported by httpcore's trace hook),
    not the moment a task asks to send: between the two, the event loop may be busy parsing a page, and two
    requests queued 20 ms apart could otherwise leave together. The spacing lock is held until the previous
    request is really on the wire, so the server sees the gaps the client promises.
    """

    def __init__(self, limit: int, delay: float):
        self._slots = asyncio.Semaphore(max(1, limit))
        self._spacing = asyncio.Lock()
        self._last_start: float | None = None
        self.delay = delay

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Callable[[], None]]:
        """Yield ``started()``, to be called when the request is sent (called on exit at the latest)."""
        async with self._slots:
            await self._spacing.acquire()
            done = False

            def started() -> None:
                nonlocal done
                if not done:
                    done = True
                    self._last_start = time.monotonic()
                    self._spacing.release()

            try:
                if self._last_start is not None:
                    wait = self._last_start + self.delay - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                yield started
            finally:
                started()


class _Backoff(wait_base):
    """Exponential backoff with jitter, except when the server said Retry-After: that wait, in full (a longer
    ask than the cap never gets here: it is deferred). The cap stays as a belt for HTTP-date values."""

    def __init__(self, settings: FetchSettings):
        self._cap = settings.retry_after_cap_s
        self._exp = wait_exponential_jitter(multiplier=settings.backoff_initial_s, max=settings.backoff_max_s,
                                            jitter=settings.backoff_jitter_s)

    def __call__(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            return min(max(retry_after, 0.0), self._cap)
        return self._exp(retry_state)


@dataclass(slots=True)
class _Hop:
    status: int
    headers: dict[str, str]
    body: bytes = b""
    location: str | None = None


@dataclass(slots=True)
class _Robots:
    parser: Protego | None  # None: everything allowed (no robots.txt)
    disallow_all_reason: str | None = None


@dataclass
class Fetcher:
    """Async client with the policies above. Use as ``async with Fetcher(...) as f: await f.get(url)``."""

    allowed: AllowedHosts
    settings: FetchSettings = field(default_factory=FetchSettings)
    memory: FetchMemory | None = None
    on_event: Callable[[str, str, str], None] | None = None  # (kind, url, detail), e.g. a retry
    counters: Counter = field(default_factory=Counter)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (url, reason) refused by policy
    deferred: list[tuple[str, str]] = field(default_factory=list)  # (url, reason) left for the next run
    _client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _gates: dict[str, _HostGate] = field(default_factory=dict, init=False, repr=False)
    _robots: dict[str, _Robots] = field(default_factory=dict, init=False, repr=False)
    _robots_locks: dict[str, asyncio.Lock] = field(default_factory=dict, init=False, repr=False)

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            http2=False, follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(connect=s.connect_timeout_s, read=s.read_timeout_s,
                                  write=s.read_timeout_s, pool=None),
            # The agreed User-Agent names the project in Chinese; header values are octets, so it goes out
            # as UTF-8 bytes (httpx would otherwise insist on ASCII).
            headers={"User-Agent": s.user_agent.encode("utf-8"), "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=32),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    # ---- public -------------------------------------------------------------------------------------

    async def get(self, url: str, *, conditional: bool = True) -> FetchResult:
        """Fetch ``url`` under every policy; raise FetchError (TransientFetchError if retries ran out)."""
        try:
            return await self._get(url, conditional=conditional, check_robots=True)
        except FetchError as exc:
            kind = "deferred" if isinstance(exc, DeferredFetch) else "failed" if isinstance(exc, Transient) \
                else "refused" if isinstance(exc, RefusedFetch) else "error"
            self.counters[f"fetch/{kind}"] += 1
            if isinstance(exc, RefusedFetch):
                self.refused.append((url, exc.reason))
            if isinstance(exc, DeferredFetch):
                self.deferred.append((url, exc.reason))
                if self.memory is not None:
                    self.memory.deferred(url, exc.reason, exc.retry_after)
            raise

    def delay_for(self, url: str) -> float:
        return self._gate(url).delay

    # ---- internals ----------------------------------------------------------------------------------

    async def _get(self, url: str, *, conditional: bool, check_robots: bool) -> FetchResult:
        self._check_target(url, url)
        validators = self.memory.validators(url) if (conditional and self.memory) else None
        headers = validators.headers() if validators else {}
        current, attempts = url, 0
        for _hop_no in range(self.settings.max_redirects + 1):
            if check_robots:
                await self._check_robots(url, current)
            hop, tries = await self._with_retries(current, headers)
            attempts += tries
            if hop.location is None:
                break
            target = urljoin(current, hop.location)
            self.counters["fetch/redirect"] += 1
            if not self.allowed.allows(target):
                scheme = urlsplit(target).scheme
                why = f"scheme {scheme}: is never fetched" if scheme not in _SCHEMES else "not an allowed host"
                self.counters["fetch/refused/redirect"] += 1
                raise RefusedFetch(url, f"redirect to {target} refused: {why}")
            current = target
        else:
            raise RefusedFetch(url, f"more than {self.settings.max_redirects} redirects")

        now = datetime.now(UTC).isoformat(timespec="seconds")
        if hop.status == 304:
            recalled = self.memory.recall(url) if self.memory else None
            if recalled is None:  # validators outlived their body: ask again without them
                self.counters["fetch/304-without-body"] += 1
                return await self._get(url, conditional=False, check_robots=check_robots)
            body, sha, old_headers, old_final = recalled
            self.counters["fetch/304"] += 1
            result = FetchResult(url, old_final or current, 304, body, {**old_headers, **hop.headers}, now,
                                 attempts, sha)
            self.memory.touched(result)  # type: ignore[union-attr]
            return result
        self.counters["fetch/200"] += 1
        result = FetchResult(url, current, hop.status, hop.body, hop.headers, now, attempts)
        if self.memory is not None:
            self.memory.remember(result)
        return result

    def _check_target(self, original: str, url: str) -> None:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in _SCHEMES:
            raise RefusedFetch(original, f"scheme {scheme or '(none)'}: is never fetched")
        if not self.allowed.allows(url):
            raise RefusedFetch(original, f"{url} is not on an allowed host ({self.allowed!r})")

    def _gate(self, url: str) -> _HostGate:
        netloc = urlsplit(url).netloc.lower()
        gate = self._gates.get(netloc)
        if gate is None:
            gate = self._gates[netloc] = _HostGate(self.settings.concurrency_per_host, self.settings.delay_s)
        return gate

    async def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[_Hop, int]:
        s = self.settings
        retrying = AsyncRetrying(stop=stop_after_attempt(s.max_attempts) | stop_after_delay(s.url_budget_s),
                                 wait=_Backoff(s), retry=retry_if_exception(_retryable), reraise=True,
                                 before_sleep=self._note_retry)
        try:
            async for attempt in retrying:
                with attempt:
                    hop = await self._hop(url, headers)
            return hop, retrying.statistics.get("attempt_number", 1)
        except (DeferredFetch, DeadlineExceeded):
            raise
        except TransientFetchError as exc:
            tries = retrying.statistics.get("attempt_number", s.max_attempts)
            raise TransientFetchError(exc.url, f"{exc.reason} (gave up after {tries} attempts)") from exc

    def _note_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        label = f"http{exc.status}" if isinstance(exc, RetryableStatus) else type(exc).__name__
        self.counters[f"fetch/retry/{label}"] += 1
        if self.on_event and isinstance(exc, FetchError):
            self.on_event("retry", exc.url, exc.reason)

    async def _hop(self, url: str, headers: dict[str, str]) -> _Hop:
        """One HTTP exchange under the host's politeness gate and the per-request deadline."""
        assert self._client is not None, "use Fetcher as an async context manager"
        s = self.settings
        async with self._gate(url).slot() as started:
            try:
                async with asyncio.timeout(s.total_timeout_s):
                    return await self._exchange(url, headers, started)
            except TimeoutError:
                raise DeadlineExceeded(url, f"no complete answer within {s.total_timeout_s:g}s") from None
            except httpx.TimeoutException as exc:
                raise TransientFetchError(url, f"timed out ({type(exc).__name__})") from None
            except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.DecodingError) as exc:
                # resets, refused connections, bodies shorter than Content-Length, broken gzip
                raise TransientFetchError(url, f"{type(exc).__name__}: {exc or 'connection broken'}") \
                    from None

    async def _exchange(self, url: str, headers: dict[str, str], started: Callable[[], None]) -> _Hop:
        s = self.settings

        async def trace(event: str, info: dict) -> None:  # httpcore's request tracing extension
            if event.endswith("send_request_headers.started"):
                started()

        async with self._client.stream("GET", url, headers=headers,  # type: ignore[union-attr]
                                       extensions={"trace": trace}) as resp:
            status = resp.status_code
            hdrs = {k.lower(): v for k, v in resp.headers.items()}
            if status == 304 or (status in _REDIRECTS and "location" in hdrs):
                await _drain(resp)  # read the (empty) body so that the connection goes back to the pool
                if status == 304:
                    return _Hop(304, hdrs)
                return _Hop(status, hdrs, location=hdrs["location"])
            if s.retryable(status):
                wait = _retry_after(hdrs.get("retry-after"))
                if wait is not None and wait > s.retry_after_cap_s:
                    await _drain(resp)
                    raise DeferredFetch(url, f"HTTP {status} asks to wait {wait:g}s (over {s.retry_after_cap_s:g}s): "
                                             "deferred to the next run", wait)
                raise RetryableStatus(url, status, wait)
            if status >= 300:
                raise FetchError(url, f"HTTP {status}")
            declared = hdrs.get("content-length")
            if declared and "content-encoding" not in hdrs and declared.isdigit() \
                    and int(declared) > s.max_body_bytes:
                raise FetchError(url, f"body over {s.max_body_bytes} bytes (Content-Length {declared})")
            chunks, size = [], 0
            async for chunk in resp.aiter_bytes():  # decoded bytes: the cap also stops gzip bombs
                size += len(chunk)
                if size > s.max_body_bytes:
                    raise FetchError(url, f"body over {s.max_body_bytes} bytes")
                chunks.append(chunk)
            return _Hop(status, hdrs, b"".join(chunks))

    async def _check_robots(self, original: str, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        robots = self._robots.get(origin)
        if robots is None:
            lock = self._robots_locks.setdefault(origin, asyncio.Lock())
            async with lock:
                robots = self._robots.get(origin)
                if robots is None:
                    robots = self._robots[origin] = await self._load_robots(origin, url)
        if robots.disallow_all_reason:
            raise RefusedFetch(original, robots.disallow_all_reason)
        if robots.parser is not None and not robots.parser.can_fetch(url, self.settings.robots_token):
            self.counters["fetch/refused/robots"] += 1
            raise RefusedFetch(original, f"{url} is disallowed by {origin}/robots.txt")

    async def _load_robots(self, origin: str, url: str) -> _Robots:
        """RFC 9309: 4xx means no rules; unreachable (5xx/network after retries) means disallow all."""
        robots_url = f"{origin}/robots.txt"
        try:
            result = await self._get(robots_url, conditional=True, check_robots=False)
        except TransientFetchError as exc:
            return _Robots(None, f"{robots_url} unreachable ({exc.reason}): RFC 9309 says assume disallow")
        except FetchError:
            return _Robots(None)  # 404 and other 4xx: no restrictions
        parser = Protego.parse(result.body.decode("utf-8", errors="replace"))
        crawl_delay = parser.crawl_delay(self.settings.robots_token)
        if crawl_delay:
            gate = self._gate(url)
            gate.delay = max(gate.delay, min(float(crawl_delay), self.settings.crawl_delay_cap_s))
        return _Robots(parser)


async def _drain(resp: httpx.Response, limit: int = 64 * 1024) -> None:
    """Read a body we do not need: without it httpx closes the connection instead of reusing it (a warm
    re-run is all 304s, and a new TCP connection per request). Past ``limit`` the connection is dropped."""
    size = 0
    async for chunk in resp.aiter_raw():
        size += len(chunk)
        if size > limit:
            break


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
