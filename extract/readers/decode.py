"""Bytes → text for HTML and text reports, in the order FORMAT_SPEC §5.5 and the issue prescribe:
BOM → HTTP header charset → ``<meta charset>`` → detector (charset-normalizer). GB2312/GBK are decoded as
GB18030, their superset, so that characters outside GB2312 that real pages use still decode.
"""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn", "hz-gb-2312"}


def canonical(encoding: str) -> str:
    enc = encoding.strip().lower()
    if enc in _GB:
        return "gb18030"
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return ""


def sniff(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (encoding, where it came from: bom | header | meta | utf-8 | detector)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, "bom"
    if content_type:
        m = _HEADER.search(content_type)
        if m and canonical(m.group(1)):
            return canonical(m.group(1)), "header"
    m = _META.search(data[:4096])
    if m and canonical(m.group(1).decode("ascii", "replace")):
        return canonical(m.group(1).decode("ascii", "replace")), "meta"
    try:
        data.decode("utf-8")
        return "utf-8", "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return "gb18030", "detector"
    return canonical(best.encoding) or "gb18030", "detector"


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode bytes; undecodable bytes become U+FFFD rather than an exception. Returns (text, encoding)."""
    enc, _ = sniff(data, content_type)
    text = data.decode(enc, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, enc
