"""Fetch defaults in one place, each with the reason it has this value (Scrapy's default_settings habit).

A source's politeness entry (sources.toml) overrides ``concurrency_per_host`` and ``delay_s``; tests pass
a ``FetchSettings`` with tiny delays. Everything else is a property of being a polite, bounded client.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Who we are: small county servers' admins must be able to see who is calling and where to complain.
USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao; 政府信息公开年报 harvester)"
# The token matched against robots.txt ``User-agent:`` groups (the product name, as RFC 9309 asks).
ROBOTS_TOKEN = "nianbao"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How hard and how long nianbao may press on one host."""

    # A county CMS is often one small VM: two requests in flight is polite and still overlaps latency.
    concurrency_per_host: int = 2
    # Minimum gap between request *starts* on one host; 0.5 s keeps a full harvest of one county (~300
    # pages) to a few minutes while staying far below what a browsing human causes.
    delay_s: float = 0.5
    # robots.txt Crawl-delay is honoured when larger than delay_s, but capped: a 3600 s value would stall
    # the nightly run, and we would rather report the portal than wait an hour between pages.
    crawl_delay_cap_s: float = 10.0
    # Initial request + 4 retries = 5 requests: enough to ride out a short 5xx burst or a restart.
    max_attempts: int = 5
    # Exponential backoff 0.5, 1, 2, 4 s (+ jitter so parallel workers do not retry in lock step).
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 30.0
    backoff_jitter_s: float = 0.5
    # Retry-After is honoured in full up to this many seconds. A longer ask means "not tonight": the URL is
    # given up at once, reported as deferred and asked again by the next nightly run. Asking again early
    # (after a capped wait) would ignore what the server said, and waiting (say) 86400 s would hold the run
    # for a day; one minute is a pause the URL's budget (url_budget_s) can absorb.
    retry_after_cap_s: float = 60.0
    # Connecting to a live server takes well under a second; 10 s means it is down or blackholed.
    connect_timeout_s: float = 10.0
    # Gap allowed between two received chunks; county servers can be slow to generate a page.
    read_timeout_s: float = 30.0
    # Whole request (all chunks) deadline: a body that trickles forever must end. A real report (< 10 MB)
    # arrives in seconds even from a slow county server; a 1 byte/s trickle is cut here. An answer cut by
    # this deadline is not retried: a server that trickled once trickles again (5 × 120 s, issue 14).
    total_timeout_s: float = 60.0
    # All attempts of one URL together (requests and the waits between them): after this, no new attempt.
    # With the per-request deadline, one URL costs at most about url_budget_s + total_timeout_s.
    url_budget_s: float = 180.0
    # Largest decoded body kept: real report PDFs are < 10 MB; a 30 MB cap also stops gzip bombs,
    # because the cap counts *decoded* bytes as they stream in.
    max_body_bytes: int = 30 * 1024 * 1024
    # Redirect hops followed by hand (each hop is checked against the allowed hosts).
    max_redirects: int = 5
    # Article links read from one list page: a real 年报 channel page lists 15-50 articles; a page with
    # 10,000 report-like links would cost 5.5 h at a 2 s delay. Links past the cap are not followed and the
    # page is reported with a warning (``discover/list-capped``).
    max_links_per_list: int = 500
    # List and navigation pages one source's crawl may read: a bound so that a CMS loop can never run away.
    # A county portal has ~300; a 10,000-report county (the benchmark's) ~4,300. Reaching it is reported
    # with a warning naming the first page left unread (``discover/crawl-capped``), never silent.
    max_list_pages: int = 20_000
    # Pages discovery works on at once (each holds at most one body while it is read). The per-host gate
    # above still limits requests in flight; this bounds memory, and a slow URL holds only its own slot.
    discovery_workers: int = 16
    user_agent: str = USER_AGENT
    robots_token: str = ROBOTS_TOKEN
    # Statuses a retry may cure besides every 5xx (RFC 9110: 408 request timeout, 429 rate limited).
    # Other 4xx are the client's fault or a missing page: asking again changes nothing.
    retry_statuses: frozenset[int] = field(default_factory=lambda: frozenset({408, 429}))

    def retryable(self, status: int) -> bool:
        return status in self.retry_statuses or 500 <= status < 600


@dataclass(frozen=True, slots=True)
class RecheckSettings:
    """When an article page under an unchanged list entry is asked again (issue 19: a warm night that asks less).

    List pages are asked every night (they reveal new reports). An article page whose list entry (URL, title,
    date) is as last night, whose report is parsed and in the warehouse, is *not* asked again unless it is
    young or tonight is the weekly full sweep. The trade-off: a report corrected in place, with neither its
    title nor its date changed in the list, is picked up at the next sweep (within a week) instead of the
    next night; in exchange a warm night costs one request per list page instead of one per report.
    """

    # Corrections cluster in the weeks after publication (a typo found by a reader, a figure re-checked):
    # for 30 days a report page is asked every night, as before (conditionally: 304 when unchanged).
    young_days: int = 30
    # The weekly full sweep asks every page again (conditionally), so a correction made in place, under an
    # unchanged list entry, is still caught within a week. Sunday (Monday = 0): county sites publish on
    # working days, and a quiet night is the politest one for a full pass.
    sweep_weekday: int = 6
    # The portals' own day: the sweep and a report's age are counted on China's calendar, not the server's.
    timezone: str = "Asia/Shanghai"
    # Force a full sweep tonight (``--full-sweep``): after a parser fix, or when a portal says it corrected
    # reports in place.
    full_sweep: bool = False
