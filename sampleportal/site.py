"""Page templates of the sample portal, shaped like the Guizhou TRS site cluster (FORMAT_SPEC §5).

Every page carries the visible mark 示例数据（sample data）: a banner on every page and a note right under
each article title, so that no generated number can be mistaken for a real one.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from sampleportal.render import SAMPLE_MARK

BANNER = f'<div class="sample-banner">{SAMPLE_MARK}：本站为离线示例门户，除特别注明外，所有报告数字均为生成数据，不是真实报告。</div>'


@dataclass(frozen=True, slots=True)
class Chrome:
    """What differs between the counties' sites around the content: name, nav bar, footer."""

    site_name: str = "锦屏县人民政府（示例门户）"
    nav: tuple[tuple[str, str], ...] = (("首页", "/index.html"), ("政务公开", "/zwgk/index.html"),
                                        ("部门", "/bmxxgk/index.html"), ("互动交流", "/hdjl/index.html"))
    owner: str = "锦屏县人民政府办公室"


DEFAULT_CHROME = Chrome()

PAGE_JS = """// TRS-style pager: list pages are index.html, index_1.html, … index_{n-1}.html
function createPageHTML(pageCount, currentPage, prefix, suffix) {
  if (pageCount <= 1) return;
  var out = [];
  for (var i = 0; i < pageCount; i++) {
    var name = i == 0 ? prefix + "." + suffix : prefix + "_" + i + "." + suffix;
    out.push(i == currentPage ? "<span>" + (i + 1) + "</span>" : "<a href=\\"" + name + "\\">" + (i + 1) + "</a>");
  }
  document.write(out.join(" "));
}
"""

CSS = """.sample-banner{background:#fff3cd;color:#8a4b00;padding:6px;text-align:center;font-weight:bold}
.sample-note{color:#8a4b00}
body{font-family:"Microsoft YaHei",sans-serif;margin:0 auto;max-width:1000px}
table{border-collapse:collapse}td{border:1px solid #999;padding:2px 4px}
"""


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def page(title: str, content: str, *, breadcrumb: list[tuple[str, str]] | None = None, charset: str = "utf-8",
         meta: dict[str, str] | None = None, chrome: Chrome = DEFAULT_CHROME) -> str:
    """The site chrome around ``content``: header, nav, breadcrumb, footer and the sample banner."""
    if charset == "utf-8":
        head_charset = '<meta charset="utf-8">'
    else:
        head_charset = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    metas = "".join(f'<meta name="{k}" content="{_escape(v)}">' for k, v in (meta or {}).items())
    nav = " ".join(f'<a href="{href}">{_escape(text)}</a>' for text, href in chrome.nav)
    crumbs = ""
    if breadcrumb:
        links = " &gt; ".join(f'<a href="{href}">{_escape(text)}</a>' for text, href in breadcrumb)
        crumbs = f'<div class="position">当前位置：{links}</div>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>{head_charset}
<title>{_escape(title)}_{_escape(chrome.site_name)}</title>{metas}
<link rel="stylesheet" href="/css/site.css"><script src="/js/page.js"></script>
</head>
<body>
{BANNER}
<div class="header"><a href="/index.html">{_escape(chrome.site_name)}</a></div>
<div class="nav">{nav}</div>
{crumbs}
<div class="main">
{content}
</div>
<div class="footer">主办：{_escape(chrome.owner)}（示例） · {SAMPLE_MARK}</div>
</body>
</html>
"""


def link_list(title: str, links: list[tuple[str, str]]) -> str:
    items = "\n".join(f'<li><a href="{href}">{_escape(text)}</a></li>' for text, href in links)
    return f'<h2>{_escape(title)}</h2>\n<ul class="channel-nav">\n{items}\n</ul>'


@dataclass(slots=True)
class ListItem:
    """One entry of a channel list: link, full title (the ``title`` attribute), date."""

    href: str
    title: str
    published: dt.datetime
    order: int = 0  # lists are newest first; -1 pins an item on top (置顶), 1 sinks it to the end


def list_pages(channel_title: str, items: list[ListItem], per_page: int, breadcrumb: list[tuple[str, str]],
               chrome: Chrome = DEFAULT_CHROME) -> list[tuple[str, str]]:
    """(file name, html) for ``index.html``, ``index_1.html``, … with a ``createPageHTML`` pager call."""
    items = sorted(sorted(items, key=lambda i: (i.published, i.href), reverse=True), key=lambda i: i.order)
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    pages = []
    for index, chunk in enumerate(chunks):
        lis = "\n".join(
            f'<li><a href="{item.href}" title="{_escape(item.title)}" target="_blank">{_escape(_short(item.title))}</a>'
            f"<span>{item.published:%Y-%m-%d}</span></li>" for item in chunk
        ) or '<li class="empty">暂无信息</li>'
        body = (f'<div class="PageMainBox"><h2>{_escape(channel_title)}</h2>\n<ul class="list">\n{lis}\n</ul>\n'
                f'<div class="page"><script>createPageHTML({len(chunks)}, {index}, "index", "html");</script></div></div>')
        name = "index.html" if index == 0 else f"index_{index}.html"
        pages.append((name, page(channel_title, body, breadcrumb=breadcrumb, chrome=chrome)))
    return pages


def _short(title: str, limit: int = 30) -> str:
    """List pages cut long titles with an ellipsis; the full title stays in the ``title`` attribute."""
    return title if len(title) <= limit else title[:limit] + "…"


@dataclass(slots=True)
class ArticlePage:
    title: str
    source: str
    published: dt.datetime
    body_html: str
    breadcrumb: list[tuple[str, str]]
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (href, link text) outside the body
    charset: str = "utf-8"
    note: str = ""
    chrome: Chrome = DEFAULT_CHROME

    def render(self) -> str:
        attachments = ""
        if self.attachments:
            links = "".join(f'<li><a href="{href}">{_escape(text)}</a></li>' for href, text in self.attachments)
            attachments = f'<div class="attachment">附件：<ul>{links}</ul></div>'
        note = f"{SAMPLE_MARK}" + (f"：{_escape(self.note)}" if self.note else "")
        content = f"""<div class="article">
<h1 class="title">{_escape(self.title)}</h1>
<p class="sample-note">{note}</p>
<div class="info">来源: {_escape(self.source)} 发布时间: {self.published:%Y-%m-%d %H:%M} 字体:[]</div>
<div class="view TRS_UEDITOR trs_paper_default"><div class="TRS_Editor">
{self.body_html}
</div></div>
{attachments}
</div>"""
        meta = {"ArticleTitle": self.title, "PubDate": f"{self.published:%Y-%m-%d %H:%M}", "ContentSource": self.source}
        return page(self.title, content, breadcrumb=self.breadcrumb, charset=self.charset, meta=meta,
                    chrome=self.chrome)
