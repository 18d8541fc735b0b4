"""Generate the offline sample province (``data/sample_portal/``): ``python -m sampleportal.generate``.

Why a generated portal: these machines have no internet, yet the harvest must be tested against sites
that behave like the real Guizhou county portals — nav pages, paginated 年报 channels, year channels with
odd names, non-report articles in the same lists, attachments, scans, a GBK page, corrections, a dead
link, late and missing reports. Three counties, each its own site with a layout seen on the cluster
(sampleportal/counties.py). The output is deterministic (seeded ``random.Random`` per organ, fixed
timestamps; binaries made by outside tools are kept while their source is unchanged, derived.py), so two
runs give identical bytes and the committed copy can be checked against a fresh run.

Content: the real 大同乡 2024 report (text and numbers from data/corpus) plus generated reports. Every
organ's years follow from each other (X.CARRY, X.INFORCE, FORMAT_SPEC §2.2) except the injected
``carry_mismatch`` / ``inforce_mismatch``. MANIFEST.csv is the truth for tests; PAGES.csv lists every
linked article (reports, non-reports, the dead link, the off-site redirect, the title-only page).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from common.errors import NianbaoError
from common.paths import SAMPLE_PORTAL_DIR, corpus_dir
from sampleportal.counties import COUNTIES, JINPING, TYPE_CHANNELS, County
from sampleportal.derived import DerivedFiles, word97
from sampleportal.numbers import (
    OrganState,
    TableValues,
    apply_balance_error,
    apply_fee_in_yuan,
    apply_zero_as_blank,
    generate_values,
    printed_cells,
)
from sampleportal.prose import Prose, Statements, write_prose
from sampleportal.render import (
    ReportContent,
    Style,
    report_blocks,
    report_body_html,
    report_docx,
    report_image_html,
    report_pdf,
    report_runon_html,
    report_tables,
)
from sampleportal.site import CSS, PAGE_JS, ArticlePage, Chrome, ListItem, link_list, list_pages, page

DEFAULT_OUT = SAMPLE_PORTAL_DIR
SEED = 20240131
PER_PAGE = 8
OFFSITE_ROUTE = "/redirect-offsite"
DATONG = "锦屏县大同乡人民政府"
DATONG_PATH = "/zwgk/zfxxgk/zfxxgknb/2024n/202501/t20250123_86677607.html"  # the real page's address
DATONG_DOCID = 86677607

# Organs are named "county:short" below (short = the organ's name without the county; 人民政府 = the county).
STYLES = {
    "锦屏县:茅坪镇": Style(word=True), "锦屏县:平略镇": Style(list_headings=True), "锦屏县:卫生健康局": Style(word=True),
    "锦屏县:三江镇": Style(split=True, list_headings=True), "锦屏县:启蒙镇": Style(split=True),
    "锦屏县:教育局": Style(split=True, halfwidth=True), "锦屏县:林业局": Style(split=True, problems_variant=True),
    "锦屏县:新化乡": Style(split=True), "锦屏县:河口乡": Style(problems_variant=True), "锦屏县:敦寨镇": Style(halfwidth=True),
    "锦屏县:铜鼓镇": Style(halfwidth=True, list_headings=True), "锦屏县:偶里乡": Style(halfwidth=True),
    "锦屏县:固本乡": Style(list_headings=True), "锦屏县:人民政府": Style(list_headings=True, problems_variant=True),
    "剑河县:革东镇": Style(word=True), "剑河县:南明镇": Style(split=True), "剑河县:人民政府": Style(list_headings=True),
    "剑河县:自然资源局": Style(halfwidth=True), "兴仁市:东湖街道": Style(split=True, list_headings=True),
    "兴仁市:屯脚镇": Style(word=True), "兴仁市:人民政府": Style(problems_variant=True), "兴仁市:农业农村局": Style(split=True),
}
DATONG_STYLE = Style(word=True)  # the real 2024 page: Word-pasted tables with <br> in header labels
BLANK_ZERO_ORGANS = {"锦屏县:启蒙镇", "锦屏县:钟灵乡"}  # zero cells of 规章 / 废止 printed empty, like 大同乡 2024
BLANK_ZERO_CELLS = ("T2_1/rules/repealed", "T2_1/rules/in_force", "T2_1/norm_docs/repealed",
                    "T2_1/rules/new_public", "T2_1/rules/total_public")

# (organ, report year) → deliberate defect, trap or delivery shape. Each appears where named.
LATE = {("锦屏县:平秋镇", 2021): dt.datetime(2022, 3, 18, 16, 5), ("锦屏县:卫生健康局", 2023): dt.datetime(2024, 4, 17, 9, 40),
        ("兴仁市:城南街道", 2022): dt.datetime(2023, 2, 27, 15, 12)}
BALANCE_ERROR = {("锦屏县:敦寨镇", 2022)}
FEE_IN_YUAN = {("锦屏县:林业局", 2021)}
PROSE_CONTRADICTS = {("锦屏县:铜鼓镇", 2023)}
OLD_TEMPLATE = {("锦屏县:隆里乡", 2021), ("锦屏县:隆里乡", 2022), ("锦屏县:隆里乡", 2023), ("锦屏县:偶里乡", 2022)}
GBK_PAGES = {("锦屏县:钟灵乡", 2022)}
PDF_DELIVERY = {("锦屏县:林业局", 2022): False, ("锦屏县:固本乡", 2020): True}  # value: body left empty
DOCX_DELIVERY = {("锦屏县:卫生健康局", 2024), ("锦屏县:河口乡", 2021)}
# Issue 15's delivery shapes: each made from the same content as the HTML would be.
SCAN_DELIVERY = {("锦屏县:平略镇", 2023)}  # image-only PDF attachment (扫描件)
IMAGE_DELIVERY = {("剑河县:岑松镇", 2024)}  # tables as <img> in the page
DOC_DELIVERY = {("锦屏县:教育局", 2020)}  # Word 97 .doc attachment
WPS_DELIVERY = {("兴仁市:巴铃镇", 2021)}  # WPS .wps attachment (the Word 97 container)
RUNON_DELIVERY = {("剑河县:柳川镇", 2021)}  # text page whose cells' digits run together
INLINE_CHANNEL = {("兴仁市:人民政府", 2022)}  # single-article channel that renders its report
# Corrections: the original is superseded. value: (title suffix, list order of the original: -1 = pinned on top)
CORRECTED = {("锦屏县:财政局", 2022): ("（更正）", 0), ("剑河县:人民政府", 2023): ("（更正版）", 0),
             ("兴仁市:民政局", 2023): ("（修订）", -1)}
MISSING_YEAR = {("锦屏县:教育局", 2023), ("剑河县:久仰镇", 2021)}
NO_REPORT = {"锦屏县:彦洞乡"}
DEAD_LINK = {("锦屏县:新化乡", 2019)}
FEE_STATED = {"锦屏县:卫生健康局": 300, "锦屏县:林业局": 0, "锦屏县:人民政府": 150, "剑河县:自然资源局": 80}
# Issue 13's traps
TITLE_ONLY = {("锦屏县:敦寨镇", 2024)}  # a later "report" page with only a title, listed after the real one
CN_YEAR_TITLE = {("锦屏县:固本乡", 2023): "○", ("剑河县:敏洞乡", 2022): "〇"}  # 二○二三年
WRONG_YEAR_CHANNEL = {("锦屏县:人民政府", 2024): 2023, ("剑河县:革东镇", 2022): 2023}  # filed under that year
IN_COUNTY_CHANNEL = {("剑河县:南明镇", 2024)}  # a township's report in the county's year channel
# Issue 16's cross-year errors (the years before and after stay consistent with their neighbours)
CARRY_MISMATCH = {("锦屏县:平秋镇", 2023), ("兴仁市:回龙镇", 2024)}
INFORCE_MISMATCH = {("锦屏县:河口乡", 2024), ("剑河县:南明镇", 2023)}


class GenerateError(NianbaoError):
    """Raised by the generator when an input (the 大同乡 seed report) is missing or unreadable."""


@dataclass(slots=True)
class Organ:
    county: County
    name: str
    short: str  # "三江镇", "教育局", "人民政府" for the county government
    level: str  # county_gov | department | township
    slug: str
    channel_id: int
    home: str  # the organ's sub-site home ("" when it has none)
    style: Style
    dept_fee: bool = False

    @property
    def key(self) -> str:
        return f"{self.county.name}:{self.short}"

    @property
    def source_line(self) -> str:
        return self.county.office if self.level == "county_gov" else self.name


@dataclass(slots=True)
class ManifestRow:
    source: str
    county: str
    organ: str
    organ_level: str
    year: int
    url_path: str
    page_path: str
    format: str
    published: str
    delivery: str
    encoding: str
    defects: list[str]
    supersedes: str
    current: str
    title: str
    truth: dict
    statements: dict


@dataclass(slots=True)
class Host:
    """One county's site: files by path, channel lists and their titles and breadcrumbs."""

    county: County
    chrome: Chrome
    files: dict[str, bytes] = field(default_factory=dict)
    lists: dict[str, list[ListItem]] = field(default_factory=dict)
    list_titles: dict[str, str] = field(default_factory=dict)
    crumbs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def put(self, path: str, data: str | bytes, encoding: str = "utf-8") -> None:
        assert path not in self.files, path
        self.files[path] = data.encode(encoding) if isinstance(data, str) else data

    def channel(self, path: str, title: str, crumbs: list[tuple[str, str]]) -> None:
        self.crumbs[path] = crumbs
        self.list_titles[path] = title
        self.lists.setdefault(path, [])


# Docids grow with the date across the whole cluster (FORMAT_SPEC §5.1): piecewise linear through the
# observed points, plus a running number smaller than a day's step so that order by id = order by date.
DOCID_ANCHORS = ((dt.date(2018, 6, 1), 57_000_000), (dt.date(2021, 1, 15), 66_600_000),
                 (dt.date(2023, 1, 15), 77_900_000), (dt.date(2024, 1, 15), 83_600_000),
                 (dt.date(2025, 1, 23), 86_676_000), (dt.date(2025, 9, 15), 88_600_000),
                 (dt.date(2027, 1, 1), 93_000_000))
MAX_SEQ = 8_000  # below the smallest step per day (~8,200)


@dataclass(slots=True)
class Province:
    """Everything to write: the counties' sites, MANIFEST and PAGES rows, derived binaries."""

    hosts: dict[str, Host]
    derived: DerivedFiles
    manifest: list[ManifestRow] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)
    seq: int = 0

    def docid(self, when: dt.datetime) -> int:
        self.seq += 1
        assert self.seq < MAX_SEQ, "too many articles for the docid scheme"
        day = when.date()
        for (d0, v0), (d1, v1) in zip(DOCID_ANCHORS, DOCID_ANCHORS[1:], strict=False):
            if d0 <= day <= d1:
                return v0 + (v1 - v0) * (day - d0).days // (d1 - d0).days + self.seq
        raise AssertionError(f"no docid anchor around {day}")

    def add_item(self, host: Host, channel: str, item: ListItem, kind: str, organ: str, year: int | str,
                 target: str) -> None:
        host.lists.setdefault(channel, []).append(item)
        self.pages.append({"source": host.county.source, "url_path": target, "kind": kind, "organ": organ,
                           "year": year, "title": item.title, "listed_on": channel + "index.html",
                           "published": f"{item.published:%Y-%m-%d}"})


def _organs(county: County) -> list[Organ]:
    def style(short: str) -> Style:
        return STYLES.get(f"{county.name}:{short}", Style())

    organs = [Organ(county, f"{county.name}人民政府", "人民政府", "county_gov", "", 0, "", style("人民政府"))]
    for short, slug, channel_id in county.townships:
        home = f"/xzjdbsc/{slug}_{channel_id}/index.html" if county.layout == "subsites" else ""
        organs.append(Organ(county, county.organ_name(short), short, "township", slug, channel_id, home, style(short)))
    for short, slug, channel_id, fee in county.departments:
        home = f"/bmxxgk/{slug}_{channel_id}/index.html" if county.layout != "by_type" else ""
        organs.append(Organ(county, f"{county.name}{short}", short, "department", slug, channel_id, home,
                            style(short), dept_fee=fee))
    return organs


def _published(rng: random.Random, organ: Organ, year: int) -> dt.datetime:
    if (organ.key, year) in LATE:
        return LATE[(organ.key, year)]
    if organ.level == "county_gov":
        return dt.datetime(year + 1, rng.choice((2, 3)), rng.randint(1, 28), rng.randint(9, 17), rng.randint(0, 59))
    return dt.datetime(year + 1, 1, rng.randint(5, 30), rng.randint(8, 18), rng.randint(0, 59))


_CN_NUMERALS = dict(zip("0123456789", "○一二三四五六七八九", strict=True))


def _title(rng: random.Random, organ: Organ, year: int) -> str:
    prefix = organ.county.name
    bare = organ.name.removeprefix(prefix) if organ.level == "township" and rng.random() < 0.3 else organ.name
    text = rng.choice([f"{bare}{year}年政府信息公开工作年度报告", f"{bare}{year}年度政府信息公开工作年度报告",
                       f"{year}年{bare}{'信息公开' if bare.endswith('政府') else '政府信息公开'}工作年度报告"])
    zero = CN_YEAR_TITLE.get((organ.key, year))
    if zero:  # the year in Chinese numerals, with this zero sign (○ U+25CB or 〇 U+3007)
        text = text.replace(str(year), "".join(_CN_NUMERALS[d] for d in str(year)).replace("○", zero), 1)
    return text


# --- where reports are listed ------------------------------------------------------------------------------

def _year_channel(county: County, year: int) -> str:
    return f"{county.column}{county.year_channels[year]}/"


def _report_channel(organ: Organ, year: int) -> str:
    """The list a report of ``organ`` for ``year`` is filed in: by layout, then by the traps."""
    county, key = organ.county, (organ.key, year)
    filed = WRONG_YEAR_CHANNEL.get(key, year)
    if key in IN_COUNTY_CHANNEL or organ.level == "county_gov" and county.layout != "by_type":
        return _year_channel(county, filed)
    if county.layout == "by_type":
        return _year_channel(county, filed) + TYPE_CHANNELS[organ.level][0] + "/"
    if county.layout == "county_column" and organ.level == "township":
        return _year_channel(county, filed)
    own = _own_channel(organ)
    years = county.township_years.get(organ.short)
    return own + f"{years[filed]}/" if years else own


def _own_channel(organ: Organ) -> str:
    base = organ.home.removesuffix("index.html")
    return base + ("zfxxgk/zfxxgknb/" if organ.level == "township" else "zfxxgknb/")


# --- the real 大同乡 2024 report ---------------------------------------------------------------------------
def _corpus_dir() -> Path:
    return corpus_dir()


def _datong_2024() -> tuple[TableValues, Prose]:
    """Text and numbers of the real report, as published; blank cells stay blank."""
    corpus = _corpus_dir()
    text_path = corpus / "jinping-datongxiang-2024.txt"
    expected_path = corpus / "expected" / "jinping-datongxiang-2024.expected.csv"
    try:
        lines = [line.strip() for line in text_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [line.split(",", 1) for line in expected_path.read_text(encoding="utf-8").splitlines()]
    except OSError as exc:
        raise GenerateError(f"{exc.filename}: cannot read the 大同乡 seed report ({exc.strerror}); "
                            "set NIANBAO_CORPUS to the shared corpus folder") from None
    truth = {cell: (int(value) if value else None) for cell, value in rows
             if not cell.startswith("#") and cell != "cell"}
    values = TableValues("F2021", {spec.cell: truth[spec.cell] for spec in printed_cells("F2021")})
    heads = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    at = [lines.index(h) for h in heads]
    sections = {"一": lines[at[0] + 1:at[1]], "二": [], "三": [], "四": [], "五": lines[at[4] + 1:at[5]],
                "六": lines[at[5] + 1:]}
    statements = {"proactive_total": 58, "proactive_by_category": {"工作动态": 35, "政策文件": 14,
                  "政府信息公开制度": 3, "法定公开信息": 5, "政府信息公开年报": 1}, "applications_received": 0}
    return values, Prose(intro=lines[0], sections=sections, statements=Statements(statements))



# --- reports ---------------------------------------------------------------------------------------------

def _report(prov: Province, organ: Organ, year: int, rng: random.Random, state: OrganState) -> None:
    key = (organ.key, year)
    if key in CARRY_MISMATCH:
        state.break_carry()
    if key in INFORCE_MISMATCH:
        state.break_in_force()
    # the real 2024 report that follows 大同乡 2023 prints 结转 0 and no 规范性文件 in force
    state.settle = organ.name == DATONG and year == 2023
    if organ.name == DATONG and year == 2024:
        values, prose = _datong_2024()
        title, published = f"{DATONG}2024年政府信息公开工作年度报告", dt.datetime(2025, 1, 23, 10, 15)
        fmt, defects, note = "F2021", ["real_report"], "本页正文与数字取自锦屏县大同乡人民政府2024年报告原文，在示例门户中重新排版"
    else:
        fmt = "F2019" if year <= 2020 or key in OLD_TEMPLATE else "F2021"
        defects = ["old_template"] if key in OLD_TEMPLATE else []
        forced = 4 if key in PROSE_CONTRADICTS else None
        values = generate_values(rng, fmt, organ.level, state, dept_fee=organ.dept_fee, forced_new=forced)
        if organ.key in BLANK_ZERO_ORGANS:
            apply_zero_as_blank(values, BLANK_ZERO_CELLS)
            defects.append("blank_cells")
        if key in BALANCE_ERROR:
            apply_balance_error(values, row="1")
            defects.append("balance_error")
        if key in FEE_IN_YUAN:
            apply_fee_in_yuan(values)
            defects.append("fee_in_yuan")
        applications = int(values.truth["T3/1/total"] or 0)
        stated = applications + 2 if key in PROSE_CONTRADICTS else applications
        if key in PROSE_CONTRADICTS:
            defects.append("prose_contradicts_table")
        fee = FEE_STATED.get(organ.key) if fmt == "F2021" and year >= 2022 else None
        t4 = values.truth
        prose = write_prose(
            rng, organ=organ.name, short=organ.short if organ.level != "county_gov" else organ.name, year=year,
            fmt=fmt, level=organ.level, applications=applications, stated_applications=stated,
            review=int(t4["T4/cases/rv_total"] or 0),
            litigation=int(t4["T4/cases/ld_total"] or 0) + int(t4["T4/cases/lr_total"] or 0), fee_yuan=fee,
            list_headings=organ.style.list_headings)
        title, published, note = _title(rng, organ, year), _published(rng, organ, year), ""
        if key in LATE:
            defects.append("late")
    if key in CARRY_MISMATCH:
        defects.append("carry_mismatch")
    if key in INFORCE_MISMATCH:
        defects.append("inforce_mismatch")
    if key in CN_YEAR_TITLE:
        defects.append("cn_year_title")
    if key in WRONG_YEAR_CHANNEL:
        defects.append("wrong_year_channel")
    if key in IN_COUNTY_CHANNEL:
        defects.append("in_county_channel")

    content = ReportContent(title=title, values=values, prose=prose)
    if organ.name == DATONG and year == 2024:
        organ = Organ(organ.county, organ.name, organ.short, organ.level, organ.slug, organ.channel_id, organ.home,
                      DATONG_STYLE)
    corrected_values: TableValues | None = None
    if key in CORRECTED:  # the first publication carries a 勾稽 error; a later article corrects it
        corrected_values = TableValues(values.fmt, dict(values.truth), dict(values.raw))
        apply_balance_error(values)
    order = CORRECTED[key][1] if key in CORRECTED else 0
    _publish(prov, organ, year, content, published, fmt, defects + (["superseded", "balance_error"]
             if corrected_values else []), note, rng, current="0" if corrected_values else "1", order=order)
    if corrected_values is not None:
        fixed = ReportContent(title=title + CORRECTED[key][0], values=corrected_values, prose=prose)
        superseded = prov.manifest[-1].url_path
        _publish(prov, organ, year, fixed, published + dt.timedelta(days=26, hours=2), fmt,
                 [d for d in defects if d != "late"] + ["republished_correction"],
                 "更正：原报告表三“上年结转”数据有误，以本文为准", rng, supersedes=superseded)
    if key in TITLE_ONLY:
        _title_only(prov, organ, year, title, published + dt.timedelta(days=40, hours=3))


def _attachment_name(rng: random.Random, published: dt.datetime, ext: str) -> str:
    return f"P0{published:%Y%m%d}{rng.randrange(10**11, 10**12)}.{ext}"


def _publish(prov: Province, organ: Organ, year: int, content: ReportContent, published: dt.datetime, fmt: str,
             defects: list[str], note: str, rng: random.Random, supersedes: str = "", current: str = "1",
             order: int = 0) -> None:
    key = (organ.key, year)
    host = prov.hosts[organ.county.source]
    channel = _report_channel(organ, year)
    if organ.name == DATONG and year == 2024:
        page_path = DATONG_PATH
        assert page_path.startswith(channel), (page_path, channel)
    else:
        page_path = f"{channel}{published:%Y%m}/t{published:%Y%m%d}_{prov.docid(published)}.html"
    folder = page_path.rsplit("/", 1)[0] + "/"
    crumbs = host.crumbs[channel]
    delivery, encoding, url_path = "html", "utf-8", page_path
    body = report_body_html(content, organ.style)
    attachments: list[tuple[str, str]] = []
    attached: tuple[str, bytes] | None = None
    if key in PDF_DELIVERY or key in DOCX_DELIVERY:
        ext = "pdf" if key in PDF_DELIVERY else "docx"
        render = report_pdf if ext == "pdf" else report_docx
        attached = (ext, render(content, organ.style))
    elif key in SCAN_DELIVERY:
        name = _attachment_name(rng, published, "pdf")
        attached = ("scan", prov.derived.get(f"/{organ.county.folder}{folder}{name}", b"scan-v3" + report_pdf(content, organ.style),
                                             lambda: _scan_pdf(content, organ.style)))
    elif key in DOC_DELIVERY or key in WPS_DELIVERY:
        ext = "doc" if key in DOC_DELIVERY else "wps"
        name = _attachment_name(rng, published, ext)
        source = report_docx(content, organ.style)
        attached = (ext, prov.derived.get(f"/{organ.county.folder}{folder}{name}", source, lambda: word97(source)))
    elif key in IMAGE_DELIVERY:
        delivery = "image"
        images: dict[str, list[str]] = {}
        for section, tables in report_tables(content, organ.style).items():
            for table in tables:
                name = f"W0{published:%Y%m%d}{rng.randrange(10**11, 10**12)}.jpg"
                description = json.dumps([[(c.text, c.rs, c.cs) for c in row] for row in table], ensure_ascii=False)
                data = prov.derived.get(f"/{organ.county.folder}{folder}{name}", ("image-v1" + description).encode(),
                                        lambda table=table: _table_jpeg(table))
                host.put(folder + name, data)
                images.setdefault(section, []).append(f"./{name}")
        body = report_image_html(content, organ.style, images)
    elif key in RUNON_DELIVERY:
        delivery = "runon"
        body = report_runon_html(content, organ.style)
        _check_runon_splits(content, organ.style)
    if attached is not None:
        ext, data = attached
        delivery = ext
        name = _attachment_name(rng, published, "pdf" if ext == "scan" else ext) if ext in ("pdf", "docx") else name
        url_path = folder + name
        host.put(url_path, data)
        link = (f"./{name}", f"{content.title}.{name.rsplit('.', 1)[1]}")
        if PDF_DELIVERY.get(key):  # published only as an attachment, body left empty
            body, attachments = "", [link]
        else:
            body = (f'<p style="text-indent:2em">{content.title}全文详见附件。</p>'
                    f'<p><a href="{link[0]}">{link[1]}</a></p>')
    if key in INLINE_CHANNEL:
        delivery = "inline_channel"
        page_path = url_path = channel
        host.lists.pop(channel, None)  # a single-article channel renders its report, no list
    if key in GBK_PAGES:
        encoding = "gbk"
    article = ArticlePage(content.title, organ.source_line, published, body, crumbs, attachments,
                          charset=encoding, note=note, chrome=host.chrome)
    host.put(page_path + ("index.html" if page_path.endswith("/") else ""), article.render(), encoding)
    if key not in INLINE_CHANNEL:
        prov.add_item(host, channel, ListItem(f"./{page_path.removeprefix(channel)}", content.title, published, order),
                      "report", organ.name, year, page_path)
    truth = dict(content.values.truth)
    prov.manifest.append(ManifestRow(organ.county.source, organ.county.name, organ.name, organ.level, year, url_path,
                                     page_path, fmt, f"{published:%Y-%m-%d}", delivery, encoding, defects, supersedes,
                                     current, content.title, truth, content.prose.statements.values))


def _title_only(prov: Province, organ: Organ, year: int, title: str, when: dt.datetime) -> None:
    """A list item titled like the report whose page is only "本页面正在维护中" (issue 13): never a report."""
    host = prov.hosts[organ.county.source]
    channel = _report_channel(organ, year)
    bare_title = f"{organ.name.removeprefix(organ.county.name)}{year}年政府信息公开工作年度报告"
    path = f"{channel}{when:%Y%m}/t{when:%Y%m%d}_{prov.docid(when)}.html"
    body = '<p style="text-align:center">本页面正在维护中，请稍后访问。</p>'
    host.put(path, ArticlePage(bare_title, organ.source_line, when, body, host.crumbs[channel],
                               chrome=host.chrome).render())
    prov.add_item(host, channel, ListItem(f"./{path.removeprefix(channel)}", bare_title, when, order=1), "title_only",
                  organ.name, year, path)
    prov.manifest.append(ManifestRow(organ.county.source, organ.county.name, organ.name, organ.level, year, path, path,
                                     "", f"{when:%Y-%m-%d}", "title_only", "utf-8", ["title_only"], "", "0",
                                     bare_title, {}, {}))


def _scan_pdf(content: ReportContent, style: Style) -> bytes:
    from sampleportal.pdfwriter import image_pdf
    from sampleportal.raster import scanned_pages

    return image_pdf(scanned_pages(content.title, report_blocks(content, style)))


def _table_jpeg(table) -> bytes:
    from sampleportal.raster import table_image

    return table_image(table)[0]


def _splits(digits: str, sizes: list[int], blanks: bool = True) -> int:
    """How many ways ``digits`` splits into the cells of groups of ``sizes`` — the candidates a run-on reader
    keeps for one row of 三 (one group of 7), 四 (three of 5) or 二 (groups of 1). It allows what the reader
    allows (transform/runon.py; not imported: the sample portal stands apart from the project): a number
    never starts with 0 unless it is 0, any cell may be printed empty (it leaves no digits), and a group's
    last cell is the sum of the others, empty only when they all are."""
    def count(pos: int, group: int, index: int, parts: list[int | None]) -> int:
        if group == len(sizes):
            return int(pos == len(digits))
        size = sizes[group]
        if size > 1 and index == size - 1:  # the group's total: fixed by the other cells
            filled = [p for p in parts if p is not None]
            tails = [str(sum(filled))] if filled or not blanks else ["0", ""]
            return sum(count(pos + len(t), group + 1, 0, []) for t in tails if digits.startswith(t, pos))
        total = 0
        if blanks:
            total += count(pos, group + (size == 1), 0 if size == 1 else index + 1, [] if size == 1 else [*parts, None])
        for end in range(pos + 1, len(digits) + 1):
            piece = digits[pos:end]
            if len(piece) > 1 and piece[0] == "0":
                break
            nxt = [] if size == 1 else [*parts, int(piece)]
            total += count(end, group + (size == 1), 0 if size == 1 else index + 1, nxt)
        return total
    return count(0, 0, 0, [])


def _check_runon_splits(content: ReportContent, style: Style) -> None:
    """The run-on report must be readable: every row of numbers splits one way only, counted as the reader
    counts (blank cells allowed), or its truth would be unreachable — issue 15 asks the reader to refuse
    ambiguous rows. A report of the sample that fails this is not a run-on sample; pick another."""
    for tables in report_tables(content, style).values():
        for table in tables:
            for row in table:
                values = [c.text for c in row if c.value]
                if not values:
                    continue
                sizes = [7] if len(values) == 7 else [5, 5, 5] if len(values) == 15 else [1] * len(values)
                if set(sizes) == {1}:  # 表二: no identity, only the digits themselves
                    assert _splits("".join(values), sizes) == 1, ("ambiguous run-on row", values)
                else:  # 三 and 四: the reader also solves down the table, so one blank-free split per row is
                    #      enough here; tests/test_harvest_truth.py reads the page back cell by cell
                    assert all(values), "a run-on row with a blank cell"
                    assert _splits("".join(values), sizes, blanks=False) == 1, ("ambiguous run-on row", values)


# --- non-report articles, channels and navigation ---------------------------------------------------------

NEWS_TITLES = ["{s}召开{y}年政务公开工作推进会", "{s}开展{y}年防汛安全隐患排查", "关于公布{s}{y}年度权责清单的通知",
               "{s}{y}年部门预算公开", "{s}开展{y}年政务公开业务培训", "{s}{y}年第四季度工作动态",
               "{s}关于{y}年度政务公开工作要点落实情况的报告"]


def _news(prov: Province, organ: Organ, channel: str, rng: random.Random, count: int) -> None:
    host = prov.hosts[organ.county.source]
    years = list(organ.county.years)[1:]
    for template in rng.sample(NEWS_TITLES, count):
        year = rng.choice(years)
        title = template.format(s=organ.short, y=year)
        when = dt.datetime(year, rng.randint(2, 12), rng.randint(1, 28), rng.randint(8, 18), rng.randint(0, 59))
        path = f"{channel}{when:%Y%m}/t{when:%Y%m%d}_{prov.docid(when)}.html"
        body = (f'<p style="text-indent:2em">{when:%Y年%m月%d日}，{organ.short}按照工作安排开展相关工作。'
                f"本文为示例数据（sample data），不是真实信息。</p>")
        host.put(path, ArticlePage(title, organ.source_line, when, body, host.crumbs[channel], chrome=host.chrome).render())
        prov.add_item(host, channel, ListItem(f"./{path.removeprefix(channel)}", title, when), "non_report",
                      organ.name, year, path)


def _chrome(county: County) -> Chrome:
    nav = [("首页", "/index.html")]
    if county.layout == "by_type":
        nav += [("政府信息公开", "/zfxxgk/index.html")]
    else:
        nav += [("政务公开", "/zwgk/index.html")]
    if county.layout == "subsites":
        nav += [("乡镇（街道）", "/xzjdbsc/index.html")]
    if county.layout != "by_type":
        nav += [("部门", "/bmxxgk/index.html")]
    nav += [("互动交流", "/hdjl/index.html")]
    return Chrome(site_name=f"{county.name}人民政府（示例门户）", nav=tuple(nav), owner=county.office)


def _site(prov: Province, county: County, organs: list[Organ]) -> None:
    """Nav pages, the county column with its year channels, and each organ's own channel."""
    host = prov.hosts[county.source]
    chrome = host.chrome
    home = ("首页", "/index.html")
    if county.layout == "by_type":
        platform = [home, ("政府信息公开", "/zfxxgk/index.html")]
        host.put("/zfxxgk/index.html", page("政府信息公开", link_list("政府信息公开", [
            ("政府信息公开指南", "/zfxxgk/zn/index.html"), ("法定主动公开内容", "/zfxxgk/fdzdgknr/index.html"),
            ("政府信息公开年报", county.column + "index.html")]), breadcrumb=platform, chrome=chrome))
    elif county.layout == "county_column":
        platform = [home, ("政务公开", "/zwgk/index.html"), ("政府信息公开", "/zwgk/zfxxgk/index.html")]
        host.put("/zwgk/index.html", page("政务公开", link_list("政务公开", [
            ("政府信息公开", "/zwgk/zfxxgk/index.html"), ("领导之窗", "/zwgk/ldzc/index.html")]),
            breadcrumb=platform[:2], chrome=chrome))
        host.put("/zwgk/zfxxgk/index.html", page("政府信息公开", link_list("政府信息公开", [
            ("政府信息公开指南", "/zfxxgk/zn/index.html"), ("法定主动公开内容", "/zfxxgk/fdzdgknr/index.html"),
            ("政府信息公开年报", county.column + "index.html")]), breadcrumb=platform, chrome=chrome))
    else:
        platform = [home, ("政务公开", "/zwgk/index.html")]
        host.put("/zwgk/index.html", page("政务公开", link_list("政务公开", [
            ("政府信息公开指南", "/zfxxgk/zn/index.html"), ("法定主动公开内容", "/zfxxgk/fdzdgknr/index.html"),
            ("政府信息公开年报", county.column + "index.html"), ("领导之窗", "/zwgk/ldzc/index.html")]),
            breadcrumb=platform, chrome=chrome))
    if county.layout != "by_type":
        host.put("/zwgk/ldzc/index.html", page("领导之窗", "<p>领导之窗（示例页面）。</p>", chrome=chrome))
    host.put("/zfxxgk/zn/index.html", page("政府信息公开指南", "<p>政府信息公开指南（示例页面）。</p>", chrome=chrome))
    host.put("/zfxxgk/fdzdgknr/index.html", page("法定主动公开内容", "<p>法定主动公开内容（示例页面）。</p>",
                                                 chrome=chrome))
    host.put("/hdjl/index.html", page("互动交流", "<p>互动交流（示例页面）。</p>", chrome=chrome))
    host.put("/private/index.html", page("内部资料", "<p>内部资料：robots.txt 禁止抓取本目录（示例页面）。</p>",
                                         chrome=chrome))
    host.put("/css/site.css", CSS)
    host.put("/js/page.js", PAGE_JS)
    front = [(text, href) for text, href in chrome.nav[1:]] + [("内部资料", "/private/index.html")]
    host.put("/index.html", page("首页", link_list("导航", front), chrome=chrome))

    # the county column and its year channels (split by organ type in by_type)
    column_crumbs = [*platform, ("政府信息公开年报", county.column + "index.html")]
    years = sorted(county.year_channels, reverse=True)
    links = [(f"{y}年年报", f"./{county.year_channels[y]}/") for y in years]
    if county.source == JINPING.source:
        links.append(("省级政府信息公开年报平台", OFFSITE_ROUTE))
        prov.pages.append({"source": county.source, "url_path": OFFSITE_ROUTE, "kind": "offsite_redirect",
                           "organ": "", "year": "", "title": "省级政府信息公开年报平台",
                           "listed_on": county.column + "index.html", "published": ""})
    host.put(county.column + "index.html", page("政府信息公开年报", link_list("政府信息公开年报", links),
                                                breadcrumb=column_crumbs, chrome=chrome))
    for y in years:
        folder = _year_channel(county, y)
        crumbs = [*column_crumbs, (f"{y}年年报", folder)]
        if county.layout == "by_type":
            host.crumbs[folder] = crumbs
            subs = [(text, f"./{sub}/") for sub, text in TYPE_CHANNELS.values()]
            host.put(folder + "index.html", page(f"{y}年政府信息公开年报", link_list(f"{y}年政府信息公开年报", subs),
                                                 breadcrumb=crumbs, chrome=chrome))
            for sub, text in TYPE_CHANNELS.values():
                host.channel(f"{folder}{sub}/", f"{y}年{text}政府信息公开年报", [*crumbs, (text, f"{folder}{sub}/")])
        else:
            host.channel(folder, f"{y}年政府信息公开年报", crumbs)

    # sub-sites of townships (subsites) and departments, each with its own 年报 channel
    for kind, index, title in (("township", "/xzjdbsc/index.html", "乡镇（街道）"), ("department", "/bmxxgk/index.html",
                                                                                 "部门信息公开")):
        members = [o for o in organs if o.level == kind and o.home]
        if not members:
            continue
        host.put(index, page(title, link_list(title, [(o.short, o.home) for o in members]),
                             breadcrumb=[home, (title, index)], chrome=chrome))
        for organ in members:
            channel = _own_channel(organ)
            crumbs = [home, (title, index), (organ.short, organ.home), ("政府信息公开年报", channel + "index.html")]
            host.put(organ.home, page(organ.short, link_list(f"{organ.short}政府信息公开", [
                ("政府信息公开年报", channel.removeprefix(organ.home.removesuffix("index.html"))),
                ("工作动态", "#"), ("政策文件", "#")]), breadcrumb=crumbs[:3], chrome=chrome))
            year_names = county.township_years.get(organ.short)
            if year_names:  # the organ's channel lists its year channels
                host.crumbs[channel] = crumbs
                host.put(channel + "index.html", page("政府信息公开年报", link_list("政府信息公开年报", [
                    (f"{y}年年报", f"./{name}/") for y, name in sorted(year_names.items(), reverse=True)]),
                    breadcrumb=crumbs, chrome=chrome))
                for y, name in year_names.items():
                    host.channel(f"{channel}{name}/", f"{organ.short}{y}年政府信息公开年报",
                                 [*crumbs, (f"{y}年年报", f"{channel}{name}/")])
            else:
                host.channel(channel, f"{organ.short}政府信息公开年报", crumbs)


def _notice(prov: Province, county: County, year: int) -> None:
    """A notice whose title names the 年度报告 (a trap for title-only discovery) in a year channel."""
    host = prov.hosts[county.source]
    folder = _year_channel(county, year) + ("szf/" if county.layout == "by_type" else "")
    when = dt.datetime(year, 12, 20, 15, 30)
    title = f"关于做好{year}年度政府信息公开工作年度报告编制发布工作的通知"
    path = f"{folder}{when:%Y%m}/t{when:%Y%m%d}_{prov.docid(when)}.html"
    body = (f'<p style="text-indent:2em">各乡镇人民政府，县直各部门：请于{year + 1}年1月31日前在政府信息公开平台发布'
            f"本机关{year}年政府信息公开工作年度报告。本文为示例数据（sample data）。</p>")
    host.put(path, ArticlePage(title, county.office, when, body, host.crumbs[folder], chrome=host.chrome).render())
    prov.add_item(host, folder, ListItem(f"./{path.removeprefix(folder)}", title, when), "non_report",
                  f"{county.name}人民政府", year, path)


def _dead_link(prov: Province, organ: Organ, year: int, rng: random.Random) -> None:
    host = prov.hosts[organ.county.source]
    channel = _report_channel(organ, year)
    when = _published(rng, organ, year)
    path = f"{channel}{when:%Y%m}/t{when:%Y%m%d}_{prov.docid(when)}.html"  # never written: a 404
    title = _title(rng, organ, year)
    prov.add_item(host, channel, ListItem(f"./{path.removeprefix(channel)}", title, when), "dead_link",
                  organ.name, year, path)
    prov.manifest.append(ManifestRow(organ.county.source, organ.county.name, organ.name, organ.level, year, path, path,
                                     "", f"{when:%Y-%m-%d}", "dead_link", "", ["dead_link"], "", "", title, {}, {}))


def _missing(prov: Province, organ: Organ, year: int, defect: str) -> None:
    prov.manifest.append(ManifestRow(organ.county.source, organ.county.name, organ.name, organ.level, year, "", "", "",
                                     "", "missing", "", [defect], "", "", "", {}, {}))


def build_site(seed: int = SEED, committed: Path = DEFAULT_OUT) -> Province:
    hosts = {c.source: Host(c, _chrome(c)) for c in COUNTIES}
    prov = Province(hosts, DerivedFiles(committed))
    for county in COUNTIES:
        organs = _organs(county)
        _site(prov, county, organs)
        _notice(prov, county, max(county.years) - 1)
        for organ in organs:
            rng = random.Random(f"{seed}:{organ.name}")
            state = OrganState()
            for year in (county.dept_years if organ.level == "department" else county.years):
                key = (organ.key, year)
                if organ.key in NO_REPORT:
                    _missing(prov, organ, year, "no_report")
                elif key in MISSING_YEAR:
                    _missing(prov, organ, year, "missing_year")
                elif key in DEAD_LINK:
                    _dead_link(prov, organ, year, rng)
                else:
                    _report(prov, organ, year, rng, state)
            if organ.home:
                _news(prov, organ, _own_channel(organ) if not county.township_years.get(organ.short)
                      else _report_channel(organ, max(county.years)), rng, rng.randint(2, 5))
    for host in prov.hosts.values():
        for channel, items in host.lists.items():
            for name, html_text in list_pages(host.list_titles[channel], items, PER_PAGE, host.crumbs[channel],
                                              host.chrome):
                host.put(channel + name, html_text)
    return prov


def site_files(prov: Province) -> dict[str, bytes]:
    """Every file of the province by its path under the portal folder."""
    files = {f"/{host.county.folder}{path}": data for host in prov.hosts.values() for path, data in host.files.items()}
    files["/MANIFEST.csv"] = _manifest_csv(prov.manifest).encode()
    files["/PAGES.csv"] = _csv(prov.pages, PAGES_COLUMNS).encode()
    files["/DERIVED.csv"] = prov.derived.csv().encode()
    files["/README.md"] = README.encode()
    return files


MANIFEST_COLUMNS = ["source", "county", "organ", "organ_level", "year", "url_path", "page_path", "format",
                    "published", "delivery", "encoding", "defects", "supersedes", "current", "title", "truth",
                    "statements"]
PAGES_COLUMNS = ["source", "url_path", "kind", "organ", "year", "title", "listed_on", "published"]


def _manifest_csv(rows: list[ManifestRow]) -> str:
    out = []
    order = [c.source for c in COUNTIES]
    for r in sorted(rows, key=lambda r: (order.index(r.source), r.organ, r.year, r.published, r.url_path)):
        out.append({
            "source": r.source, "county": r.county, "organ": r.organ, "organ_level": r.organ_level, "year": r.year,
            "url_path": r.url_path, "page_path": r.page_path, "format": r.format, "published": r.published,
            "delivery": r.delivery, "encoding": r.encoding, "defects": ";".join(r.defects),
            "supersedes": r.supersedes, "current": r.current, "title": r.title,
            "truth": json.dumps(r.truth, ensure_ascii=False, separators=(",", ":")) if r.truth else "",
            "statements": json.dumps(r.statements, ensure_ascii=False, separators=(",", ":")) if r.statements else "",
        })
    return _csv(out, MANIFEST_COLUMNS)


def _csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


README = """# Sample province — 示例数据（sample data）

Generated by `python -m sampleportal.generate` (deterministic; do not edit by hand) and served by
`nianbao portal serve` (锦屏县 on 127.0.0.1:8765, 剑河县 on :8766, 兴仁市 on :8767). Every number is
generated, except the 大同乡 2024 report (real text and numbers, re-typeset, at its real address
`/zwgk/zfxxgk/zfxxgknb/2024n/202501/t20250123_86677607.html`).

One folder per county site, each its own `[[source]]` in data/sources.toml (`sample = true`):

| folder | source | layout (FORMAT_SPEC §5.2) |
|---|---|---|
| `jinping/` | `sample` | township reports inside the county column `/zwgk/zfxxgk/zfxxgknb/{YYYY}n/` (`2023n_5975415`); departments under `/bmxxgk/{slug}_{id}/zfxxgknb/` |
| `jianhe/` | `sample-jianhe` | township sub-sites `/xzjdbsc/{abbr}_{id}/zfxxgk/zfxxgknb/` (革东镇 with bare `2023/` year channels); county column `/zwgk/xxgknb/` with `2021`, `2023_6101872`, `2024h` |
| `xingren/` | `sample-xingren` | year channels split by organ type: `/zfxxgk/zfxxgknb/2024n/xzjd/`, `…/bm/`, `…/szf/` |

Article ids (8 digits) rise with the date across the three sites; lists paginate TRS-style
(`index.html`, `index_1.html`, … announced by `createPageHTML`).

`MANIFEST.csv`: one row per published report version, plus rows with delivery `missing` (no report),
`dead_link` (listed, the page is a 404) and `title_only` (a page titled like the report that says only
"本页面正在维护中"). `source`/`url_path` give the document's address on its county's site; `current` = 1
marks the version that must be the organ-year's current report in the warehouse (0: a superseded original
or the title-only page). `delivery`: html, pdf, docx, inline_channel (a year channel that renders its
report), and issue 15's shapes: scan (image-only PDF), image (tables as `<img>`), doc and wps (Word 97
binaries), runon (a text page whose cells' digits run together). `truth` holds every printed cell
(null = printed blank); `defects` names the deliberate faults and traps:

- form and prose: `balance_error`, `fee_in_yuan`, `prose_contradicts_table`, `blank_cells`, `old_template`, `late`;
- cross-year (FORMAT_SPEC §2.2): `carry_mismatch` (this year's 上年结转 ≠ last year's 结转下年度继续办理),
  `inforce_mismatch` (现行有效件数 ≠ last year's + 本年制发 − 本年废止). Every other pair of consecutive
  current reports of an organ satisfies X.CARRY and X.INFORCE (2021 format in both years);
- versions: `superseded` (original) and `republished_correction` (titles with （更正）, （更正版）, （修订）;
  one original is pinned above its correction), `title_only`;
- filing: `wrong_year_channel` (filed under another year's channel), `in_county_channel` (a township's report in
  the county's year channel), `cn_year_title` (the year written 二○二三 / 二〇二二);
- gaps: `no_report`, `missing_year`, `dead_link`; `real_report` marks 大同乡 2024.

`PAGES.csv` lists every linked article and its kind (report, non_report, dead_link, title_only,
offsite_redirect). `DERIVED.csv` records the binaries made by outside tools (LibreOffice for .doc/.wps,
Pillow and a CJK font for scans and table images) with the sha256 of their source: the generator reuses
them while the source is unchanged, so tests never need those tools.
"""


def write_site(out: Path = DEFAULT_OUT, seed: int = SEED) -> Province:
    """Replace ``out`` with a freshly generated province (derived binaries reused from the committed copy)."""
    prov = build_site(seed, committed=DEFAULT_OUT)
    files = site_files(prov)
    if out.exists():
        shutil.rmtree(out)
    for path, data in files.items():
        target = out / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return prov


def report_count(prov: Province) -> int:
    return sum(1 for r in prov.manifest if r.delivery not in ("missing", "dead_link", "title_only"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Rewrite the offline sample province (deterministic).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    prov = write_site(args.out, args.seed)
    files = site_files(prov)
    size = sum(len(b) for b in files.values())
    rebuilt = f"; rebuilt {len(prov.derived.rebuilt)} derived binaries" if prov.derived.rebuilt else ""
    print(f"wrote {len(files)} files ({size / 1e6:.2f} MB), {report_count(prov)} reports in {len(prov.hosts)} "
          f"counties to {args.out}{rebuilt}")


if __name__ == "__main__":
    main()
