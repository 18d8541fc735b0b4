"""Subprocess side of the concurrency tests: a big load to kill, and an analyst's read-only reader.

Run as ``python tests/warehouse_worker.py load DB REPORTS TAG`` or ``… reader-held|reader-fresh DB OUT STOPFILE``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402
from warehouse_fixtures import make_report  # noqa: E402

from warehouse.loader import load_batch  # noqa: E402

CELLS = [f"T3/{r}/{c}" for r in ("1", "2", "3.1", "3.2", "3.7", "4") for c in
         ("np", "lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other", "total")]

SIGNATURE = """
SELECT (SELECT coalesce(max(load_id), 0) FROM load_ledger),
       (SELECT count(*) FROM report),
       (SELECT count(*) FROM fct_report_cell),
       (SELECT coalesce(sum(fact_count), 0) FROM report),
       (SELECT coalesce(sum(facts_written), 0) FROM load_ledger)
"""


def batch(reports: int, tag: str) -> list:
    return [make_report(f"锦屏县测试{tag}{i}镇人民政府", 2024, {c: float(i) for c in CELLS}, version=tag)
            for i in range(reports)]


def signature(conn: duckdb.DuckDBPyConnection) -> list[int]:
    return [int(v) for v in conn.execute(SIGNATURE).fetchall()[0]]


def load(db: str, reports: int, tag: str) -> None:
    result = load_batch(batch(reports, tag), db_path=db)
    print(json.dumps({"new": result.new, "facts": result.facts}))


def reader(db: str, out: str, stop: str, held: bool) -> None:
    """Record the signature seen again and again until ``stop`` exists.

    ``held``: one connection open through the whole load (an analyst's session). Otherwise a new
    connection each time (an analyst who connects now). Two processes, because DuckDB shares one
    database instance between the connections of a process: while any is open, new ones see its state.
    """
    seen = []
    conn = duckdb.connect(db, read_only=True) if held else None
    while not Path(stop).exists():
        if held:
            seen.append(signature(conn))
        else:
            fresh = duckdb.connect(db, read_only=True)
            seen.append(signature(fresh))
            fresh.close()
        time.sleep(0.01)
    Path(out).write_text(json.dumps(seen))


if __name__ == "__main__":
    if sys.argv[1] == "load":
        load(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        reader(sys.argv[2], sys.argv[3], sys.argv[4], held=sys.argv[1] == "reader-held")
