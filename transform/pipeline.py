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
from transform.statements import extract_statements
from transform.text_checks import run_text_checks


@dataclass(slots=True)
class ParsedReport:
    """A report read and normalized: its document, facts, check results, prose statements, problems."""

    doc: ReportDoc
    facts: pl.DataFrame  # FACT_SCHEMA
    checks: pl.DataFrame  # CHECK_SCHEMA
    statements: pl.DataFrame  # STATEMENT_SCHEMA
    problems: list[str] = field(default_factory=list)


def parse_document(data: bytes, name: str, content_type: str | None = None) -> ParsedReport:
    """Parse one document. Raises extract.errors.ParseError / NotAReport for what is not a report."""
    doc = read_report(data, name, content_type)
    facts, problems = place_cells(doc)
    statements = extract_statements(doc)
    checks = pl.concat([run_checks(doc, facts), run_text_checks(doc, facts, statements)])
    return ParsedReport(doc=doc, facts=facts, checks=checks, statements=statements,
                        problems=[*doc.problems, *problems])
