"""What the oversight report shows, read from the warehouse views into plain dataclasses.

Kept apart from the HTML so the numbers can be tested without a browser and the page template never
touches DuckDB. Every figure comes from a v_* view through a query in sql/report/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from warehouse.errors import QueryError
from warehouse.sqlfiles import sql

SAMPLE_MARK = re.compile(r"[（(]示例[）)]$")  # sources.toml marks generated counties "锦屏县（示例）"

# The cells the per-organ trend charts draw: label → candidate cells (F2021 first, then the F2019 cell that
# v_trend treats as its successor or that prints in the same place).
TREND_SERIES: dict[str, tuple[str, ...]] = {
    "新收申请": ("T3/1/total",),
    "行政许可决定": ("T2_5/licensing/decisions",),
    "规范性文件 现行有效/对外公开总数": ("T2_1/norm_docs/in_force", "T2_1/norm_docs/total_public"),
}


@dataclass
class Headline:
    """The county's figures for one year (None where no report printed the figure)."""

    year: int
    reports_expected: int
    reports_published: int
    reports_on_time: int
    reports_late: int
    reports_missing: int
    applications_received: float | None
    applications_handled: float | None
    review_total: float | None
    litigation_total: float | None
    sample: bool


@dataclass
class TrendPoint:
    year: int
    value: float | None
    format: str | None
    comparability: str  # v_trend: comparable | approx | not_comparable | no_previous_value | no_previous_year


@dataclass
class OrganTrend:
    organ: str
    series: dict[str, list[TrendPoint]] = field(default_factory=dict)
    format_breaks: list[int] = field(default_factory=list)  # years whose format differs from the year before


@dataclass
class ReportData:
    county: str
    year: int
    years: list[int]
    headline: Headline
    previous: Headline | None
    townships: list[dict[str, Any]]
    trends: list[OrganTrend]
    coverage: list[dict[str, Any]]
    failures: list[dict[str, Any]]
    late_missing: list[dict[str, Any]]
    quality: list[dict[str, Any]] = field(default_factory=list)  # v_quality, best first
    cross_year: list[dict[str, Any]] = field(default_factory=list)  # failed X.* checks, both URLs

    @property
    def sample(self) -> bool:
        return self.headline.sample or any(t.get("sample") for t in self.townships)


def _rows(conn: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    try:
        rel = conn.execute(sql(f"report/{name}"), params)
        cols = [d[0] for d in rel.description or []]
        return [dict(zip(cols, row, strict=True)) for row in rel.fetchall()]
    except duckdb.Error as exc:
        raise QueryError(f"sql/report/{name}.sql failed: {str(exc).splitlines()[0]}") from exc


def resolve_county(conn: duckdb.DuckDBPyConnection, county: str) -> str:
    """The county as stored: the exact name, else the one that differs only by the sample mark （示例）."""
    known = [r["county"] for r in _rows(conn, "counties")]
    if county in known:
        return county
    marked = [k for k in known if SAMPLE_MARK.sub("", k) == county]
    if len(marked) == 1:
        return marked[0]
    raise QueryError(f"county {county!r}: no reports in the warehouse (known: {', '.join(known) or 'none'})")


def _headline(conn: duckdb.DuckDBPyConnection, county: str, year: int) -> Headline:
    row = _rows(conn, "headline", county=county, year=year)[0]
    return Headline(year=year, **row)


def _trends(conn: duckdb.DuckDBPyConnection, county: str, year: int) -> list[OrganTrend]:
    cells = [c for cands in TREND_SERIES.values() for c in cands]
    by_organ: dict[str, dict[tuple[int, str], dict[str, Any]]] = {}
    formats: dict[str, dict[int, tuple[str, str | None]]] = {}
    for r in _rows(conn, "trend", county=county, year=year, cells=cells):
        by_organ.setdefault(r["organ"], {})[(r["year"], r["cell"])] = r
        formats.setdefault(r["organ"], {})[r["year"]] = (r["format"], r["prev_format"])
    trends = []
    for organ in sorted(by_organ):
        cells_of = by_organ[organ]
        trend = OrganTrend(organ)
        for y, (fmt, prev) in sorted(formats[organ].items()):
            if prev and fmt != prev:
                trend.format_breaks.append(y)
        for label, cands in TREND_SERIES.items():
            points = []
            for y in sorted(formats[organ]):
                hit = next((cells_of[(y, c)] for c in cands if (y, c) in cells_of), None)
                if hit is not None:
                    points.append(TrendPoint(y, hit["value"], hit["format"], hit["comparability"]))
            trend.series[label] = points
        trends.append(trend)
    return trends


def load_report_data(conn: duckdb.DuckDBPyConnection, county: str, year: int | None = None) -> ReportData:
    """Everything the report shows for ``county`` in ``year`` (default: the county's latest report year)."""
    county = resolve_county(conn, county)
    years = [r["year"] for r in _rows(conn, "years", county=county)]
    if year is None:
        year = years[-1]
    elif year not in years:
        raise QueryError(f"county {county!r}: no reports for {year} (years: {', '.join(map(str, years))})")
    previous = _headline(conn, county, year - 1) if year - 1 in years else None
    return ReportData(
        county=county, year=year, years=[y for y in years if y <= year],
        headline=_headline(conn, county, year), previous=previous,
        townships=_rows(conn, "townships", county=county, year=year),
        trends=_trends(conn, county, year),
        coverage=_rows(conn, "coverage", county=county, year=year),
        failures=_rows(conn, "check_failures", county=county, year=year),
        late_missing=_rows(conn, "late_missing", county=county, year=year),
        quality=_rows(conn, "quality", county=county, year=year),
        cross_year=_rows(conn, "cross_year_failures", county=county, year=year),
    )


@dataclass
class CountySection:
    """One county of the province page: its ranking row, its reports' quality, its cross-year failures."""

    county: str
    ranking: dict[str, Any]
    quality: list[dict[str, Any]]
    cross_year: list[dict[str, Any]]


@dataclass
class ProvinceData:
    province: str
    year: int
    years: list[int]
    counties: list[CountySection]

    @property
    def sample(self) -> bool:
        return any(c.ranking.get("sample") for c in self.counties)


def resolve_province(conn: duckdb.DuckDBPyConnection, province: str) -> str:
    known = [r["province"] for r in _rows(conn, "provinces")]
    if province in known:
        return province
    raise QueryError(f"province {province!r}: no counties in the warehouse (known: {', '.join(known) or 'none'})")


def load_province_data(conn: duckdb.DuckDBPyConnection, province: str, year: int | None = None) -> ProvinceData:
    """The counties of ``province`` in ``year`` (default: the latest year any of them reported), ranked."""
    province = resolve_province(conn, province)
    years = [r["year"] for r in _rows(conn, "province_years", province=province)]
    if year is None:
        year = years[-1]
    elif year not in years:
        raise QueryError(f"province {province!r}: no reports for {year} (years: {', '.join(map(str, years))})")
    sections = [CountySection(county=r["county"], ranking=r,
                              quality=_rows(conn, "quality", county=r["county"], year=year),
                              cross_year=[f for f in _rows(conn, "cross_year_failures", county=r["county"], year=year)
                                          if f["year"] == year])
                for r in _rows(conn, "county_ranking", province=province, year=year)]
    return ProvinceData(province=province, year=year, years=[y for y in years if y <= year], counties=sections)


def as_date(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else ""
