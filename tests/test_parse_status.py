"""The substance of a parse (transform.assess): hand-made pages of each kind, and what `nianbao parse` says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS
from transform.pipeline import parse_document

TITLE = "敦寨镇人民政府2024年政府信息公开工作年度报告"
MAINTENANCE = f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><p>本页面正在维护中</p></body></html>"
PROSE = (f"{TITLE}\n一、总体情况\n2024年，敦寨镇坚持以人民为中心，认真落实政府信息公开条例，主动公开各类信息58条，"
         "其中工作动态35条。\n二、主动公开政府信息情况\n本年度主动公开规范性文件2件。\n"
         "三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n"
         "四、政府信息公开行政复议、行政诉讼情况\n无。\n五、政府信息公开工作存在的主要问题及改进情况\n人员不足。\n")
UNREADABLE = (f"{TITLE}\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
              "一、本年新收政府信息公开申请数量 见附表\n四、政府信息公开行政复议、行政诉讼情况\n"
              "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计\n五、政府信息公开工作存在的主要问题及改进情况\n无。\n")


def parse(text: str, name: str):
    return parse_document(text.encode(), name)


def test_a_title_only_maintenance_page_is_not_a_report():
    pr = parse(MAINTENANCE, "dunzhai.html")
    assert (pr.status, len(pr.fact_rows)) == ("not_a_report", 0)
    assert "nothing of substance" in pr.status_reason


def test_prose_without_tables_is_no_tables():
    pr = parse(PROSE, "prose.txt")
    assert pr.status == "no_tables", pr.status_reason


def test_tables_seen_but_nothing_placed_is_unreadable_and_names_the_tables():
    pr = parse(UNREADABLE, "unreadable.txt")
    assert pr.status == "unreadable"
    assert "table 三" in pr.status_reason and "table 四" in pr.status_reason
    assert any(p.startswith("unreadable: ") and "table 三" in p for p in pr.problems)


def test_run_together_digits_that_cannot_be_split_are_unreadable_not_empty():
    text = (f"{TITLE}\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
            "申请数量合计5812345\n五、政府信息公开工作存在的主要问题及改进情况\n无。\n")
    pr = parse(text, "runon.txt")
    assert pr.status == "unreadable" and "digits run together" in pr.status_reason


def test_a_report_with_one_table_lost_is_partial():
    text = (CORPUS / "jinping-datongxiang-2024.txt").read_text(encoding="utf-8")
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开行政复议")
    # table 三 replaced by its heading and a line naming it: seen, none of its cells placed
    cut = text[:start] + "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量（见图片）\n" + text[end:]
    pr = parse(cut, "partial.txt")
    assert pr.status == "partial" and "table 三" in pr.status_reason


def test_the_real_reports_are_ok():
    for name in ("jinping-datongxiang-2024.txt", "001_shanghai-bangongting-2019.html"):
        pr = parse_document((CORPUS / name).read_bytes(), name)
        assert pr.status == "ok", (name, pr.status_reason)


def test_parse_command_shows_the_status_and_exits_2_for_a_title_only_page(tmp_path):
    page = tmp_path / "dunzhai.html"
    page.write_text(MAINTENANCE, encoding="utf-8")
    nianbao = Path(sys.executable).parent / "nianbao"
    run = subprocess.run([str(nianbao), "parse", str(page), "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [f"Error: {page}: not_a_report: a title and nothing of substance: "
                                               "no statistics table, no report sections"]
    assert '"status": "not_a_report"' in run.stdout
