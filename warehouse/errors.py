"""Errors of the warehouse's read side (export, ``nianbao sql``); loads raise common.errors.LoadError."""

from __future__ import annotations

from common.errors import NianbaoError


class WarehouseMissing(NianbaoError):
    """Raised by warehouse.connect when there is no published warehouse file to open."""


class QueryError(NianbaoError):
    """Raised by warehouse.query when DuckDB refuses an analyst's SQL (syntax, unknown column…)."""


class ExportError(NianbaoError):
    """Raised by warehouse.export when an export cannot be written (bad filter, unwritable folder)."""
