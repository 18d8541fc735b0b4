"""Report titles as real portals print them: one set of rules for discovery and for the readers (issue 13).

Every expectation here was read off the title by hand.
"""

from __future__ import annotations

import pytest

from common.paths import corpus_dir
from extract.net.discover import organ_from
from extract.readers.metadata import find_year_and_organ
from extract.titles import is_correction, report_title_year, title_year_and_organ

TITLES = [
    # (title, year, organ)
    ("锦屏县大同乡人民政府二○二四年政府信息公开工作年度报告", 2024, "锦屏县大同乡人民政府"),
    ("锦屏县大同乡人民政府二〇二四年政府信息公开工作年度报告", 2024, "锦屏县大同乡人民政府"),
    ("锦屏县大同乡人民政府二零二四年政府信息公开工作年度报告", 2024, "锦屏县大同乡人民政府"),
    ("锦屏县大同乡人民政府２０２４年政府信息公开工作年度报告", 2024, "锦屏县大同乡人民政府"),
    ("2024年锦屏县大同乡人民政府信息公开工作年度报告", 2024, "锦屏县大同乡人民政府"),
    ("大山镇2024年政府信息公开工作年度报告", 2024, "大山镇"),
    ("黔东南州人民政府(州政府办公室)2024年政府信息公开工作年度报告", 2024, "黔东南州人民政府"),
    ("黔东南州人民政府（州政府办公室）2024年政府信息公开工作年度报告", 2024, "黔东南州人民政府"),
    ("锦屏县敦寨镇2023年度政府信息公开工作年报", 2023, "锦屏县敦寨镇"),
    ("锦屏县教育局政府信息公开工作年度报告（2023年）", 2023, "锦屏县教育局"),
    ("锦屏县2023年政府信息公开工作年度报告", 2023, "锦屏县人民政府"),
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", 2019, "上海市人民政府办公厅"),
    ("淮安市人民政府2024年政府信息公开工作年度报告", 2024, "淮安市人民政府"),
    ("沭阳县人民政府2025年政府信息公开工作年度报告", 2025, "沭阳县人民政府"),
    ("锦屏县财政局2022年政府信息公开工作年度报告（更正）", 2022, "锦屏县财政局"),
]


@pytest.mark.parametrize(("title", "year", "organ"), TITLES)
def test_discovery_and_metadata_read_the_same_year_and_organ(title, year, organ):
    assert report_title_year(title) == year
    assert title_year_and_organ(title) == (year, organ)
    assert find_year_and_organ(title, "") == (year, organ)
    assert organ_from(title, None, ()) == organ


@pytest.mark.parametrize("title", [
    "关于做好2024年政府信息公开工作年度报告编制工作的通知",  # names a report, is a notice: discovery skips it by
    "政府信息公开指南",                                      # is_about_reports; no year
    "锦屏县2024年政府工作报告",
])
def test_titles_that_name_no_report_year(title):
    if "通知" in title:
        from extract.titles import is_about_reports
        assert is_about_reports(title)
    else:
        assert report_title_year(title) is None


@pytest.mark.parametrize(("title", "marked"), [
    ("锦屏县财政局2022年政府信息公开工作年度报告（更正）", True),
    ("锦屏县财政局2022年政府信息公开工作年度报告（更正版）", True),
    ("关于锦屏县财政局2022年政府信息公开工作年度报告的修订说明", True),
    ("锦屏县财政局2022年政府信息公开工作年度报告（重新发布）", True),
    ("锦屏县财政局2022年政府信息公开工作年度报告", False),
])
def test_correction_markers(title, marked):
    assert is_correction(title) is marked


def _corpus_titles():
    from tests.conftest import read_expected
    for path in sorted((corpus_dir() / "expected").glob("*.expected.csv")):
        meta, _ = read_expected(path)
        yield path.name.removesuffix(".expected.csv"), int(meta["year"]), meta["organ"]


@pytest.mark.parametrize(("name", "year", "organ"), list(_corpus_titles()))
def test_every_corpus_report_title_is_recognised(name, year, organ):
    from transform.pipeline import parse_document
    path = next(p for p in corpus_dir().iterdir() if p.stem == name)
    doc = parse_document(path.read_bytes(), path.name).doc
    if doc.title:  # the 大同乡 text prints no title line: its year and organ come from the opening sentence
        assert report_title_year(doc.title) == year, doc.title
    assert (doc.year, doc.organ) == (year, organ)
