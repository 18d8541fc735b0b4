"""A sample portal scaled to N reports, for the pipeline benchmark (written under bench/_work/, git-ignored).

Why here and not a flag on ``sampleportal.generate``: the committed ``data/sample_portal`` must stay
byte-identical, and the generator belongs to the portal engineer. This module reuses the generator's own
building blocks (navigation, channels, report rendering, list pagination, MANIFEST) and only swaps the
organ list: one county government plus as many generated 乡镇 as it takes, each publishing 2019–2025. So a
scaled portal has the same page shapes, list pagination and report markup as the committed one — the
harvest does the same work per report, just more of it.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from sampleportal import generate as gen
from sampleportal.numbers import OrganState

# Characters for made-up township names: 2 of them + 镇/乡 gives thousands of distinct, plausible names.
_NAME_CHARS = "安宝长春大德东丰福和河华黄金锦兰乐林龙茂梅南平坪青清庆仁三山石双松太天铜万文西溪新兴阳永云中竹"
VERSION = "1"  # bump when the layout changes, so a cached portal is rebuilt


def _township_names(count: int) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    for i in range(count):
        a, b = divmod(i, len(_NAME_CHARS))
        a, c = divmod(a, len(_NAME_CHARS))
        short = _NAME_CHARS[c] + _NAME_CHARS[b] + ("镇" if i % 3 else "乡") + (f"{a + 1}" if a else "")
        names.append((short, f"b{i:05d}"))
    return names


def _organs(n_reports: int) -> list[gen.Organ]:
    per_organ = len(gen.YEARS)
    towns = _township_names(max(1, (n_reports - per_organ) // per_organ + 1))
    organs = [gen.Organ(gen.COUNTY, gen.COUNTY, "county_gov", gen.ANNUAL_COLUMN, "/zfxxgk/index.html",
                        gen.Style(list_headings=True))]
    for i, (short, slug) in enumerate(towns):
        base = f"/xzjdbsc/{slug}_{6100000 + 7 * i}/"
        style = gen.Style(split=i % 4 == 1, halfwidth=i % 4 == 2, list_headings=i % 4 == 3, word=i % 5 == 0)
        organs.append(gen.Organ(f"锦屏县{short}人民政府", short, "township", base + "zfxxgk/zfxxgknb/",
                                base + "index.html", style))
    return organs


def build_scaled_site(n_reports: int, seed: int = gen.SEED) -> gen.Site:
    """A Site with exactly ``n_reports`` HTML reports (the last township publishes fewer years)."""
    site = gen.Site()
    organs = _organs(n_reports)
    gen._navigation(site, organs)
    gen._county_column(site)
    gen._channels(site, organs)
    made = 0
    for organ in organs:
        rng = random.Random(f"{seed}:{organ.name}")
        state = OrganState()
        for year in gen.YEARS:
            if made == n_reports:
                break
            before = len(site.manifest)
            gen._report(site, organ, year, rng, state)
            made += len(site.manifest) - before
        if organ.level != "county_gov" and made < n_reports:
            gen._news(site, organ, rng, 2)
    for channel, items in site.lists.items():
        for name, html_text in gen.list_pages(site.list_titles[channel], items, gen.PER_PAGE, site.crumbs[channel]):
            site.put(channel + name, html_text)
    site.put("/MANIFEST.csv", gen._manifest_csv(site.manifest))
    return site


def scaled_portal(n_reports: int, work: Path) -> tuple[Path, float]:
    """The portal folder for ``n_reports`` (built once, then reused) and the seconds spent building it now."""
    import time

    root = work / f"portal_{n_reports}"
    stamp = root / "BENCH_PORTAL.json"
    if stamp.is_file() and json.loads(stamp.read_text()).get("version") == VERSION:
        return root, 0.0
    t0 = time.perf_counter()
    site = build_scaled_site(n_reports)
    if root.exists():
        shutil.rmtree(root)
    for path, data in site.files.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    reports = sum(1 for r in site.manifest if r.delivery not in ("missing", "dead_link"))
    stamp.write_text(json.dumps({"version": VERSION, "reports": reports, "files": len(site.files)}))
    return root, time.perf_counter() - t0
