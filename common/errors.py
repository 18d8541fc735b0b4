"""The few errors nianbao raises, grouped by phase (Scrapy's exceptions.py, dlt's transient marker).

Each docstring says who raises it. ``Transient`` marks what a retry may cure: retry logic checks the
type, never the message.
"""

from __future__ import annotations


class NianbaoError(Exception):
    """Root of every error nianbao raises on purpose; the CLI prints these as one line."""


class Transient:
    """Mixin: the failure may go away if the same thing is tried again later."""


class ParseError(NianbaoError):
    """Raised by readers (extract.readers.reader) when bytes cannot be read as a report at all."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotAReport(ParseError):
    """Raised by readers for readable content that is not an annual report (or is unsupported)."""


class FetchError(NianbaoError):
    """Raised by extract.net.fetch when a URL cannot be fetched (after retries, or refused by policy)."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class TransientFetchError(FetchError, Transient):
    """A fetch failure that may succeed later (5xx, 429, reset, timeout)."""


class LoadError(NianbaoError):
    """Raised by warehouse/ when a load cannot be completed; nothing of that load is kept."""
