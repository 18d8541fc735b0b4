
"""Under the faults real county servers produce, every report still arrives exactly once — politely."""

from __future__ import annotations

from collections import Counter

import pytest
from harvest_fixtures import (
    FAST,
    PORTAL,
    SERVER_OPTIONS,
    delivered,
    harvest,
    manifest_documents,
    portal_process,
    reports,
)

from sampleportal.server import serve_portal

pytestmark = pytest.mark.slow  # a fault-injecting portal in its own process, every report fetched through retries: `make test-fast` skips it

# Every fault kind the server knows, often enough to hit dozens of the ~200 requests; the server caps a
# path's streak at 2 faults, and the fetcher makes 5 attempts.
FAULTS = "5xx=0.15,429=0.06,reset=0.06,truncate=0.06,slow=0.06:0.3,seed=11,max_consecutive=2"


def test_with_faults_injected_every_report_arrives_exactly_once_and_politely(tmp_path):
    with portal_process(tmp_path, FAULTS) as (base_url, read_log):
        result = harvest(base_url, tmp_path)
    log = read_log()
    injected = Counter(e["fault"] for e in log if e["fault"])
    assert set(injected) == {"5xx", "429", "reset", "truncate", "slow"}, injected  # the test is not vacuous
    got = delivered(result)
    assert len(got) == len(set(got)) and set(got) == manifest_documents(base_url)
    current = {base_url + r["url_path"] for r in reports(PORTAL) if r["current"] == "1"}
    by_doc = {o.document_url: o.status for o in result.outcomes if o.kind == "report"}
    # every report arrived once, as the current version or as history under its correction
    assert {d: by_doc[d] for d in manifest_documents(base_url)} == {
        d: "new" if d in current else "superseded" for d in manifest_documents(base_url)}
    assert all(o.report_id for o in result.outcomes if o.status in ("new", "superseded"))
    # politeness, read from the server's own log: never more than 2 in flight, starts spaced by the delay
    assert max(e["inflight"] for e in log) == FAST.concurrency_per_host  # used (slow pages overlap), never passed
    starts = sorted(e["t_start"] for e in log)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    # The client spaces the moments request headers hit the socket by ≥ 20 ms; the server's timestamps add its
    # own thread wake-up, several ms on a loaded machine (15 ms seen at load 6). A timestamp taken late
    # lengthens the gap before it by as much as it shortens the gap after it, so each two neighbouring gaps
    # are held to 1.5 delays (a request sent without its delay makes them 1 delay) and the typical gap to
    # the delay itself.
    pairs = [a + b for a, b in zip(gaps, gaps[1:], strict=False)]
    assert min(pairs) >= FAST.delay_s * 1.5, sorted(pairs)[:5]
    assert sorted(gaps)[len(gaps) // 2] >= FAST.delay_s * 0.95


def test_a_page_that_keeps_failing_is_reported_with_its_reason_and_the_others_arrive(tmp_path):
    row = next(r for r in reports(PORTAL) if r["organ"] == "锦屏县茅坪镇人民政府" and r["year"] == "2022")
    with serve_portal(PORTAL, port=0, faults=f"always={row['page_path']}", **SERVER_OPTIONS) as server:
        result = harvest(server.base_url, tmp_path, year=2022)  # one year: the point is the broken page
        server.wait_idle()
        attempts = [e for e in server.log if e["path"] == row["page_path"]]
    broken = server.base_url + row["page_path"]
    reasons = dict(result.failures)
    assert reasons[broken] == f"HTTP 503 (Retry-After 1s) (gave up after {FAST.max_attempts} attempts)"
    # failed, not deferred: its reason names a Retry-After, but only a pause beyond the cap defers a URL
    assert {o.status for o in result.outcomes if o.url == broken} == {"failed"}
    assert len(attempts) == FAST.max_attempts
    this_year = {server.base_url + r["url_path"] for r in reports(PORTAL) if r["year"] == "2022"}
    assert len(this_year) > 10 and set(delivered(result)) == this_year - {broken}


def test_a_portal_that_is_down_yields_failures_not_a_crash(tmp_path):
    with serve_portal(PORTAL, port=0, faults="down", **SERVER_OPTIONS) as server:
        result = harvest(server.base_url, tmp_path)
    assert result.found == 0
    assert result.failures and all("robots.txt unreachable" in why for _, why in result.failures)
