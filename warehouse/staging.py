"""Turn a batch of ReportInput into the Arrow-ready frames the load SQL reads (stg_*).

Validation happens here, per report, so one broken document is rejected with a readable reason while
the rest of the batch loads (a broken portal does not fail the night; a failed load does).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl

from extract.titles import is_correction
from transform.schemas import CHECK_SCHEMA, FACT_SCHEMA, NUMERIC, STATEMENT_SCHEMA, STATUSES
from warehouse.inputs import FORMATS, PARSE_STATUSES, ExpectedOrgan, ReportInput
from warehouse.organs import LEVELS, clean, normalize_organ, organ_id, organ_level

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")
SECTION_COLUMNS: dict[str, pl.DataType] = {
    "batch_pos": pl.Int32(), "section": pl.Utf8(), "present": pl.Boolean(), "text": pl.Utf8(),
}

REPORT_COLUMNS: dict[str, pl.DataType] = {
    "report_key": pl.Utf8(), "source_name": pl.Utf8(), "sample": pl.Boolean(), "organ_id": pl.Utf8(),
    "organ_norm": pl.Utf8(), "organ_printed": pl.Utf8(), "level": pl.Utf8(), "year": pl.Int32(),
    "county": pl.Utf8(), "province": pl.Utf8(), "adcode": pl.Utf8(), "title": pl.Utf8(), "url": pl.Utf8(),
    "published_at": pl.Date(), "fetched_at": pl.Datetime("us"), "sha256": pl.Utf8(), "format": pl.Utf8(),
    "parse_status": pl.Utf8(), "problems": pl.List(pl.Utf8()), "fact_count": pl.Int32(),
    "batch_pos": pl.Int32(), "is_correction": pl.Boolean(),
}


@dataclass
class Staged:
    """A validated batch: one report row per input, and its facts/checks/statements keyed by batch_pos."""

    reports: pl.DataFrame  # REPORT_COLUMNS
    facts: pl.DataFrame  # batch_pos + fct_report_cell columns
    checks: pl.DataFrame
    statements: pl.DataFrame
    sections: pl.DataFrame  # SECTION_COLUMNS: six rows per report that brought its sections
    errors: list[str]


def report_key(organ_norm: str | None, year: int | None, source_name: str, url: str) -> str:
    """Identity of a report across revisions: organ × year × source (the URL when either is unknown)."""
    ident = f"{organ_norm}|{year}|{source_name}" if organ_norm and year else f"?|{source_name}|{url}"
    return hashlib.md5(ident.encode("utf-8")).hexdigest()[:16]


def _naive(ts: datetime) -> datetime:
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def _conform(frame: pl.DataFrame, schema: dict[str, pl.DataType], what: str) -> pl.DataFrame:
    """The frame with exactly the schema's columns and types (no Polars call when it already has them)."""
    if frame.schema == schema:
        return frame
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} frame lacks columns {missing}")
    return frame.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])


def _problem(r: ReportInput) -> str | None:
    if not _SHA256.match(r.sha256 or ""):
        return "sha256 is not 64 lowercase hex digits"
    if r.format not in FORMATS:
        return f"format {r.format!r} is not one of {', '.join(FORMATS)}"
    if r.parse_status not in PARSE_STATUSES:
        return f"parse_status {r.parse_status!r} is not one of {', '.join(PARSE_STATUSES)}"
    if r.year is not None and not 1990 <= r.year <= 2100:
        return f"year {r.year} is out of range"
    if not isinstance(r.fetched_at, datetime):
        return "fetched_at is not a datetime"
    if r.published_at is not None and (isinstance(r.published_at, datetime)
                                       or not isinstance(r.published_at, date)):
        return "published_at is not a date"
    if r.sections is not None:
        odd = sorted(k for k, v in r.sections.items() if k not in SECTION_NUMBERS or not isinstance(v, str))
        if odd:
            return f"sections {odd} are not 一..六 with text"
    return None


def _section_rows(pos: int, sections: dict[str, str]) -> list[dict]:
    """Six rows, one per section of the form: whether its heading was found, and its text."""
    return [{"batch_pos": pos, "section": n, "present": n in sections, "text": sections.get(n)}
            for n in SECTION_NUMBERS]


def _facts_all(raw: pl.DataFrame) -> tuple[pl.DataFrame, dict[int, str]]:
    """All facts of the batch at once (vectorized: per-report Polars calls cost more than the rows).

    Returns the fct_report_cell rows and, per batch_pos, why a report's facts were refused.
    """
    bad_rows = raw.filter(pl.col("cell").is_null() | ~pl.col("status").is_in(STATUSES))
    refused = {
        pos: f"facts have rows without a cell code or with an unknown status ({n} rows)"
        for pos, n in bad_rows.group_by("batch_pos").len().iter_rows()
    }
    kept = raw.filter(~pl.col("batch_pos").is_in(list(refused))) if refused else raw
    facts = (kept.unique(subset=["batch_pos", "cell"], keep="first", maintain_order=True)
             .select("batch_pos", "cell", pl.col("table").alias("table_code"),
                     pl.col("row").alias("row_code"), pl.col("col").alias("col_code"),
                     pl.when(pl.col("status").is_in(list(NUMERIC))).then(pl.col("value")).alias("value"),
                     "status", "raw", "unit", pl.col("is_derived").fill_null(False),
                     pl.col("via").fill_null("text"), "confidence"))
    return facts, refused


def _stack(frames: list[pl.DataFrame], positions: list[int], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """One frame of every report's rows with their batch_pos: a single concat (per-report Polars calls
    cost more than the rows at a few hundred cells per report)."""
    if not frames:
        return pl.DataFrame(schema=schema).with_columns(pl.lit(0, pl.Int32).alias("batch_pos")).clear()
    sizes = pl.DataFrame({"batch_pos": positions, "n": [f.height for f in frames]},
                         schema={"batch_pos": pl.Int32(), "n": pl.UInt32()}).filter(pl.col("n") > 0)
    pos = sizes.select(pl.col("batch_pos").repeat_by("n").explode())["batch_pos"]
    return pl.concat(frames, how="vertical").with_columns(pos)


def stage(reports: list[ReportInput]) -> Staged:
    rows: list[dict] = []
    facts, checks, statements, positions, errors = [], [], [], [], []
    section_rows: list[dict] = []
    for pos, r in enumerate(reports):  # batch_pos is the input's position: the loader reports per input
        try:
            why = _problem(r)
            if why:
                raise ValueError(why)
            f = _conform(r.facts, FACT_SCHEMA, "facts")
            c = _conform(r.checks, CHECK_SCHEMA, "checks")
            s = _conform(r.statements, STATEMENT_SCHEMA, "statements")
        except (ValueError, pl.exceptions.PolarsError) as exc:
            errors.append(f"{r.url}: {str(exc).splitlines()[0]}")
            continue
        organ_c = clean(r.organ) if r.organ else None
        norm = normalize_organ(organ_c, r.county) if organ_c else None
        rows.append({
            "report_key": report_key(norm, r.year, r.source_name, r.url), "source_name": r.source_name,
            "sample": bool(r.sample), "organ_id": organ_id(norm) if norm else None, "organ_norm": norm,
            "organ_printed": r.organ, "level": organ_level(norm) if norm else None, "year": r.year,
            "county": r.county, "province": r.province, "adcode": r.adcode, "title": r.title,
            "url": r.url, "published_at": r.published_at, "fetched_at": _naive(r.fetched_at),
            "sha256": r.sha256, "format": r.format, "parse_status": r.parse_status,
            "problems": list(r.problems), "fact_count": 0, "batch_pos": pos,
            "is_correction": is_correction(r.title),
        })
        facts.append(f)
        checks.append(c)
        statements.append(s)
        positions.append(pos)
        if r.sections is not None:
            section_rows += _section_rows(pos, r.sections)
    all_facts, refused = _facts_all(_stack(facts, positions, FACT_SCHEMA))
    report_rows = pl.DataFrame(rows, schema=REPORT_COLUMNS)
    if refused:
        urls = dict(zip(report_rows["batch_pos"], report_rows["url"], strict=True))
        errors += [f"{urls[pos]}: {why}" for pos, why in sorted(refused.items())]
        report_rows = report_rows.filter(~pl.col("batch_pos").is_in(list(refused)))
    counts = all_facts.group_by("batch_pos").len()
    report_rows = (report_rows.drop("fact_count").join(counts, on="batch_pos", how="left")
                   .with_columns(pl.col("len").fill_null(0).cast(pl.Int32).alias("fact_count"))
                   .select(list(REPORT_COLUMNS)))
    keep = report_rows["batch_pos"].to_list()
    all_checks = _stack(checks, positions, CHECK_SCHEMA).filter(pl.col("batch_pos").is_in(keep))
    all_statements = _stack(statements, positions, STATEMENT_SCHEMA).filter(pl.col("batch_pos").is_in(keep))
    return Staged(
        reports=report_rows,
        facts=all_facts,
        checks=all_checks.select("batch_pos", "rule", "scope", "status", "expected", "found", "detail"),
        statements=all_statements.select(
            "batch_pos", pl.int_range(1, pl.len() + 1, dtype=pl.Int32).over("batch_pos").alias("seq"),
            *[c for c in STATEMENT_SCHEMA if c not in ("source", "organ", "year")]),
        sections=pl.DataFrame(section_rows, schema=SECTION_COLUMNS).filter(pl.col("batch_pos").is_in(keep)),
        errors=errors,
    )


def stage_expected(expected: list[ExpectedOrgan]) -> pl.DataFrame:
    """expected_organ rows (deduplicated on source × organ)."""
    rows = []
    for e in expected:
        norm = normalize_organ(e.organ, e.county)
        level = e.level or organ_level(norm)
        if level not in LEVELS:
            raise ValueError(f"expected organ {e.organ}: level {level!r} is not one of {LEVELS}")
        rows.append({"source_name": e.source_name, "organ_id": organ_id(norm), "organ_norm": norm,
                     "organ_printed": e.organ, "county": e.county, "level": level, "first_year": e.first_year})
    schema: dict[str, pl.DataType] = {k: pl.Utf8() for k in ("source_name", "organ_id", "organ_norm",
                                                             "organ_printed", "county", "level")}
    schema["first_year"] = pl.Int32()
    return pl.DataFrame(rows, schema=schema).unique(subset=["source_name", "organ_id"], keep="first",
                                                    maintain_order=True)
