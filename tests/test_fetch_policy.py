"""What the fetcher refuses to do, and how gently it treats one host."""

from __future__ import annotations

import asyncio
import gzip

import pytest
from fetch_fixtures import TinyServer, ok, send, tiny_server

from common.errors import FetchError
from extract.net.fetch import AllowedHosts, Fetcher, FetchResult
from extract.net.settings import USER_AGENT, FetchSettings

FAST = FetchSettings(delay_s=0.0, backoff_initial_s=0.01, backoff_max_s=0.05, backoff_jitter_s=0.01,
                     read_timeout_s=1.0, total_timeout_s=3.0, max_attempts=3)


def fetch_many(server: TinyServer, paths: list[str], settings: FetchSettings = FAST,
               allowed: list[str] | None = None) -> list[FetchResult | Exception]:
    async def go():
        async with Fetcher(AllowedHosts(allowed or [server.base_url]), settings) as fetcher:
            return await asyncio.gather(*(fetcher.get(server.base_url + p) for p in paths),
                                        return_exceptions=True)
    return asyncio.run(go())


def fetch(server: TinyServer, path: str, settings: FetchSettings = FAST) -> FetchResult:
    result = fetch_many(server, [path], settings)[0]
    if isinstance(result, Exception):
        raise result
    return result


def test_a_redirect_to_another_host_is_refused_and_never_requested():
    with tiny_server({"/elsewhere": ok("other host")}) as other:
        with tiny_server({"/a.html": lambda h, n: send(h, 302, b"", {"Location": other.base_url + "/elsewhere"})}) \
                as server:
            with pytest.raises(FetchError, match=r"redirect to http://127\.0\.0\.1:\d+/elsewhere refused: "
                                                 r"not an allowed host"):
                fetch(server, "/a.html")
        assert other.log == []


def test_a_redirect_on_the_same_host_is_followed():
    pages = {"/old.html": lambda h, n: send(h, 301, b"", {"Location": "/new.html"}), "/new.html": ok("new")}
    with tiny_server(pages) as server:
        result = fetch(server, "/old.html")
    assert result.body == b"new" and result.final_url.endswith("/new.html") and result.url.endswith("/old.html")


def test_a_redirect_loop_stops_after_the_hop_limit():
    with tiny_server({"/loop": lambda h, n: send(h, 302, b"", {"Location": "/loop"})}) as server:
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetch(server, "/loop")
        assert len(server.hits("/loop")) == 6


def test_links_with_other_schemes_are_never_requested():
    async def go():
        async with Fetcher(AllowedHosts(["127.0.0.1"]), FAST) as fetcher:
            for url in ("mailto:gk@example.cn", "javascript:void(0)", "file:///etc/passwd"):
                with pytest.raises(FetchError, match="is never fetched"):
                    await fetcher.get(url)
    asyncio.run(go())


def test_robots_txt_disallow_is_obeyed_for_our_agent():
    pages = {"/robots.txt": ok("User-agent: nianbao\nDisallow: /private/\n", content_type="text/plain"),
             "/private/a.html": ok("secret"), "/public.html": ok("public")}
    with tiny_server(pages) as server:
        results = fetch_many(server, ["/private/a.html", "/public.html"])
    assert isinstance(results[0], FetchError) and "disallowed by" in str(results[0])
    assert results[1].body == b"public"
    assert server.hits("/private/a.html") == []
    assert len(server.hits("/robots.txt")) == 1


def test_robots_crawl_delay_larger_than_ours_spaces_the_requests():
    pages = {"/robots.txt": ok("User-agent: *\nCrawl-delay: 0.2\n", content_type="text/plain"),
             **{f"/p{i}.html": ok(f"page {i}") for i in range(4)}}
    settings = FetchSettings(**{**_fields(FAST), "delay_s": 0.01, "concurrency_per_host": 4})
    with tiny_server(pages) as server:
        fetch_many(server, [f"/p{i}.html" for i in range(4)], settings)
    starts = sorted(h.started for h in server.log if h.path != "/robots.txt")
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.18


def test_per_host_concurrency_and_delay_are_never_exceeded_in_the_server_log():
    pages = {f"/p{i}.html": ok(f"page {i}") for i in range(12)}
    settings = FetchSettings(**{**_fields(FAST), "delay_s": 0.03, "concurrency_per_host": 2})
    with tiny_server(pages, hold=0.1) as server:  # each answer stays in flight 0.1 s: overlap is possible
        results = fetch_many(server, list(pages), settings)
    assert all(not isinstance(r, Exception) for r in results)
    assert server.max_in_flight() == 2  # the limit is used, and never passed
    # the server thread's own wake-up adds a few ms to its timestamps on a loaded machine
    assert server.min_start_gap() >= 0.03 / 2


def test_the_user_agent_names_the_project():
    with tiny_server({"/a.html": ok("x")}) as server:
        fetch(server, "/a.html")
    assert server.hits("/a.html")[0].headers["user-agent"].encode("latin-1").decode("utf-8") == USER_AGENT


def test_an_oversized_body_is_refused():
    settings = FetchSettings(**{**_fields(FAST), "max_body_bytes": 1000})
    with tiny_server({"/big.pdf": ok(b"%PDF" + b"0" * 5000, content_type="application/pdf")}) as server:
        with pytest.raises(FetchError, match="body over 1000 bytes"):
            fetch(server, "/big.pdf", settings)
        assert len(server.hits("/big.pdf")) == 1  # not a transient failure: not retried


def test_a_gzip_bomb_is_stopped_by_the_decoded_size_cap():
    bomb = gzip.compress(b"\0" * 5_000_000)  # ~5 KB on the wire, 5 MB decoded
    page = ok(bomb, headers={"Content-Encoding": "gzip"})
    settings = FetchSettings(**{**_fields(FAST), "max_body_bytes": 100_000})
    with tiny_server({"/bomb.html": page}) as server:
        with pytest.raises(FetchError, match="body over 100000 bytes"):
            fetch(server, "/bomb.html", settings)


def test_a_url_on_a_host_not_allowed_is_refused_without_a_request():
    with tiny_server({"/a.html": ok("x")}) as server:
        results = fetch_many(server, ["/a.html"], allowed=["www.jinping.gov.cn"])
        assert isinstance(results[0], FetchError) and "not on an allowed host" in str(results[0])
        assert server.log == []


def _fields(settings: FetchSettings) -> dict:
    return {name: getattr(settings, name) for name in settings.__dataclass_fields__}
