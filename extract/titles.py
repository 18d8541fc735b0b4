"""Report titles: the one home for recognising a 政府信息公开工作年度报告 title, its year, its organ and its
correction markers. Discovery (which list items to fetch) and the readers (a document's metadata) both ask
here, so that they cannot drift apart again: a ○-year title once passed one and failed the other, and the
report was silently skipped (issue 13).

What real titles print (FORMAT_SPEC §5.2–5.5, and the Guizhou sites):
- the year in Arabic, full-width or Chinese digits, with ○ / 〇 / 零 for zero: 2024年, ２０２４年, 二○二四年;
- 年 or 年度, before or after the organ, or in brackets after the title: …年度报告（2023年）;
- organ-only titles (大山镇2024年…), bracketed organs (黔东南州人民政府(州政府办公室)2024年…);
- corrections: 更正, 修订, 重新发布, （更正版）.

The year comes from the title (or the body), never from the URL or the channel: real sites file 2024
reports under a ``2023n`` channel and publish a 2014 report in 2017.
"""

from __future__ import annotations

import re
import unicodedata

# ---- normalizing ---------------------------------------------------------------------------------------

# Zero is printed 〇 (U+3007), ○ (U+25CB, a circle, common in Guizhou titles), 零, or the letter O/o by OCR.
_CN_YEAR = re.compile(r"([〇○◯零Oo一二三四五六七八九]{4})(\s*年)")
_CN_YEAR_DIGITS = str.maketrans("〇○◯零Oo一二三四五六七八九", "000000123456789")


def arabic_years(text: str) -> str:
    """二○二四年 → 2024年 (a year written in Chinese digits, whatever the zero looks like)."""
    def sub(m: re.Match) -> str:
        digits = m.group(1).translate(_CN_YEAR_DIGITS)
        return digits + m.group(2) if digits.isdigit() and digits[:2] in ("19", "20") else m.group(0)

    return _CN_YEAR.sub(sub, text)


def normalize(text: str) -> str:
    """NFKC (full-width digits and brackets), years in Arabic digits, runs of white space as one space."""
    return re.sub(r"\s+", " ", arabic_years(unicodedata.normalize("NFKC", text))).strip()


# ---- patterns ------------------------------------------------------------------------------------------

YEAR = r"(?:19|20)\d\d"
REPORT_WORDS = r"(?:政府)?信息公开(?:工作)?(?:年度报告|年报|工作报告)"
# Any title of a disclosure report: "{organ}{year}年(度)…政府信息公开…年度报告", year first or organ first.
_REPORT_TITLE = re.compile(rf"(?P<year>{YEAR})\s*年\s*度?.{{0,30}}?(?:政府信息公开|信息公开|政务公开).{{0,12}}?(?:年度报告|年报)")
# "…政府信息公开工作年度报告（2023年）" / "(2023年度)"
_REPORT_TITLE_YEAR_AFTER = re.compile(rf"(?:政府信息公开|信息公开|政务公开).{{0,12}}?(?:年度报告|年报)\s*[(（]\s*(?P<year>{YEAR})\s*年?\s*度?\s*[)）]")
# Articles *about* reports that name a year's report in their title: notices, interpretations, infographics.
_ABOUT_REPORTS = re.compile(r"通知|关于.*(?:通知|公示|征求|通报)|解读|图解|方案|要点|公示|征求|通报|评估|考核|排名")
_CORRECTION = re.compile(r"更正|修订|修正|重新发布|重发|勘误")

ORGAN_CHARS = r"[^\s，。,、：:；;（）()《》“”\"'0-9|]"
_BRACKET = re.compile(r"[(（][^()（）]{1,20}[)）]")
_ORGAN_AFTER_YEAR = re.compile(rf"(?P<year>{YEAR})\s*年\s*度?\s*(?P<organ>{ORGAN_CHARS}{{2,40}}?)\s*{REPORT_WORDS}")
_ORGAN_BEFORE_YEAR = re.compile(rf"(?P<organ>{ORGAN_CHARS}{{2,40}}?)\s*(?P<year>{YEAR})\s*年\s*度?\s*{REPORT_WORDS}")
_YEAR_AFTER_TITLE = re.compile(rf"(?P<organ>{ORGAN_CHARS}{{2,40}}?)\s*{REPORT_WORDS}\s*[(（]\s*(?P<year>{YEAR})\s*年?\s*度?\s*[)）]")
YEAR_ONLY = re.compile(rf"(?P<year>{YEAR})\s*年\s*度?\s*{REPORT_WORDS}")

ORGAN_SUFFIX = re.compile(r"(人民政府|政府|办公厅|办公室|局|委员会|委|厅|办|乡|镇|街道|办事处|管委会|管理委员会|"
                          r"中心|院|所|站|队|处|部|署|公司|分局|支队|大队)$")
_LEAD_WORDS = re.compile(r"^(?:现将|特向社会公布|向社会公布|特将|现|特|关于|公布|发布|[《“\"])+")
_NOT_ORGAN = {"政府", "本机关", "我县", "我乡", "我镇", "我局", "我市", "我区", "本级政府", "人民政府"}
_JURISDICTION = re.compile(r"(?:县|市|区|州|省|旗|自治县|自治州)$")


# ---- questions -----------------------------------------------------------------------------------------

def report_title_year(title: str | None) -> int | None:
    """The year a title names a 政府信息公开工作年度报告 for, or None if it names no report."""
    if not title:
        return None
    flat = normalize(title)
    m = _REPORT_TITLE.search(flat) or _REPORT_TITLE_YEAR_AFTER.search(flat)
    return int(m.group("year")) if m else None


def is_about_reports(title: str) -> bool:
    """True for titles that name a report but announce something else (a notice, an interpretation)."""
    return bool(_ABOUT_REPORTS.search(normalize(title)))


def is_correction(title: str | None) -> bool:
    """The title marks a corrected re-publication (更正, 修订, 重新发布, （更正版）)."""
    return bool(title and _CORRECTION.search(normalize(title)))


def clean_organ(raw: str) -> str | None:
    """The organ as printed, without lead words; None when the words name no organ."""
    organ = _LEAD_WORDS.sub("", raw.strip())
    if "关于" in organ:  # "锦屏县人民政府办公室关于锦屏县…": the report's subject follows 关于
        after = organ.rsplit("关于", 1)[1]
        organ = after if len(after) >= 2 else organ.split("关于", 1)[0]
    # "黔东南州人民政府(州政府办公室)": the bracket names who prepared it; the organ is the one before it.
    organ = _BRACKET.sub("", organ).strip()
    if _JURISDICTION.search(organ) and len(organ) <= 12:
        organ += "人民政府"  # "锦屏县2023年政府信息公开工作年度报告" is the county government's
    if organ.endswith("人民"):
        organ += "政府"  # "2020年锦屏县人民政府信息公开…": 政府 serves both words
    if organ.endswith("政府") and ORGAN_SUFFIX.search(organ[:-2]) and not organ.endswith("人民政府"):
        organ = organ[:-2]  # "…办公厅政府信息公开" → the 政府 belongs to 政府信息公开
    if organ in _NOT_ORGAN or not ORGAN_SUFFIX.search(organ):
        return None
    return organ


def title_year_and_organ(line: str) -> tuple[int, str] | None:
    """(year, organ) when one line names both, in any of the orders real titles use."""
    flat = normalize(line)
    for pattern in (_ORGAN_AFTER_YEAR, _ORGAN_BEFORE_YEAR, _YEAR_AFTER_TITLE):
        for m in pattern.finditer(flat):
            organ = clean_organ(_BRACKET.sub("", m.group("organ")))
            if organ:
                return int(m.group("year")), organ
    # a bracket right before the year ("…人民政府(州政府办公室)2024年…") stops the organ patterns: drop it
    unbracketed = _BRACKET.sub("", flat)
    if unbracketed != flat:
        return title_year_and_organ(unbracketed)
    return None
