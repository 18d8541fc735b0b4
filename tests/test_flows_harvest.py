"""The nightly flow against the served sample portal: everything loads once, re-runs change nothing,
faults are survived and reported, and a Dask LocalCluster gives the same result."""

from __future__ import annotations

import csv
import json
from urllib.parse import urlsplit

import duckdb
import pytest

from common.paths import SAMPLE_PORTAL_DIR
from extract.net.sources import get_source
from flows.harvest import nightly_harvest, run_nightly
from sampleportal.server import serve_portal
from warehouse.settings import warehouse_path

pytestmark = pytest.mark.slow  # a Prefect test harness (~15 s to start) and whole-portal flow runs: `make test-fast` skips it

with (SAMPLE_PORTAL_DIR / "MANIFEST.csv").open(encoding="utf-8") as _fh:
    MANIFEST = list(csv.DictReader(_fh))
with (SAMPLE_PORTAL_DIR / "PAGES.csv").open(encoding="utf-8") as _fh:
    PAGES = list(csv.DictReader(_fh))
# the 锦屏县 site (source "sample"); title_only pages never make an organ-year current
ROWS = [r for r in MANIFEST if r["source"] == "sample" and r["delivery"] not in ("missing", "dead_link", "title_only")]
EXPECTED_CURRENT = {(r["organ"], int(r["year"])) for r in ROWS}
DEAD_LINKS = {r["url_path"] for r in MANIFEST if r["source"] == "sample" and r["delivery"] == "dead_link"}
REPORT_PAGES = {r["page_path"] for r in ROWS}
OFF_HOST = {p["url_path"] for p in PAGES if p["source"] == "sample" and p["kind"] == "offsite_redirect"}
SAMPLE = get_source("sample")


@pytest.fixture()
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_DATA", str(tmp_path))
    return tmp_path


def current_reports(db) -> set[tuple[str, int]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(con.execute("SELECT organ, year FROM v_report_current WHERE source_name = 'sample'").fetchall())


def artifacts(key: str) -> list:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

        return client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))


def test_flow_loads_every_manifest_report_then_a_rerun_changes_nothing(prefect_harness, data):
    with serve_portal() as portal:
        first = nightly_harvest(sources=["sample"], base_urls={"sample": portal.base_url})
        assert first.load is not None and first.load.new > 0
        assert current_reports(warehouse_path()) == EXPECTED_CURRENT
        summary = artifacts("nightly-harvest-summary")
        assert summary and "nianbao nightly harvest" in summary[0].data

        second = nightly_harvest(sources=["sample"], base_urls={"sample": portal.base_url})
        portal.wait_idle()
        # the fetch batches of one host ran one after another: never more requests in flight than allowed
        assert portal.max_inflight() <= SAMPLE.per_host_concurrency
    run = second.runs[0].result
    assert run is not None
    assert run.count("new") == 0 and run.count("revised") == 0
    loaded = sum(first.runs[0].result.count(s) for s in ("new", "superseded"))
    assert run.count("unchanged") == loaded  # every report seen, none re-parsed
    assert second.load.new == 0 and second.load.revised == 0
    assert current_reports(warehouse_path()) == EXPECTED_CURRENT


def test_flow_with_faults_loads_every_reachable_report_and_lists_failures(prefect_harness, data):
    with serve_portal(faults="5xx=0.3,429=0.05,reset=0.05,truncate=0.05,seed=11") as portal:
        night = nightly_harvest(sources=["sample"], base_urls={"sample": portal.base_url})
    assert current_reports(warehouse_path()) == EXPECTED_CURRENT
    table = artifacts("nightly-harvest-outcomes")
    rows = json.loads(table[0].data) if isinstance(table[0].data, str) else table[0].data
    failed = {urlsplit(r["url"]).path: r["reason"] for r in rows if "failed" in r["status"]}
    # the MANIFEST's dead link and the off-host redirect fail, each with its reason; no page of a report the
    # MANIFEST delivers failed: every injected fault was retried away
    assert DEAD_LINKS and OFF_HOST and DEAD_LINKS | OFF_HOST <= set(failed)
    assert all(failed.values()) and not set(failed) & REPORT_PAGES
    counters = night.runs[0].result.counters
    assert sum(v for k, v in counters.items() if k.startswith("fetch/retry/")) > 0, counters


def test_one_source_down_fails_alone_and_the_other_loads(prefect_harness, data):
    year = 2024
    with serve_portal() as up, serve_portal(faults="down") as down:
        night = nightly_harvest(sources=["sample", "sample-jianhe"], year=year,
                                base_urls={"sample": up.base_url, "sample-jianhe": down.base_url})
    runs = {r.source: r for r in night.runs}
    assert set(runs) == {"sample", "sample-jianhe"}
    broken = runs["sample-jianhe"]
    assert broken.error or (broken.result and broken.result.found == 0 and broken.result.failures)
    assert all([broken.error] if broken.error else [reason for _, reason in broken.result.failures])
    assert runs["sample"].error is None and runs["sample"].result.count("failed") <= len(DEAD_LINKS | OFF_HOST)
    expected = {key for key in EXPECTED_CURRENT if key[1] == year}
    assert expected and current_reports(warehouse_path()) == expected  # the other source loaded all of it


def test_dask_local_cluster_gives_the_same_reports(prefect_harness, data):
    with serve_portal() as portal:
        night = run_nightly(["sample"], {"sample": portal.base_url}, runner="dask")
    assert night.load is not None
    assert current_reports(warehouse_path()) == EXPECTED_CURRENT
