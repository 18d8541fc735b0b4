"""Shared helpers for the report tests: the sample portal's reports parsed and loaded into a real warehouse.

The sample portal (data/sample_portal, MANIFEST.csv) is the demo's input. Reading its files from disk and
parsing them with transform.pipeline.parse_document gives the same warehouse the demo builds, without
starting the HTTP harvest and Prefect (seconds instead of a minute). What the report must show is then
read from the warehouse views with plain SQL in the test, never through warehouse.report's own queries.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from portal_fixtures import PRESENT, site_file

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
    return site_file(row)  # the county's own folder of the sample province


def _images(row: dict[str, str], path: Path, data: bytes) -> dict[str, bytes] | None:
    """A page whose tables are screenshots: its images, keyed as the harvest keys them."""
    if row["delivery"] != "image":
        return None
    from extract.readers.images import table_image_urls

    base = "http://127.0.0.1:8765" + row["url_path"]
    root = site_file(row).parents[len(row["url_path"].strip("/").split("/")) - 1]
    return {u: (root / u.removeprefix("http://127.0.0.1:8765").lstrip("/")).read_bytes()
            for u in table_image_urls(data, base)}


def _content_type(row: dict[str, str]) -> str:
    if row["delivery"] in CONTENT_TYPES:
        return CONTENT_TYPES[row["delivery"]]
    return f"text/html; charset={row['encoding'] or 'utf-8'}"


def sample_inputs() -> list[ReportInput]:
    """One ReportInput per report the sample portal serves (rows marked missing/dead_link have none)."""
    with (PORTAL / "MANIFEST.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source"] == "sample" and r["delivery"] in PRESENT]
    inputs = []
    for row in rows:
        path = _document_path(row)
        data = path.read_bytes()
        parsed = parse_document(data, path.name, _content_type(row), images=_images(row, path, data))
        doc = parsed.doc
        inputs.append(ReportInput(
            source_name="sample", sample=True, county=COUNTY, province="贵州省", adcode="522628",
            organ=doc.organ or row["organ"], year=doc.year or int(row["year"]),
            url=f"http://127.0.0.1:8765{row['page_path']}", title=doc.title or row["title"],
            published_at=date.fromisoformat(row["published"]) if row["published"] else None,
            fetched_at=datetime(2026, 2, 1, 3, 0), sha256=hashlib.sha256(data).hexdigest(),
            format=doc.format, parse_status="ok", problems=list(parsed.problems), facts=parsed.facts,
            checks=parsed.checks, statements=parsed.statements, sections=dict(doc.sections)))
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
# Debian's chromium package at /usr/bin/chromium, installed by the machine's setup (.ci/run), never by a
# test: without it the browser tests skip with one line saying so. Networking is off: every host resolves
# to nothing and the proxy is a closed port, so any request the page makes fails and shows up in the log.
CHROMIUM = Path("/usr/bin/chromium")
NETWORK_OFF = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-quic",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Lines of Chromium's stderr log that mean the page failed: a resource that did not load, a script error,
# or anything the page wrote to console.error.
PAGE_ERRORS = ("Failed to load resource", "Uncaught", "net::ERR_", ":CONSOLE")
# Chromium's own background services still try to call home (and fail, networking being off); the NetLog
# shows them beside the page's requests, so they are told apart by host.
BROWSER_SERVICE_HOSTS = ("google.com", "googleapis.com", "gvt1.com", "gstatic.com")


def require_chromium() -> str:
    """/usr/bin/chromium, or skip the calling test with the reason."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium fonts-wqy-zenhei)")
    return str(CHROMIUM)


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
    """Open ``page`` in headless Chromium with networking off and a fresh profile ``profile`` (which must
    not exist yet); returns its stdout and its stderr log."""
    if profile.exists():
        raise AssertionError(f"{profile}: every Chromium run gets a fresh user-data-dir")
    netlog = profile.with_suffix(".netlog.json")
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           f"--user-data-dir={profile}", *NETWORK_OFF, "--enable-logging=stderr", "--v=0",
           f"--log-net-log={netlog}", *extra,
           page.resolve().as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise AssertionError(f"chromium exited {proc.returncode}: {proc.stderr[-2000:]}")
    return BrowserRun(proc.stdout, proc.stderr, netlog)


# Headless Chromium will not make a window narrower than 500 px, so a phone is a frame: the page is opened
# in an <iframe> ``width`` px wide, which is the viewport it lays out, its media queries included.
PHONE_FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #888; }} iframe {{ display: block; border: 0; background: #fff; }}
</style></head><body><iframe src="{src}" width="{width}" height="{height}"></iframe>
<pre id="nianbao-measure"></pre>
<script>addEventListener("message", (e) => {{ document.getElementById("nianbao-measure").textContent = e.data; }});
</script></body></html>"""
# Run inside a copy of the page (the report itself carries no script) in the frame: measures the layout and
# posts the figures to the frame's parent, which writes them into its DOM for --dump-dom to print.
MEASURE_JS = r"""
(() => {
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest("title, script, style, [aria-hidden=true]")) continue;
    if (getComputedStyle(el).visibility === "hidden" || el.getClientRects().length === 0) continue;
    const svgText = el.closest("svg text");
    // SVG text is sized in viewBox units: what the eye gets is that size times the scale of the chart.
    const size = svgText ? px(svgText) * svgText.getScreenCTM().a : px(el);
    texts.push({text: node.textContent.trim().slice(0, 40), size: Math.round(size * 100) / 100,
                tag: el.tagName.toLowerCase()});
  }
  const links = [...document.querySelectorAll("a")].filter((a) => a.textContent.trim() === "原文")
    .map((a) => a.getClientRects().length);
  const scrollBoxes = [...document.querySelectorAll(".scroll")].map((b) => ({
    overflow: getComputedStyle(b).overflowX, width: b.clientWidth, content: b.scrollWidth,
    right: b.getBoundingClientRect().right}));
  const yTicks = [...document.querySelectorAll("#trends svg")].map((svg) =>
    [...svg.querySelectorAll(".y-tick")].filter((t) => t.getBBox().width > 0).map((t) => t.textContent));
  const grid = document.querySelector("table.grid");
  const box = grid ? grid.closest(".scroll") || document.documentElement : null;
  const gridYears = grid ? [...grid.querySelectorAll("th")].slice(1).map((th) => ({year: th.textContent,
    width: th.getBoundingClientRect().width, reachable: th.offsetLeft + th.offsetWidth <= box.scrollWidth})) : [];
  parent.postMessage(JSON.stringify({innerWidth, scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight, texts, links, scrollBoxes, yTicks, gridYears}), "*");
})();
"""
WINDOW_MIN = 500


def _framed(page: Path, work: Path, name: str, width: int, height: int) -> Path:
    frame = work / f"{name}.html"
    frame.write_text(PHONE_FRAME.format(src=page.resolve().as_uri(), width=width, height=height), encoding="utf-8")
    return frame


def measure_layout(chromium: str, page: Path, work: Path, width: int, height: int = 844) -> dict:
    """The layout figures of MEASURE_JS for ``page`` laid out in a viewport ``width`` px wide."""
    probe = work / f"{page.stem}-measure-{width}.html"
    source = page.read_text(encoding="utf-8")
    probe.write_text(source.replace("</body>", f"<script>{MEASURE_JS}</script></body>"), encoding="utf-8")
    frame = _framed(probe, work, f"frame-measure-{width}", width, height)
    # virtual time: the message from the frame arrives after the load event, so let tasks run out first
    run = run_chromium(chromium, frame, work / f"profile-measure-{width}", "--dump-dom", "--hide-scrollbars",
                       "--allow-file-access-from-files", "--virtual-time-budget=3000",
                       f"--window-size={max(width, WINDOW_MIN)},{height}", "--force-device-scale-factor=1")
    found = re.search(r'<pre id="nianbao-measure">(.+?)</pre>', run.stdout, re.S)
    if not found:
        raise AssertionError(f"the measuring script did not report: {run.log[-2000:]}")
    return json.loads(html.unescape(found.group(1)))


def screenshot(chromium: str, page: Path, work: Path, out: Path, width: int, height: int) -> BrowserRun:
    """A PNG of ``page`` laid out ``width`` px wide and ``height`` px tall (the page's: a whole-page
    picture). Below 500 px the picture is 500 px wide with the page on the left, grey beside it."""
    out.unlink(missing_ok=True)
    target = page if width >= WINDOW_MIN else _framed(page, work, f"frame-shot-{width}", width, height)
    return run_chromium(chromium, target, work / f"profile-shot-{width}", f"--screenshot={out}",
                        "--hide-scrollbars", "--allow-file-access-from-files",
                        f"--window-size={max(width, WINDOW_MIN)},{height}", "--force-device-scale-factor=1")
