"""Organ identity: one normalized name per 行政机关, however the report printed it.

Reports name the same organ with or without the higher levels in front (淮安市洪泽区人民政府 /
洪泽区人民政府) and townships often leave their county out (大同乡人民政府). The normalized name drops a
leading province / prefecture only when a county-level place follows, and puts the source's county in
front of a name that starts below county level, so those spellings meet while 淮安市人民政府 (a city
government) never collapses into a bare 人民政府. Written by hand: no maintained library knows Chinese
organ names; cn2an/opencc cover numerals and scripts, not administrative hierarchies.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

LEVELS = ("county_gov", "department", "township", "other")

_HAN = r"[\u4e00-\u9fff]"
# A leading province (incl. autonomous regions and the four municipalities).
_PROVINCE = re.compile(rf"^(?:{_HAN}{{2,3}}省|{_HAN}{{2,8}}自治区|北京市|天津市|上海市|重庆市)")
# A leading prefecture: city, 州 / 自治州, 地区, 盟.
_PREFECTURE = re.compile(rf"^{_HAN}{{2,10}}?(?:自治州|地区|市|州|盟)")
# A county-level place opening a name: two or more characters then 县 / 区 / 旗 / 市 (not 市场, 区域…).
_COUNTY_START = re.compile(rf"^{_HAN}{{2,6}}?(?:自治县|县|区|旗|市)(?!场|域|级|直)")
_TOWNSHIP = re.compile(r"(?:乡|镇)(?:人民)?政府|街道办事处|街道党工委|(?:乡|镇|街道)$")
_COUNTY_GOV = re.compile(rf"^{_HAN}{{2,10}}?(?:自治县|县|区|旗|市|州|省)人民政府(?:办公室|办公厅)?$")
_DEPARTMENT = re.compile(r"(?:局|委员会|委|办公室|办|中心|厅|分局|管委会|管理委员会|所|队|站|院|处)$")
_SPACES = re.compile(r"\s+")


def clean(name: str) -> str:
    """NFKC (full-width → half-width) and no whitespace: the printed name as it is compared."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


def normalize_organ(name: str, county: str | None = None) -> str:
    """The name an organ is identified by. ``county`` is the source's county (e.g. 锦屏县) when known."""
    text = clean(name)
    county_c = clean(county) if county else None
    for prefix in (_PROVINCE, _PREFECTURE):
        m = prefix.match(text)
        if m and _COUNTY_START.match(text[m.end():]):
            text = text[m.end():]
    if county_c and county_c in text and text.index(county_c) > 0:
        head = text[: text.index(county_c)]
        if _PROVINCE.fullmatch(head) or _PREFECTURE.fullmatch(head) or _PROVINCE.match(head):
            text = text[text.index(county_c):]
    if county_c and not text.startswith(county_c):
        if text.startswith(("县", "区")) and len(text) > 1 and not _COUNTY_START.match(text):
            text = county_c + text[1:]  # 县教育局 → 锦屏县教育局
        elif _TOWNSHIP.search(text) and not _COUNTY_START.match(text) and not _PREFECTURE.match(text):
            text = county_c + text  # 大同乡人民政府 → 锦屏县大同乡人民政府
    return text


def organ_level(name: str) -> str:
    """county_gov / department / township / other, read from the (normalized) name."""
    text = clean(name)
    if _TOWNSHIP.search(text):
        return "township"
    if _COUNTY_GOV.match(text):
        return "county_gov"
    if _DEPARTMENT.search(text):
        return "department"
    return "other"


def organ_id(organ_norm: str) -> str:
    return hashlib.md5(organ_norm.encode("utf-8")).hexdigest()[:16]
