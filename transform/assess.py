"""What a parse holds: the statistics tables placed, seen but not placed, only prose, or nothing at all.

One rule for every caller — ``nianbao parse``, the harvest pipeline and the warehouse load — so that a page
that only carries a report's title ("本页面正在维护中") can never pass for the report itself, and a report
whose tables could not be read is never counted as found with 0 facts.

- ``ok``: statistics cells placed (or a pre-2019 report, which has no standard tables);
- ``partial``: cells placed, but a table was seen and none of its cells placed, or far fewer cells than the
  form prints;
- ``unreadable``: statistics-table headings or run-together digits seen, no cell placed;
- ``no_tables``: the prose of a report (its sections), no statistics table;
- ``not_a_report``: a title and nothing of substance.
"""

from __future__ import annotations

import re

from extract.readers.records import ReportDoc
from transform import canon

STATUSES = ("ok", "partial", "unreadable", "no_tables", "not_a_report")
PARTIAL_SHARE = 0.5  # fewer than half the cells the form prints: the rest was lost, not left empty
SCAN_CHARS = 1_000_000  # a report's tables sit in its first ~50k characters; a 50 MB page is not scanned whole
PROSE_CHARS = 80  # a report's prose sections say more than a line; a maintenance notice says less

# What each statistics table prints whatever its layout: its column or row words.
_TABLE_WORDS = {
    "二": re.compile(r"第二十条第|本年制发件数|本年新制作数量|行政许可|行政处罚|行政事业性收费"),
    "三": re.compile(r"本年新收政府信息公开申请|上年结转政府信息公开申请|予以公开|本机关不掌握相关政府信息|结转下年度继续办理"),
    "四": re.compile(r"结果维持|结果纠正|尚未审结|未经复议直接起诉|复议后起诉"),
}
_RUN_TOGETHER = re.compile(r"[\u4e00-\u9fff）)]\d{5,}(?:[\u4e00-\u9fff（(]|$)", re.M)


def tables_seen(doc: ReportDoc) -> list[str]:
    """The statistics tables (二, 三, 四) whose words the document prints."""
    text = doc.text[:SCAN_CHARS]
    return [t for t, words in _TABLE_WORDS.items() if words.search(text)]


def assess(doc: ReportDoc, facts: list[tuple], problems: list[str]) -> tuple[str, str]:
    """(status, reason) of one parse; ``facts`` are FACT_SCHEMA rows (derived cells are not counted)."""
    placed = [r for r in facts if not r[12]]
    seen = tables_seen(doc)
    if doc.format == "LEGACY":
        return "ok", "a report before the 2019 form: free text, no standard tables"
    if placed:
        tables = {r[5][:2] for r in placed}  # T2_1 → T2, T3, T4
        missing = [t for t in seen if {"二": "T2", "三": "T3", "四": "T4"}[t] not in tables]
        expected = len(canon.printed_cells().get(doc.format, ()))
        if missing:
            return "partial", (f"table {'、'.join(missing)} seen but none of its cells placed; "
                               f"{len(placed)} cells placed, {len(problems)} problem(s)")
        if expected and len(placed) < PARTIAL_SHARE * expected:
            return "partial", f"{len(placed)} of the {expected} cells the {doc.format} form prints placed"
        # problems are said in the reason too: "ok" with unread cells must not read as a complete report
        return "ok", f"{len(placed)} cells placed" + (f", {len(problems)} problem(s)" if problems else "")
    run_together = bool(_RUN_TOGETHER.search(doc.text[:SCAN_CHARS]))
    if seen or run_together:
        what = [f"table {t}" for t in seen] + (["digits run together"] if run_together else [])
        return "unreadable", f"{', '.join(what)} seen but no cell placed"
    prose = sum(len(body) for body in doc.sections.values())
    if len(doc.sections) >= 2 and prose >= PROSE_CHARS:
        return "no_tables", f"{len(doc.sections)} report sections, no statistics table"
    return "not_a_report", "a title and nothing of substance: no statistics table, no report sections"
