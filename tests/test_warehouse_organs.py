"""Organ identity: spellings of one organ meet, different organs stay apart, levels read from the name."""

from __future__ import annotations

import pytest

from warehouse.organs import normalize_organ, organ_level


@pytest.mark.parametrize(("printed", "county"), [
    ("洪泽区人民政府", None), ("淮安市洪泽区人民政府", None), ("江苏省淮安市洪泽区人民政府", None),
    ("洪泽区 人民政府", None), ("洪泽区人民政府", "洪泽区"),
])
def test_prefixed_spellings_of_a_county_government_are_one_organ(printed: str, county: str | None) -> None:
    assert normalize_organ(printed, county) == "洪泽区人民政府"


@pytest.mark.parametrize("printed", ["大同乡人民政府", "锦屏县大同乡人民政府", "黔东南州锦屏县大同乡人民政府",
                                     "贵州省黔东南苗族侗族自治州锦屏县大同乡人民政府", "锦屏县　大同乡人民政府"])
def test_a_township_printed_with_or_without_its_county_is_one_organ(printed: str) -> None:
    assert normalize_organ(printed, "锦屏县") == "锦屏县大同乡人民政府"


@pytest.mark.parametrize(("a", "b"), [
    ("淮安市人民政府", "洪泽区人民政府"),  # a city government is not its district's
    ("淮安市人民政府", "人民政府"),
    ("锦屏县人民政府", "锦屏县人民政府办公室"),
    ("淮安市城市管理局", "城市管理局"),  # 城市 is not a place
    ("淮安市市场监督管理局", "市场监督管理局"),
    ("黔东南州人民政府", "锦屏县人民政府"),
])
def test_different_organs_are_never_merged(a: str, b: str) -> None:
    assert normalize_organ(a, "锦屏县") != normalize_organ(b, "锦屏县")
    assert normalize_organ(a) != normalize_organ(b)


def test_a_department_named_after_the_county_gets_the_county_name() -> None:
    assert normalize_organ("县教育局", "锦屏县") == "锦屏县教育局"


@pytest.mark.parametrize(("name", "level"), [
    ("锦屏县大同乡人民政府", "township"), ("锦屏县三江镇人民政府", "township"), ("某某街道办事处", "township"),
    ("锦屏县人民政府", "county_gov"), ("锦屏县人民政府办公室", "county_gov"), ("淮安市人民政府", "county_gov"),
    ("锦屏县教育局", "department"), ("锦屏县发展和改革委员会", "department"),
    ('=HYPERLINK("http://x","y")', "other"),
])
def test_the_level_is_read_from_the_name(name: str, level: str) -> None:
    assert organ_level(name) == level
