"""Organ, year and publication date as real titles and pages print them."""

from __future__ import annotations

import pytest

from extract.readers.metadata import find_year_and_organ
from transform.pipeline import parse_document


@pytest.mark.parametrize(("title", "year", "organ"), [
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", 2019, "上海市人民政府办公厅"),
    ("大同乡人民政府2019年政府信息公开工作年度报告", 2019, "大同乡人民政府"),
    ("向社会公布2024年锦屏县大同乡人民政府信息公开工作年度报告", 2024, "锦屏县大同乡人民政府"),
    ("沐阳县人民政府 2025 年 政府信息公开工作年度报告", 2025, "沐阳县人民政府"),
    ("锦屏县教育局政府信息公开工作年度报告（2023年）", 2023, "锦屏县教育局"),
    ("锦屏县2023年政府信息公开工作年度报告", 2023, "锦屏县人民政府"),
    ("锦屏县人民政府办公室关于锦屏县2023年政府信息公开工作年度报告", 2023, "锦屏县人民政府"),
    ("二〇二三年锦屏县教育局政府信息公开工作年度报告", 2023, "锦屏县教育局"),
    ("锦屏县敦寨镇2023年度政府信息公开工作年报", 2023, "锦屏县敦寨镇"),
])
def test_title_gives_year_and_organ(title, year, organ):
    assert find_year_and_organ(title, "") == (year, organ)


def test_a_title_without_organ_takes_it_from_the_line_below_and_the_year_from_section_one():
    text = ("政府信息公开工作年度报告\n锦屏县林业局\n一、总体情况\n2023年，我局认真贯彻落实《条例》。\n"
            "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n"
            "规章 0 0 0\n五、存在的主要问题及改进情况\n无\n六、其他需要报告的事项\n无\n锦屏县林业局\n2024年1月20日\n")
    doc = parse_document(text.encode(), "r.txt").doc
    assert (doc.organ, doc.year, doc.published) == ("锦屏县林业局", 2023, "2024-01-20")


def test_a_report_without_organ_in_its_title_is_signed_at_its_end():
    text = ("2022年政府信息公开工作年度报告\n\n一、总体情况\n本年度工作情况如下。\n二、主动公开政府信息情况\n"
            "规章 0 0 0\n六、其他需要报告的事项\n无\n\n锦屏县彦洞乡人民政府\n2023年1月16日\n")
    doc = parse_document(text.encode(), "r.txt").doc
    assert (doc.organ, doc.year) == ("锦屏县彦洞乡人民政府", 2022)
