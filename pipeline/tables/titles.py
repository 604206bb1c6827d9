"""Which standard table a title or a header names (T01…T09, PERF_*, or nothing).

Titles contain each other (收入支出决算总表 ⊂ 财政拨款收入支出决算总表, 支出决算表 ⊂
一般公共预算财政拨款支出决算表 ⊂ …基本支出决算表), so the rules are tried most specific
first and the first that matches wins.
"""
from __future__ import annotations

import re

from pipeline.tables.budget_titles import budget_code_from_title
from pipeline.tables.text import key

# (code, pattern on the title key) — order matters: most specific first.
TITLE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("PERF_DEPARTMENT", re.compile(r"(部门|单位)整体(支出)?绩效(自评|评价|目标)")),
    ("PERF_PROJECT", re.compile(r"(项目(支出)?)?绩效(自评|评价|目标(申报)?)(结果)?表")),
    ("T09", re.compile(r"三公经费.*(决算|支出).*表|三公经费决算")),
    ("T08", re.compile(r"国有资本经营预算(财政拨款)?(收入)?(收支|支出)?决算(明细)?表")),
    ("T07", re.compile(r"政府性基金预算(财政拨款)?(收入)?(收支|支出)?决算(明细)?表")),
    ("T06", re.compile(r"基本支出(经济分类)?决算(明细)?表")),
    ("T05", re.compile(r"一般公共预算(财政拨款)?支出决算(功能分类)?(明细)?表")),
    ("T04", re.compile(r"财政拨款收(入)?支(出)?决算总表")),
    ("T01", re.compile(r"收(入)?支(出)?决算总表")),
    ("T02", re.compile(r"收入决算(明细)?表")),
    ("T03", re.compile(r"支出决算(明细)?表")),
]

# a line that names some table: used to tell a new table's caption from running text
_TABLEISH = re.compile(r"(决算|预算|自评|评价|情况|明细|汇总|统计|一览)[^。；;，,]{0,6}表$"
                       r"|^(续)?表[一二三四五六七八九十\d]+$|^附表\d*|^公开\d+表|^表\d+")
_NUMBER_ONLY = re.compile(r"^(?:(?:附表|表|公开)[\d一二三四五六七八九十]+表?|[\d一二三四五六七八九十]+表)[:：.、]?$")
_CONTINUED = re.compile(r"^[(（]?续(表)?[\d一二三四五六七八九十]*[)）]?$|续表|[(（]续[)）]")


def code_from_title(title: str | None, budget: bool | None = False) -> str | None:
    """The table code a caption names, most specific rule first; None when it names none.

    `budget`: whether the document is a 预算 (True), a 决算 (False, the default) or unknown
    (None); budget codes B01…B09 come only from titles that do not say 决算, and never in a 决算
    (`pipeline.tables.budget_titles`).  OTHER is returned for a budget's known extra tables.
    """
    t = key(title)
    if not t or len(t) > 80:
        return None
    for code, pat in TITLE_RULES[:2]:  # 绩效自评表: the same in both kinds
        if pat.search(t):
            return code
    b = budget_code_from_title(t, budget)
    if b is not None:
        return b
    for code, pat in TITLE_RULES[2:]:
        if pat.search(t):
            return code
    return None


def is_table_caption(line: str | None, budget: bool | None = False) -> bool:
    """A line that reads as a table's caption (ends in …决算表, 表一, 公开01表 …)."""
    t = key(line)
    if not t or len(t) > 60 or re.search(r"[。；;]|[:：]$", t):
        return False
    return bool(_TABLEISH.search(t)) or code_from_title(t, budget) is not None


def is_number_caption(line: str | None) -> bool:
    """'表一', '公开01表', '附表1' alone: a caption that names no table by itself."""
    return bool(_NUMBER_ONLY.match(key(line)))


def is_continued_marker(line: str | None) -> bool:
    return bool(_CONTINUED.search(key(line)))


def _has(t: str, *words: str) -> bool:
    return all(w in t for w in words)


def code_from_header(header: str) -> str | None:
    """A best guess from the header text alone (key form, rows joined), for untitled tables.

    T07 and T08 share a header; the caller tells them apart.  T03 and T05 can too: a header
    with only 合计/基本支出/项目支出 is reported as T05 unless it shows a T03-only column.
    """
    t = key(header)
    if _has(t, "指标") and ("自评" in t or "绩效" in t or "分值" in t):
        return "PERF_DEPARTMENT" if ("部门名称" in t or "整体" in t) and "项目名称" not in t else "PERF_PROJECT"
    if "因公出国" in t and "公务接待" in t:
        return "T09"
    if "经济分类" in t or re.search(r"人员经费.*公用经费", t):
        return "T06"
    if _has(t, "年初结转和结余", "年末结转和结余") and "本年收入" in t and "财政拨款收入" not in t:
        return "T07"
    if _has(t, "收入", "支出") and ("一般公共预算" in t and "政府性基金" in t):
        return "T04"
    if _has(t, "收入", "支出", "决算数") and "本年收入合计" not in t and "本年支出合计" not in t:
        return "T01"
    if "本年收入合计" in t or _has(t, "财政拨款收入", "事业收入"):
        return "T02"
    if "本年支出合计" in t or "经营支出" in t or "上缴上级支出" in t or "对附属单位补助" in t:
        return "T03"
    if _has(t, "基本支出", "项目支出") and ("功能分类" in t or "科目" in t):
        return "T05"
    return None
