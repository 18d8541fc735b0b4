"""A sample county scaled to N reports, for the pipeline benchmark (written under bench/_work/, git-ignored).

Why here and not a flag on ``sampleportal.generate``: the committed ``data/sample_portal`` must stay
byte-identical, and the generator belongs to the portal engineer. This module reuses the generator's own
building blocks (``Province``/``Host``, the site's nav pages and channels, report rendering and publishing,
news, list pagination, MANIFEST) and only swaps the county: one 剑河县-like county (``subsites`` layout, the
one the old bench portal had: ``/xzjdbsc/{slug}_{id}/zfxxgk/zfxxgknb/``) whose county government and one department are joined
by as many generated 乡镇 as it takes, each publishing 2019–2025 as HTML. So a scaled portal has the same
page shapes, list pagination and report markup as the committed one — the harvest does the same work per
report, just more of it. It is harvested as the ``sample-jianhe`` source (its entry pages fit this layout).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from common.paths import SAMPLE_PORTAL_DIR
from sampleportal import generate as gen
from sampleportal.counties import JIANHE, County
from sampleportal.derived import DerivedFiles
from sampleportal.numbers import OrganState
from sampleportal.render import Style
from sampleportal.site import list_pages

SOURCE = JIANHE.source  # the [[source]] whose entry pages (/xzjdbsc/index.html …) fit the subsites layout
YEARS = range(2019, 2026)
# One department, so that the nav's 部门 page (an entry page of the source) exists, as on the real site.
DEPARTMENTS = JIANHE.departments[:1]  # 民政局: no trap is keyed on it
NEWS_PER_TOWNSHIP = 2  # as the old bench portal: ~1.4 requests per report on a cold night
# Characters for made-up township names: 2 of them + 镇/乡 gives thousands of distinct, plausible names,
# none of them a name the generator's traps (gen.LATE, gen.CORRECTED, …) are keyed on.
_NAME_CHARS = "安宝长春大德东丰福和河华黄金锦兰乐林龙茂梅南平坪青清庆仁三山石双松太天铜万文西溪新兴阳永云中竹"
VERSION = "3"  # bump when the layout changes, so a cached portal is rebuilt


@dataclass(slots=True)
class _ScaledProvince(gen.Province):
    """The generator's Province, with article ids that stay unique past its 8,000-article budget.

    The generator numbers articles with one running number below a day's id step (gen.MAX_SEQ); 10,000
    reports plus news exceed it. A running number per day keeps ids rising with the date (FORMAT_SPEC §5.1)
    as long as one day holds fewer than ~8,000 articles, which a scaled county's publishing dates do.
    """

    per_day: dict[dt.date, int] = field(default_factory=dict)

    def docid(self, when: dt.datetime) -> int:
        day = when.date()
        self.per_day[day] = seq = self.per_day.get(day, 0) + 1
        assert seq < gen.MAX_SEQ, f"too many articles on {day} for the docid scheme"
        for (d0, v0), (d1, v1) in zip(gen.DOCID_ANCHORS, gen.DOCID_ANCHORS[1:], strict=False):
            if d0 <= day <= d1:
                return v0 + (v1 - v0) * (day - d0).days // (d1 - d0).days + seq
        raise AssertionError(f"no docid anchor around {day}")


def _township_names(count: int) -> list[tuple[str, str, int]]:
    names: list[tuple[str, str, int]] = []
    for i in range(count):
        a, b = divmod(i, len(_NAME_CHARS))
        a, c = divmod(a, len(_NAME_CHARS))
        short = _NAME_CHARS[c] + _NAME_CHARS[b] + (f"{a + 1}" if a else "") + ("镇" if i % 3 else "乡")
        names.append((short, f"b{i:05d}", 6_100_000 + 7 * i))
    return names


def scaled_county(n_reports: int) -> County:
    """剑河县's layout and year-channel names, 2019–2025, with enough townships for ``n_reports``."""
    per_organ = len(YEARS)
    towns = max(1, -(-(n_reports - per_organ * (1 + len(DEPARTMENTS))) // per_organ))
    channels = dict(JIANHE.year_channels) | {2019: "2019", 2020: "2020"}
    return County(source=SOURCE, name=JIANHE.name, folder=f"scaled_{n_reports}", layout="subsites",
                  column=JIANHE.column, year_channels=dict(sorted(channels.items())),
                  townships=tuple(_township_names(towns)), departments=DEPARTMENTS, years=YEARS, dept_years=YEARS,
                  office=JIANHE.office)


def _organs(county: County) -> list[gen.Organ]:
    organs = [gen.Organ(county, f"{county.name}人民政府", "人民政府", "county_gov", "", 0, "",
                        Style(list_headings=True))]
    for i, (short, slug, channel_id) in enumerate(county.townships):
        # the template habits spread over the townships, as in the committed portal
        style = Style(split=i % 4 == 1, halfwidth=i % 4 == 2, list_headings=i % 4 == 3, word=i % 5 == 0)
        organs.append(gen.Organ(county, county.organ_name(short), short, "township", slug, channel_id,
                                f"/xzjdbsc/{slug}_{channel_id}/index.html", style))
    for short, slug, channel_id, fee in county.departments:  # after the county, before the townships
        organs.insert(1, gen.Organ(county, f"{county.name}{short}", short, "department", slug, channel_id,
                                   f"/bmxxgk/{slug}_{channel_id}/index.html", Style(), dept_fee=fee))
    return organs


def build_scaled_site(n_reports: int, seed: int = gen.SEED) -> tuple[gen.Host, list[gen.ManifestRow]]:
    """One county site with exactly ``n_reports`` report versions (the last township publishes fewer years)."""
    county = scaled_county(n_reports)
    host = gen.Host(county, gen._chrome(county))
    prov = _ScaledProvince({county.source: host}, DerivedFiles(SAMPLE_PORTAL_DIR))  # read-only: no binaries here
    organs = _organs(county)
    gen._site(prov, county, organs)
    gen._notice(prov, county, max(county.years) - 1)
    made = 0
    for organ in organs:
        rng = random.Random(f"{seed}:{organ.name}")
        state = OrganState()
        for year in county.years:
            if made >= n_reports:
                break
            before = len(prov.manifest)
            gen._report(prov, organ, year, rng, state)
            made += len(prov.manifest) - before
        if organ.home:
            gen._news(prov, organ, gen._own_channel(organ), rng, NEWS_PER_TOWNSHIP)
        if made >= n_reports:
            break
    for channel, items in host.lists.items():
        for name, html_text in list_pages(host.list_titles[channel], items, gen.PER_PAGE, host.crumbs[channel],
                                          host.chrome):
            host.put(channel + name, html_text)
    return host, prov.manifest


def scaled_portal(n_reports: int, work: Path) -> tuple[Path, float]:
    """The portal folder for ``n_reports`` (built once, then reused) and the seconds spent building it now."""
    root = work / f"portal_{n_reports}"
    stamp = root / "BENCH_PORTAL.json"
    if stamp.is_file() and json.loads(stamp.read_text()).get("version") == VERSION:
        return root, 0.0
    t0 = time.perf_counter()
    host, manifest = build_scaled_site(n_reports)
    if root.exists():
        shutil.rmtree(root)
    files = dict(host.files)
    files["/MANIFEST.csv"] = gen._manifest_csv(manifest).encode()
    for path, data in files.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    reports = sum(1 for r in manifest if r.delivery == "html")
    stamp.write_text(json.dumps({"version": VERSION, "reports": reports, "files": len(files)}))
    return root, time.perf_counter() - t0
