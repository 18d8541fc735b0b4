"""Wiring between stages: harvest outcomes and parsed files → the warehouse's ReportInput.

flows/ is the only place that knows both sides, so extract/ never imports warehouse/ and warehouse/
never sees HTML (the design card's one-way flow).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

from extract.net.sources import Source
from flows.pipeline import ReportOutcome
from transform.pipeline import ParsedReport
from warehouse.inputs import ExpectedOrgan, ReportInput


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _when(text: str | None) -> datetime:
    if text:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    return datetime.now(UTC)


def outcome_input(outcome: ReportOutcome, source: Source) -> ReportInput:
    """A parsed document of a harvest as the warehouse's input (the load decides new / revised / …)."""
    pr = outcome.parsed
    assert pr is not None and outcome.sha256, "only parsed documents are loaded"
    doc = pr.doc
    return ReportInput(
        source_name=source.name, sample=source.sample, county=source.county, province=source.province,
        adcode=source.adcode, organ=doc.organ or outcome.organ, year=doc.year or outcome.year,
        url=outcome.url, title=doc.title or outcome.title,
        published_at=_date(outcome.published) or _date(doc.published), fetched_at=_when(outcome.fetched_at),
        sha256=outcome.sha256, format=doc.format, parse_status=parse_status(pr), problems=list(pr.problems),
        facts=pr.facts, checks=pr.checks, statements=pr.statements)


def file_input(path: Path, data: bytes, pr: ParsedReport, source_name: str = "files") -> ReportInput:
    """A report read from a local file (the real corpus, a download) as a ReportInput."""
    doc = pr.doc
    return ReportInput(
        source_name=source_name, sample=False, county=None, province=None, adcode=None, organ=doc.organ,
        year=doc.year, url=str(path), title=doc.title, published_at=_date(doc.published),
        fetched_at=datetime.fromtimestamp(path.stat().st_mtime, UTC), sha256=hashlib.sha256(data).hexdigest(),
        format=doc.format, parse_status=parse_status(pr), problems=list(pr.problems), facts=pr.facts, checks=pr.checks,
        statements=pr.statements)


def parse_status(pr: ParsedReport) -> str:
    """The parse's verdict on the document's substance (transform.pipeline), as the warehouse stores it."""
    return getattr(pr, "status", None) or "ok"


def expected_organs(source: Source) -> list[ExpectedOrgan]:
    return [ExpectedOrgan(source.name, source.county, organ, source.organ_levels.get(organ))
            for organ in source.expected_organs]
