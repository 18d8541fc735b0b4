"""Layouts real pages use that the corpus does not show: group and item printed in one cell."""

from __future__ import annotations

from transform.pipeline import parse_document


def test_group_and_item_in_one_cell_are_read_as_two_labels():
    rows = [("一、本年新收政府信息公开申请数量", 2), ("三、本年度办理结果（一）予以公开", 1),
            ("三、本年度办理结果（三）不予公开-1.属于国家秘密", 1), ("（六）其他处理 3.其他", 0)]
    trs = "".join("<tr><td>{}</td><td>{}</td>{}<td>{}</td></tr>".format(label, n, "<td>0</td>" * 5, n)
                  for label, n in rows)
    page = ("<p>2023年某县某乡人民政府政府信息公开工作年度报告</p><table><tr><td>申请人情况</td><td>自然人</td>"
            "<td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
            f"{trs}</table>")
    facts = {r[4]: r[8] for r in parse_document(page.encode(), "r.html").fact_rows}
    assert facts["T3/3.3.1/np"] == 1 and facts["T3/3.3.1/total"] == 1
    assert facts["T3/3.6.3/total"] == 0 and "T3/3.6/total" not in facts  # 3.其他 of group （六）, not the 2019 row
    assert facts["T3/3.1/total"] == 1


def test_pdf_row_whose_numbers_sit_level_with_the_second_line_of_its_label():
    text = ("2024年某市人民政府政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119\n"
            "（二）部分公开（区分处理的，只计这一情\n447 7 0 0 0 0 454 形，不计其他情形）\n"
            "（三）不予公开\n1.属于国家秘密 2 0 0 0 0 0 2\n")
    facts = {r[4]: r[8] for r in parse_document(text.encode(), "r.txt").fact_rows}
    assert facts["T3/3.2/np"] == 447 and facts["T3/3.2/total"] == 454
    assert facts["T3/3.3.1/total"] == 2 and facts["T3/1/total"] == 3119
