"""One report file in, canonical facts out: read (extract/) → place cells → check → statements.

This is the function every caller uses — the ``nianbao parse`` command, the harvest, the Prefect tasks
and the benchmarks — so that they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from extract.reader import read_report
from extract.records import ReportDoc
from transform.checks import run_checks
from transform.normalize import place_cells
from transform.schemas import STATEMENT_SCHEMA


@dataclass(slots=True)
class ParsedReport:
    """A report read and normalized: its document, facts, check results, prose statements, problems."""

    doc: ReportDoc
    facts: pl.DataFrame  # FACT_SCHEMA
    checks: pl.DataFrame  # CHECK_SCHEMA
    statements: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=STATEMENT_SCHEMA))
    problems: list[str] = field(default_factory=list)


def parse_document(data: bytes, name: str, content_type: str | None = None) -> ParsedReport:
    """Parse one document. Raises extract.errors.ParseError / NotAReport for what is not a report."""
    doc = read_report(data, name, content_type)
    facts, problems = place_cells(doc)
    checks = run_checks(doc, facts)
    statements = _statements(doc, facts)
    return ParsedReport(doc=doc, facts=facts, checks=checks, statements=statements,
                        problems=[*doc.problems, *problems])


def _statements(doc: ReportDoc, facts: pl.DataFrame) -> pl.DataFrame:
    try:
        from transform.statements import extract_statements
    except ImportError:  # statements arrive with issue 9
        return pl.DataFrame(schema=STATEMENT_SCHEMA)
    return extract_statements(doc)
