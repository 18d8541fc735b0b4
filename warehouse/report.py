"""The oversight report: one self-contained HTML page per county and year, built from the warehouse views.

Why: the provincial and county 政务公开 offices review dozens of organs each spring and would rather look
than read — headline figures, townships side by side, who was late or missing, whose tables do not add
up — on one page they can open offline, print on A4 or attach to a notice.

How: warehouse.report_data reads the v_* views (SQL in sql/report/), warehouse.report_charts draws static
inline SVG (no chart library, no JavaScript: nothing to load, zero network requests, crisp in print), and
a Jinja2 template (autoescaping; a well-kept library rather than hand-built string escaping) lays it out.
The warehouse renders reports; it never parses HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from common.errors import NianbaoError
from common.paths import TEMPLATES_DIR
from warehouse.connect import connect_readonly
from warehouse.report_charts import Segment, panel_bars, short_name, stacked_bars, trend_chart
from warehouse.report_data import (
    Headline,
    ProvinceData,
    ReportData,
    as_date,
    load_province_data,
    load_report_data,
)
from warehouse.report_rules import rule_text, scope_text
from warehouse.settings import data_dir

TEMPLATES = TEMPLATES_DIR

OUTCOMES = (
    Segment("予以公开", "granted", "#2e7d32"),
    Segment("部分公开", "partly granted", "#8bc34a"),
    Segment("不予公开", "withheld", "#c62828"),
    Segment("无法提供", "unable to provide", "#ef9a9a"),
    Segment("不予处理", "not handled", "#9e9e9e"),
    Segment("其他处理", "other", "#ffb74d"),
)
OUTCOME_COLUMNS = ("outcome_granted", "outcome_partly_granted", "outcome_withheld", "outcome_unable",
                   "outcome_not_handled", "outcome_other")
DECISIONS = (
    Segment("行政许可", "licensing decisions", "#1f5fa8"),
    Segment("行政处罚", "penalty decisions", "#c9711a"),
    Segment("行政强制", "coercion decisions", "#6a1b9a"),
)
DECISION_COLUMNS = ("licensing_decisions", "penalty_decisions", "coercion_decisions")
STATUS_TEXT = {"on_time": "按时", "late": "逾期", "missing": "未发布", "unreadable": "无法解析",
               "unknown": "日期不明", "unexpected": "名单外"}


class ReportError(NianbaoError):
    """Raised by warehouse.report when the report file cannot be written."""


@dataclass(frozen=True)
class Figure:
    """One headline figure with its change from the previous year."""

    key: str
    label: str
    gloss: str
    value: float | None
    previous: float | None

    @property
    def text(self) -> str:
        return _num(self.value)

    @property
    def change(self) -> str:
        if self.value is None or self.previous is None:
            return "上年无数据"
        diff = self.value - self.previous
        arrow = "▲" if diff > 0 else "▼" if diff < 0 else "＝"
        return f"{arrow} {_num(abs(diff)) if diff else ''} 较上年".replace("  ", " ")


def _num(value: Any) -> str:
    if value is None:
        return "—"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


HEADLINE_FIGURES = (
    ("reports_expected", "应发布报告", "reports expected"),
    ("reports_published", "已发布", "published"),
    ("reports_on_time", "按时发布", "on time"),
    ("reports_late", "逾期发布", "late"),
    ("reports_missing", "未发布", "missing"),
    ("applications_received", "收到申请（件）", "applications received"),
    ("applications_handled", "办理完毕（件）", "applications handled"),
    ("review_total", "行政复议（件）", "administrative reviews"),
    ("litigation_total", "行政诉讼（件）", "lawsuits"),
)


def headline_figures(current: Headline, previous: Headline | None) -> list[Figure]:
    return [Figure(key, label, gloss, getattr(current, key), getattr(previous, key) if previous else None)
            for key, label, gloss in HEADLINE_FIGURES]


def _charts(data: ReportData) -> dict[str, Markup]:
    towns = data.townships
    short = {t["organ"]: short_name(t["organ"], data.county) for t in towns}
    outcome_rows = [(short[t["organ"]], t["organ"], [t[c] for c in OUTCOME_COLUMNS], t["applications_received"])
                    for t in towns]
    decision_rows = [(short[t["organ"]], t["organ"], [t[c] for c in DECISION_COLUMNS]) for t in towns]
    trends = [Markup(trend_chart(tr, data.years, short_name(tr.organ, data.county))) for tr in data.trends]
    return {
        "outcomes": Markup(stacked_bars(outcome_rows, OUTCOMES, "乡镇依申请公开办理结果", "收到")),
        "decisions": Markup(panel_bars(decision_rows, DECISIONS, "乡镇行政许可、处罚、强制决定")),
        "trends": trends,  # type: ignore[dict-item]
    }


def _coverage_grid(data: ReportData) -> list[dict[str, Any]]:
    """Rows of organs, a cell per year: status word, css class, tooltip, failed checks."""
    organs: dict[str, dict[str, Any]] = {}
    for r in data.coverage:
        row = organs.setdefault(r["organ"], {"organ": r["organ"], "level": r["level"], "cells": {}})
        status = r["timeliness"] if r["status"] == "found" and r["timeliness"] else r["status"]
        word = STATUS_TEXT.get(status, status)
        tip = f"{r['organ']} {r['year']}: {word}"
        if r["published_at"]:
            tip += f"，发布于 {as_date(r['published_at'])}（期限 {as_date(r['deadline'])}）"
        if r["days_late"]:
            word = f"逾期{r['days_late']}天"
        if r["failed_checks"]:
            tip += f"；校验未通过 {r['failed_checks']} 项：{r['failed_rules']}"
        row["cells"][r["year"]] = {"status": status, "word": word, "tip": tip, "fails": r["failed_checks"],
                                   "url": r["url"]}
    return list(organs.values())


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = _num
    env.filters["date"] = as_date
    env.globals.update(rule_text=rule_text, scope_text=scope_text, status_text=STATUS_TEXT)
    return env


def render_province(data: ProvinceData, generated: datetime | None = None) -> str:
    """The province page: counties ranked by mean quality, each linked to its own section below."""
    return _env().get_template("province.html.j2").render(
        d=data, generated=(generated or datetime.now()).strftime("%Y-%m-%d %H:%M"))


def render_report(data: ReportData, generated: datetime | None = None) -> str:
    """The HTML page for ``data`` as one string."""
    template = _env().get_template("report.html.j2")
    return template.render(
        d=data, figures=headline_figures(data.headline, data.previous), charts=_charts(data),
        grid=_coverage_grid(data), outcomes=OUTCOMES, decisions=DECISIONS,
        generated=(generated or datetime.now()).strftime("%Y-%m-%d %H:%M"))


def default_out(place: str, year: int) -> Path:
    return data_dir() / "reports" / f"{place}-{year}.html"


def write_report(county: str | None = None, year: int | None = None, out: str | Path | None = None,
                 db_path: str | Path | None = None, province: str | None = None) -> Path:
    """Build the report of ``county``, or the ranking of ``province``'s counties (latest year unless
    ``year``), and write it; returns the file's path."""
    if bool(county) == bool(province):
        raise ReportError("give --county or --province (one of them), e.g. --county 锦屏县 or --province 贵州省")
    conn = connect_readonly(db_path)
    try:
        data: ReportData | ProvinceData = (load_report_data(conn, county, year) if county
                                           else load_province_data(conn, province or "", year))
    finally:
        conn.close()
    if isinstance(data, ProvinceData):
        place, html = data.province, render_province(data)
    else:
        place, html = data.county, render_report(data)
    path = Path(out) if out else default_out(place, data.year)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: cannot write the report: {exc.strerror or exc}") from exc
    return path
