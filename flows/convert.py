"""Wiring between stages: harvest outcomes and parsed files → the warehouse's ReportInput.

flows/ is the only place that knows both sides, so extract/ never imports warehouse/ and warehouse/
never sees HTML (the design card's one-way flow).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from extract.net.sources import Source
from flows.pipeline import ReportOutcome
from transform.pipeline import ParsedReport
from warehouse.inputs import ExpectedOrgan, ReportInput
from warehouse.organs import normalize_organ


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
        facts=pr.facts, checks=pr.checks, statements=pr.statements, sections=dict(doc.sections))


@dataclass(frozen=True)
class Place:
    county: str
    province: str | None
    adcode: str | None


def place_organ(organ: str | None, sources: list[Source], county: str | None = None,
                province: str | None = None) -> Place | None:
    """Where a report loaded from a file belongs: ``county`` when given, else the registry's county whose name
    the organ starts with (锦屏县大同乡人民政府 → 锦屏县) or which expects the organ (大同乡人民政府 → 锦屏县).
    Real sources are asked before sample ones. None when nothing places it."""
    ordered = sorted(sources, key=lambda s: s.sample)
    if county:
        known = next((s for s in ordered if s.county == county), None)
        return Place(county, province or (known.province if known else None), known.adcode if known else None)
    if not organ:
        return None
    for s in ordered:
        if s.county and organ.startswith(s.county):
            return Place(s.county, s.province, s.adcode)
    for s in ordered:
        if s.county and normalize_organ(organ, s.county) in {normalize_organ(e, s.county) for e in s.expected_organs}:
            return Place(s.county, s.province, s.adcode)
    return None


def file_input(path: Path, data: bytes, pr: ParsedReport, source_name: str = "files",
               place: Place | None = None, sha256: str | None = None) -> ReportInput:
    """A report read from a local file (the real corpus, a download) as a ReportInput, placed in its county.
    Pass ``sha256`` instead of ``data`` when the bytes are no longer held (the parse pool read them)."""
    doc = pr.doc
    return ReportInput(
        source_name=source_name, sample=False, county=place.county if place else None,
        province=place.province if place else None, adcode=place.adcode if place else None, organ=doc.organ,
        year=doc.year, url=str(path), title=doc.title, published_at=_date(doc.published),
        fetched_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        format=doc.format, parse_status=parse_status(pr), problems=list(pr.problems), facts=pr.facts, checks=pr.checks,
        statements=pr.statements, sections=dict(doc.sections))


def parse_status(pr: ParsedReport) -> str:
    """The parse's verdict on the document's substance (transform.pipeline), as the warehouse stores it."""
    return pr.status


def expected_organs(source: Source) -> list[ExpectedOrgan]:
    return [ExpectedOrgan(source.name, source.county, organ, source.organ_levels.get(organ))
            for organ in source.expected_organs]
