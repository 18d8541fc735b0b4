"""Load benchmark: facts/s into DuckDB from Arrow vs row-by-row executemany.

Calls the warehouse engineer's bench/bench_load.py (same SQL the loader runs) rather than re-implementing
it, so the runner and the standalone script cannot disagree.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(slots=True)
class LoadBench:
    facts: int
    arrow_rate: float
    baseline_rows: int
    rows_rate: float


def load_benchmark(facts: int = 2_000_000, baseline_rows: int = 20_000) -> LoadBench:
    from bench.bench_load import bench_arrow, bench_rows, fact_rows

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "rows").mkdir()
        frame = fact_rows(facts)
        arrow = bench_arrow(frame, tmp)
        rows = bench_rows(frame.head(baseline_rows), tmp)
    return LoadBench(facts, arrow, baseline_rows, rows)
