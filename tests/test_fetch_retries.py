"""The fetcher rides out what overloaded county servers do, and gives up cleanly when it must."""

from __future__ import annotations

import asyncio
import time

import pytest
from fetch_fixtures import TinyServer, reset, send, tiny_server, truncated

from common.errors import FetchError, TransientFetchError
from extract.net.fetch import AllowedHosts, DeadlineExceeded, DeferredFetch, Fetcher, FetchResult
from extract.net.settings import FetchSettings

FAST = FetchSettings(delay_s=0.0, backoff_initial_s=0.01, backoff_max_s=0.05, backoff_jitter_s=0.01,
                     read_timeout_s=0.5, total_timeout_s=3.0, max_attempts=4, retry_after_cap_s=0.3)
BODY = "<html><body>年报</body></html>".encode() * 50


def fetch(server: TinyServer, path: str, settings: FetchSettings = FAST) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(AllowedHosts([server.base_url]), settings) as fetcher:
            return await fetcher.get(server.base_url + path)
    return asyncio.run(go())


def fails_then_ok(failures: int, fail) -> object:
    def page(handler, n):
        if n < failures:
            fail(handler)
        else:
            send(handler, 200, BODY)
    return page


def test_a_burst_of_503_is_retried_until_the_page_arrives():
    with tiny_server({"/a.html": fails_then_ok(2, lambda h: send(h, 503, b"busy"))}) as server:
        result = fetch(server, "/a.html")
    assert result.status == 200 and result.body == BODY
    assert result.attempts == 3
    assert len(server.hits("/a.html")) == 3


def test_429_waits_for_retry_after_before_asking_again():
    with tiny_server({"/a.html": fails_then_ok(1, lambda h: send(h, 429, b"", {"Retry-After": "1"}))}) as server:
        result = fetch(server, "/a.html", FetchSettings(**{**_fields(FAST), "retry_after_cap_s": 5.0}))
    first, second = server.hits("/a.html")
    assert result.status == 200
    assert second.started - first.started >= 0.95


def test_retry_after_beyond_the_cap_is_deferred_not_asked_again_early():
    # 300 s: more than one URL may wait tonight (cap 0.3 s here, 60 s by default). Asking again after a
    # shorter wait would ignore the server; the URL is deferred to the next run, asked once.
    with tiny_server({"/a.html": fails_then_ok(1, lambda h: send(h, 429, b"", {"Retry-After": "300"}))}) as server:
        started = time.monotonic()
        with pytest.raises(DeferredFetch) as err:
            fetch(server, "/a.html")  # cap 0.3 s
    assert time.monotonic() - started < 2.0
    assert len(server.hits("/a.html")) == 1
    assert "asks to wait 300s" in err.value.reason


def test_404_is_not_retried():
    with tiny_server({}) as server:
        with pytest.raises(FetchError) as err:
            fetch(server, "/missing.html")
    assert not isinstance(err.value, TransientFetchError)
    assert err.value.reason == "HTTP 404"
    assert len(server.hits("/missing.html")) == 1


def test_a_page_that_keeps_failing_gives_up_after_the_bounded_attempts_with_its_reason():
    with tiny_server({"/a.html": lambda h, n: send(h, 500, b"down")}) as server:
        with pytest.raises(TransientFetchError) as err:
            fetch(server, "/a.html")
    assert len(server.hits("/a.html")) == FAST.max_attempts
    assert "HTTP 500" in str(err.value) and "/a.html" in str(err.value)
    assert f"after {FAST.max_attempts} attempts" in str(err.value)


def test_a_connection_reset_is_retried():
    with tiny_server({"/a.html": fails_then_ok(1, reset)}) as server:
        result = fetch(server, "/a.html")
    assert result.body == BODY and len(server.hits("/a.html")) == 2


def test_a_body_shorter_than_its_content_length_is_retried_not_kept():
    with tiny_server({"/a.html": fails_then_ok(2, lambda h: truncated(h, BODY, 100))}) as server:
        result = fetch(server, "/a.html")
    assert result.body == BODY and len(server.hits("/a.html")) == 3


def test_a_slow_answer_times_out_and_is_retried():
    def slow_once(handler, n):
        if n == 0:
            time.sleep(1.0)  # longer than the 0.5 s read timeout
        send(handler, 200, BODY)
    with tiny_server({"/a.html": slow_once}) as server:
        result = fetch(server, "/a.html")
    assert result.body == BODY and len(server.hits("/a.html")) == 2


def test_a_body_that_never_ends_is_stopped_by_the_total_deadline():
    def trickle(handler, n):
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        for _ in range(400):
            try:
                handler.wfile.write(b"x" * 10)
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(0.02)
    settings = FetchSettings(**{**_fields(FAST), "total_timeout_s": 0.3, "max_attempts": 2})
    with tiny_server({"/a.html": trickle}) as server:
        started = time.monotonic()
        with pytest.raises(TransientFetchError, match="no complete answer within 0.3s"):
            fetch(server, "/a.html", settings)
    assert time.monotonic() - started < 3.0


def test_a_retry_after_of_a_day_defers_the_url_at_once_without_a_retry():
    with tiny_server({"/a.html": lambda h, n: send(h, 429, b"", {"Retry-After": "86400"})}) as server:
        started = time.monotonic()
        with pytest.raises(DeferredFetch) as err:
            fetch(server, "/a.html")
    assert time.monotonic() - started < 2.0
    assert len(server.hits("/a.html")) == 1
    assert isinstance(err.value, TransientFetchError)  # tried again by the next run
    assert err.value.reason == "HTTP 429 asks to wait 86400s (over 0.3s): deferred to the next run"


def test_a_trickle_cut_by_the_total_deadline_is_not_asked_again_in_the_same_run():
    def trickle(handler, n):
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        for _ in range(200):
            try:
                handler.wfile.write(b"x")
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(0.05)
    settings = FetchSettings(**{**_fields(FAST), "total_timeout_s": 0.5, "max_attempts": 4})
    with tiny_server({"/a.html": trickle}) as server:
        with pytest.raises(DeadlineExceeded, match="no complete answer within 0.5s"):
            fetch(server, "/a.html", settings)
    assert len(server.hits("/a.html")) == 1


def test_retries_of_one_url_stop_at_its_budget():
    settings = FetchSettings(**{**_fields(FAST), "max_attempts": 50, "backoff_initial_s": 0.2,
                                "backoff_max_s": 0.2, "backoff_jitter_s": 0.0, "url_budget_s": 0.5})
    with tiny_server({"/a.html": lambda h, n: send(h, 503, b"busy")}) as server:
        started = time.monotonic()
        with pytest.raises(TransientFetchError, match="gave up after [2-4] attempts"):
            fetch(server, "/a.html", settings)
    assert time.monotonic() - started < 2.0
    assert 2 <= len(server.hits("/a.html")) <= 4


def _fields(settings: FetchSettings) -> dict:
    return {name: getattr(settings, name) for name in settings.__dataclass_fields__}
