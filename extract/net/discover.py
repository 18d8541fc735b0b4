"""Discovery on the Guizhou government site cluster (one TRS-style CMS, FORMAT_SPEC §5): which pages are
annual reports, found the way a person would — by link text — because paths differ from county to county
and change with every redesign (§5.2: "do not hard-code any of them").

Two halves:
- pure page readers (``read_listing``, ``read_article``) that take a fetched body and say what is on it:
  channel links, pagination, list items, attachments, 来源 / 发布时间, section headings;
- ``discover()``, the crawl: entry pages → nav pages (乡镇 / 部门 sub-sites) → 年报 channels (followed into
  year folders and through ``createPageHTML`` pagination) → articles kept by title → the document to parse
  (the page itself, or its attachment when the body is empty).

Every page that is looked at and not kept is recorded with its reason, so the summary can say why a
report is missing. The fetcher is passed in; this module never opens a connection itself.
"""

from __future__ import annotations

import asyncio
import dataclasses
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from common.errors import FetchError
from extract.net.fetch import Fetcher, FetchResult
from extract.readers.decode import decode
from extract.readers.html_guard import check_nesting
from extract.readers.html_text import html_title, html_to_text
from extract.titles import is_about_reports, report_title_year, title_year_and_organ

# ---- patterns (FORMAT_SPEC §5.2–5.5) -------------------------------------------------------------------

_ATTACHMENT = re.compile(r"\.(pdf|docx|doc|wps|txt|ofd|xlsx|xls)$", re.I)
# Every one but ofd/xlsx/xls is read; among several, the one that keeps the tables best is taken. A .txt
# (a report pasted as plain text, its cells' digits often run together) comes after the Word and PDF
# files; ofd/xlsx/xls are kept as a last resort (the failure then names the format).
_ATTACHMENT_PREFERENCE = {"docx": 0, "pdf": 1, "doc": 2, "wps": 3, "txt": 4, "ofd": 5, "xlsx": 6, "xls": 7}
_PAGE_EXT = re.compile(r"\.(s?html?|jsp|php|aspx?)$", re.I)
_INDEX_PAGE = re.compile(r"^index(_\d+)?\.s?html?$", re.I)
_CREATE_PAGE = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w\-]+)['\"]"
                          r"\s*,\s*['\"](\w+)['\"]")
_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期)\s*[:：]\s*((?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)")
_SOURCE = re.compile(r"(?:来源|信息来源|发布机构)\s*[:：]\s*(.+?)(?=\s*(?:发布时间|发布日期|字体|浏览|$))", re.M)
_HEADINGS = (r"总体情况", r"主动公开政府信息", r"收到和处理政府信息公开申请", r"行政复议.{0,3}行政诉讼",
             r"存在的?主要问题及改进|存在问题及改进|主要问题及改进", r"其他需要报告的事项")
_HEADING_RES = tuple(re.compile(r"[一二三四五六]\s*[、.．]\s*(?:政府信息公开)?\s*" + h) for h in _HEADINGS)
# Nav links worth following from entry pages toward 乡镇 / 部门 sub-sites and their disclosure platforms.
_NAV_TEXT = re.compile(r"乡镇|街道|部门|信息公开|政务公开|(?:乡|镇|街道|办事处|局|委员会|管委会|人民政府)$")
_NAV_HREF = re.compile(r"xzjdbsc|bmxxgk|zfxxgk|zwgk|xxgk|zcbm", re.I)
_BODY_SELECTORS = (".TRS_Editor", ".TRS_UEDITOR", "#zoom", ".view", ".article-content", ".content", "article")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_NAV_DEPTH = 2  # entry page → 乡镇 list → township site: enough for the cluster's layouts
# Discovery looks at the first MB of a page: a list or article page (links, 来源, 发布时间, headings,
# attachments) is well under that, and the report itself is read by the parser, in its worker with a
# deadline. A 50 MB page would otherwise be built into a tree here, outside any deadline.
MAX_LOOK_BYTES = 1024 * 1024
_HREF = re.compile(r"""<a\b[^>]{0,2000}?href\s*=\s*["']?([^"'\s>]+)[^>]{0,2000}>(.{0,300}?)</a""", re.I | re.S)


# ---- records -------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class ListItem:
    """One entry of a channel list: title (the ``title`` attribute when the text is cut), URL, date."""

    url: str
    title: str
    date: str | None


@dataclass(slots=True)
class Listing:
    """What a nav or channel page offers."""

    channels: list[Link]  # links whose text names a 年报 channel
    nav: list[Link]  # links toward 乡镇 / 部门 sub-sites
    below: list[Link]  # non-article links inside this page's folder (year folders, sub-channels)
    pages: list[str]  # pagination: index_1.html … from createPageHTML, else links present
    items: list[ListItem]  # article links with their titles
    headings: int  # how many of the six section headings the page prints (≥ 4: it is a report)


@dataclass(slots=True)
class Article:
    """What an article page says about itself."""

    title: str | None
    source_line: str | None  # 来源
    published: str | None  # 发布时间 as printed, normalized to YYYY-MM-DD[ HH:MM]
    headings: int
    body_chars: int  # CJK characters in the body container (0: an empty body)
    tables: int
    attachments: list[Link]


@dataclass(slots=True)
class ReportPage:
    """A page judged to be a report, and the document (the page itself or an attachment) to parse."""

    page_url: str
    document_url: str
    title: str | None
    year: int | None
    organ: str | None
    published: str | None
    source_line: str | None
    listed_date: str | None
    page: FetchResult | None  # released (no body): ``page.read_body()``; None when recalled (not asked)
    from_attachment: bool = False
    listed_title: str | None = None  # the list entry's title, kept to tell tomorrow whether the entry changed
    remembered_sha256: str | None = None  # recalled from the state: not asked tonight (extract.net.recall)


@dataclass(frozen=True, slots=True)
class Skipped:
    url: str
    title: str | None
    reason: str


@dataclass(slots=True)
class Discovery:
    reports: list[ReportPage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failures: list[Skipped] = field(default_factory=list)  # pages that could not be fetched
    warnings: list[Skipped] = field(default_factory=list)  # pages read only in part (a list over its cap)
    pages_seen: int = 0


@dataclass(frozen=True, slots=True)
class PortalConfig:
    """The parts of a source entry discovery needs."""

    entry_urls: tuple[str, ...]
    channel_link_texts: tuple[str, ...]
    expected_organs: tuple[str, ...] = ()


# ---- page readers (pure) -------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _parse(result: FetchResult) -> tuple[LexborHTMLParser | None, str]:
    """The page's first MAX_LOOK_BYTES as a tree, or None when its markup would stall the tree builder
    (extract.readers.html_guard): such a page is then read with linear regular expressions only."""
    head = result.body[:MAX_LOOK_BYTES]
    text, _ = decode(head, result.content_type)
    if check_nesting(head) is not None:
        return None, text
    return LexborHTMLParser(text), text


def _links(tree: LexborHTMLParser, base: str) -> list[tuple[str, str, str | None]]:
    """(absolute URL, text, title attribute) of every http(s) link; other schemes are dropped here."""
    out = []
    for a in tree.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        url = urldefrag(urljoin(base, href))[0]
        if urlsplit(url).scheme not in ("http", "https"):
            continue  # mailto:, javascript:, file: … are never requested
        out.append((url, _norm(a.text(deep=True) or ""), a.attributes.get("title")))
    return out


def is_article_url(url: str) -> bool:
    name = posixpath.basename(urlsplit(url).path)
    return bool(_PAGE_EXT.search(name)) and not _INDEX_PAGE.match(name)


def is_attachment_url(url: str) -> bool:
    return bool(_ATTACHMENT.search(urlsplit(url).path))


def _folder(url: str) -> str:
    path = urlsplit(url).path
    return path if path.endswith("/") else posixpath.dirname(path) + "/"


def count_headings(text: str) -> int:
    flat = unicodedata.normalize("NFKC", text)
    return sum(1 for pattern in _HEADING_RES if pattern.search(flat))


def read_listing(result: FetchResult, channel_texts: tuple[str, ...]) -> Listing:
    tree, html = _parse(result)
    if tree is None:  # hostile markup: nothing on it is followed
        return Listing([], [], [], [], [], 0)
    base = result.final_url
    host = urlsplit(base).netloc
    folder = _folder(base)
    channels, nav, below, items, pages = [], [], [], [], []
    seen_items: set[str] = set()
    for url, text, _title_attr in _links(tree, base):
        if is_attachment_url(url):
            continue
        if is_article_url(url):
            continue  # list items are read below, with their dates
        same_host = urlsplit(url).netloc == host
        name = posixpath.basename(urlsplit(url).path)
        if _INDEX_PAGE.match(name) and name.lower().startswith("index_") and _folder(url) == folder:
            pages.append(url)
        elif any(t in text for t in channel_texts) and report_title_year(text) is None:
            channels.append(Link(url, text))
        else:
            if same_host and _folder(url).startswith(folder) and _folder(url) != folder:
                below.append(Link(url, text))
            if _NAV_TEXT.search(text) or _NAV_HREF.search(urlsplit(url).path):
                nav.append(Link(url, text))
    for li in tree.css("li"):
        a = li.css_first("a[href]")
        if a is None:
            continue
        url = urldefrag(urljoin(base, (a.attributes.get("href") or "").strip()))[0]
        if not is_article_url(url) and not is_attachment_url(url):
            continue
        title = _norm(a.attributes.get("title") or a.text(deep=True) or "")
        m = _DATE.search(_norm(li.text(deep=True) or ""))
        date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
        if url not in seen_items:
            seen_items.add(url)
            items.append(ListItem(url, title, date))
    # Article links outside <li> (tables, divs): kept with their text as title and no date.
    for url, text, title_attr in _links(tree, base):
        if (is_article_url(url) or is_attachment_url(url)) and url not in seen_items:
            seen_items.add(url)
            items.append(ListItem(url, _norm(title_attr or text), None))
    m = _CREATE_PAGE.search(html)
    if m:
        count, prefix, ext = int(m.group(1)), m.group(3), m.group(4)
        pages = [urljoin(base, f"{prefix}_{i}.{ext}") for i in range(1, count)]
    body_text = tree.body.text(separator="\n") if tree.body else ""
    return Listing(channels, nav, below, list(dict.fromkeys(pages)), items, count_headings(body_text))


def _body_node(tree: LexborHTMLParser):
    for selector in _BODY_SELECTORS:
        node = tree.css_first(selector)
        if node is not None:
            return node
    return None


def _read_article_flat(result: FetchResult, markup: str) -> Article:
    """What a page whose markup is too deep for a tree says, read with linear regular expressions: the
    parser will refuse it with its reason, so it needs only enough here to be judged and handed on."""
    text = html_to_text(markup)
    attachments: list[Link] = []
    for m in _HREF.finditer(markup):
        url = urldefrag(urljoin(result.final_url, m.group(1).strip()))[0]
        if urlsplit(url).scheme in ("http", "https") and is_attachment_url(url) and \
                url not in {a.url for a in attachments}:
            attachments.append(Link(url, _norm(html_to_text(m.group(2)))))
    published = m.group(1) if (m := _PUBLISHED.search(_norm(text))) else None
    return Article(title=_norm(html_title(markup) or "") or None, source_line=None,
                   published=re.sub(r"[/.]", "-", published) if published else None,
                   headings=count_headings(text), body_chars=len(_CJK.findall(text)),
                   tables=len(re.findall(r"<table\b", markup, re.I)), attachments=attachments)


def read_article(result: FetchResult) -> Article:
    tree, markup = _parse(result)
    if tree is None:
        return _read_article_flat(result, markup)
    meta = tree.css_first('meta[name="ArticleTitle"]')
    title = meta.attributes.get("content") if meta is not None else None
    if not title:
        for selector in ("h1", ".title", "h2", "title"):
            node = tree.css_first(selector)
            if node is not None and _norm(node.text(deep=True) or ""):
                title = node.text(deep=True)
                break
    page_text = _norm(tree.body.text(separator="\n") if tree.body else "")
    lines = (tree.body.text(separator="\n") if tree.body else "").splitlines()
    source_line = published = None
    for line in lines:
        flat = _norm(line)
        if source_line is None and (m := _SOURCE.search(flat)):
            source_line = m.group(1).strip() or None
        if published is None and (m := _PUBLISHED.search(flat)):
            published = re.sub(r"[/.]", "-", m.group(1))
    body = _body_node(tree)
    scope = body if body is not None else tree.body
    body_text = scope.text(separator="\n") if scope is not None else ""
    attachments = []
    for url, text, title_attr in _links(tree, result.final_url):
        if is_attachment_url(url) and url not in {a.url for a in attachments}:
            attachments.append(Link(url, _norm(title_attr or text)))
    return Article(
        title=_norm(title) if title else None, source_line=source_line, published=published,
        headings=count_headings(page_text),
        body_chars=len(_CJK.findall(body_text)),
        tables=len(scope.css("table")) if scope is not None else 0,
        attachments=attachments,
    )




def organ_from(title: str | None, source_line: str | None, expected: tuple[str, ...]) -> str | None:
    """The organ a title names around its year (else the 来源 line), matched to a known organ if possible.

    Titles come as "{organ}{year}年…年度报告" or "{year}年{organ}政府信息公开…"; both are seen in Guizhou.
    """
    organ = None
    if title:
        found = title_year_and_organ(title)
        organ = found[1] if found else None
    organ = organ or (source_line.strip() if source_line else None)
    if organ and expected:
        if organ in expected:
            return organ
        core = re.sub(r"人民政府$", "", organ)
        for known in expected:
            if len(core) >= 2 and core != "政府" and (known.endswith(core) or known.endswith(core + "人民政府")):
                return known
    return organ


# ---- the crawl -----------------------------------------------------------------------------------------

def _visit_key(url: str) -> str:
    """Treat ``…/x/`` and ``…/x/index.html`` as one page."""
    return re.sub(r"/index\.s?html?$", "/", url, flags=re.I)


async def discover(portal: PortalConfig, fetcher: Fetcher, *, year: int | None = None, limit: int | None = None,
                   on_page: Callable[[str, str], None] | None = None,
                   recall: Callable[[ListItem], ReportPage | None] | None = None) -> Discovery:
    """Crawl one portal and return its report pages, skipped pages and failures, in list order.

    Every page is its own task (bounded by ``discovery_workers``): a page that is slow, retried or deferred
    holds only its own slot, never a group waiting on its slowest member (issue 14). Report pages carry
    their fetch result *released* (the body stays in the raw archive, read back when parsed). ``recall``
    may stand in for an article's request (a remembered, unchanged report page: extract.net.recall).
    """
    out = Discovery()
    settings = fetcher.settings
    visited: set[str] = set()
    candidates: dict[str, ListItem] = {}  # article URL → list item (first listing wins)
    order: dict[str, tuple] = {}  # article URL → position in the crawl (list page order, then item order)
    page_results: dict[str, FetchResult] = {}  # channels that render their report: already fetched (released)
    slots = asyncio.Semaphore(max(1, settings.discovery_workers))

    async def fetch_listing(url: str, role: str, depth: int, pos: tuple) -> list[tuple[str, str, int, tuple]]:
        async with slots:
            try:
                result = await fetcher.get(url)
            except FetchError as exc:
                out.failures.append(Skipped(url, None, exc.reason))
                return []
            finally:
                if on_page:
                    on_page("list", url)
            listing = read_listing(result, portal.channel_link_texts)
        nxt: list[tuple[str, str, int]] = []
        if role == "channel" and listing.headings >= 4:
            # a single-article year channel renders its report directly (FORMAT_SPEC §5.3)
            candidates.setdefault(url, ListItem(url, "", None))
            order.setdefault(url, pos)
            page_results[url] = result.release()
        items = listing.items
        if len(items) > settings.max_links_per_list:
            fetcher.counters["discover/list-capped"] += 1
            out.warnings.append(Skipped(url, None, f"{len(items)} article links on one list page: only the first "
                                                   f"{settings.max_links_per_list} followed (max_links_per_list)"))
            items = items[:settings.max_links_per_list]
        for i, item in enumerate(items):
            candidates.setdefault(item.url, item)
            order.setdefault(item.url, (*pos, i))
        nxt += [(link.url, "channel", depth) for link in listing.channels]
        nxt += [(p, role, depth) for p in listing.pages]
        if role == "channel":
            nxt += [(link.url, "channel", depth) for link in listing.below]
        elif depth < MAX_NAV_DEPTH:
            nxt += [(link.url, "nav", depth + 1) for link in listing.nav]
        return [(u, r, d, (*pos, len(items) + k)) for k, (u, r, d) in enumerate(nxt)]

    capped: list[str] = []

    def admit(url: str) -> bool:
        key = _visit_key(url)
        if key in visited or not fetcher.allowed.allows(url):
            return False
        if len(visited) >= settings.max_list_pages:
            capped.append(url)  # accounted for below: a crawl cut short must not look like a complete one
            return False
        visited.add(key)
        return True

    async def crawl(url: str, role: str, depth: int, pos: tuple, group: asyncio.TaskGroup) -> None:
        for node in await fetch_listing(url, role, depth, pos):
            if admit(node[0]):
                group.create_task(crawl(*node, group))

    await _run_all(lambda group: [group.create_task(crawl(u, "nav", 0, (i,), group))
                                  for i, u in enumerate(portal.entry_urls) if admit(u)])
    out.pages_seen = len(visited)
    if capped:
        fetcher.counters["discover/crawl-capped"] += 1
        out.warnings.append(Skipped(capped[0], None, f"crawl stopped at {settings.max_list_pages} list pages "
                                                     f"(max_list_pages): {len(capped)} more pages not read, "
                                                     "the reports they list not found"))

    # Keep articles by title; fetch the kept ones to find body / attachment / metadata.
    kept: list[ListItem] = []
    for url, item in sorted(candidates.items(), key=lambda kv: order.get(kv[0], ())):
        if url in page_results:
            kept.append(item)
            continue
        title_year = report_title_year(item.title)
        if title_year is None:
            out.skipped.append(Skipped(url, item.title, "title names no year's 政府信息公开工作年度报告"))
        elif is_about_reports(item.title):
            out.skipped.append(Skipped(url, item.title, "title is about reports (notice/interpretation), "
                                                        "not a report"))
        elif year is not None and title_year != year:
            continue  # not asked for: neither a skip nor a failure
        else:
            kept.append(item)

    judged: dict[int, ReportPage | Skipped] = {}
    found = [0]

    async def judge(index: int, item: ListItem) -> None:
        async with slots:
            if limit is not None and found[0] >= limit:
                return  # enough reports: the rest are not fetched
            result = _recalled(item, page_results, recall) or await _judge(
                item, page_results.get(item.url), portal, fetcher, on_page)
        if isinstance(result, ReportPage) and (year is None or result.year == year):
            found[0] += 1
        judged[index] = result

    await _run_all(lambda group: [group.create_task(judge(i, item)) for i, item in enumerate(kept)])
    for index, item in enumerate(kept):  # list order, whatever order the pages arrived in
        result = judged.get(index)
        if isinstance(result, ReportPage):
            if year is None or result.year == year:
                out.reports.append(result)
        elif result is None:
            continue
        elif result.reason.startswith("fetch: "):
            out.failures.append(Skipped(item.url, item.title, result.reason[len("fetch: "):]))
        else:
            out.skipped.append(result)
    if limit is not None:
        out.reports = out.reports[:limit]
    return out


def _recalled(item: ListItem, page_results: dict[str, FetchResult],
              recall: Callable[[ListItem], ReportPage | None] | None) -> ReportPage | None:
    """The remembered page for an article not to be asked tonight (never a channel: that was fetched anyway)."""
    if recall is None or item.url in page_results:
        return None
    return recall(item)


async def _run_all(start: Callable[[asyncio.TaskGroup], object]) -> None:
    """Run the tasks ``start`` creates (and any they create) to the end; the first error that is not a page's
    own failure (a full disk, a damaged state file) cancels the rest and is raised as itself, not as a group."""
    try:
        async with asyncio.TaskGroup() as group:
            start(group)
    except BaseExceptionGroup as eg:
        first = eg.exceptions[0]
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None


async def _judge(item: ListItem, fetched: FetchResult | None, portal: PortalConfig, fetcher: Fetcher,
                 on_page: Callable[[str, str], None] | None) -> ReportPage | Skipped:
    """Fetch an article (unless already fetched as a channel) and decide what to parse, or why not."""
    if is_attachment_url(item.url):  # a list that links the report file directly
        try:
            result = await fetcher.get(item.url)
        except FetchError as exc:
            return Skipped(item.url, item.title, f"fetch: {exc.reason}")
        return ReportPage(item.url, item.url, item.title, report_title_year(item.title),
                          organ_from(item.title, None, portal.expected_organs), None, None, item.date,
                          result.release(), from_attachment=True, listed_title=item.title)
    if fetched is None:
        try:
            fetched = await fetcher.get(item.url)
        except FetchError as exc:
            return Skipped(item.url, item.title, f"fetch: {exc.reason}")
        finally:
            if on_page:
                on_page("article", item.url)
    elif not fetched.body:  # a channel page kept as a report, released after its listing was read
        fetched = dataclasses.replace(fetched, body=fetched.read_body())
    art = read_article(fetched)
    title = art.title if report_title_year(art.title) else (item.title or art.title)
    year = report_title_year(title) or report_title_year(item.title)
    if year is None:
        year = _period_year(fetched)
    if year is None and art.headings < 4:
        return Skipped(item.url, title, "page names no report year and prints no report sections")
    organ = organ_from(title, art.source_line, portal.expected_organs)
    meta = dict(title=title, year=year, organ=organ, published=art.published, source_line=art.source_line,
                listed_date=item.date, listed_title=item.title, page=fetched.release())
    has_body = art.headings >= 2 or art.tables > 0 or art.body_chars >= 200
    if has_body:
        return ReportPage(item.url, item.url, **meta)
    if art.attachments:
        best = min(art.attachments, key=lambda a: _ATTACHMENT_PREFERENCE.get(
            _ATTACHMENT.search(urlsplit(a.url).path).group(1).lower(), 9))
        return ReportPage(item.url, best.url, from_attachment=True, **meta)
    if art.body_chars > 0:
        return ReportPage(item.url, item.url, **meta)  # short free-form body: the parser decides
    return Skipped(item.url, title, "report title but empty body and no attachment")


_PERIOD = re.compile(r"统计(?:时限|期限|时间)?[^。\n]{0,10}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")


def _period_year(result: FetchResult) -> int | None:
    text, _ = decode(result.body[:MAX_LOOK_BYTES], result.content_type)
    m = _PERIOD.search(re.sub(r"<[^>]+>", "", text))
    return int(m.group(1)) if m else None
