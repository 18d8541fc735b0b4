"""Organ, report year, publication date and the six sections, read from a report's plain text.

The year comes from the title or the body ("YYYY年政府信息公开工作年度报告", "统计时限为YYYY年…"), never from
the URL (FORMAT_SPEC §5.3: URL dates lie). The organ is taken as printed (OCR typos included: 沐阳 stays 沐阳).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from extract.titles import ORGAN_SUFFIX, YEAR_ONLY, arabic_years, clean_organ, title_year_and_organ

SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")
_SECTION_WORDS = {
    "一": re.compile(r"总体情况|概述|基本情况|总体"),
    "二": re.compile(r"主动公开"),
    "三": re.compile(r"收到和处理|依申请"),
    "四": re.compile(r"行政复议|行政诉讼"),
    "五": re.compile(r"存在.{0,6}问题|改进情况|问题及改进"),
    "六": re.compile(r"其他需要报告|其他事项|其他需报告"),
}
_HEADING = re.compile(r"^\s*#{0,6}\s*([一二三四五六])\s*[、.．,，]\s*(.{2,40})$")

_PERIOD = re.compile(r"(?:统计|期限|时限|时间)[^。\n]{0,12}?((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")
_DATE_FIELD = re.compile(r"(?:发布时间|发布日期|公开日期|成文日期|生成日期|发文日期|印发日期|日期)\s*[:：]?\s*"
                         r"((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_DATE_LINE = re.compile(r"^\s*[(（]?\s*((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?\s*[)）]?\s*$")
_SOURCE_FIELD = re.compile(r"(?:来源|信息来源|发布机构|发文机关)\s*[:：]\s*([^\s|]{2,40})")


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


_TITLE_YEAR = re.compile(r"(?:19|20)\d\d\s*年|[〇○◯零一二三四五六七八九]{4}\s*年|[(（]\s*(?:19|20)\d\d")
_NAV = re.compile(r"当前位置|首页|您的位置|>|»|›|＞")


def find_title(lines: list[str], html_title: str | None = None) -> str | None:
    """The report's title: a line near the top naming a 年度报告/年报, preferring one with a year, never the
    breadcrumb ("当前位置：首页 > … > 政府信息公开年报"); else the page's <title> without its site suffix."""
    candidates = [ln.strip("# ").strip() for ln in lines[:40]
                  if re.search(r"年度报告|年报", ln) and len(ln) <= 80 and "|" not in ln and not _NAV.search(ln)]
    for line in candidates:
        if _TITLE_YEAR.search(line):
            return line
    if candidates:
        return candidates[0]
    if html_title:
        return re.split(r"\s*[_|｜]\s*|\s+-\s+", html_title)[0] or html_title
    return None


def find_year_and_organ(title: str | None, head: str) -> tuple[int | None, str | None]:
    """Year and organ from the title first, then from the opening text."""
    title = arabic_years(title) if title else title
    head = arabic_years(head)
    for text in (title or "", head):
        t = unicodedata.normalize("NFKC", text)
        for line in t.splitlines() or [t]:
            found = title_year_and_organ(line)
            if found:
                return found
    # A title printed over two lines: "淮安市人民政府" / "2024 年政府信息公开工作年度报告".
    # … or with the organ on the line below the title.
    head_lines = unicodedata.normalize("NFKC", head).splitlines()[:40]
    for i, line in enumerate(head_lines):
        m = YEAR_ONLY.match(line.strip())
        if m:
            organ = None
            for near in (head_lines[i - 1] if i else "", head_lines[i + 1] if i + 1 < len(head_lines) else ""):
                near = near.strip().strip("#").strip()
                if not organ and 2 <= len(near) <= 30:
                    organ = clean_organ(near)
            return int(m.group("year")), organ
    for text in (title or "", head):
        m = YEAR_ONLY.search(unicodedata.normalize("NFKC", text))
        if m:
            return int(m.group("year")), None
    m = _PERIOD.search(head)
    return (int(m.group(1)) if m else None), None


_SENTENCE_YEAR = re.compile(r"(?:^|[。；;\n])\s*((?:19|20)\d\d)\s*年")
_SIGNATURE_NOISE = re.compile(r"[，。；;:：,、（）()《》]")


def find_body_year(sections: dict[str, str]) -> int | None:
    """The year section 一 opens with ("2023年，我县…"), for reports whose title names no year."""
    m = _SENTENCE_YEAR.search(sections.get("一", "")[:800])
    return int(m.group(1)) if m else None


def find_signature_organ(lines: list[str]) -> str | None:
    """The organ signing the report at its end ("锦屏县教育局" above "2024年1月20日")."""
    tail = [ln.strip() for ln in lines[-8:] if ln.strip()]
    for line in reversed(tail):
        if len(line) <= 30 and not _SIGNATURE_NOISE.search(line) and ORGAN_SUFFIX.search(line):
            organ = clean_organ(line)
            if organ:
                return organ
    return None


def find_source_organ(head: str) -> str | None:
    m = _SOURCE_FIELD.search(head)
    return clean_organ(m.group(1)) if m else None


def find_published(lines: list[str]) -> str | None:
    """The page's 发布时间 / 公开日期 / 成文日期 …, else a date standing alone on a line near the top or the end."""
    for line in lines[:60]:
        m = _DATE_FIELD.search(line)
        if m:
            return _iso(*m.groups())
    for line in [*lines[:12], *lines[-6:]]:
        m = _DATE_LINE.match(line)
        if m:
            return _iso(*m.groups())
    return None


def split_sections(lines: list[str]) -> tuple[dict[str, str], dict[str, int]]:
    """Section number → text (heading excluded), and section number → index of its heading line."""
    starts: dict[str, int] = {}
    order = 0
    for i, line in enumerate(lines):
        # NFKC on every line cost 3 s on a 20 MB page; a CJK ideograph other than 一..六 at the start of a
        # line cannot become a heading number under NFKC, so those lines are skipped before normalizing.
        first = line.lstrip(" \t\u3000\xa0#")[:1]
        if not first or ("\u4e00" <= first <= "\u9fff" and first not in SECTION_NUMBERS):
            continue
        m = _HEADING.match(unicodedata.normalize("NFKC", line).strip())
        if not m:
            continue
        num, words = m.group(1), m.group(2)
        idx = SECTION_NUMBERS.index(num)
        if idx < order or num in starts or "|" in words:
            continue
        if _SECTION_WORDS[num].search(words):
            starts[num] = i
            order = idx
    sections: dict[str, str] = {}
    keys = [k for k in SECTION_NUMBERS if k in starts]
    for j, k in enumerate(keys):
        end = starts[keys[j + 1]] if j + 1 < len(keys) else len(lines)
        sections[k] = "\n".join(lines[starts[k] + 1:end]).strip()
    return sections, starts
