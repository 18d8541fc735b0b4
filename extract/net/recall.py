"""A warm night that asks less (issue 19): which article pages last night's state can stand in for.

An article page is *not* requested again tonight when all hold:
- its list entry is as last night: same URL, title and date;
- it was a report page whose document's last fetched body was parsed and is in the warehouse;
- its publication is older than ``RecheckSettings.young_days`` (corrections cluster in the weeks after);
- tonight is not the weekly full sweep (which asks everything again, conditionally, and so still catches a
  report corrected in place within a week).
Such a page is handed to the pipeline as a ``ReportPage`` built from the state (no request, no body): it
becomes ``unchanged`` without a fetch, and its attachment is not asked either. Everything else is fetched
as before (conditionally: a 304 when nothing changed).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from extract.net.discover import ListItem, ReportPage
from extract.net.settings import RecheckSettings
from extract.net.state import HarvestState, RememberedPage

_DAY = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")


def local_now(settings: RecheckSettings, now: datetime | None = None) -> datetime:
    """``now`` (default: the clock) on the portals' calendar; a naive ``now`` is taken as already local."""
    zone = ZoneInfo(settings.timezone)
    if now is None:
        return datetime.now(zone)
    return now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone)


def sweep_tonight(settings: RecheckSettings, now: datetime | None = None) -> bool:
    return settings.full_sweep or local_now(settings, now).weekday() == settings.sweep_weekday


def _day(text: str | None) -> date | None:
    m = _DAY.match(text or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class Recall:
    """Callable for ``discover(recall=…)``: a list item → the remembered report page, or None (fetch it)."""

    def __init__(self, state: HarvestState, in_warehouse: set[str], settings: RecheckSettings,
                 now: datetime | None = None):
        self.today = local_now(settings, now).date()
        self.young_days = settings.young_days
        self.sweep = sweep_tonight(settings, now)
        # On a sweep night nothing stands in for a request: the table is not even read.
        self._rows = {} if self.sweep else state.remembered()
        self._in_warehouse = in_warehouse
        self.recalled = 0

    def __call__(self, item: ListItem) -> ReportPage | None:
        row = self._rows.get(item.url)
        if row is None or not self._still(row, item):
            return None
        self.recalled += 1
        return ReportPage(row.page_url, row.document_url, row.title, row.year, row.organ, row.published, None,
                          row.listed_date, None, from_attachment=row.from_attachment,
                          listed_title=row.listed_title, remembered_sha256=row.sha256)

    def _still(self, row: RememberedPage, item: ListItem) -> bool:
        # The entry's position is ignored on purpose: it shifts whenever a new report is listed on top, and
        # comparing it would re-ask every page below the newcomer each time a county publishes.
        if (row.listed_title, row.listed_date) != (item.title, item.date):
            return False
        if not row.current or row.sha256 not in self._in_warehouse:
            return False  # state never claims what the warehouse lacks (a deleted warehouse is rebuilt)
        published = _day(row.published) or _day(row.listed_date)
        if published is None:
            return False  # age unknown: treat as young, ask as before
        return (self.today - published).days > self.young_days
