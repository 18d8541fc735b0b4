"""Shared helpers for the sample-portal tests: the committed province, its MANIFEST, a running server.

``PORTAL`` is the 锦屏县 site (source ``sample``), which most harvest tests crawl; ``PROVINCE`` is the folder
of all three county sites with the one MANIFEST.csv. ``manifest(root)`` reads the rows of the county whose
site ``root`` is, or of the whole province when ``root`` is the province folder.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sampleportal.counties import COUNTIES
from sampleportal.generate import DEFAULT_OUT
from sampleportal.server import county_root, serve_portal

PROVINCE = DEFAULT_OUT
PORTAL = county_root("sample")
# deliveries that hold a report (title_only, missing and dead_link rows do not)
PRESENT = ("html", "pdf", "docx", "inline_channel", "scan", "image", "doc", "wps", "runon")


def manifest(root: Path = PORTAL) -> list[dict]:
    root = Path(root).resolve()
    province = root if (root / "MANIFEST.csv").is_file() else root.parent
    sources = {c.source for c in COUNTIES if province / c.folder == root} or {c.source for c in COUNTIES}
    with (province / "MANIFEST.csv").open(encoding="utf-8") as fh:
        rows = [row for row in csv.DictReader(fh) if row["source"] in sources]
    for row in rows:
        row["truth"] = json.loads(row["truth"]) if row["truth"] else {}
        row["statements"] = json.loads(row["statements"]) if row["statements"] else {}
        row["defects"] = [d for d in row["defects"].split(";") if d]
    return rows


def reports(root: Path = PORTAL) -> list[dict]:
    return [r for r in manifest(root) if r["delivery"] in PRESENT]


def site_file(row: dict, column: str = "url_path") -> Path:
    """The committed file behind a MANIFEST row's ``url_path`` (or ``page_path``), on its county's site."""
    path = row[column] + ("index.html" if row[column].endswith("/") else "")
    return county_root(row["source"], PROVINCE) / path.lstrip("/")


@pytest.fixture(scope="module")
def portal():
    """The committed 锦屏县 sample site served on a free port, no faults."""
    with serve_portal(PORTAL, port=0) as server:
        yield server
