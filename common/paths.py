"""Every path nianbao uses and every ``NIANBAO_*`` variable, in one place.

| variable | default | what |
|---|---|---|
| ``NIANBAO_DATA`` | ``data/`` of the checkout; ``./data`` when installed | runtime output: warehouse, raw archive, state, exports, reports |
| ``NIANBAO_CORPUS`` | ``data/corpus`` | the real reports the tests and the sample portal's seed read |
| ``NIANBAO_STORAGE_VERSION`` | ``v1.5.0`` | DuckDB storage format of the published file (warehouse.settings) |

Read-only resources (the SQL, the spec's cell list, the source registry, the sample portal, the corpus
seed) are located from the code, never from the working directory, so that the same code runs from a
checkout and from a wheel. In a checkout they sit at the top of the repository (``sql/``, ``data/``); a
wheel carries the same tree under ``common/resources/`` (pyproject.toml's ``force-include``), so every path
below is ``RESOURCES / <the path in the repository>`` either way.

Where the output goes when installed: a wheel's folder (site-packages) is no place to write, so without
``NIANBAO_DATA`` an installed nianbao writes to ``data/`` in the current directory, as a checkout writes
to its own ``data/`` (the folder a person running ``nianbao demo`` sees and can delete).
"""

from __future__ import annotations

import os
from pathlib import Path

_CODE = Path(__file__).resolve().parent.parent  # the folder holding the packages: a checkout or site-packages
_PACKAGED = Path(__file__).resolve().parent / "resources"  # present only in an installed wheel
IN_CHECKOUT = not _PACKAGED.is_dir()
RESOURCES = _CODE if IN_CHECKOUT else _PACKAGED
REPO = _CODE if IN_CHECKOUT else None  # the checkout, when there is one (tests, benchmarks, make targets)

SQL_DIR = RESOURCES / "sql"
SPEC_DIR = RESOURCES / "data" / "spec"
CELLS_CSV = SPEC_DIR / "canonical_cells.csv"  # the canonical cells of both formats (FORMAT_SPEC §1)
SOURCES_TOML = RESOURCES / "data" / "sources.toml"
SAMPLE_PORTAL_DIR = RESOURCES / "data" / "sample_portal"
CORPUS_DIR = RESOURCES / "data" / "corpus"  # a wheel ships only the sample portal's seed report of it
TEMPLATES_DIR = _CODE / "warehouse" / "templates"  # the report page's Jinja templates (package data)


def data_dir() -> Path:
    """The runtime data folder, created if missing: ``NIANBAO_DATA`` if set, else the checkout's ``data/``,
    else (installed) ``data/`` in the current directory."""
    default = RESOURCES / "data" if IN_CHECKOUT else Path.cwd() / "data"
    path = Path(os.environ.get("NIANBAO_DATA") or default)
    path.mkdir(parents=True, exist_ok=True)
    return path


def corpus_dir() -> Path:
    """The real reports with hand-read expected cells: ``NIANBAO_CORPUS`` or ``data/corpus``."""
    return Path(os.environ.get("NIANBAO_CORPUS") or CORPUS_DIR)


def shown(path: Path | str) -> str:
    """A path as a person should read it: relative to the current directory when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
