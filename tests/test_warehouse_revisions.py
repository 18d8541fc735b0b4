"""Which revision is current: the newest publication with the report's substance, never the load order
(issue 13). Each case is a real trap seen on county portals."""

from __future__ import annotations

from datetime import date
from itertools import permutations
from pathlib import Path

import duckdb
from warehouse_fixtures import make_report

from warehouse.loader import load_batch

CELLS_ORIGINAL = {"T3/1/total": 5.0, "T3/3.7/total": 6.0}  # unbalanced: the original's R3.BAL error
CELLS_CORRECTED = {"T3/1/total": 5.0, "T3/3.7/total": 5.0}


def original():
    r = make_report("锦屏县财政局", 2022, CELLS_ORIGINAL, version="t20230116_1", published=date(2023, 1, 16))
    r.url = "http://portal.test/bmxxgk/czj/zfxxgknb/202301/t20230116_1.html"
    return r


def correction():
    r = make_report("锦屏县财政局", 2022, CELLS_CORRECTED, version="t20230211_2", published=date(2023, 2, 11))
    r.url = "http://portal.test/bmxxgk/czj/zfxxgknb/202302/t20230211_2.html"
    r.title = "锦屏县财政局2022年政府信息公开工作年度报告（更正）"
    return r


def title_only():
    r = make_report("锦屏县财政局", 2022, {}, version="maint", published=date(2023, 3, 1), parse_status="not_a_report")
    r.url = "http://portal.test/bmxxgk/czj/zfxxgknb/202303/t20230301_3.html"
    return r


def _current(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT url, fact_count FROM v_report_current").fetchall()


def test_a_correction_listed_above_its_original_stays_current_in_one_batch(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    result = load_batch([correction(), original()], db_path=db)  # lists put the newest item first
    assert _current(db) == [(correction().url, 2)]
    assert [a for a, _ in result.actions] == ["new", "superseded"]
    assert (result.new, result.superseded) == (1, 1)


def test_any_page_order_and_any_split_into_loads_gives_the_same_current_report(tmp_path: Path):
    for i, order in enumerate(permutations([original, correction, title_only])):
        db = tmp_path / f"w{i}.duckdb"
        load_batch([f() for f in order], db_path=db)
        assert _current(db) == [(correction().url, 2)], order
        db2 = tmp_path / f"split{i}.duckdb"
        for f in order:
            load_batch([f()], db_path=db2)
        assert _current(db2) == [(correction().url, 2)], order


def test_an_original_met_again_after_its_correction_is_unchanged_history(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([original(), correction()], db_path=db)
    again = load_batch([original(), correction()], db_path=db)
    assert [a for a, _ in again.actions] == ["unchanged", "unchanged"]
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM report").fetchall() == [(2,)]
    assert _current(db) == [(correction().url, 2)]


def test_a_title_only_page_never_shadows_a_report_with_tables(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    load_batch([original()], db_path=db)
    later = load_batch([title_only()], db_path=db)  # published later, but carries nothing
    assert [a for a, _ in later.actions] == ["superseded"]
    assert _current(db) == [(original().url, 2)]


def test_the_same_report_twice_in_one_batch_is_loaded_once(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    result = load_batch([original(), original()], db_path=db)
    assert [a for a, _ in result.actions] == ["new", "duplicate"]
