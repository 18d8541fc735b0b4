"""Shared pieces of the harvest tests: fast-but-polite settings, the served sample portal, result helpers.

Delays are small (10–20 ms) so the suite stays quick; the policies are the same as with real values.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from portal_fixtures import PORTAL, manifest, reports

from common.paths import corpus_dir
from extract.net.settings import FetchSettings
from extract.net.sources import get_source
from flows.pipeline import HarvestResult, harvest_source

SEED_EXPECTED = corpus_dir() / "expected" / "jinping-datongxiang-2024.expected.csv"

# Polite but quick: 2 in flight, 20 ms between starts; retries wait tens of ms. The sample server's
# Retry-After is 1 s and is waited in full (a longer ask defers the URL to the next run).
FAST = FetchSettings(concurrency_per_host=2, delay_s=0.02, backoff_initial_s=0.02, backoff_max_s=0.2,
                     backoff_jitter_s=0.02, retry_after_cap_s=1.0, read_timeout_s=2.0, total_timeout_s=10.0,
                     max_attempts=5)
SERVER_OPTIONS = {"crawl_delay": 0.01}  # the portal's robots.txt Crawl-delay, below our own delay


def harvest(base_url: str, data_dir: Path, **kw) -> HarvestResult:
    return harvest_source(get_source("sample"), data_dir, base_url_override=base_url, settings=FAST, **kw)


def manifest_documents(base_url: str) -> set[str]:
    """URLs of every document the portal holds a report in (page, attachment or single-article channel)."""
    return {base_url + row["url_path"] for row in reports(PORTAL)}


LOADED = ("new", "revised", "unchanged", "superseded")  # outcomes of a document that is in the warehouse


def delivered(result: HarvestResult) -> list[str]:
    """Document URLs of the reports that arrived in the warehouse (current or history), duplicates kept."""
    return [o.document_url for o in result.outcomes if o.status in LOADED]


def stored_cells(data_dir: Path, report_id: str) -> dict[str, float | None]:
    """Printed cells of one report revision as the warehouse holds them: value, or None for a blank cell."""
    import duckdb

    with duckdb.connect(str(Path(data_dir) / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT cell, status, value FROM fct_report_cell WHERE report_id = ? AND NOT is_derived",
                           [report_id]).fetchall()
    return {cell: (value if status == "num" else None) for cell, status, value in rows}


def cells(parsed) -> dict[str, float | None]:
    """Printed cells of a parsed report: value, or None for a cell printed blank."""
    return {r["cell"]: (r["value"] if r["status"] == "num" else None)
            for r in parsed.facts.iter_rows(named=True) if not r["is_derived"]}


def read_expected(path: Path = SEED_EXPECTED) -> dict[str, float | None]:
    with path.open(encoding="utf-8") as fh:
        return {row[0]: (float(row[1]) if row[1] else None) for row in csv.reader(fh)
                if row and not row[0].startswith("#") and row[0] != "cell"}


def manifest_row(organ: str, year: int) -> dict:
    (row,) = [r for r in manifest(PORTAL) if r["organ"] == organ and int(r["year"]) == year
              and "superseded" not in r["defects"]]
    return row


__all__ = ["PORTAL", "FAST", "SERVER_OPTIONS", "harvest", "manifest", "reports", "manifest_documents",
           "delivered", "cells", "stored_cells", "LOADED", "read_expected", "manifest_row", "portal_process"]


@contextmanager
def portal_process(tmp: Path, faults: str = "") -> Iterator[tuple[str, Callable[[], list[dict]]]]:
    """``nianbao portal serve`` in its own process: (base URL, a reader of its JSON-lines request log).

    Why a separate process for politeness checks: a server thread inside the test process waits for the
    GIL while the harvest parses pages, so its clock would record late arrivals as bunched-up requests.
    """
    log_path = tmp / "portal-requests.jsonl"
    cmd = [sys.executable, "-c", "from flows.cli import main; main()", "portal", "serve", "--port", "0",
           "--log", str(log_path), "--crawl-delay", str(SERVER_OPTIONS["crawl_delay"])]
    if faults:
        cmd += ["--faults", faults]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    try:
        line = proc.stdout.readline()  # "sample portal (示例数据) at http://127.0.0.1:PORT/ — …"
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        assert match, f"portal did not start: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"

        def read_log() -> list[dict]:
            if not log_path.exists():
                return []
            return [json.loads(x) for x in log_path.read_text("utf-8").split("\n") if x.strip()]

        yield match.group(1), read_log
    finally:
        proc.terminate()
        proc.wait(timeout=10)
