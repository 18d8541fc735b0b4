"""The source registry (``data/sources.toml``): one entry per portal, validated when loaded.

Entries are configuration, not code: every portal of the Guizhou cluster shares one adapter, so a new
county is a new ``[[source]]``. Loading fails with one line naming the entry and the missing or wrong key
(kingfisher-collect's habit), so a typo never surfaces later as a half-run harvest. ``tomllib`` (stdlib)
reads the file; no extra library is needed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from common.errors import NianbaoError
from common.paths import SOURCES_TOML

DEFAULT_PATH = SOURCES_TOML
ORGAN_LEVELS = ("county_gov", "department", "township")


class SourceConfigError(NianbaoError):
    """Raised by load_sources when sources.toml is missing, unreadable or has an invalid entry."""


@dataclass(frozen=True, slots=True)
class Source:
    """One portal: where to start, which link texts lead to 年报 channels, and how politely to crawl."""

    name: str
    county: str
    province: str
    adcode: str
    base_url: str
    entry_pages: tuple[str, ...]
    channel_link_texts: tuple[str, ...]
    allowed_hosts: tuple[str, ...]
    per_host_concurrency: int
    delay_seconds: float
    expected_organs: tuple[str, ...]
    sample: bool
    organ_levels: dict[str, str] = field(default_factory=dict)

    def entry_urls(self) -> list[str]:
        return [self.base_url.rstrip("/") + "/" + page.lstrip("/") for page in self.entry_pages]

    def with_base_url(self, base_url: str) -> Source:
        """The same source on another host/port (the sample portal runs on whatever port is free)."""
        host = urlsplit(base_url).hostname
        if not host:
            raise SourceConfigError(f"source {self.name!r}: base_url {base_url!r} has no host")
        return replace(self, base_url=base_url.rstrip("/"), allowed_hosts=(host,))


_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "name": str, "county": str, "province": str, "adcode": str, "base_url": str, "entry_pages": list,
    "channel_link_texts": list, "allowed_hosts": list, "per_host_concurrency": int,
    "delay_seconds": (int, float), "expected_organs": list, "sample": bool,
}


def _validate(entry: dict, index: int, path: Path) -> Source:
    label = f"{path}: source #{index + 1} ({entry.get('name', '?')})"
    for key, kind in _REQUIRED.items():
        if key not in entry:
            raise SourceConfigError(f"{label}: missing key {key!r}")
        if not isinstance(entry[key], kind) or (kind is int and isinstance(entry[key], bool)):
            raise SourceConfigError(f"{label}: key {key!r} has the wrong type ({type(entry[key]).__name__})")
    parts = urlsplit(entry["base_url"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceConfigError(f"{label}: base_url {entry['base_url']!r} is not an http(s) URL")
    if entry["per_host_concurrency"] < 1 or entry["delay_seconds"] < 0:
        raise SourceConfigError(f"{label}: per_host_concurrency must be ≥ 1 and delay_seconds ≥ 0")
    if not entry["entry_pages"] or not entry["allowed_hosts"]:
        raise SourceConfigError(f"{label}: entry_pages and allowed_hosts may not be empty")
    levels = entry.get("organ_levels", {})
    bad = {organ: level for organ, level in levels.items() if level not in ORGAN_LEVELS}
    if bad:
        raise SourceConfigError(f"{label}: organ_levels has unknown levels {bad} (allowed: {ORGAN_LEVELS})")
    unknown = set(entry) - set(_REQUIRED) - {"organ_levels"}
    if unknown:
        raise SourceConfigError(f"{label}: unknown keys {sorted(unknown)}")
    return Source(
        name=entry["name"], county=entry["county"], province=entry["province"], adcode=entry["adcode"],
        base_url=entry["base_url"].rstrip("/"), entry_pages=tuple(entry["entry_pages"]),
        channel_link_texts=tuple(entry["channel_link_texts"]), allowed_hosts=tuple(entry["allowed_hosts"]),
        per_host_concurrency=entry["per_host_concurrency"], delay_seconds=float(entry["delay_seconds"]),
        expected_organs=tuple(entry["expected_organs"]), sample=entry["sample"], organ_levels=dict(levels),
    )


def load_sources(path: Path | str | None = None) -> list[Source]:
    """Read and validate every ``[[source]]`` of the registry (default: the repository's data/sources.toml)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceConfigError(f"{path}: source registry not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError(f"{path}: not valid TOML ({exc})") from None
    entries = config.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourceConfigError(f"{path}: no [[source]] entries")
    sources = [_validate(entry, i, path) for i, entry in enumerate(entries)]
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SourceConfigError(f"{path}: duplicate source names {duplicates}")
    return sources


def get_source(name: str, path: Path | str | None = None) -> Source:
    """The entry called ``name``; the error lists the names that exist."""
    sources = load_sources(path)
    for source in sources:
        if source.name == name:
            return source
    raise SourceConfigError(f"no source named {name!r} (known: {', '.join(s.name for s in sources)})")
