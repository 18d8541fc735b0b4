"""``nianbao parse DIR`` reads only files with a report's extension and says what it passed over (issue 18:
the README's ``nianbao parse data/corpus/`` example exited 2 on the folder's README.md)."""

from __future__ import annotations

import json
import shutil

from common.paths import REPO, corpus_dir
from tests.conftest import run_nianbao


def test_a_folder_with_notes_and_data_files_parses_its_reports_and_lists_the_rest(tmp_path):
    folder = tmp_path / "reports"
    (folder / "expected").mkdir(parents=True)
    shutil.copy(corpus_dir() / "jinping-datongxiang-2024.txt", folder / "datong-2024.txt")
    (folder / "README.md").write_text("# 说明\n\n这些是下载的年报。\n", encoding="utf-8")
    (folder / "expected" / "cells.csv").write_text("cell,value\n", encoding="utf-8")
    (folder / "logo.svg").write_text("<svg/>", encoding="utf-8")
    run = run_nianbao("parse", str(folder), "--format", "jsonl", data=tmp_path / "data")
    assert run.returncode == 0, run.stderr
    reports = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["path"] for r in reports] == [str(folder / "datong-2024.txt")]
    skipped = run.stderr.strip()
    assert skipped.startswith("skipped 3 file(s) that are not reports:")
    for name in ("README.md", "cells.csv", "logo.svg"):
        assert name in skipped


def test_a_named_file_that_is_not_a_report_still_fails(tmp_path):
    notes = tmp_path / "README.md"
    notes.write_text("# 说明\n\n没有表格。\n", encoding="utf-8")
    run = run_nianbao("parse", str(notes), data=tmp_path / "data")
    assert run.returncode == 2 and str(notes) in run.stderr


def test_the_readme_example_is_the_folder_tested_here():
    assert "nianbao parse data/corpus/ --format jsonl" in (REPO / "README.md").read_text(encoding="utf-8")
