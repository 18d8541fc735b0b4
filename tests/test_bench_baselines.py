"""The benchmark's yardsticks must themselves be right: scoring, the analyst baseline, the scaled portal."""

from __future__ import annotations

from bench.baseline import detect_format, lookup, pandas_html
from bench.bigportal import build_scaled_site
from bench.inputs import html_cases
from bench.parse_speed import score


def test_score_counts_a_printed_blank_only_when_it_comes_back_blank():
    truth = {"a": None, "b": 0.0, "c": 3.0}
    assert score({"a": None, "b": 0.0, "c": 3.0}, truth) == (3, 3)
    assert score({"a": 0.0, "b": None}, truth) == (0, 3)


def test_label_lookup_places_numbers_by_position_after_the_row_label():
    rows = [["三、本年度办理结果", "（一）予以公开", "1", "2", "", "0", "0", "0", "3"]]
    got = lookup(rows, "F2021")
    assert got["T3/3.1/np"] == 1.0 and got["T3/3.1/lp_biz"] == 2.0 and got["T3/3.1/total"] == 3.0
    assert got["T3/3.1/lp_research"] is None  # printed blank stays blank


def test_format_is_picked_from_header_words_not_the_year():
    assert detect_format("信息内容 本年制发件数 本年废止件数") == "F2021"
    assert detect_format("信息内容 本年新制作数量 本年新公开数量") == "F2019"


def test_pandas_baseline_reads_most_cells_of_the_real_shanghai_page():
    case = html_cases(0)[0]
    right, total = score(pandas_html(case.data), case.truth)
    assert total > 150 and right / total > 0.7  # a fair baseline, not a straw man


def test_scaled_portal_publishes_exactly_the_reports_asked_for():
    _host, manifest = build_scaled_site(40)
    reports = [r for r in manifest if r.delivery not in ("missing", "dead_link")]
    assert len(reports) == 40
    assert len({r.url_path for r in reports}) == 40
