"""A warm night that asks less (issue 19): which article pages are asked again, on the served sample portal.

One portal and one data folder go through four nights (2025 reports only, to stay quick): a first harvest,
a Monday after list entries changed and one report was corrected in place, a Monday when some reports are
young, and the Sunday sweep.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from harvest_fixtures import PORTAL, SERVER_OPTIONS, harvest, reports

from extract.net.recall import sweep_tonight
from extract.net.settings import RecheckSettings
from sampleportal.server import serve_portal

SHANGHAI = ZoneInfo("Asia/Shanghai")
LIST = "/zwgk/zfxxgk/zfxxgknb/2025n/index_1.html"
REDATED = "/zwgk/zfxxgk/zfxxgknb/2025n/202601/t20260110_89688436.html"  # its list date is edited
RETITLED = "/zwgk/zfxxgk/zfxxgknb/2025n/202601/t20260112_89707013.html"  # its list title is edited
CORRECTED = "/zwgk/zfxxgk/zfxxgknb/2025n/202601/t20260109_89679084.html"  # corrected in place, entry as before
OLD_TITLE = "锦屏县启蒙镇人民政府2025年度政府信息公开工作年度报告"


def _articles(log: list[dict]) -> set[str]:
    """Paths of article pages and attachments asked (list pages are index*.html or folders)."""
    return {e["path"] for e in log if e["path"].rsplit("/", 1)[-1].startswith(("t2", "P0"))}


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    data = tmp_path_factory.mktemp("warm-night")
    out = {}
    with serve_portal(PORTAL, port=0, **SERVER_OPTIONS) as server:
        def night(name: str, now: datetime) -> None:
            server.clear_log()
            out[name] = harvest(server.base_url, data, year=2025, now=now)
            server.wait_idle()
            out[name + "_log"] = server.log

        night("first", datetime(2026, 11, 30, 2, tzinfo=SHANGHAI))
        listing = (PORTAL / LIST.lstrip("/")).read_text("utf-8")
        assert listing.count("<span>2026-01-10</span>") == 1 and listing.count(OLD_TITLE) == 2
        listing = listing.replace("<span>2026-01-10</span>", "<span>2026-01-11</span>")
        listing = listing.replace(OLD_TITLE, OLD_TITLE + "（更新）")
        server.touch(LIST, listing.encode())
        page = (PORTAL / CORRECTED.lstrip("/")).read_bytes()
        server.touch(CORRECTED, page.replace(b"</body>", "<p>更正说明</p></body>".encode()))
        night("edited", datetime(2026, 11, 30, 2, tzinfo=SHANGHAI))  # a Monday
        night("young", datetime(2026, 2, 12, 2, tzinfo=SHANGHAI))  # a Thursday, weeks after publication
        night("sweep", datetime(2026, 11, 29, 2, tzinfo=SHANGHAI))  # a Sunday
        out["base"] = server.base_url
    return out


def test_an_edited_list_entry_is_asked_again_and_an_unlisted_correction_waits(nights):
    asked = _articles(nights["edited_log"])
    assert asked == {REDATED, RETITLED}
    assert all(e["conditional"] and e["status"] == 304 for e in nights["edited_log"] if e["path"] in asked)
    statuses = Counter(o.status for o in nights["edited"].outcomes if o.kind == "report")
    assert statuses == {"unchanged": 19}  # the correction is not seen tonight: the sweep's job


def test_a_young_report_is_asked_again(nights):
    now = datetime(2026, 2, 12).date()
    young = {r["url_path"] for r in reports(PORTAL) if r["year"] == "2025"
             and (now - datetime.strptime(r["published"], "%Y-%m-%d").date()) <= timedelta(days=30)}
    assert young and CORRECTED not in young and len(young) < 19
    assert _articles(nights["young_log"]) == young
    assert Counter(o.status for o in nights["young"].outcomes if o.kind == "report") == {"unchanged": 19}


def test_the_sweep_asks_everything_conditionally_and_picks_up_the_correction(nights):
    base = nights["base"]
    log = nights["sweep_log"]
    all_2025 = {r["url_path"] for r in reports(PORTAL) if r["year"] == "2025"}
    assert _articles(log) == all_2025
    assert all(e["conditional"] for e in log if e["path"] in all_2025)
    assert {e["path"] for e in log if e["status"] == 200 and e["path"] in all_2025} == {CORRECTED}
    revised = [o.document_url for o in nights["sweep"].outcomes if o.status == "revised"]
    assert revised == [base + CORRECTED]


@pytest.mark.parametrize(("when", "settings", "expected"), [
    (datetime(2026, 11, 28, 20, 0, tzinfo=ZoneInfo("UTC")), RecheckSettings(), True),  # Sun 04:00 in Shanghai
    (datetime(2026, 11, 29, 17, 0, tzinfo=ZoneInfo("UTC")), RecheckSettings(), False),  # Mon 01:00 in Shanghai
    (datetime(2026, 11, 30, 2, 0), RecheckSettings(full_sweep=True), True),  # forced (--full-sweep)
    (datetime(2026, 12, 2, 2, 0), RecheckSettings(sweep_weekday=2), True),  # a Wednesday sweep
])
def test_the_sweep_night_is_counted_on_the_portals_calendar(when, settings, expected):
    assert sweep_tonight(settings, when) is expected
