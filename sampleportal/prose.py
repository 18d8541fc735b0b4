"""Narrative sections of a generated report, carrying stated figures in varied real-world wordings.

Issue 9 extracts figures from the prose and checks them against the tables (N.APPS, N.LIT, N.FEE), so the
prose states them the way county reports do — "公开各类政府信息共计N条。其中工作动态A条、…", "全年收到政府
信息公开申请N件" or "未收到政府信息公开申请" — and ``Statements`` records what was stated, for MANIFEST.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

CATEGORIES = ("工作动态", "政策文件", "通知公告", "人事信息", "财政信息", "法定公开信息", "规划计划", "民生保障",
              "政府信息公开制度")


@dataclass(slots=True)
class Statements:
    """Figures the prose states (kind → value), as MANIFEST's ``statements`` JSON."""

    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Prose:
    intro: str
    sections: dict[str, list[str]]  # "一".."六" → paragraphs (二/三/四 hold the line before their table)
    statements: Statements


def _split(rng: random.Random, total: int, k: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), k - 1)) if total > k else list(range(1, k))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return [max(p, 0) for p in parts]


def write_prose(rng: random.Random, *, organ: str, short: str, year: int, fmt: str, level: str,
                applications: int, stated_applications: int, review: int, litigation: int,
                fee_yuan: int | None, list_headings: bool) -> Prose:
    """The six sections' text for one report; ``stated_applications`` differs from the table on purpose
    only for the report whose MANIFEST defect is ``prose_contradicts_table``."""
    st: dict[str, object] = {}
    notice = "国办公开办函〔2019〕60号" if fmt == "F2019" else "国办公开办函〔2021〕30号"
    parts = ("本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
             "存在的主要问题及改进情况、其他需要报告的事项六个部分组成。") if list_headings else ""
    intro = (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
             f"〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{notice}）要求，编制{organ}{year}年政府信息公开工作"
             f"年度报告。{parts}除特别说明的外，所列数据统计时限为{year}年1月1日至{year}年12月31日。")

    # (一) 主动公开: a total and categories that sum to it.
    n_cat = rng.randint(3, 5)
    total_base = {"township": (30, 160), "department": (60, 300), "county_gov": (400, 2400)}[level]
    total = rng.randint(*total_base)
    cats = [*rng.sample(CATEGORIES, n_cat - 1), "政府信息公开年报"]
    counts = [*_split(rng, total - 1, n_cat - 1), 1]
    breakdown = "、".join(f"{c}{n}条" for c, n in zip(cats, counts, strict=True))
    proactive = rng.choice([
        f"{year}年，{short}在锦屏县人民政府门户网站公开各类政府信息共计{total}条。其中{breakdown}。",
        f"全年累计主动公开政府信息{total}条，其中{breakdown}。",
        f"本年度共主动公开政府信息{total}条（{breakdown}），做到应公开尽公开。",
    ])
    st["proactive_total"] = total
    st["proactive_by_category"] = dict(zip(cats, counts, strict=True))

    # (二) 依申请公开: the number stated (normally the table's 一、本年新收 总计).
    if stated_applications == 0:
        on_request = rng.choice([f"{year}年，{short}未收到政府信息公开申请。",
                                 "本年度未收到政府信息公开申请，无上年结转申请。"])
    else:
        on_request = rng.choice([
            f"全年收到政府信息公开申请{stated_applications}件，均已按法定时限答复。",
            f"{year}年共受理政府信息公开申请{stated_applications}件，按时办结率100%。",
            f"本年度新收政府信息公开申请{stated_applications}件，依法依规予以答复。",
        ])
    st["applications_received"] = stated_applications

    # (五) 监督保障 carries the 复议/诉讼 counts (N.LIT).
    if review == 0 and litigation == 0:
        oversight_cases = "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    else:
        oversight_cases = f"全年发生政府信息公开行政复议{review}件、行政诉讼{litigation}件，均依法妥善处理。"
    st["review_cases"] = review
    st["litigation_cases"] = litigation

    sections = {
        "一": [
            f"{year}年，{short}认真贯彻落实《条例》和上级关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外，"
            "持续推进决策、执行、管理、服务、结果公开。",
            f"（一）主动公开方面。{proactive}",
            f"（二）依申请公开方面。{on_request}",
            "（三）政府信息管理方面。严格落实信息发布“三审三校”制度，规范信息发布流程，及时清理过期信息。",
            "（四）平台建设方面。依托政府门户网站信息公开专栏和政务新媒体发布信息，及时更新栏目内容。",
            f"（五）监督保障方面。成立政务公开工作领导小组，明确专人负责，将政务公开纳入年度目标考核。{oversight_cases}",
        ],
        "二": [],
        "三": [],
        "四": [],
        "五": [
            "（一）存在的主要问题。一是信息公开人员力量不足，业务水平有待提升；二是部分栏目更新不够及时。",
            "（二）改进措施。一是加强业务培训，提升工作人员能力；二是建立栏目更新台账，确保信息及时准确公开。",
        ],
        "六": [],
    }
    if fee_yuan is None:
        sections["六"].append("无。" if fmt == "F2019" or rng.random() < 0.5 else "本年度无其他需要报告的事项。")
    elif fee_yuan == 0:
        sections["六"].append("依据《政府信息公开信息处理费管理办法》规定，本年度未收取信息处理费。")
        st["info_fee_yuan"] = 0
    else:
        sections["六"].append(f"依据《政府信息公开信息处理费管理办法》规定，本年度共收取信息处理费{fee_yuan}元。")
        st["info_fee_yuan"] = fee_yuan
    return Prose(intro=intro, sections=sections, statements=Statements(st))


SECTION_HEADINGS = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}
PROBLEMS_HEADING_VARIANT = "五、政府信息公开工作存在的主要问题及改进情况"
