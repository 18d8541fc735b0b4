"""The consistency rules in plain Chinese, as a reviewer in a 政务公开 office would say them.

Rule ids are those of FORMAT_SPEC §2 and transform/checks.py; an id missing here is shown with the
check's own detail text, so a new rule never breaks the report.
"""

from __future__ import annotations

RULE_TEXT: dict[str, str] = {
    "R3.BAL": "第一项加第二项之和不等于第三项加第四项之和",
    "R3.SUM7": "（七）总计不等于各项办理结果之和",
    "R3.ROW": "总计不等于各类申请人之和",
    "R3.LPSUB": "法人或其他组织小计不等于各类法人之和",
    "R4.SUM": "行政复议/诉讼总计不等于分项之和",
    "R.NONNEG": "件数应为非负整数",
    "R2.STOCK19": "对外公开总数量小于本年新公开数量",
    "R2.FEEUNIT": "收费金额单位应为万元",
    "N.APPS": "正文所述申请数与表三不符",
    "N.LIT": "正文所述行政复议、诉讼情况与表四不符",
    "N.DOCS": "正文所述规章、规范性文件件数与表二不符",
    "N.FEE": "表三有逾期未缴费情形，但正文未说明信息处理费收取情况",
    "X.CARRY": "本年上年结转数不等于上年结转下年度继续办理数",
    "X.INFORCE": "现行有效件数与上年现行有效件数加本年制发减废止不符",
    "X.ITEMS19": "上一年项目数量不等于上年报告的上一年项目数量加本年增/减",
}

SCOPE_TEXT: dict[str, str] = {
    "np": "自然人", "lp_biz": "商业企业", "lp_research": "科研机构", "lp_welfare": "社会公益组织",
    "lp_legal": "法律服务机构", "lp_other": "其他", "total": "总计", "rv": "行政复议", "ld": "未经复议直接起诉",
    "lr": "复议后起诉",
}


def rule_text(rule: str, detail: str | None) -> str:
    return RULE_TEXT.get(rule) or (detail or rule)


def scope_text(scope: str | None) -> str:
    if not scope:
        return ""
    return f"{SCOPE_TEXT[scope]}列" if scope in SCOPE_TEXT else scope
