"""Is a printed table cell a label, a value, or empty? And what number does a value cell hold?

Readers use ``cell_kind`` to tag tokens; transform/ uses ``parse_value`` to turn a value cell into
(number, status, unit). Both work on the cell exactly as printed: ``3,119``, ``96171.6``, ``+1036``,
``251000元``, ``22（其中修订 16 件）`` are numbers; ``/``, ``—``, ``无`` are printed non-numbers (not zero);
an empty cell (``&nbsp;``) is blank (not zero either).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Printed "nothing to report" marks: not numbers, not zero (FORMAT_SPEC §1.7).
DASHES = frozenset({"/", "／", "—", "——", "-", "－", "–", "─", "\\", "无", "空", "--", "—-", "/ /", "×", "…", "..."})
# Printed words that stand in a value cell: not numbers, kept as text (status "text").
TEXT_VALUES = frozenset({"不涉及", "未涉及", "暂无", "无此项", "不适用", "未统计", "未发生", "零"})
UNITS = ("万元", "元", "件", "条", "个", "项", "次", "篇", "宗", "人次", "人")

_NUM = re.compile(
    r"""^\s*
    (?P<sign>[+\-−﹢﹣])?\s*
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    \s*(?P<unit>万元|元|件|条|个|项|次|篇|宗|人次|人)?
    \s*(?P<rest>[(（][^)）]*[)）])?\s*$""",
    re.X,
)
_SPACE = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")


def squash(text: str) -> str:
    """Remove every kind of whitespace (NBSP, ideographic space, zero-width) from a cell."""
    s = "".join(text.split())  # str.split() knows Unicode whitespace, NBSP and U+3000 included
    if "\u200b" in s or "\ufeff" in s:
        s = _SPACE.sub("", s)
    return s


@lru_cache(maxsize=65536)
def cell_kind(text: str) -> str:
    """'blank' for an empty cell, 'value' for a number or a dash mark, else 'label'."""
    s = squash(text)
    if not s:
        return "blank"
    if s in DASHES or s in TEXT_VALUES:
        return "value"
    if _NUM.match(unicodedata.normalize("NFKC", s)):
        return "value"
    return "label"


@lru_cache(maxsize=65536)
def parse_value(text: str) -> tuple[float | None, str, str | None]:
    """Return (number, status, unit-as-printed) for a value cell.

    status is ``num`` | ``blank`` | ``dash`` | ``text``. A signed number keeps its sign (本年增/减).
    """
    s = squash(text)
    if not s:
        return None, "blank", None
    if s in DASHES:
        return None, "dash", None
    if s in TEXT_VALUES:
        return None, "text", None
    m = _NUM.match(unicodedata.normalize("NFKC", s))
    if not m:
        return None, "text", None
    value = float(m.group("num").replace(",", ""))
    if m.group("sign") in ("-", "−", "﹣"):
        value = -value
    return value, "num", m.group("unit")
