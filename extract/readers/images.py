"""Which images of a report page to OCR: the statistics tables some offices paste as screenshots.

The reader never fetches. The harvest asks ``table_image_urls`` which images a page needs, fetches them
with the same host rules and size caps as the page, and passes their bytes to ``read_report(images=…)``;
``nianbao parse`` does the same with files beside a local HTML file.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

MAX_IMAGES = 12  # a report has three statistics tables; screenshots split over pages stay well under this
MIN_SIDE = 120  # width/height attributes below this are icons, bullets, share buttons, not tables
_CELL = re.compile(rb"<t[dh][\s>/]", re.I)
# The wrappers before a cell's digit are bounded: unbounded, every <td> of 19,000 nested tables scanned all
# the markup after it (quadratic, ~2 minutes) before the page reached the parser's nesting check.
_VALUE_CELL = re.compile(rb"<t[dh][^>]{0,500}>(?:\s|<[^>]{0,500}>|&nbsp;){0,30}[0-9]", re.I)
# Site furniture around the article: images there are logos and QR codes, never the report's tables.
_FURNITURE = re.compile(r"logo|qrcode|erweima|share|icon|banner|footer|header|wza|jiucuo|dzjg|blank\.gif",
                        re.I)


def _article(tree):
    """The article body: the CMS's content container when there is one, else the whole body."""
    for selector in (".TRS_Editor", ".view", "#zoom", ".article-content", ".content", "article", "body"):
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.root


def _size(attrs: dict, name: str) -> int | None:
    raw = (attrs.get(name) or "").strip().lower().removesuffix("px")
    return int(raw) if raw.isdigit() else None


def has_table_cells(data: bytes) -> bool:
    """True when the page prints its statistics as HTML tables (cells holding numbers)."""
    return len(_CELL.findall(data)) >= 20 and len(_VALUE_CELL.findall(data)) >= 10


def table_image_urls(data: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the article body's images, in page order (at most MAX_IMAGES), or [] when the
    page already prints its statistics tables as HTML cells."""
    from selectolax.lexbor import LexborHTMLParser

    from extract.readers.decode import decode
    from extract.readers.html_guard import check_nesting

    if has_table_cells(data):
        return []
    if check_nesting(data) is not None:  # the tree builder would stall (outside any deadline, in the
        return []  # caller); the parser refuses the page itself, with the reason
    text, _enc = decode(data, "text/html")
    body = _article(LexborHTMLParser(text))
    urls: list[str] = []
    for img in body.css("img"):
        attrs = img.attributes
        src = (attrs.get("src") or attrs.get("data-src") or "").strip()
        if not src or src.startswith("data:") or _FURNITURE.search(src):
            continue
        w, h = _size(attrs, "width"), _size(attrs, "height")
        if (w is not None and w < MIN_SIDE) or (h is not None and h < MIN_SIDE):
            continue
        url = urljoin(base_url, src)
        if urlsplit(url).scheme not in ("http", "https", "file") or url in urls:
            continue
        urls.append(url)
        if len(urls) >= MAX_IMAGES:
            break
    return urls


MAX_EMBEDDED_BYTES = 8 * 1024 * 1024  # one decoded table screenshot; a page's images are ~100 KB each
_DATA_IMG = re.compile(r"data:image/(?:png|jpe?g|gif|bmp|webp|tiff?);base64,([A-Za-z0-9+/=\s]+)", re.I)


def embedded_images(tree) -> dict[str, bytes]:
    """The article body's images written into the page itself (``<img src="data:image/png;base64,…">``,
    as some CMS editors keep a pasted screenshot), decoded, keyed ``embedded:N`` in page order — at most
    MAX_IMAGES, each at most MAX_EMBEDDED_BYTES (a larger one is left out). ``tree`` is the page the
    reader has already parsed: the images are part of its bytes, so nothing is fetched or parsed again."""
    import base64
    import binascii

    out: dict[str, bytes] = {}
    for img in _article(tree).css("img"):
        m = _DATA_IMG.match((img.attributes.get("src") or "").strip())
        if m is None or len(m.group(1)) > MAX_EMBEDDED_BYTES * 4 // 3 + 4096:
            continue
        try:
            out[f"embedded:{len(out) + 1}"] = base64.b64decode("".join(m.group(1).split()), validate=True)
        except (binascii.Error, ValueError):
            continue  # not base64: not an image the page shows
        if len(out) >= MAX_IMAGES:
            break
    return out
