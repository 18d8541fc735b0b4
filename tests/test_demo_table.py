"""The demo's closing township comparison (issue 18): fits 100 columns, one line per township, whole short
names (钟灵乡), Chinese headers, integer counts. Rows are built from the sample portal's MANIFEST, in the
column order of sql/queries/township_compare_latest.sql, with counts as DuckDB returns them (floats)."""

from __future__ import annotations

import csv
import io
import json
import re

from rich.cells import cell_len
from rich.console import Console

from common.paths import SAMPLE_PORTAL_DIR
from flows.demo import WIDTH, township_table, try_line

COUNTY = "锦屏县"
COLUMNS = ["organ", "year", "applications_received", "rank_in_county", "share_of_county",
           "change_from_prev_year", "proactive_total", "proactive_rank_in_county", "sample"]


def manifest_townships() -> list[dict]:
    with (SAMPLE_PORTAL_DIR / "MANIFEST.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh)
                if r["county"] == COUNTY and r["organ_level"] == "township" and r["truth"]]
    latest = max(int(r["year"]) for r in rows)
    return [r for r in rows if int(r["year"]) == latest]


def render(rows: list[list]) -> list[str]:
    console = Console(width=WIDTH, record=True, file=io.StringIO(), color_system=None)
    console.print(township_table(COLUMNS, rows, COUNTY))
    return console.export_text().rstrip("\n").splitlines()


def test_township_table_fits_100_columns_with_whole_names_and_integer_counts():
    towns = manifest_townships()
    assert len(towns) >= 10
    total = sum(json.loads(t["truth"])["T3/1/total"] for t in towns)
    rows = []
    for rank, t in enumerate(towns, 1):
        received = float(json.loads(t["truth"])["T3/1/total"])
        rows.append([t["organ"], int(t["year"]), received, rank, round(received / total, 4) if total else None,
                     -2.0, float(json.loads(t["statements"])["proactive_total"]), rank, True])
    lines = render(rows)
    assert max(cell_len(line) for line in lines) <= WIDTH, "\n".join(lines)
    header = next(line for line in lines if "乡镇" in line.split())
    assert {"收到申请", "县内排名", "较上年", "主动公开"} <= set(header.split())
    assert "示例数据" in lines[0] and towns[0]["year"] in lines[0]  # the year and the sample mark, said once
    for t, row in zip(towns, rows, strict=True):
        short = re.fullmatch(rf"{COUNTY}(\w+?[乡镇])人民政府", t["organ"]).group(1)  # 钟灵乡
        line = [ln for ln in lines if ln.split() and ln.split()[0] == short]
        assert len(line) == 1, f"{short}: {line}"  # one line per township, the name whole
        cells = line[0].split()
        assert cells[1] == str(int(row[2]))  # 3, never 3.0
        assert cells[4] == "-2" and cells[5] == str(int(row[6]))
    assert not any(re.search(r"\d\.0(?![\d%])", ln) for ln in lines)


def test_a_missing_value_is_a_dash_and_the_try_line_fits():
    lines = render([[f"{COUNTY}钟灵乡人民政府", 2025, None, None, None, None, None, None, False]])
    assert lines[-1].split()[0] == "钟灵乡" or any(ln.split()[:1] == ["钟灵乡"] for ln in lines)
    row = next(ln for ln in lines if ln.split()[:1] == ["钟灵乡"])
    assert row.split()[1:] == ["—"] * 6
    assert cell_len("try:       " + try_line()) <= WIDTH
