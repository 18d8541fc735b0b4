"""A harvest of the served sample portal finds exactly its reports, and a second one asks only "changed?"."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from harvest_fixtures import (
    LOADED,
    PORTAL,
    SERVER_OPTIONS,
    delivered,
    harvest,
    manifest,
    manifest_row,
    read_expected,
    reports,
    stored_cells,
)

from extract.net.discover import is_article_url
from flows.pipeline import HarvestResult
from sampleportal.server import PortalServer, serve_portal

# Every sample report is older than 30 days on these nights (issue 19): a Monday asks only what changed in
# the lists, the Sunday sweep asks everything again, conditionally.
SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 30, 2, 0, tzinfo=SHANGHAI)
SUNDAY = datetime(2026, 11, 29, 2, 0, tzinfo=SHANGHAI)


@dataclass
class TwoRuns:
    server: PortalServer
    data: object
    first: HarvestResult
    first_log: list[dict]
    second: HarvestResult  # a Monday: unchanged list entries are not asked
    second_log: list[dict]
    sweep: HarvestResult  # the Sunday sweep: everything asked again, conditionally
    sweep_log: list[dict]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> TwoRuns:
    data = tmp_path_factory.mktemp("harvest-data")
    with serve_portal(PORTAL, port=0, **SERVER_OPTIONS) as server:
        first = harvest(server.base_url, data)
        server.wait_idle()
        first_log = server.log
        server.clear_log()
        second = harvest(server.base_url, data, now=MONDAY)
        server.wait_idle()
        second_log = server.log
        server.clear_log()
        sweep = harvest(server.base_url, data, now=SUNDAY)
        server.wait_idle()
        yield TwoRuns(server, data, first, first_log, second, second_log, sweep, server.log)


# Shapes whose readers (OCR, Word 97) land with issue 15: until then their parse fails with a reason.
PENDING_READERS: tuple[str, ...] = ()  # every delivery shape has its reader (OCR for scan and image)


def test_the_harvest_finds_exactly_the_manifest_reports_once_each(runs):
    base = runs.server.base_url
    got = delivered(runs.first)  # in the warehouse, current or history
    assert len(got) == len(set(got)), [u for u, n in Counter(got).items() if n > 1]
    by_doc = {o.document_url: o for o in runs.first.outcomes if o.kind == "report"}
    for row in reports(PORTAL):
        o = by_doc[base + row["url_path"]]
        if row["delivery"] in PENDING_READERS and o.status in ("failed", "not_a_report"):
            assert row["url_path"] in o.reason, o.reason
        elif row["current"] == "0":  # an original whose correction is listed too: history, never current
            assert o.status == "superseded", (row["url_path"], o.status, o.reason)
        else:
            assert o.status == "new", (row["url_path"], o.status, o.reason)
    title_only = [r for r in manifest(PORTAL) if r["delivery"] == "title_only"]
    assert title_only  # the trap of issue 13 is listed, so the harvest meets it
    for row in title_only:
        o = by_doc[base + row["url_path"]]
        assert o.status == "not_a_report" and o.reason, (o.status, o.reason)


def test_no_non_report_article_is_taken_for_a_report(runs):
    base = runs.server.base_url
    import csv
    with (PORTAL.parent / "PAGES.csv").open(encoding="utf-8") as fh:
        non_reports = {base + r["url_path"] for r in csv.DictReader(fh)
                       if r["kind"] == "non_report" and r["source"] == "sample"}
    assert non_reports  # the portal does mix them into the lists
    taken = {o.url for o in runs.first.outcomes if o.kind == "report"} | {
        o.document_url for o in runs.first.outcomes if o.kind == "report"}
    assert not taken & non_reports
    skipped = {url for url, _, _ in runs.first.skipped}
    assert non_reports <= skipped  # each one is recorded with its reason
    assert all(o.reason for o in runs.first.outcomes if o.url in non_reports)
    notice = [why for url, title, why in runs.first.skipped if title and title.startswith("关于做好2024年度")]
    assert notice == ["title is about reports (notice/interpretation), not a report"]


def test_the_dead_link_and_the_off_host_redirect_are_failures_with_reasons(runs):
    base = runs.server.base_url
    dead = {base + r["url_path"] for r in manifest(PORTAL) if r["delivery"] == "dead_link"}
    failures = dict(runs.first.failures)
    assert {url: failures.get(url) for url in dead} == dict.fromkeys(dead, "HTTP 404")
    offsite = failures[base + "/redirect-offsite"]
    assert offsite.startswith("redirect to http://127.0.0.2:9/") and offsite.endswith("not an allowed host")
    assert not [e for e in runs.first_log if e["path"].startswith("/zfxxgk/zfxxgknb/index.html")
                and e["client_host"] != "127.0.0.1"]


def test_organ_year_and_publication_time_come_from_the_page(runs):
    base = runs.server.base_url
    by_doc = {o.document_url: o for o in runs.first.outcomes}
    wrong = []
    for row in reports(PORTAL):
        o = by_doc[base + row["url_path"]]
        if (o.organ, o.year, (o.published or "")[:10]) != (row["organ"], int(row["year"]), row["published"]):
            wrong.append((row["url_path"], o.organ, o.year, o.published, row["organ"], row["year"], row["published"]))
    assert not wrong, wrong[:5]


def test_every_outcome_carries_the_sample_mark_and_its_fetch_metadata(runs):
    for o in runs.first.outcomes:
        assert o.sample is True and o.source == "sample"
        if o.kind == "report" and o.status not in ("failed", "duplicate"):
            assert o.sha256 and len(o.sha256) == 64 and o.fetched_at and o.etag and o.final_url


def test_datong_2024_parses_to_the_seed_expectation(runs):
    row = manifest_row("锦屏县大同乡人民政府", 2024)
    (o,) = [o for o in runs.first.outcomes if o.document_url == runs.server.base_url + row["url_path"]]
    assert o.status == "new" and o.report_id, o.reason
    assert stored_cells(runs.data, o.report_id) == read_expected()


def test_the_gbk_page_is_decoded_and_its_cells_are_right(runs):
    (row,) = [r for r in reports(PORTAL) if r["encoding"] == "gbk"]
    (o,) = [o for o in runs.first.outcomes if o.document_url == runs.server.base_url + row["url_path"]]
    assert "charset=gbk" in (o.content_type or "")
    assert o.status == "new" and o.report_id, o.reason
    assert o.organ == row["organ"] and o.title == row["title"]
    got = stored_cells(runs.data, o.report_id)
    assert {c: got.get(c) for c in row["truth"]} == {c: (None if v is None else float(v))
                                                     for c, v in row["truth"].items()}


def test_reports_published_only_as_attachments_are_taken_from_the_attachment(runs):
    base = runs.server.base_url
    by_doc = {o.document_url: o for o in runs.first.outcomes}
    attached = [r for r in reports(PORTAL) if r["delivery"] in ("pdf", "docx", "scan", "doc")]
    assert attached
    for row in attached:
        o = by_doc[base + row["url_path"]]
        assert o.from_attachment and o.url == base + row["page_path"], o.reason
        assert o.status in ("new", "superseded") or row["delivery"] in PENDING_READERS, o.reason


def _path(url: str, base: str) -> str:
    return url[len(base):]


def test_a_warm_weekday_night_asks_only_the_lists_and_what_did_not_arrive(runs):
    base = runs.server.base_url
    arrived = [o for o in runs.first.outcomes if o.status in LOADED]
    # a channel page that renders its report is read as a list (for its links): asked every night
    on_list = [o for o in arrived if not is_article_url(o.url)]
    reports_only = {_path(u, base) for o in arrived if o not in on_list for u in (o.url, o.document_url)}
    met = {_path(u, base) for o in runs.first.outcomes for u in (o.url, o.document_url)}
    lists = {e["path"] for e in runs.first_log} - met
    # pages asked last night that did not arrive as reports (dead links, title-only pages, failed parses)
    retried = {_path(o.url, base) for o in runs.first.outcomes if o.status in ("failed", "not_a_report")
               } & {e["path"] for e in runs.first_log}
    asked = {e["path"] for e in runs.second_log}
    assert retried and reports_only  # the portal has both, so the checks below are not vacuous
    assert not asked & reports_only, sorted(asked & reports_only)[:5]  # neither article page nor attachment
    assert lists | retried <= asked  # lists reveal new reports; what did not arrive is tried again
    assert asked <= {e["path"] for e in runs.first_log}
    by_url = {o.url: o.status for o in runs.second.outcomes}
    assert {o.url for o in arrived if by_url[o.url] != "unchanged"} == set()
    assert runs.second.counters["recall/not-asked"] == len(arrived) - len(on_list)
    assert all(o.parsed is None and o.http_status is None for o in runs.second.outcomes
               if _path(o.url, base) in reports_only)


def test_the_weekly_sweep_asks_everything_again_conditionally_and_reparses_nothing(runs):
    seen_200 = {e["path"] for e in runs.first_log if e["status"] == 200 and e["path"] != "/robots.txt"}
    swept = [e for e in runs.sweep_log if e["path"] in seen_200]
    assert {e["path"] for e in swept} == seen_200  # every page asked again, attachments too
    assert all(e["conditional"] for e in swept)
    assert Counter(e["status"] for e in swept) == {304: len(swept)}
    statuses = Counter(o.status for o in runs.sweep.outcomes)
    arrived = [o for o in runs.first.outcomes if o.status in LOADED]
    assert statuses["unchanged"] == len(arrived) and statuses["new"] == statuses["revised"] == 0
    assert all(o.parsed is None for o in runs.sweep.outcomes)


def test_a_page_corrected_in_place_is_parsed_again_as_a_revision_on_the_sweep(tmp_path):
    row = manifest_row("锦屏县三江镇人民政府", 2023)
    with serve_portal(PORTAL, port=0, **SERVER_OPTIONS) as server:
        first = harvest(server.base_url, tmp_path, year=2023)
        page = (PORTAL / row["url_path"].lstrip("/")).read_bytes()
        server.touch(row["url_path"], page.replace("政府信息公开".encode(), "政府信息公开".encode(), 1) + b"\n")
        monday = harvest(server.base_url, tmp_path, year=2023, now=MONDAY)  # its list entry is unchanged
        second = harvest(server.base_url, tmp_path, year=2023, now=SUNDAY)
    assert Counter(o.status for o in monday.outcomes)["revised"] == 0  # the price: caught by the sweep, not before
    by_status = Counter(o.status for o in second.outcomes)
    changed = [o for o in second.outcomes if o.status == "revised"]
    assert [o.document_url for o in changed] == [server.base_url + row["url_path"]]
    assert changed[0].report_id.endswith(".2") and changed[0].sha256 != next(
        o.sha256 for o in first.outcomes if o.document_url == changed[0].document_url)
    assert by_status["new"] == 0 and by_status["unchanged"] == len(delivered(first)) - 1
