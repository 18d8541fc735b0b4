"""``nianbao load``: local report files (the real corpus) into the warehouse, as an analyst would."""

from __future__ import annotations

import duckdb

from tests.conftest import CORPUS, read_expected
from tests.conftest import run_nianbao as nianbao


def test_the_real_corpus_loads_with_its_numbers_and_not_reports_are_named(tmp_path):
    run = nianbao("load", str(CORPUS), "--source", "corpus", "--county", "淮安市", data=tmp_path)
    assert run.returncode == 0, run.stderr  # the folder's README and expected/*.csv are passed over, named
    assert run.stderr.startswith("skipped ") and "README.md (a folder's notes)" in run.stderr
    assert "warehouse load 1:" in run.stdout
    _meta, cells = read_expected(CORPUS / "expected" / "002_huaian-shi-2024.expected.csv")
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        got = con.execute("SELECT applications_received, applications_handled FROM v_disclosure_volume "
                          "WHERE year = 2024 AND organ LIKE '%淮安市人民政府%'").fetchall()
    assert got == [(cells["T3/1/total"], cells["T3/3.7/total"])]


def test_loading_the_same_files_again_changes_nothing(tmp_path):
    doc = CORPUS / "jinping-datongxiang-2024.txt"
    first = nianbao("load", str(doc), data=tmp_path)
    second = nianbao("load", str(doc), data=tmp_path)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert ": 1 new," in first.stdout and ": 0 new, 0 revised, 0 kept as history, 1 unchanged" in second.stdout


def test_a_township_report_loaded_from_a_file_sits_in_its_county_once_however_often_it_is_loaded(tmp_path):
    doc = CORPUS / "jinping-datongxiang-2024.txt"
    for source in ("files", "files", "downloads"):
        assert nianbao("load", str(doc), "--source", source, data=tmp_path).returncode == 0
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT county, organ, level, year FROM v_report_current").fetchall() == [
            ("锦屏县", "锦屏县大同乡人民政府", "township", 2024)]
        assert con.execute("SELECT count(*), max(townships_in_county) FROM v_township_compare").fetchall() == [(1, 1)]


def test_a_report_that_cannot_be_placed_in_a_county_is_one_line_and_not_loaded(tmp_path):
    run = nianbao("load", str(CORPUS / "001_shanghai-bangongting-2019.html"), data=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == (f"Error: {CORPUS / '001_shanghai-bangongting-2019.html'}: cannot place "
                                  "上海市人民政府办公厅 in a county of data/sources.toml; name it with --county")
