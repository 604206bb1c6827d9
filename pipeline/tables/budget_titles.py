"""Which standard budget table (B01…B09) a title or a header names.

A budget's titles vary more than a 决算's: 部门收支预算总表, 财务收支预算总表, 收支总表 all name
B01, and some omit 预算 altogether (收入总表, 一般公共预算支出表, 基本支出表).  The rules below apply
only to titles that do not say 决算; the caller decides whether the document is a budget
(bare titles such as 收支总表 count only there).  Extra tables a budget prints beside the nine
(机关运行经费预算表 alone, 政府采购预算表, a second 财政拨款支出表, 项目支出预算表) are named
explicitly as OTHER so that a looser rule below cannot claim them.  Most specific first.
"""
from __future__ import annotations

import re

from pipeline.tables.text import key

B_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("B09", re.compile(r"三公经费.*表|三公经费(和机关运行经费)?预算$")),
    ("OTHER", re.compile(r"政府采购|机关运行经费.*表|项目支出|绩效目标|财政拨款支出(预算)?(明细)?表"
                         r"|国有资产|政府购买服务|专项资金")),
    ("B08", re.compile(r"国有资本经营(预算)?(财政拨款)?(收入)?(收支|支出).*表")),
    ("B07", re.compile(r"政府性基金(预算)?(财政拨款)?(收入)?(收支|支出).*表")),
    ("B06", re.compile(r"基本支出.*表")),
    ("B05", re.compile(r"一般公共预算(财政拨款)?(拨款)?支出.*表")),
    ("B04", re.compile(r"财政拨款收(入)?支(出)?(预算)?(总)?表")),
    ("B01", re.compile(r"收(入)?支(出)?(预算)?总表|收(入)?支(出)?预算表")),
    ("B02", re.compile(r"收入(预算)?总表|(部门|单位)收入预算表|^收入预算表")),
    ("B03", re.compile(r"支出(预算)?总表|(部门|单位)支出预算表|^支出预算表")),
]
B_CODES = [f"B0{i}" for i in range(1, 10)]
_EXPLICIT = re.compile(r"预算(总|明细)?表|三公经费.*预算")  # says 预算 of itself


def budget_code_from_title(t: str, budget: bool | None) -> str | None:
    """The B code (or OTHER for a known extra table) a title key names; None if none.

    `budget` True: the document is a budget; None: unknown, so only titles that say 预算 of
    themselves count; False: a 决算, which never gets B codes.
    """
    if budget is False or "决算" in t:
        return None
    if budget is None and not _EXPLICIT.search(t):
        return None
    for code, pat in B_RULES:
        if pat.search(t):
            return code
    return None


def _has(t: str, *words: str) -> bool:
    return all(w in t for w in words)


def budget_code_from_header(header: str) -> str | None:
    """A best guess from a budget table's header text alone (key form), for untitled tables."""
    t = key(header)
    if "因公出国" in t and "公务接待" in t:
        return "B09"
    if "经济分类" in t or re.search(r"人员经费.*公用经费", t):
        return "B06"
    two_sided = _has(t, "收入", "支出") and ("本年收入" in t or "收入项目" in t or "财政拨款收入" in t
                                             or re.search(r"项目.*预算数.*项目", t) is not None)
    if two_sided and "一般公共预算" in t and "政府性基金" in t:
        return "B04"
    if two_sided and "科目" not in t:
        return "B01"
    if _has(t, "财政拨款", "事业收入") or "收入预算" in t:
        return "B02"
    if _has(t, "基本支出", "项目支出"):
        if "政府性基金" in t:
            return "B07"
        if "国有资本经营" in t:
            return "B08"
        if "一般公共预算" in t:
            return "B05"
        return "B03"
    return None
