"""Normalize label text so that the same label printed different ways compares equal.

Real reports print the same label with full/half-width brackets, spaces and line breaks inside words
(``商业 企业``), three quote styles, traditional characters on scraped copies, and numbering in several
styles (``（一）``, ``(一)``, ``一、``, ``1.``, ``1、``). ``label_key`` folds all of that away and
``split_numbering`` separates the numbering from the words.

Traditional → simplified uses opencc-python-reimplemented (pure Python, so no native build on a fresh
machine); it is only called when a label holds a character that opencc's own traditional→simplified
character table changes, so the common (simplified) path costs a set lookup per character.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\s\u3000\xa0\u200b\ufeff\"'“”‘’「」『』《》<>〈〉:：,，。.;；、·•_*#|]+")
_NUMBERING = re.compile(
    r"^\s*(?:"
    r"[(（]\s*(?P<paren>[一二三四五六七八九十\d]{1,3})\s*[)）]\s*[、.．]?"  # （一） (1)
    r"|(?P<cn>[一二三四五六七八九十]{1,3})\s*[、.．]"  # 一、
    r"|(?P<ar>\d{1,2})\s*[、.．](?!\d)"  # 1. 1、
    r")\s*"
)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # opencc-python-reimplemented

    return opencc.OpenCC("t2s")


MAX_LABEL = 500  # the longest printed label (the 勾稽 note) is ~40 characters; longer "labels" are prose


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern:
    """The characters t2s rewrites, read from opencc's TSCharacters table. A hand-picked hint list missed
    most of them (內, 規, 許, 強, 結, 複 …), so scraped traditional copies lost whole tables."""
    from pathlib import Path

    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        key, _, targets = line.partition("\t")
        if key and targets.split(" ")[0] != key:
            chars.add(key)
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


@lru_cache(maxsize=8192)
def to_simplified(text: str) -> str:
    if not _traditional_chars().search(text):
        return text
    return _t2s().convert(text)


def _numbering_value(m: re.Match) -> str:
    for group in ("paren", "cn", "ar"):
        v = m.group(group)
        if v:
            if v.isdigit():
                return str(int(v))
            if len(v) == 1:
                return str(_CN_DIGITS[v])
            return v
    return ""


@lru_cache(maxsize=16384)
def split_numbering(text: str) -> tuple[str, str]:
    """('3', '其他') for '3、其他'; ('6', '其他处理') for '（六）其他处理'; ('', words) when unnumbered."""
    s = unicodedata.normalize("NFKC", text)
    m = _NUMBERING.match(s)
    if not m:
        return "", label_key(s)
    return _numbering_value(m), label_key(s[m.end():])


@lru_cache(maxsize=16384)
def label_key(text: str) -> str:
    """The words of a label with brackets, spaces, quotes and punctuation folded away."""
    s = unicodedata.normalize("NFKC", text[:MAX_LABEL])
    s = to_simplified(s)
    s = s.replace("(", "(").replace(")", ")")
    s = _DROP.sub("", s)
    return s.replace("(", "").replace(")", "").replace("[", "").replace("]", "")
