"""Where runtime output goes: ``data/`` in the repository unless ``NIANBAO_DATA`` names another folder."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    path = Path(os.environ.get("NIANBAO_DATA") or REPO / "data")
    path.mkdir(parents=True, exist_ok=True)
    return path
