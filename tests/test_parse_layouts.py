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
