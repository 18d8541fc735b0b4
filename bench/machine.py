"""The machine a result was measured on: figures mean little without it."""

from __future__ import annotations

import os
import platform
from datetime import datetime
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def describe() -> dict[str, str]:
    return {"date": datetime.now().astimezone().isoformat(timespec="seconds"), "cpus": str(os.cpu_count()),
            "cpu": _cpu_model(), "memory": f"{_memory_gb():.1f} GB",
            "python": platform.python_version(), "os": f"{platform.system()} {platform.release()}"}
