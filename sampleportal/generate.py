"""Generate the offline sample portal (``data/sample_portal/``): ``python -m sampleportal.generate``.

Why a generated portal: these machines have no internet, yet the harvest must be tested against a site
that behaves like the real Guizhou county portals — nav pages, paginated 年报 channels, year folders,
non-report articles in the same lists, attachments, a GBK page, a correction, a dead link, late and
missing reports. The output is deterministic (seeded ``random.Random`` per organ, fixed timestamps), so
two runs give identical bytes and the committed copy can be checked against a fresh run.

Content: the real 大同乡 2024 report (text and numbers from data/corpus) plus generated reports for
锦屏县人民政府, the other 14 乡镇 and four 县 departments, 2019–2025. MANIFEST.csv is the truth for tests;
PAGES.csv lists every linked article (reports, non-reports, the dead link, the off-site redirect).
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
from sampleportal.render import ReportContent, Style, report_body_html, report_docx, report_pdf
from sampleportal.site import CSS, PAGE_JS, ArticlePage, ListItem, link_list, list_pages, page

DEFAULT_OUT = SAMPLE_PORTAL_DIR
SEED = 20240131
YEARS = range(2019, 2026)
DEPT_YEARS = range(2020, 2026)
PER_PAGE = 6
COUNTY = "锦屏县人民政府"
ANNUAL_COLUMN = "/zfxxgk/zfxxgknb/"
OFFSITE_ROUTE = "/redirect-offsite"
DATONG = "锦屏县大同乡人民政府"

TOWNSHIPS = [("三江镇", "sjz"), ("茅坪镇", "mpz"), ("敦寨镇", "dzz"), ("启蒙镇", "qmz"), ("平秋镇", "pqz"),
             ("铜鼓镇", "tgz"), ("平略镇", "plz"), ("大同乡", "dtx"), ("新化乡", "xhx"), ("隆里乡", "llx"),
             ("钟灵乡", "zlx"), ("偶里乡", "olx"), ("固本乡", "gbx"), ("河口乡", "hkx"), ("彦洞乡", "ydx")]
DEPARTMENTS = [("教育局", "jyj", False), ("财政局", "czj", False), ("卫生健康局", "wsjkj", True), ("林业局", "lyj", True)]

STYLES = {
    "茅坪镇": Style(word=True), "平略镇": Style(list_headings=True), "卫生健康局": Style(word=True),
    "三江镇": Style(split=True, list_headings=True), "启蒙镇": Style(split=True),
    "教育局": Style(split=True, halfwidth=True), "林业局": Style(split=True, problems_variant=True),
    "新化乡": Style(split=True), "河口乡": Style(problems_variant=True), "敦寨镇": Style(halfwidth=True),
    "铜鼓镇": Style(halfwidth=True, list_headings=True), "偶里乡": Style(halfwidth=True),
    "固本乡": Style(list_headings=True), "锦屏县人民政府": Style(list_headings=True, problems_variant=True),
}
DATONG_STYLE = Style(word=True)  # the real 2024 page: Word-pasted tables with <br> in header labels
BLANK_ZERO_ORGANS = {"启蒙镇", "钟灵乡"}  # print zero cells of 规章 / 废止 as empty, like 大同乡 2024
BLANK_ZERO_CELLS = ("T2_1/rules/repealed", "T2_1/rules/in_force", "T2_1/norm_docs/repealed",
                    "T2_1/rules/new_public", "T2_1/rules/total_public")

# (organ short name, report year) → deliberate defect or delivery variant. Each appears once.
LATE = {("平秋镇", 2021): dt.datetime(2022, 3, 18, 16, 5), ("卫生健康局", 2023): dt.datetime(2024, 4, 17, 9, 40)}
BALANCE_ERROR = {("敦寨镇", 2022)}
FEE_IN_YUAN = {("林业局", 2021)}
PROSE_CONTRADICTS = {("铜鼓镇", 2023)}
OLD_TEMPLATE = {("隆里乡", 2021), ("隆里乡", 2022), ("隆里乡", 2023), ("偶里乡", 2022)}
GBK_PAGES = {("钟灵乡", 2022)}
PDF_DELIVERY = {("林业局", 2022): False, ("固本乡", 2020): True}  # value: body left empty
DOCX_DELIVERY = {("卫生健康局", 2024), ("河口乡", 2021)}
INLINE_CHANNEL = {(COUNTY, 2021)}
CORRECTED = {("财政局", 2022)}
MISSING_YEAR = {("教育局", 2023)}
NO_REPORT = "彦洞乡"
DEAD_LINK = {("新化乡", 2019)}
FEE_STATED = {"卫生健康局": 300, "林业局": 0, COUNTY: 150}


class GenerateError(NianbaoError):
    """Raised by the generator when an input (the 大同乡 seed report) is missing or unreadable."""


@dataclass(slots=True)
class Organ:
    name: str
    short: str
    level: str  # county_gov | department | township
    channel: str  # the organ's 年报 channel folder (county: the column; year folders below it)
    home: str
    style: Style
    dept_fee: bool = False

    @property
    def source_line(self) -> str:
        return "锦屏县人民政府办公室" if self.level == "county_gov" else self.name


@dataclass(slots=True)
class ManifestRow:
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
    title: str
    truth: dict
    statements: dict


@dataclass(slots=True)
class Site:
    """Everything to write: files by portal path, channel lists, MANIFEST and PAGES rows."""

    files: dict[str, bytes] = field(default_factory=dict)
    lists: dict[str, list[ListItem]] = field(default_factory=dict)
    list_titles: dict[str, str] = field(default_factory=dict)
    crumbs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    manifest: list[ManifestRow] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)
    seq: int = 0

    def put(self, path: str, data: str | bytes, encoding: str = "utf-8") -> None:
        assert path not in self.files, path
        self.files[path] = data.encode(encoding) if isinstance(data, str) else data

    def docid(self, when: dt.datetime) -> int:
        """Docids grow with time across the cluster (FORMAT_SPEC §5.1): ~66.6M in Jan 2021."""
        self.seq += 1
        return 60_000_000 + (when.date() - dt.date(2019, 1, 1)).days * 9_000 + self.seq

    def add_item(self, channel: str, item: ListItem, kind: str, organ: str, year: int | str, target: str) -> None:
        self.lists.setdefault(channel, []).append(item)
        self.pages.append({"url_path": target, "kind": kind, "organ": organ, "year": year, "title": item.title,
                           "listed_on": channel + "index.html", "published": f"{item.published:%Y-%m-%d}"})


def _organs() -> list[Organ]:
    organs = [Organ(COUNTY, COUNTY, "county_gov", ANNUAL_COLUMN, "/zfxxgk/index.html", STYLES[COUNTY])]
    for i, (short, slug) in enumerate(TOWNSHIPS):
        base = f"/xzjdbsc/{slug}_{5703621 + 7 * i}/"
        organs.append(Organ(f"锦屏县{short}人民政府", short, "township", base + "zfxxgk/zfxxgknb/", base + "index.html",
                            STYLES.get(short, Style())))
    for i, (short, slug, fee) in enumerate(DEPARTMENTS):
        base = f"/bmxxgk/{slug}_{5751031 + 5 * i}/"
        organs.append(Organ(f"锦屏县{short}", short, "department", base + "zfxxgknb/", base + "index.html",
                            STYLES.get(short, Style()), dept_fee=fee))
    return organs


def _published(rng: random.Random, organ: Organ, year: int) -> dt.datetime:
    key = (organ.short, year)
    if key in LATE:
        return LATE[key]
    if organ.level == "county_gov":
        return dt.datetime(year + 1, rng.choice((2, 3)), rng.randint(1, 28), rng.randint(9, 17), rng.randint(0, 59))
    return dt.datetime(year + 1, 1, rng.randint(5, 30), rng.randint(8, 18), rng.randint(0, 59))


def _title(rng: random.Random, organ: Organ, year: int) -> str:
    bare = organ.name.removeprefix("锦屏县") if organ.level == "township" and rng.random() < 0.3 else organ.name
    return rng.choice([f"{bare}{year}年政府信息公开工作年度报告", f"{bare}{year}年度政府信息公开工作年度报告",
                       f"{year}年{bare}{'信息公开' if bare.endswith('政府') else '政府信息公开'}工作年度报告"])


# --- the real 大同乡 2024 report -------------------------------------------------------------------------

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

def _report(site: Site, organ: Organ, year: int, rng: random.Random, state: OrganState) -> None:
    key = (organ.short, year)
    if organ.name == DATONG and year == 2024:
        values, prose = _datong_2024()
        state.carried = dict.fromkeys(state.carried, 0)  # its 四、结转 row is all zero
        title, published = f"{DATONG}2024年政府信息公开工作年度报告", dt.datetime(2025, 1, 22, 10, 15)
        fmt, defects, note = "F2021", ["real_report"], "本页正文与数字取自锦屏县大同乡人民政府2024年报告原文，在示例门户中重新排版"
    else:
        fmt = "F2019" if year <= 2020 or key in OLD_TEMPLATE else "F2021"
        defects = ["old_template"] if key in OLD_TEMPLATE else []
        forced = 4 if key in PROSE_CONTRADICTS else None
        values = generate_values(rng, fmt, organ.level, state, dept_fee=organ.dept_fee, forced_new=forced)
        if organ.short in BLANK_ZERO_ORGANS:
            apply_zero_as_blank(values, BLANK_ZERO_CELLS)
            defects.append("blank_cells")
        if key in BALANCE_ERROR:
            apply_balance_error(values)
            defects.append("balance_error")
        if key in FEE_IN_YUAN:
            apply_fee_in_yuan(values)
            defects.append("fee_in_yuan")
        applications = int(values.truth["T3/1/total"] or 0)
        stated = applications + 2 if key in PROSE_CONTRADICTS else applications
        if key in PROSE_CONTRADICTS:
            defects.append("prose_contradicts_table")
        fee = FEE_STATED.get(organ.short) if fmt == "F2021" and year >= 2022 else None
        t4 = values.truth
        prose = write_prose(
            rng, organ=organ.name, short=organ.short, year=year, fmt=fmt, level=organ.level,
            applications=applications, stated_applications=stated, review=int(t4["T4/cases/rv_total"] or 0),
            litigation=int(t4["T4/cases/ld_total"] or 0) + int(t4["T4/cases/lr_total"] or 0), fee_yuan=fee,
            list_headings=organ.style.list_headings)
        title, published, note = _title(rng, organ, year), _published(rng, organ, year), ""
        if key in LATE:
            defects.append("late")

    content = ReportContent(title=title, values=values, prose=prose)
    if organ.name == DATONG and year == 2024:
        organ = Organ(organ.name, organ.short, organ.level, organ.channel, organ.home, DATONG_STYLE)
    corrected_values: TableValues | None = None
    if key in CORRECTED:  # the first publication carries a 勾稽 error; a later article corrects it
        corrected_values = TableValues(values.fmt, dict(values.truth), dict(values.raw))
        apply_balance_error(values)
    _publish(site, organ, year, content, published, fmt, defects + (["superseded", "balance_error"]
             if corrected_values else []), note, rng)
    if corrected_values is not None:
        fixed = ReportContent(title=title + "（更正）", values=corrected_values, prose=prose)
        superseded = site.manifest[-1].url_path
        _publish(site, organ, year, fixed, published + dt.timedelta(days=26, hours=2), fmt,
                 ["republished_correction"], "更正：原报告表三“上年结转”数据有误，以本文为准", rng,
                 supersedes=superseded)


def _publish(site: Site, organ: Organ, year: int, content: ReportContent, published: dt.datetime, fmt: str,
             defects: list[str], note: str, rng: random.Random, supersedes: str = "") -> None:
    key = (organ.short, year)
    channel = _report_channel(site, organ, year)
    docid = site.docid(published)
    page_path = f"{channel}{published:%Y%m}/t{published:%Y%m%d}_{docid}.html"
    crumbs = site.crumbs[channel]
    delivery, encoding, url_path = "html", "utf-8", page_path
    body = report_body_html(content, organ.style)
    attachments: list[tuple[str, str]] = []
    if key in PDF_DELIVERY or key in DOCX_DELIVERY:
        ext = "pdf" if key in PDF_DELIVERY else "docx"
        delivery = ext
        name = f"P0{published:%Y%m%d}{rng.randrange(10**11, 10**12)}.{ext}"
        url_path = f"{channel}{published:%Y%m}/{name}"
        render = report_pdf if ext == "pdf" else report_docx
        site.put(url_path, render(content, organ.style))
        link = (f"./{name}", f"{content.title}.{ext}")
        if PDF_DELIVERY.get(key):  # published only as an attachment, body left empty
            body, attachments = "", [link]
        else:
            body = (f'<p style="text-indent:2em">{content.title}全文详见附件。</p>'
                    f'<p><a href="{link[0]}">{link[1]}</a></p>')
    if key in INLINE_CHANNEL:
        delivery = "inline_channel"
        page_path = url_path = channel
    if key in GBK_PAGES:
        encoding = "gbk"
    article = ArticlePage(content.title, organ.source_line, published, body, crumbs, attachments,
                          charset=encoding, note=note)
    site.put(page_path + ("index.html" if page_path.endswith("/") else ""), article.render(), encoding)
    if key not in INLINE_CHANNEL:
        site.add_item(channel, ListItem(f"./{page_path.removeprefix(channel)}", content.title, published),
                      "report", organ.name, year, page_path)
    truth = {cell: value for cell, value in content.values.truth.items()}
    site.manifest.append(ManifestRow(organ.name, organ.level, year, url_path, page_path, fmt,
                                     f"{published:%Y-%m-%d}", delivery, encoding, defects, supersedes,
                                     content.title, truth, content.prose.statements.values))


def _report_channel(site: Site, organ: Organ, year: int) -> str:
    """Townships and departments list every year in one channel; the county has year folders."""
    if organ.level != "county_gov":
        return organ.channel
    folder_year = 2023 if year == 2024 else year  # the 2024 report sits in the 2023n folder (FORMAT_SPEC §5.2)
    return f"{ANNUAL_COLUMN}{folder_year}n_{5975400 + folder_year - 2000}/"


# --- non-report articles, channels and navigation ---------------------------------------------------------

NEWS_TITLES = ["{s}召开{y}年政务公开工作推进会", "{s}开展{y}年防汛安全隐患排查", "关于公布{s}{y}年度权责清单的通知",
               "{s}{y}年部门预算公开", "{s}开展{y}年政务公开业务培训", "{s}{y}年第四季度工作动态",
               "{s}关于{y}年度政务公开工作要点落实情况的报告"]


def _news(site: Site, organ: Organ, rng: random.Random, count: int) -> None:
    channel = organ.channel
    for template in rng.sample(NEWS_TITLES, count):
        year = rng.choice(list(YEARS)[1:])
        title = template.format(s=organ.short, y=year)
        when = dt.datetime(year, rng.randint(2, 12), rng.randint(1, 28), rng.randint(8, 18), rng.randint(0, 59))
        path = f"{channel}{when:%Y%m}/t{when:%Y%m%d}_{site.docid(when)}.html"
        body = (f'<p style="text-indent:2em">{when:%Y年%m月%d日}，{organ.short}按照工作安排开展相关工作。'
                f"本文为示例数据（sample data），不是真实信息。</p>")
        site.put(path, ArticlePage(title, organ.source_line, when, body, site.crumbs[channel]).render())
        site.add_item(channel, ListItem(f"./{path.removeprefix(channel)}", title, when), "non_report", organ.name,
                      year, path)


def _county_column(site: Site) -> None:
    base_crumbs = [("首页", "/index.html"), ("政务公开", "/zwgk/index.html"), ("政府信息公开", "/zfxxgk/index.html"),
                   ("政府信息公开年报", ANNUAL_COLUMN + "index.html")]
    links = [(f"{y}年年报", f"./{y}n_{5975400 + y - 2000}/") for y in sorted(YEARS, reverse=True)]
    links.append(("省级政府信息公开年报平台", OFFSITE_ROUTE))
    site.pages.append({"url_path": OFFSITE_ROUTE, "kind": "offsite_redirect", "organ": "", "year": "",
                       "title": "省级政府信息公开年报平台", "listed_on": ANNUAL_COLUMN + "index.html", "published": ""})
    site.put(ANNUAL_COLUMN + "index.html", page("政府信息公开年报", link_list("政府信息公开年报", links),
                                                breadcrumb=base_crumbs))
    for y in YEARS:
        folder = f"{ANNUAL_COLUMN}{y}n_{5975400 + y - 2000}/"
        site.crumbs[folder] = [*base_crumbs, (f"{y}年年报", folder)]
        if (COUNTY, y) not in INLINE_CHANNEL:  # a single-article channel renders its report, no list
            site.list_titles[folder] = f"{y}年政府信息公开年报"
            site.lists.setdefault(folder, [])


def _channels(site: Site, organs: list[Organ]) -> None:
    for organ in organs:
        if organ.level == "county_gov":
            continue
        parent = ("乡镇（街道）", "/xzjdbsc/index.html") if organ.level == "township" else ("部门", "/bmxxgk/index.html")
        site.crumbs[organ.channel] = [("首页", "/index.html"), parent, (organ.short, organ.home),
                                      ("政府信息公开年报", organ.channel + "index.html")]
        site.list_titles[organ.channel] = f"{organ.short}政府信息公开年报"
        site.lists.setdefault(organ.channel, [])
        home_links = [("政府信息公开年报", organ.channel.removeprefix(organ.home.removesuffix("index.html"))),
                      ("工作动态", "#"), ("政策文件", "#")]
        site.put(organ.home, page(organ.short, link_list(f"{organ.short}政府信息公开", home_links),
                                  breadcrumb=site.crumbs[organ.channel][:3]))


def _navigation(site: Site, organs: list[Organ]) -> None:
    home = link_list("导航", [("政务公开", "/zwgk/index.html"), ("乡镇（街道）", "/xzjdbsc/index.html"),
                            ("部门信息公开", "/bmxxgk/index.html"), ("内部资料", "/private/index.html")])
    site.put("/index.html", page("首页", home))
    site.put("/zwgk/index.html", page("政务公开", link_list("政务公开", [
        ("政府信息公开", "/zfxxgk/index.html"), ("领导之窗", "/zwgk/ldzc/index.html")]),
        breadcrumb=[("首页", "/index.html"), ("政务公开", "/zwgk/index.html")]))
    site.put("/zwgk/ldzc/index.html", page("领导之窗", "<p>领导之窗（示例页面）。</p>"))
    site.put("/zfxxgk/index.html", page("政府信息公开", link_list("政府信息公开", [
        ("政府信息公开指南", "/zfxxgk/zn/index.html"), ("法定主动公开内容", "/zfxxgk/fdzdgknr/index.html"),
        ("政府信息公开年报", ANNUAL_COLUMN + "index.html")]),
        breadcrumb=[("首页", "/index.html"), ("政务公开", "/zwgk/index.html"), ("政府信息公开", "/zfxxgk/index.html")]))
    site.put("/zfxxgk/zn/index.html", page("政府信息公开指南", "<p>政府信息公开指南（示例页面）。</p>"))
    site.put("/zfxxgk/fdzdgknr/index.html", page("法定主动公开内容", "<p>法定主动公开内容（示例页面）。</p>"))
    site.put("/hdjl/index.html", page("互动交流", "<p>互动交流（示例页面）。</p>"))
    site.put("/private/index.html", page("内部资料", "<p>内部资料：robots.txt 禁止抓取本目录（示例页面）。</p>"))
    towns = [(o.short, o.home) for o in organs if o.level == "township"]
    depts = [(o.short, o.home) for o in organs if o.level == "department"]
    site.put("/xzjdbsc/index.html", page("乡镇（街道）", link_list("乡镇（街道）办事处", towns),
                                         breadcrumb=[("首页", "/index.html"), ("乡镇（街道）", "/xzjdbsc/index.html")]))
    site.put("/bmxxgk/index.html", page("部门信息公开", link_list("部门信息公开", depts),
                                        breadcrumb=[("首页", "/index.html"), ("部门", "/bmxxgk/index.html")]))
    site.put("/css/site.css", CSS)
    site.put("/js/page.js", PAGE_JS)


def _county_extras(site: Site) -> None:
    """A notice whose title names the 年度报告 (a trap for title-only discovery) in the 2024n folder."""
    folder = f"{ANNUAL_COLUMN}2024n_{5975424}/"
    when = dt.datetime(2024, 12, 20, 15, 30)
    title = "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知"
    path = f"{folder}{when:%Y%m}/t{when:%Y%m%d}_{site.docid(when)}.html"
    body = ('<p style="text-indent:2em">各乡镇人民政府，县直各部门：请于2025年1月31日前在政府信息公开平台发布本机关'
            "2024年政府信息公开工作年度报告。本文为示例数据（sample data）。</p>")
    site.put(path, ArticlePage(title, "锦屏县人民政府办公室", when, body, site.crumbs[folder]).render())
    site.add_item(folder, ListItem(f"./{path.removeprefix(folder)}", title, when), "non_report", COUNTY, 2024, path)


def _dead_link(site: Site, organ: Organ, year: int, rng: random.Random) -> None:
    when = _published(rng, organ, year)
    path = f"{organ.channel}{when:%Y%m}/t{when:%Y%m%d}_{site.docid(when)}.html"  # never written: a 404
    title = _title(rng, organ, year)
    site.add_item(organ.channel, ListItem(f"./{path.removeprefix(organ.channel)}", title, when), "dead_link",
                  organ.name, year, path)
    site.manifest.append(ManifestRow(organ.name, organ.level, year, path, path, "", f"{when:%Y-%m-%d}", "dead_link",
                                     "", ["dead_link"], "", title, {}, {}))


def _missing(site: Site, organ: Organ, year: int, defect: str) -> None:
    site.manifest.append(ManifestRow(organ.name, organ.level, year, "", "", "", "", "missing", "", [defect], "", "",
                                     {}, {}))


def build_site(seed: int = SEED) -> Site:
    site = Site()
    organs = _organs()
    _navigation(site, organs)
    _county_column(site)
    _channels(site, organs)
    _county_extras(site)
    for organ in organs:
        rng = random.Random(f"{seed}:{organ.name}")
        state = OrganState()
        for year in (DEPT_YEARS if organ.level == "department" else YEARS):
            key = (organ.short, year)
            if organ.short == NO_REPORT:
                _missing(site, organ, year, "no_report")
            elif key in MISSING_YEAR:
                _missing(site, organ, year, "missing_year")
            elif key in DEAD_LINK:
                _dead_link(site, organ, year, rng)
            else:
                _report(site, organ, year, rng, state)
        if organ.level != "county_gov":
            _news(site, organ, rng, rng.randint(2, 6) if organ.short != NO_REPORT else 3)
    for channel, items in site.lists.items():
        for name, html_text in list_pages(site.list_titles[channel], items, PER_PAGE, site.crumbs[channel]):
            site.put(channel + name, html_text)
    site.put("/MANIFEST.csv", _manifest_csv(site.manifest))
    site.put("/PAGES.csv", _csv(site.pages, ["url_path", "kind", "organ", "year", "title", "listed_on", "published"]))
    site.put("/README.md", README)
    return site


MANIFEST_COLUMNS = ["organ", "organ_level", "year", "url_path", "page_path", "format", "published", "delivery",
                    "encoding", "defects", "supersedes", "title", "truth", "statements"]


def _manifest_csv(rows: list[ManifestRow]) -> str:
    out = []
    for r in sorted(rows, key=lambda r: (r.organ, r.year, r.published)):
        out.append({
            "organ": r.organ, "organ_level": r.organ_level, "year": r.year, "url_path": r.url_path,
            "page_path": r.page_path, "format": r.format, "published": r.published, "delivery": r.delivery,
            "encoding": r.encoding, "defects": ";".join(r.defects), "supersedes": r.supersedes, "title": r.title,
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


README = """# Sample portal — 示例数据（sample data）

Generated by `python -m sampleportal.generate` (deterministic; do not edit by hand) and served by
`nianbao portal serve`. Every number is generated, except the 大同乡 2024 report (real text and numbers,
re-typeset). MANIFEST.csv: one row per report (delivery html/pdf/docx/inline_channel), plus rows with
delivery=missing (no report published) and delivery=dead_link (listed, but the page is a 404).
`truth` holds every printed cell (null = printed blank); `defects` names the deliberate faults.
PAGES.csv lists every linked article and its kind (report, non_report, dead_link, offsite_redirect).
"""


def write_site(out: Path = DEFAULT_OUT, seed: int = SEED) -> Site:
    """Replace ``out`` with a freshly generated portal."""
    site = build_site(seed)
    if out.exists():
        shutil.rmtree(out)
    for path, data in site.files.items():
        target = out / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description="Rewrite the offline sample portal (deterministic).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    site = write_site(args.out, args.seed)
    reports = sum(1 for r in site.manifest if r.delivery not in ("missing", "dead_link"))
    size = sum(len(b) for b in site.files.values())
    print(f"wrote {len(site.files)} files ({size / 1e6:.2f} MB), {reports} reports to {args.out}")


if __name__ == "__main__":
    main()
