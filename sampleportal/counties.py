"""The sample province: three counties with the layouts seen on the Guizhou site cluster (FORMAT_SPEC §5.2).

Each county is its own site (its own folder under data/sample_portal/, served on its own port and named
by its own ``[[source]]`` in data/sources.toml). What differs between them is data, not code: where each
organ's reports are listed, what the year channels are called, and which traps sit where.

- 锦屏县 (source ``sample``): township reports inside the county column ``/zwgk/zfxxgk/zfxxgknb/{YYYY}n/``
  (the real 大同乡 2024 report sits at ``…/2024n/202501/t20250123_86677607.html``); departments under
  ``/bmxxgk/{slug}_{id}/zfxxgknb/`` without year channels.
- 剑河县-like (``sample-jianhe``): per-township sub-sites ``/xzjdbsc/{abbr}_{id}/zfxxgk/zfxxgknb/``; the county
  column ``/zwgk/xxgknb/`` with year channels ``2021``, ``2023_6101872``, ``2024h``.
- 兴仁市-like (``sample-xingren``): year channels split by organ type, ``/zfxxgk/zfxxgknb/2024n/xzjd/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class County:
    source: str  # the [[source]] name in data/sources.toml
    name: str  # 锦屏县
    folder: str  # its site's folder under data/sample_portal/
    layout: str  # county_column | subsites | by_type
    column: str  # the county's 年报 column
    year_channels: dict[int, str]  # report year → year channel folder name under the column
    townships: tuple[tuple[str, str, int], ...]  # (short name, pinyin initials, channel id)
    departments: tuple[tuple[str, str, int, bool], ...]  # (short name, slug, channel id, charges fees)
    years: range
    dept_years: range
    office: str = ""  # 来源 line of the county government's report
    # township → year channel names inside its own sub-site (subsites layout; none when absent)
    township_years: dict[str, dict[int, str]] = field(default_factory=dict)

    def organ_name(self, short: str) -> str:
        if short.endswith("街道"):
            return f"{self.name}{short}办事处"
        return f"{self.name}{short}人民政府"


JINPING = County(
    source="sample", name="锦屏县", folder="jinping", layout="county_column", column="/zwgk/zfxxgk/zfxxgknb/",
    year_channels={2019: "2019n", 2020: "2020n", 2021: "2021n", 2022: "2022n", 2023: "2023n_5975415",
                   2024: "2024n", 2025: "2025n"},
    townships=tuple((s, a, 0) for s, a in (
        ("三江镇", "sjz"), ("茅坪镇", "mpz"), ("敦寨镇", "dzz"), ("启蒙镇", "qmz"), ("平秋镇", "pqz"), ("铜鼓镇", "tgz"),
        ("平略镇", "plz"), ("大同乡", "dtx"), ("新化乡", "xhx"), ("隆里乡", "llx"), ("钟灵乡", "zlx"), ("偶里乡", "olx"),
        ("固本乡", "gbx"), ("河口乡", "hkx"), ("彦洞乡", "ydx"))),
    departments=(("教育局", "jyj", 5751031, False), ("财政局", "czj", 5751036, False),
                 ("卫生健康局", "wsjkj", 5751041, True), ("林业局", "lyj", 5751046, True)),
    years=range(2019, 2026), dept_years=range(2020, 2026), office="锦屏县人民政府办公室",
)

JIANHE = County(
    source="sample-jianhe", name="剑河县", folder="jianhe", layout="subsites", column="/zwgk/xxgknb/",
    year_channels={2021: "2021", 2022: "2022", 2023: "2023_6101872", 2024: "2024h", 2025: "2025"},
    townships=(("革东镇", "gdz", 5703601), ("岑松镇", "csz", 5703605), ("南明镇", "nmz", 5703613),
               ("柳川镇", "lcz", 5703617), ("久仰镇", "jyz", 5703621), ("敏洞乡", "mdx", 5703629)),
    departments=(("民政局", "mzj", 5751102, False), ("自然资源局", "zrzyj", 5751107, True)),
    years=range(2021, 2026), dept_years=range(2021, 2026), office="剑河县人民政府办公室",
    township_years={"革东镇": {2021: "2021", 2022: "2022", 2023: "2023", 2024: "2024", 2025: "2025"}},
)

XINGREN = County(
    source="sample-xingren", name="兴仁市", folder="xingren", layout="by_type", column="/zfxxgk/zfxxgknb/",
    year_channels={2021: "2021n_5871702", 2022: "2022n", 2023: "2023n", 2024: "2024n", 2025: "2025n_6218804"},
    townships=(("东湖街道", "dhjd", 0), ("城南街道", "cnjd", 0), ("屯脚镇", "tjz", 0), ("巴铃镇", "blz", 0),
               ("回龙镇", "hlz", 0)),
    departments=(("教育局", "jyj", 0, False), ("民政局", "mzj", 0, False), ("农业农村局", "nyncj", 0, True)),
    years=range(2021, 2026), dept_years=range(2021, 2026), office="兴仁市人民政府办公室",
)

COUNTIES = (JINPING, JIANHE, XINGREN)
# by_type sub-channels: organ level → (folder, link text)
TYPE_CHANNELS = {"county_gov": ("szf", "市政府"), "township": ("xzjd", "乡镇（街道）"), "department": ("bm", "部门")}


def county_for(source: str) -> County:
    for county in COUNTIES:
        if county.source == source:
            return county
    raise KeyError(source)
