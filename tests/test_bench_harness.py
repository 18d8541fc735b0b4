"""The benchmark's own harness: the scaled portal it harvests, and that a failed phase cannot pass (issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.__main__ import _exit
from bench.bigportal import _ScaledProvince, build_scaled_site
from bench.pipeline import Phase, Scale
from bench.report import Results, write_markdown
from common.paths import SAMPLE_PORTAL_DIR
from sampleportal.derived import DerivedFiles

MACHINE = {"date": "2026-06-01", "cpus": "2", "cpu": "test", "memory": "1 GB", "os": "Linux", "python": "3.11"}


def test_scaled_portal_has_exactly_n_html_reports_under_township_subsites():
    host, manifest = build_scaled_site(40)
    reports = [r for r in manifest if r.delivery == "html"]
    assert len(reports) == 40
    assert all(r.url_path in host.files for r in reports)
    townships = {r.organ for r in reports if r.organ_level == "township"}
    assert len(townships) == 4  # 40 = 8 county versions (2023 corrected) + 7 department + 25 in 4 townships
    assert all(r.url_path.startswith("/xzjdbsc/") for r in reports if r.organ_level == "township")
    # each township's list is paginated like the committed portal's (8 a page: 7 reports + 2 news → 2 pages)
    first = sorted(townships)[0]
    slug = next(r.url_path for r in reports if r.organ == first).split("/")[2]
    pages = [p for p in host.files if p.startswith(f"/xzjdbsc/{slug}/zfxxgk/zfxxgknb/index")]
    assert sorted(pages) == [f"/xzjdbsc/{slug}/zfxxgk/zfxxgknb/index.html", f"/xzjdbsc/{slug}/zfxxgk/zfxxgknb/index_1.html"]


def test_scaled_portal_ids_stay_unique_and_rise_with_the_date_past_the_generators_budget():
    prov = _ScaledProvince({}, DerivedFiles(SAMPLE_PORTAL_DIR))
    days = [dt.datetime(2025, 1, 5 + d, 9, 0) for d in range(3)]
    ids = [(day, prov.docid(day)) for day in days for _ in range(3_000)]  # 9,000 > gen.MAX_SEQ articles in all
    assert len({i for _, i in ids}) == len(ids)
    assert [day for day, _ in sorted(ids, key=lambda x: x[1])] == sorted(day for day, _ in ids)
    assert all(len(str(i)) == 8 for _, i in ids)  # TRS-style 8-digit ids, as on the real cluster


def test_a_failed_phase_is_written_as_failed_and_the_run_exits_1(tmp_path, capsys):
    scale = Scale(1000, 0.0, {"cold": Phase("cold", error="exit 1: ImportError: no module named x"),
                              "warm": Phase("warm", error="not run: an earlier phase failed")})
    results = Results(machine=MACHINE, scales=[scale])
    results.failures.append("load benchmark: OSError: disk full")
    out = tmp_path / "RESULTS.md"
    write_markdown(results, out)
    text = out.read_text(encoding="utf-8")
    assert "| pipeline 1,000 | cold (Mon) | FAILED: exit 1: ImportError: no module named x | runs | FAILED |" in text
    assert "## FAILED" in text and "- load benchmark: OSError: disk full" in text
    with pytest.raises(SystemExit) as exit_:
        _exit(results)
    assert exit_.value.code == 1
    assert "bench FAILED: pipeline 1,000 cold: exit 1: ImportError" in capsys.readouterr().err


def test_a_clean_run_has_no_failed_section_and_does_not_exit():
    phase = Phase("cold", wall_s=10.0, parsed=1000, facts_loaded=5)
    results = Results(machine=MACHINE, scales=[Scale(1000, 0.0, {"cold": phase})])
    assert results.failed() == []
    _exit(results)  # returns: nothing failed


def test_separately_written_sections_keep_each_other(tmp_path):
    """bench/cli_parse.py and bench/ocr_speed.py each rewrite only their own section of RESULTS.md, and
    make bench's rewrite of the main table keeps both."""
    from bench.cli_parse import MARK as CLI
    from bench.cli_parse import kept_section, replace_section
    from bench.ocr_speed import MARK as OCR

    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\nmain table\n", encoding="utf-8")
    replace_section(path, CLI, f"{CLI}\n\ncli v1\n")
    replace_section(path, OCR, f"{OCR}\n\nocr v1\n")
    replace_section(path, CLI, f"{CLI}\n\ncli v2\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\nmain table\n")
    assert "cli v1" not in text and text.count(CLI) == 1 and text.count(OCR) == 1
    assert kept_section(path).split(OCR)[0].strip().endswith("cli v2") and kept_section(path).rstrip().endswith("ocr v1")
