"""Shared helpers for the report tests: the sample portal's reports parsed and loaded into a real warehouse.

The sample portal (data/sample_portal, MANIFEST.csv) is the demo's input. Reading its files from disk and
parsing them with transform.pipeline.parse_document gives the same warehouse the demo builds, without
starting the HTTP harvest and Prefect (seconds instead of a minute). What the report must show is then
read from the warehouse views with plain SQL in the test, never through warehouse.report's own queries.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from extract.net.sources import get_source
from transform.pipeline import parse_document
from warehouse.inputs import ExpectedOrgan, ReportInput
from warehouse.loader import load_batch

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "data" / "sample_portal"
COUNTY = "锦屏县"
CONTENT_TYPES = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _document_path(row: dict[str, str]) -> Path:
    rel = row["url_path"].lstrip("/")
    return PORTAL / rel / "index.html" if rel.endswith("/") else PORTAL / rel


def _content_type(row: dict[str, str]) -> str:
    if row["delivery"] in CONTENT_TYPES:
        return CONTENT_TYPES[row["delivery"]]
    return f"text/html; charset={row['encoding'] or 'utf-8'}"


def sample_inputs() -> list[ReportInput]:
    """One ReportInput per report the sample portal serves (rows marked missing/dead_link have none)."""
    with (PORTAL / "MANIFEST.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["delivery"] not in ("missing", "dead_link")]
    inputs = []
    for row in rows:
        path = _document_path(row)
        data = path.read_bytes()
        parsed = parse_document(data, path.name, _content_type(row))
        doc = parsed.doc
        inputs.append(ReportInput(
            source_name="sample", sample=True, county=COUNTY, province="贵州省", adcode="522628",
            organ=doc.organ or row["organ"], year=doc.year or int(row["year"]),
            url=f"http://127.0.0.1:8765{row['page_path']}", title=doc.title or row["title"],
            published_at=date.fromisoformat(row["published"]) if row["published"] else None,
            fetched_at=datetime(2026, 2, 1, 3, 0), sha256=hashlib.sha256(data).hexdigest(),
            format=doc.format, parse_status="ok", problems=list(parsed.problems), facts=parsed.facts,
            checks=parsed.checks, statements=parsed.statements))
    return inputs


def build_sample_warehouse(db_path: Path) -> Path:
    """Load every sample report and the sample source's expected organs into ``db_path``."""
    source = get_source("sample")
    expected = [ExpectedOrgan("sample", COUNTY, organ, source.organ_levels.get(organ))
                for organ in source.expected_organs]
    result = load_batch(sample_inputs(), expected, db_path)
    if result.failed:
        raise AssertionError(f"sample load rejected {result.failed} inputs: {result.errors[:3]}")
    return db_path


# --- headless Chromium -------------------------------------------------------------------------------------
# Debian's chromium package, installed once by the test setup; a marker file remembers that it was tried.
# Networking is off: every host resolves to nothing and the proxy is a closed port, so any request the
# page makes fails and shows up in the log.
CHROMIUM_MARKER = Path("/tmp/nianbao-chromium-install.tried")
NETWORK_OFF = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-quic",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Lines of Chromium's stderr log that mean the page failed: a resource that did not load, a script error,
# or anything the page wrote to console.error.
PAGE_ERRORS = ("Failed to load resource", "Uncaught", "net::ERR_", ":CONSOLE")
# Chromium's own background services still try to call home (and fail, networking being off); the NetLog
# shows them beside the page's requests, so they are told apart by host.
BROWSER_SERVICE_HOSTS = ("google.com", "googleapis.com", "gvt1.com", "gstatic.com")


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def ensure_chromium() -> str:
    """The chromium binary; installs Debian's package (and a CJK font) once if it is missing."""
    found = find_chromium()
    if found:
        return found
    if not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and apt-get is unavailable to install it")
    if not CHROMIUM_MARKER.exists():
        CHROMIUM_MARKER.write_text("apt-get install chromium\n")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium",
                        "fonts-wqy-zenhei"], check=False, env=env, capture_output=True, timeout=1200)
    found = find_chromium()
    if not found:
        pytest.fail("apt-get could not install chromium (see apt's output by running it by hand)")
    return found


@dataclass
class BrowserRun:
    stdout: str
    log: str
    netlog: Path

    def page_errors(self) -> list[str]:
        """Console messages and load failures in Chromium's log (the page itself logs nothing when fine)."""
        return [line for line in self.log.splitlines() if any(m in line for m in PAGE_ERRORS)]

    def page_requests(self) -> list[str]:
        """Every network URL the NetLog saw, except Chromium's own background services."""
        urls = set(re.findall(r'"url":"([^"]+)"', self.netlog.read_text(encoding="utf-8", errors="replace")))
        out = []
        for url in sorted(urls):
            parts = urlsplit(url)
            if parts.scheme in ("file", "data", "blob", "about", "chrome"):
                continue
            host = parts.hostname or ""
            if any(host == h or host.endswith("." + h) for h in BROWSER_SERVICE_HOSTS):
                continue
            out.append(url)
        return out


def run_chromium(chromium: str, page: Path, profile: Path, *extra: str) -> BrowserRun:
    """Open ``page`` in headless Chromium with networking off; returns its stdout and its stderr log."""
    netlog = profile.with_suffix(".netlog.json")
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           f"--user-data-dir={profile}", *NETWORK_OFF, "--enable-logging=stderr", "--v=0",
           f"--log-net-log={netlog}", *extra,
           page.resolve().as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise AssertionError(f"chromium exited {proc.returncode}: {proc.stderr[-2000:]}")
    return BrowserRun(proc.stdout, proc.stderr, netlog)
