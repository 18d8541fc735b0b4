"""Checks that tie what a report says in prose to what its tables print (FORMAT_SPEC §2.3).

N.APPS  stated applications received      vs 表三 一、本年新收 总计 (or 一 + 二, "incl. carried over")
N.LIT   stated 行政复议 / 行政诉讼 counts       vs 表四 rv_total / ld_total + lr_total
N.DOCS  stated 规章 / 规范性文件 disclosed      vs 表二 第二十条第（一）项 (2021 本年制发件数, 2019 本年新公开数量)
N.FEE   表三 （六）2 逾期未缴费 > 0 or prose mentions 信息处理费 → some section should state the fee collected

Outcomes as for the table rules (§2.4): ``pass``; ``fail``; ``pass_if_blank_zero`` (holds only when blank
table cells are read as 0); ``not_evaluable`` (nothing stated, or the table cell missing / printed as a
dash or text). A failing row's ``detail`` names both numbers in the report's own words, so a reader can
find them without opening the code.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from extract.readers.records import ReportDoc
from transform.schemas import CHECK_SCHEMA, NUMERIC
from transform.statements import APPS_RECEIVED, FEES_COLLECTED, LAWSUITS, PROACTIVE_BY_CATEGORY, REVIEWS


@dataclass(frozen=True, slots=True)
class _Cell:
    value: float | None
    status: str  # num | blank | dash | text | missing


@dataclass(frozen=True, slots=True)
class _Outcome:
    rule: str
    scope: str
    status: str
    expected: float | None
    found: float | None
    detail: str


class _Facts:
    """Cell lookup over a FACT_SCHEMA frame: ``cell("T3/1/total")``."""

    def __init__(self, cells: list[tuple[str, float | None, str]]):
        self._cells: dict[str, _Cell] = {cell: _Cell(value, status or "blank") for cell, value, status in cells}

    def cell(self, code: str) -> _Cell:
        return self._cells.get(code, _Cell(None, "missing"))

    def has_table(self, prefix: str) -> bool:
        return any(code.startswith(prefix) for code in self._cells)


def _sum(cells: list[_Cell]) -> tuple[float | None, bool]:
    """Sum with blanks as 0: (total, strict) — ``strict`` is False when a blank was read as 0.

    Returns (None, False) when any operand is missing, a dash or text: such a sum cannot be judged.
    """
    total, strict = 0.0, True
    for c in cells:
        if c.status in NUMERIC and c.value is not None:
            total += c.value
        elif c.status == "blank":
            strict = False
        else:
            return None, False
    return total, strict


def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


_Rows = list[dict]  # statement rows (STATEMENT_SCHEMA) as plain dicts: a few per report, polars filters cost more


def _stated(statements: _Rows, kind: str) -> list[tuple[float, str]]:
    """(value, section) of the statements of ``kind`` without a category, in document order."""
    return [(r["value"], r["section"]) for r in statements if r["kind"] == kind and r["category"] is None]


def _compare(rule: str, scope: str, stated: list[tuple[float, str]], table: tuple[float | None, bool],
             said: str, where: str, alt: tuple[float | None, bool] | None = None, alt_where: str = "",
             unit: str = "件") -> _Outcome:
    """Compare stated figures with a table figure; any stated figure that matches makes it pass."""
    if not stated:
        return _Outcome(rule, scope, "not_evaluable", table[0], None, f"正文未说明{said}")
    value, strict = table
    if value is None:
        return _Outcome(rule, scope, "not_evaluable", None, stated[0][0],
                        f"正文称{said}{_fmt(stated[0][0])}{unit}，但{where}缺失或不是数字")
    for found, _section in stated:
        if found == value:
            return _Outcome(rule, scope, "pass" if strict else "pass_if_blank_zero", value, found,
                            f"正文称{said}{_fmt(found)}{unit}，{where}为 {_fmt(value)}"
                            + ("" if strict else "（空白按0计）"))
        if alt is not None and alt[0] is not None and found == alt[0]:
            return _Outcome(rule, scope, "pass" if alt[1] else "pass_if_blank_zero", alt[0], found,
                            f"正文称{said}{_fmt(found)}{unit}，等于{alt_where} {_fmt(alt[0])}"
                            + ("" if alt[1] else "（空白按0计）"))
    found = stated[0][0]
    return _Outcome(rule, scope, "fail", value, found,
                    f"正文称{said}{_fmt(found)}{unit}，{where}为 {_fmt(value)}")


def _n_apps(facts: _Facts, statements: _Rows) -> list[_Outcome]:
    new = _sum([facts.cell("T3/1/total")])
    carried = facts.cell("T3/2/total")
    both = _sum([facts.cell("T3/1/total"), carried])
    return [_compare("N.APPS", "T3/1/total", _stated(statements, APPS_RECEIVED), new, "收到申请",
                     "表三 一、本年新收 总计", alt=both, alt_where="表三 一、本年新收 与 二、上年结转 总计之和")]


def _n_lit(facts: _Facts, statements: _Rows) -> list[_Outcome]:
    reviews = _sum([facts.cell("T4/cases/rv_total")])
    suits = _sum([facts.cell("T4/cases/ld_total"), facts.cell("T4/cases/lr_total")])
    return [
        _compare("N.LIT", "T4/cases/rv_total", _stated(statements, REVIEWS), reviews, "行政复议",
                 "表四 行政复议 总计"),
        _compare("N.LIT", "T4/cases/ld_total+lr_total", _stated(statements, LAWSUITS), suits, "行政诉讼",
                 "表四 行政诉讼 总计（直接起诉+复议后起诉）"),
    ]


_DOC_ROWS = {"rules": "规章", "norm_docs": "行政规范性文件"}


def _n_docs(doc: ReportDoc, facts: _Facts, statements: _Rows) -> list[_Outcome]:
    stated = [r for r in statements
              if r["kind"] == PROACTIVE_BY_CATEGORY and r["category_norm"] in _DOC_ROWS]
    if not stated:
        return [_Outcome("N.DOCS", "T2_1", "not_evaluable", None, None, "正文未说明规章或规范性文件件数")]
    # The column that counts this year's documents differs by format (FORMAT_SPEC §1.6 row 1).
    if doc.format == "F2019":
        col, col_label = "new_public", "本年新公开数量"
    elif doc.format == "F2021":
        col, col_label = "issued", "本年制发件数"
    else:
        col, col_label = ("issued", "本年制发件数") if facts.has_table("T2_1/rules/issued") else (
            "new_public", "本年新公开数量")
    out = []
    for row in _DOC_ROWS:
        mine = [(r["value"], r["section"]) for r in stated if r["category_norm"] == row]
        if not mine:
            continue
        cell = f"T2_1/{row}/{col}"
        out.append(_compare("N.DOCS", cell, mine, _sum([facts.cell(cell)]), f"公开{_DOC_ROWS[row]}",
                            f"表二 {_DOC_ROWS[row]} {col_label}"))
    return out


def _n_fee(doc: ReportDoc, facts: _Facts, statements: _Rows) -> list[_Outcome]:
    if doc.format == "F2019":
        return [_Outcome("N.FEE", "六", "not_evaluable", None, None, "2019 格式表三无收费相关行")]
    unpaid = facts.cell("T3/3.6.2/total")
    mentions = "信息处理费" in doc.text or any("信息处理费" in t for t in doc.sections.values())
    fees = _stated(statements, FEES_COLLECTED)
    if fees:
        value, section = fees[0]
        where = "第六部分" if section == "六" else f"第{section}部分（不在第六部分）"
        return [_Outcome("N.FEE", "六", "pass", None, value, f"{where}称收取信息处理费{_fmt(value)}元")]
    reason = None
    if unpaid.status in NUMERIC and (unpaid.value or 0) > 0:
        reason = f"表三 （六）2 逾期未按收费通知缴纳费用 为 {_fmt(unpaid.value)}"
    elif mentions:
        reason = "正文提到信息处理费"
    if reason:
        return [_Outcome("N.FEE", "六", "fail", None, None, f"{reason}，但未说明收取的信息处理费金额")]
    if unpaid.status in ("missing", "dash", "text"):
        return [_Outcome("N.FEE", "六", "not_evaluable", None, None,
                         "表三 （六）2 缺失且正文未提信息处理费")]
    status = "pass" if unpaid.status in NUMERIC else "pass_if_blank_zero"
    return [_Outcome("N.FEE", "六", status, None, None, "未收取相关费用：表三 （六）2 为 0，正文未提信息处理费")]


def run_text_checks(doc: ReportDoc, facts: pl.DataFrame, statements: pl.DataFrame) -> pl.DataFrame:
    """Evaluate N.APPS, N.LIT, N.DOCS and N.FEE for one report (CHECK_SCHEMA rows, one per rule × scope)."""
    cells = list(facts.select("cell", "value", "status").iter_rows()) if facts.height else []
    rows = statements.select("kind", "category", "category_norm", "value", "section").to_dicts()
    return pl.DataFrame(text_check_rows(doc, cells, rows), schema=CHECK_SCHEMA, orient="row")


def text_check_rows(doc: ReportDoc, cells: list[tuple[str, float | None, str]], statements: list[dict]) -> list[tuple]:
    """The same as ``run_text_checks`` on plain data: (cell, value, status) and statement dicts with keys
    kind, category, category_norm, value, section."""
    facts = _Facts(cells)
    outcomes = [*_n_apps(facts, statements), *_n_lit(facts, statements), *_n_docs(doc, facts, statements),
                *_n_fee(doc, facts, statements)]
    return [(doc.path, doc.organ, doc.year, o.rule, o.scope, o.status, o.expected, o.found, o.detail)
            for o in outcomes]
