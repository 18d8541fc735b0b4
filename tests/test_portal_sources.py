"""The source registry: every entry valid, the sample portal marked as sample, errors that name the entry."""

from __future__ import annotations

import pytest

from extract.net.sources import SourceConfigError, get_source, load_sources


def test_registry_has_the_real_county_and_the_sample_portal():
    sources = {s.name: s for s in load_sources()}
    jinping, sample = sources["jinping"], sources["sample"]
    assert jinping.adcode == "522628" and jinping.base_url == "https://www.jinping.gov.cn" and not jinping.sample
    assert len([o for o in jinping.expected_organs if o.endswith(("镇人民政府", "乡人民政府"))]) == 15
    assert sample.sample is True and "锦屏县大同乡人民政府" in sample.expected_organs


def test_sample_source_can_move_to_the_port_the_server_got():
    moved = get_source("sample").with_base_url("http://127.0.0.1:40123/")
    assert moved.base_url == "http://127.0.0.1:40123" and moved.allowed_hosts == ("127.0.0.1",)
    assert moved.entry_urls()[0] == "http://127.0.0.1:40123/index.html"


def test_missing_key_error_names_the_key_and_the_entry(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nname = "x"\ncounty = "y"\n', encoding="utf-8")
    with pytest.raises(SourceConfigError, match=r"source #1 \(x\): missing key 'province'"):
        load_sources(path)


def test_unknown_source_name_lists_the_known_ones():
    with pytest.raises(SourceConfigError, match="known: jinping, sample, sample-jianhe, sample-xingren"):
        get_source("nope")


def test_every_sample_county_has_its_own_source_port_and_site():
    from sampleportal.counties import COUNTIES
    from sampleportal.server import county_root

    sources = {s.name: s for s in load_sources() if s.sample}
    assert set(sources) == {c.source for c in COUNTIES} and len(COUNTIES) == 3
    assert len({s.base_url for s in sources.values()}) == 3 and len({s.county for s in sources.values()}) == 3
    for county in COUNTIES:
        source = sources[county.source]
        assert source.county == county.name and all((county_root(county.source) / p.lstrip("/")).is_file()
                                                    for p in source.entry_pages)
        assert f"{county.name}人民政府" in source.expected_organs
