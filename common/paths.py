"""Every path nianbao uses and every ``NIANBAO_*`` variable, in one place.

| variable | default | what |
|---|---|---|
| ``NIANBAO_DATA`` | ``data/`` of the project | runtime output: warehouse, raw archive, state, exports, reports |
| ``NIANBAO_CORPUS`` | ``data/corpus`` | the real reports the tests and the sample portal's seed read |
| ``NIANBAO_STORAGE_VERSION`` | ``v1.5.0`` | DuckDB storage format of the published file (warehouse.settings) |

Read-only resources (the SQL, the spec's cell list, the corpus, the sample portal) are located from the
package, never from the working directory, so that the same code runs from a checkout and from a wheel.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent  # the project root (a checkout, or site-packages for a wheel)
SQL_DIR = REPO / "sql"
SPEC_DIR = REPO / "data" / "spec"
CELLS_CSV = SPEC_DIR / "canonical_cells.csv"  # the canonical cells of both formats (FORMAT_SPEC §1)
SOURCES_TOML = REPO / "data" / "sources.toml"
SAMPLE_PORTAL_DIR = REPO / "data" / "sample_portal"


def data_dir() -> Path:
    """The runtime data folder: ``NIANBAO_DATA`` if set, else ``data/`` of the project; created if missing."""
    path = Path(os.environ.get("NIANBAO_DATA") or REPO / "data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def corpus_dir() -> Path:
    """The real reports with hand-read expected cells: ``NIANBAO_CORPUS`` or ``data/corpus``."""
    return Path(os.environ.get("NIANBAO_CORPUS") or REPO / "data" / "corpus")
