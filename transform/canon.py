"""The canonical cells of both national formats, and the labels that lead to them.

Loaded once from ``data/spec/canonical_cells.csv`` (a copy of shared/spec/canonical_cells.csv). Row and
column labels are matched by their words (``extract.readers.labels.label_key``), never by position alone.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from common.paths import CELLS_CSV
from extract.readers.labels import label_key, split_numbering

SPEC = CELLS_CSV

T3_COLS = ("np", "lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other", "total")
T3_COLS_WITH_SUB = ("np", "lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other", "lp_sum", "total")
# Table 四's three groups (行政复议, 未经复议直接起诉, 复议后起诉), five columns each, in the form's order
T4_GROUP_COLS = {g: tuple(f"{g}_{k}" for k in ("upheld", "corrected", "other", "pending", "total"))
                 for g in ("rv", "ld", "lr")}
T4_COLS = tuple(c for cols in T4_GROUP_COLS.values() for c in cols)
T3_GROUPS = ("3.3", "3.4", "3.5", "3.6")


@dataclass(frozen=True, slots=True)
class CellSpec:
    format: str
    table: str
    row: str
    col: str
    cell: str
    printed: bool
    unit: str
    row_label: str
    col_label: str


@lru_cache(maxsize=1)
def cells() -> dict[str, list[CellSpec]]:
    """cell code → its specs (a code may exist in both formats)."""
    out: dict[str, list[CellSpec]] = {}
    with SPEC.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            spec = CellSpec(r["format"], r["table"], r["row"], r["col"], r["cell"], r["printed"] == "1",
                            r["unit"], r["row_label"], r["col_label"])
            out.setdefault(spec.cell, []).append(spec)
    return out


@lru_cache(maxsize=1)
def printed_cells() -> dict[str, frozenset[str]]:
    """format → the cell codes the form prints."""
    out: dict[str, set[str]] = {"F2019": set(), "F2021": set()}
    for specs in cells().values():
        for s in specs:
            if s.printed:
                out[s.format].add(s.cell)
    return {k: frozenset(v) for k, v in out.items()}


def unit_of(cell: str) -> str | None:
    specs = cells().get(cell)
    return specs[0].unit if specs else None


# ---- rows -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RowDef:
    table: str
    row: str
    keys: tuple[str, ...]  # label words (label_key), first is the canonical one
    numbering: str = ""  # "6" for （六）, "3" for 3. ; "" when the label carries none
    group: bool = False  # T3 group label (（三）不予公开 …): its sub-items hold the numbers
    generic: bool = False  # words too common to match without context (其他, 总计)


T2_ROWS = (
    RowDef("T2_1", "rules", ("规章",)),
    RowDef("T2_1", "norm_docs", ("行政规范性文件", "规范性文件")),
    RowDef("T2_5", "licensing", ("行政许可",)),
    RowDef("T2_5", "other_mgmt_svc", ("其他对外管理服务事项",)),
    RowDef("T2_6", "penalty", ("行政处罚",)),
    RowDef("T2_6", "coercion", ("行政强制",)),
    RowDef("T2_8", "admin_fees", ("行政事业性收费",)),
    RowDef("T2_9", "central_proc", ("政府集中采购",)),
)

T3_ROWS = (
    RowDef("T3", "1", ("本年新收政府信息公开申请数量", "本年新收政府信息公开申请"), "1"),
    RowDef("T3", "2", ("上年结转政府信息公开申请数量", "上年结转政府信息公开申请"), "2"),
    RowDef("T3", "3.1", ("予以公开",), "1"),
    RowDef("T3", "3.2", ("部分公开区分处理的只计这一情形不计其他情形", "部分公开"), "2"),
    RowDef("T3", "3.3", ("不予公开",), "3", group=True),
    RowDef("T3", "3.3.1", ("属于国家秘密",), "1"),
    RowDef("T3", "3.3.2", ("其他法律行政法规禁止公开",), "2"),
    RowDef("T3", "3.3.3", ("危及三安全一稳定",), "3"),
    RowDef("T3", "3.3.4", ("保护第三方合法权益",), "4"),
    RowDef("T3", "3.3.5", ("属于三类内部事务信息",), "5"),
    RowDef("T3", "3.3.6", ("属于四类过程性信息",), "6"),
    RowDef("T3", "3.3.7", ("属于行政执法案卷",), "7"),
    RowDef("T3", "3.3.8", ("属于行政查询事项",), "8"),
    RowDef("T3", "3.4", ("无法提供",), "4", group=True),
    RowDef("T3", "3.4.1", ("本机关不掌握相关政府信息",), "1"),
    RowDef("T3", "3.4.2", ("没有现成信息需要另行制作",), "2"),
    RowDef("T3", "3.4.3", ("补正后申请内容仍不明确",), "3"),
    RowDef("T3", "3.5", ("不予处理",), "5", group=True),
    RowDef("T3", "3.5.1", ("信访举报投诉类申请",), "1"),
    RowDef("T3", "3.5.2", ("重复申请",), "2"),
    RowDef("T3", "3.5.3", ("要求提供公开出版物",), "3"),
    RowDef("T3", "3.5.4", ("无正当理由大量反复申请",), "4"),
    RowDef("T3", "3.5.5", ("要求行政机关确认或重新出具已获取信息",), "5"),
    # 2019 prints （六）其他处理 as one data row; 2021 makes it a group of three.
    RowDef("T3", "3.6", ("其他处理",), "6", group=True),
    RowDef("T3", "3.6.1", ("申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",), "1"),
    RowDef("T3", "3.6.2", ("申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",), "2"),
    RowDef("T3", "3.6.3", ("其他",), "3", generic=True),
    RowDef("T3", "3.7", ("总计", "合计"), "7", generic=True),
    RowDef("T3", "4", ("结转下年度继续办理",), "4"),
)

# ---- columns ----------------------------------------------------------------------------------------------

# (key words, col code, formats the column belongs to)
T2_COLUMNS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "T2_1": (("本年新制作数量", "new_made", "F2019"), ("本年新公开数量", "new_public", "F2019"),
             ("对外公开总数量", "total_public", "F2019"), ("本年制发件数", "issued", "F2021"),
             ("本年废止件数", "repealed", "F2021"), ("现行有效件数", "in_force", "F2021")),
    "T2_5": (("上一年项目数量", "prev_items", "F2019"), ("本年增减", "delta_items", "F2019"),
             ("处理决定数量", "decisions", "F2019"), ("本年处理决定数量", "decisions", "F2021")),
    "T2_8": (("上一年项目数量", "prev_items", "F2019"), ("本年增减", "delta_items", "F2019"),
             ("本年收费金额单位万元", "fee_amount", "F2021"), ("本年收费金额", "fee_amount", "F2021")),
    "T2_9": (("采购项目数量", "proc_items", "F2019"), ("采购总金额", "proc_amount", "F2019")),
}
T2_COLUMNS["T2_6"] = T2_COLUMNS["T2_5"]

# Default columns of each T2 row per format, used only when the document printed no usable header.
T2_DEFAULT_COLS: dict[tuple[str, str], tuple[str, ...]] = {
    ("F2019", "T2_1"): ("new_made", "new_public", "total_public"),
    ("F2021", "T2_1"): ("issued", "repealed", "in_force"),
    ("F2019", "T2_5"): ("prev_items", "delta_items", "decisions"),
    ("F2021", "T2_5"): ("decisions",),
    ("F2019", "T2_6"): ("prev_items", "delta_items", "decisions"),
    ("F2021", "T2_6"): ("decisions",),
    ("F2019", "T2_8"): ("prev_items", "delta_items"),
    ("F2021", "T2_8"): ("fee_amount",),
    ("F2019", "T2_9"): ("proc_items", "proc_amount"),
}

T2_ANCHORS = {"第二十条第一项": "T2_1", "第二十条第五项": "T2_5", "第二十条第六项": "T2_6",
              "第二十条第八项": "T2_8", "第二十条第九项": "T2_9"}

# Format signatures (FORMAT_SPEC §1.6), as label keys.
SIG_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "申请人逾期未按收费通知",
            "申请人无正当理由逾期不补正")
SIG_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减",
            "其他对外管理服务事项", "政府集中采购")

T3_HEADER_WORDS = frozenset({"申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织",
                             "社会公益", "法律服务机构", "其他", "总计", "合计", "小计", "法人或其他组织小计",
                             "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和"})
T4_GROUP_WORDS = (("复议后起诉", "lr"), ("未经复议直接起诉", "ld"), ("未经复议", "ld"), ("行政复议", "rv"))
# A label that is one group's name and nothing else: the digits after it are that group's five cells
T4_GROUP_NAMES = frozenset(word for word, _group in T4_GROUP_WORDS)
# Every word table 四's header prints; a label in table 四 made of anything else (a group's name cut by a
# wrap: "复议后" / "起诉") leaves no group named
T4_HEADER_WORDS = re.compile(r"(?:行政复议|行政诉讼|未经复议直接起诉|未经复议|复议后起诉|结果维持|结果纠正|其他结果|尚未审结|总计|合计)+")


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_key(words: str, keys: tuple[str, ...], *, allow_prefix: bool) -> float:
    """How well label words match one of a row's keys: 1.0 exact, 0.9 wrapped prefix, else similarity."""
    best = 0.0
    for key in keys:
        if words == key:
            return 1.0
        if allow_prefix and len(words) >= 4 and key.startswith(words):
            best = max(best, 0.9)
        elif len(words) > len(key) and words.startswith(key) and (len(words) - len(key) <= 4 or len(key) >= 8):
            best = max(best, 0.85)  # "四、结转下年度继续办理的政府信息公开申请数量": a long key and more words
        elif len(words) >= 4 and abs(len(words) - len(key)) <= max(2, len(key) // 4):
            r = _similar(words, key)
            if r >= 0.8:
                best = max(best, r * 0.95)
    return best


@lru_cache(maxsize=8192)
def match_t2_row(text: str) -> RowDef | None:
    _, words = split_numbering(text)
    for rd in T2_ROWS:
        if match_key(words, rd.keys, allow_prefix=False) >= 0.8:
            return rd
    return None


@lru_cache(maxsize=8192)
def match_t3_row(text: str) -> tuple[RowDef, float] | None:
    """Best T3 row for a label, with its score. Generic words (其他, 总计) are returned too;
    the caller decides whether context allows them."""
    num, words = split_numbering(text)
    if not words:
        return None
    best: tuple[RowDef, float] | None = None
    for rd in T3_ROWS:
        if rd.generic:
            score = 1.0 if words in rd.keys else 0.0
        else:
            score = match_key(words, rd.keys, allow_prefix=True)
            if score < 0.8 and num and num == rd.numbering and len(words) <= 2 and rd.keys[0].startswith(words):
                score = 0.8  # "（三）不" + "予公开" wrapped right after the numbering
        if score >= 0.8 and num and rd.numbering and num != rd.numbering:
            score -= 0.3  # numbering disagrees: "3.其他" is not "（六）其他处理"
        if score >= 0.8 and (best is None or score > best[1]):
            best = (rd, score)
    return best


@lru_cache(maxsize=8192)
def match_t2_column(text: str) -> list[tuple[str, str, str]]:
    """All (table, col, format) a header label may stand for."""
    words = label_key(text)
    out = []
    for table, cols in T2_COLUMNS.items():
        for key, col, fmt in cols:
            if words == key or (len(words) >= 5 and _similar(words, key) >= 0.85):
                out.append((table, col, fmt))
    return out


@lru_cache(maxsize=8192)
def glued_t2_row(key: str) -> RowDef | None:
    """The row label that ends a longer label (anchor and header words run into it), if any."""
    for rd in T2_ROWS:
        if any(key.endswith(k) and len(key) > len(k) for k in rd.keys):
            return rd
    return None


@lru_cache(maxsize=8192)
def t2_anchor(text: str) -> str | None:
    words = label_key(text)
    for key, table in T2_ANCHORS.items():
        if key in words:
            return table
    return None


# ---- OCR misreads -----------------------------------------------------------------------------------------

MISREAD_MIN = 0.65  # "子以公开" for 予以公开 is 0.75 (one character in four); "属于国家私害" for 属于国家秘密 0.67
MISREAD_MARGIN = 0.2  # over the runner-up: "予以公开" against "不予公开" is 0.5
MISREAD_AHEAD = 4  # rows of the form the label may skip past the last row read (rows lost to OCR, groups)


@lru_cache(maxsize=4096)
def misread_t3_row(text: str, after: str | None) -> tuple[RowDef | None, str]:
    """The T3 row an OCR'd label stands for when the recogniser misread a character of it ("（一）子以公开"
    for 予以公开), and why: (row, "") when one row is clearly the closest — similarity at least
    ``MISREAD_MIN``, ``MISREAD_MARGIN`` over every other row of the table, numbering agreeing, and coming
    within ``MISREAD_AHEAD`` rows after ``after`` (the last T3 row read; None before the table). Otherwise
    (None, reason) — the reason empty when the label is nothing like a row (a title, a header word).

    Only for OCR'd labels: a typed label that matches no row is a different form, not a misread. Generic
    rows (其他, 总计) are never reached this way: their words are too short to tell a misread from another
    word. Hand-written rather than a fuzzy-matching library because the decision is the margin and the
    form's row order, which such libraries do not know; difflib gives the similarity.
    """
    num, words = split_numbering(text)
    if len(words) < 3:
        return None, ""
    order = [rd.row for rd in T3_ROWS]
    scored = sorted(((max(_similar(words, k) for k in rd.keys), rd) for rd in T3_ROWS if not rd.generic),
                    key=lambda sr: -sr[0])
    (best, rd), (second, rd2) = scored[0], scored[1]
    if best < MISREAD_MIN - 0.1:
        return None, ""
    shown = f"closest {rd.row} ({rd.keys[0]}) {best:.2f}, then {rd2.row} {second:.2f}"
    if best < MISREAD_MIN or best - second < MISREAD_MARGIN:
        return None, f"not clearly one row of the form ({shown})"
    if num and rd.numbering and num != rd.numbering:
        return None, f"its numbering {num} is not that of {rd.row} ({shown})"
    here = order.index(rd.row)
    last = order.index(after) if after in order else -1
    if not last < here <= last + MISREAD_AHEAD:
        return None, f"{rd.row} does not come next after {after or 'the start of the table'} ({shown})"
    return rd, ""
