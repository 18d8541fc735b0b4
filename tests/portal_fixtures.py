"""Shared helpers for the sample-portal tests: the committed portal, its MANIFEST, a running server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sampleportal.generate import DEFAULT_OUT
from sampleportal.server import serve_portal

PORTAL = DEFAULT_OUT
PRESENT = ("html", "pdf", "docx", "inline_channel")  # deliveries that hold a report


def manifest(root: Path = PORTAL) -> list[dict]:
    with (root / "MANIFEST.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["truth"] = json.loads(row["truth"]) if row["truth"] else {}
        row["statements"] = json.loads(row["statements"]) if row["statements"] else {}
        row["defects"] = [d for d in row["defects"].split(";") if d]
    return rows


def reports(root: Path = PORTAL) -> list[dict]:
    return [r for r in manifest(root) if r["delivery"] in PRESENT]


@pytest.fixture(scope="module")
def portal():
    """The committed sample portal served on a free port, no faults."""
    with serve_portal(PORTAL, port=0) as server:
        yield server
