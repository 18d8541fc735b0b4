"""The sample portal's server: validators, robots, encodings, the request log, and faults on demand."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from portal_fixtures import PORTAL, portal, reports  # noqa: F401 - portal is a fixture

from sampleportal.server import FaultConfig, FaultSpecError, serve_portal

INDEX = "/index.html"


def test_serves_a_page_with_a_strong_sha256_etag_and_last_modified(portal):  # noqa: F811
    r = httpx.get(portal.base_url + INDEX)
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["etag"].startswith('"') and len(r.headers["etag"]) == 66
    assert r.headers["last-modified"].endswith("GMT")
    assert r.content == (PORTAL / "index.html").read_bytes()


def test_if_none_match_answers_304_without_a_body(portal):  # noqa: F811
    etag = httpx.get(portal.base_url + INDEX).headers["etag"]
    r = httpx.get(portal.base_url + INDEX, headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    portal.wait_idle()
    assert portal.log[-1]["conditional"] is True and portal.log[-1]["status"] == 304


def test_if_modified_since_answers_304_and_a_stale_etag_gets_the_page(portal):  # noqa: F811
    lm = httpx.get(portal.base_url + INDEX).headers["last-modified"]
    assert httpx.get(portal.base_url + INDEX, headers={"If-Modified-Since": lm}).status_code == 304
    assert httpx.get(portal.base_url + INDEX, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_unknown_path_is_404_and_path_traversal_is_refused(portal):  # noqa: F811
    assert httpx.get(portal.base_url + "/no/such/page.html").status_code == 404
    assert httpx.get(portal.base_url + "/../../pyproject.toml").status_code == 404


def test_a_folder_url_serves_its_index_page(portal):  # noqa: F811
    folder = "/zwgk/zfxxgk/zfxxgknb/2024n/"
    r = httpx.get(portal.base_url + folder)
    assert r.status_code == 200 and r.content == (PORTAL / folder.lstrip("/") / "index.html").read_bytes()


def test_robots_txt_disallows_private_and_announces_a_crawl_delay(portal):  # noqa: F811
    text = httpx.get(portal.base_url + "/robots.txt").text
    assert "User-agent: *" in text and "Disallow: /private/" in text and "Crawl-delay: 0.05" in text


def test_the_gbk_page_is_served_with_a_gbk_content_type(portal):  # noqa: F811
    row = next(r for r in reports() if r["encoding"] == "gbk")
    r = httpx.get(portal.base_url + row["url_path"])
    assert r.headers["content-type"] == "text/html; charset=gbk"
    assert row["title"] in r.text  # httpx decodes by the header


def test_attachments_get_their_content_types(portal):  # noqa: F811
    kinds = {r["delivery"]: r["url_path"] for r in reports()}
    assert httpx.get(portal.base_url + kinds["pdf"]).headers["content-type"] == "application/pdf"
    assert "wordprocessingml" in httpx.get(portal.base_url + kinds["docx"]).headers["content-type"]


def test_offsite_redirect_points_to_another_host(portal):  # noqa: F811
    r = httpx.get(portal.base_url + "/redirect-offsite")
    assert r.status_code == 302 and r.headers["location"].startswith("http://127.0.0.2:")


def test_touch_changes_the_etag_and_breaks_the_304(portal):  # noqa: F811
    path = "/zwgk/ldzc/index.html"
    first = httpx.get(portal.base_url + path)
    portal.touch(path, b"<html><body>changed</body></html>")
    r = httpx.get(portal.base_url + path, headers={"If-None-Match": first.headers["etag"],
                                                  "If-Modified-Since": first.headers["last-modified"]})
    assert r.status_code == 200 and r.text == "<html><body>changed</body></html>"
    assert r.headers["etag"] != first.headers["etag"]


def test_log_records_status_bytes_and_peak_concurrency_per_client(portal):  # noqa: F811
    portal.clear_log()
    barrier = threading.Barrier(3)

    def get():
        barrier.wait()
        httpx.get(portal.base_url + "/slowish.html")

    portal.set_faults("slow=1.0:0.3,seed=1,max_consecutive=5")
    threads = [threading.Thread(target=get) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    portal.set_faults(None)
    portal.wait_idle()
    entries = portal.log
    assert [e["status"] for e in entries] == [404, 404, 404]
    assert all(e["fault"] == "slow" and e["t_end"] - e["t_start"] >= 0.3 for e in entries)
    assert portal.max_inflight("127.0.0.1") == 3
    assert {"t_start", "t_end", "client_port", "method", "path", "status", "bytes", "conditional",
            "fault", "inflight"} <= set(entries[0])


def _statuses(base_url: str, path: str, n: int) -> list[object]:
    out: list[object] = []
    with httpx.Client(base_url=base_url) as client:
        for _ in range(n):
            try:
                out.append(client.get(path).status_code)
            except httpx.TransportError as exc:
                out.append(type(exc).__name__)
    return out


def test_faults_are_the_same_for_the_same_seed_path_and_attempt():
    spec = "5xx=0.3,429=0.2,reset=0.1,truncate=0.1,seed=7,max_consecutive=3"
    with serve_portal(PORTAL, faults=spec) as a, serve_portal(PORTAL, faults=spec) as b:
        runs = [_statuses(s.base_url, INDEX, 12) for s in (a, b)]
        a.wait_idle(), b.wait_idle()
        faults = [[e["fault"] for e in s.log] for s in (a, b)]
    assert runs[0] == runs[1] and faults[0] == faults[1]
    assert any(f is not None for f in faults[0]) and 200 in runs[0]


def test_a_path_fails_at_most_max_consecutive_times_in_a_row():
    with serve_portal(PORTAL, faults="5xx=1.0,seed=3,max_consecutive=2") as server:
        _statuses(server.base_url, INDEX, 6)
        server.wait_idle()
        statuses = [e["status"] for e in server.log]
    assert statuses[2] == 200 and statuses[5] == 200
    assert all(s >= 500 for i, s in enumerate(statuses) if i % 3 != 2)


def test_429_carries_retry_after():
    with serve_portal(PORTAL, faults="429=1.0,retry_after=3,max_consecutive=1") as server:
        r = httpx.get(server.base_url + INDEX)
    assert r.status_code == 429 and r.headers["retry-after"] == "3"


def test_reset_and_truncation_surface_as_transport_errors_in_httpx():
    with serve_portal(PORTAL, faults="reset=1.0,max_consecutive=1") as server:
        with pytest.raises(httpx.TransportError):
            httpx.get(server.base_url + INDEX)
        assert httpx.get(server.base_url + INDEX).status_code == 200
    with serve_portal(PORTAL, faults="truncate=1.0,max_consecutive=1") as server:
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(server.base_url + INDEX)
        server.wait_idle()
        assert server.log[0]["fault"] == "truncate" and 0 < server.log[0]["bytes"] < len(
            (PORTAL / "index.html").read_bytes())


def test_down_mode_answers_503_to_everything_including_robots():
    with serve_portal(PORTAL, faults="down") as server:
        assert _statuses(server.base_url, INDEX, 3) == [503, 503, 503]
        assert httpx.get(server.base_url + "/robots.txt").status_code == 503
        server.set_faults(None)
        assert httpx.get(server.base_url + INDEX).status_code == 200


def test_always_fails_a_listed_path_forever_but_not_the_others():
    with serve_portal(PORTAL, faults="always=/zwgk/") as server:
        assert _statuses(server.base_url, "/zwgk/index.html", 5) == [503] * 5
        assert httpx.get(server.base_url + INDEX).status_code == 200


def test_robots_txt_is_spared_from_random_faults_by_default():
    with serve_portal(PORTAL, faults="5xx=1.0,max_consecutive=9") as server:
        assert httpx.get(server.base_url + "/robots.txt").status_code == 200


def test_oversized_route_streams_more_than_the_announced_cap(tmp_path):
    with serve_portal(PORTAL, oversize_bytes=3_000_000) as server:
        with httpx.stream("GET", server.base_url + "/oversized") as r:
            assert int(r.headers["content-length"]) == 3_000_000
            assert sum(len(c) for c in r.iter_bytes()) == 3_000_000
        with httpx.stream("GET", server.base_url + "/oversized-chunked") as r:
            assert "content-length" not in r.headers
            assert sum(len(c) for c in r.iter_bytes()) == 3_000_000


def test_stall_route_only_ends_by_a_read_timeout():
    with serve_portal(PORTAL) as server:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(server.base_url + "/stall", timeout=httpx.Timeout(5.0, read=0.5))


def test_log_file_gets_one_json_line_per_request(tmp_path):
    log = tmp_path / "requests.jsonl"
    with serve_portal(PORTAL, log_path=log) as server:
        httpx.get(server.base_url + INDEX)
        httpx.get(server.base_url + "/missing.html")
        server.wait_idle()
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["path"], e["status"]) for e in lines] == [(INDEX, 200), ("/missing.html", 404)]


def test_a_bad_fault_spec_is_one_readable_error():
    with pytest.raises(FaultSpecError, match="unknown key 'boom'"):
        FaultConfig.parse("boom=1")
    with pytest.raises(FaultSpecError, match="sum to ≤ 1"):
        FaultConfig.parse("5xx=0.8,429=0.5")
    assert FaultConfig.parse("slow=0.1:2.5,seed=4").slow_seconds == 2.5


def test_the_province_serves_each_county_on_its_own_port_and_a_taken_port_is_one_clear_error():
    from common.errors import NianbaoError
    from sampleportal.server import serve_province

    with serve_province(0, crawl_delay=0.01) as servers:
        assert len({s.base_url for s in servers.values()}) == 3
        names = {source: httpx.get(s.base_url + "/index.html").text.split("<title>")[1].split("</title>")[0]
                 for source, s in servers.items()}
        assert names == {"sample": "首页_锦屏县人民政府（示例门户）", "sample-jianhe": "首页_剑河县人民政府（示例门户）",
                         "sample-xingren": "首页_兴仁市人民政府（示例门户）"}
        taken = int(servers["sample"].base_url.rsplit(":", 1)[1])
        with pytest.raises(NianbaoError, match=rf"^http://127.0.0.1:{taken}/: cannot listen .*--port$"):
            with serve_province(taken):
                pass
