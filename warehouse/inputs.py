"""What the harvest hands to the warehouse: one ReportInput per fetched document, plus expected organs.

This is the contract between flows/ (which builds these from transform.pipeline.parse_document) and
warehouse.loader.load_batch. Frames follow transform.schemas so an empty frame still has its columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from transform.schemas import CHECK_SCHEMA, FACT_SCHEMA, STATEMENT_SCHEMA

FORMATS = ("F2019", "F2021", "MIXED", "LEGACY", "UNKNOWN")
# ok / partial: statistics cells placed (partial: some tables seen but not placed); no_tables: the prose of a
# report without its tables; unreadable: tables seen, nothing placed (transform.pipeline.assess).
PARSE_STATUSES = ("ok", "partial", "no_tables", "unreadable", "not_a_report", "unsupported", "failed")
OUTCOMES = ("new", "revised", "unchanged", "duplicate", "superseded", "not_a_report", "failed", "deferred")


@dataclass
class ReportInput:
    """One fetched document and what the parser made of it."""

    source_name: str  # sources.toml entry name, e.g. "sample" or "jinping"
    sample: bool  # generated data — the mark follows into views/exports
    county: str | None
    province: str | None
    adcode: str | None
    organ: str | None  # as printed (None if the page did not say)
    year: int | None
    url: str  # URL or file path
    title: str | None
    published_at: date | None
    fetched_at: datetime
    sha256: str  # of the raw bytes
    format: str  # F2019 | F2021 | MIXED | LEGACY | UNKNOWN
    parse_status: str  # ok | not_a_report | unsupported | failed
    problems: list[str] = field(default_factory=list)
    facts: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=FACT_SCHEMA))
    checks: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CHECK_SCHEMA))
    statements: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=STATEMENT_SCHEMA))
    # Section number 一..六 → text, as extract's reader split them (ReportDoc.sections); a section absent
    # from the dict had no heading. None: not recorded (the quality score then leaves sections unjudged).
    sections: dict[str, str] | None = None


@dataclass(frozen=True)
class ExpectedOrgan:
    """An organ a source should publish a report for every year (v_coverage lists who is missing)."""

    source_name: str
    county: str | None
    organ: str
    level: str | None = None  # inferred from the name when None
    first_year: int | None = None  # expected from this year on (an organ created later); None: every year


@dataclass(frozen=True)
class UrlOutcome:
    """What became of one URL a harvest run met (the url_outcome table): one of OUTCOMES, with a reason."""

    run_id: str
    source_name: str
    url: str
    document_url: str | None
    status: str
    reason: str | None = None
    organ: str | None = None
    year: int | None = None
    sha256: str | None = None
    report_id: str | None = None


@dataclass
class LoadResult:
    """What one load did. ``failed`` inputs were rejected (see ``errors``); the rest were loaded."""

    load_id: int
    db_path: str
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    failed: int = 0
    facts: int = 0
    checks: int = 0
    statements: int = 0
    sections: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    superseded: int = 0  # loaded as history: a newer publication of the same report is current
    duplicate: int = 0  # the same report_key and sha256 twice in one batch: loaded once
    # per input (by its position in the batch): new | revised | superseded | unchanged | duplicate | rejected,
    # and the report_id it became (None for rejected)
    actions: list[tuple[str, str | None]] = field(default_factory=list)
