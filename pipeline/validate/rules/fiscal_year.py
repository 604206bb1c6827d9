"""document.fiscal_year — every year the document gives as its own agrees with its fiscal year.

"第三部分 …2023年度部门决算情况说明" in a 2024 决算, or "截至2023年12月31日，…共有车辆" (the asset
date is the fiscal year's end), is an error.  Other years (与2023年度相比) are comparisons and
are not read.

A budget (预算) names its own year in its titles: "2024年部门预算", "2024年单位预算情况说明",
"2024年预算" and table titles such as "2024年部门收支预算总表" in a 2025 budget are an error;
"比2024年预算增加", "与2024年部门预算相比", "2024年预算执行情况" are comparisons or last year's
outturn and are not read.  A budget states its assets as of the end of the year before the budget
year (it is drawn up before the year starts): "截至2024年12月31日" is right in a 2025 budget.
A 决算 is checked against its 决算 titles only and a budget against its 预算 titles only (a budget
may cite last year's 决算, a 决算 its year's 预算).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.records import Finding
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.lines import lines

RULE_ID = "document.fiscal_year"
OWN_YEAR = re.compile(r"(\d{4})年度?(?:部门|单位)(?:决算|决算表|决算情况说明|决算报表)")
YEAR_END = re.compile(r"截[至止](\d{4})年(?:12月31日|年?底|年?末)")
_NOT_COMPARED = r"(?<![与比较同至到])"
# a budget's own title: 2024年(度)(区级)(部门|单位)预算, ending there, before a bracket or sign,
# or in 情况说明/说明/表/公开/草案
BUDGET_TITLE = re.compile(_NOT_COMPARED + r"(\d{4})年度?(?:[省市区县]级|本级)?(?:部门|单位)?预算"
                          r"(?=$|[^\u4e00-\u9fff]|情况说明|编制说明|说明|表|公开|草案)")
# a budget table's title: 2024年部门收支预算总表, 2024年“三公”经费预算表, 2024年部门一般公共预算支出表
BUDGET_TABLE = re.compile(r"^(\d{4})年度?[^\d，。；:：]{0,24}?预算[^\d，。；:：]{0,12}?表$")


def _patterns(kind: str) -> list[tuple[re.Pattern[str], str, int]]:
    """(pattern, what it reads, years its printed year lies before the fiscal year) for a doc_kind."""
    if kind.startswith("budget_"):
        return [(BUDGET_TITLE, "标题/正文所述预算年度", 0), (BUDGET_TABLE, "预算表标题年度", 0),
                (YEAR_END, "资产统计截止日期（预算上年末）", 1)]
    return [(OWN_YEAR, "标题/正文所述决算年度", 0), (YEAR_END, "资产统计截止日期", 0)]


def check(ctx: Context) -> Iterator[Outcome]:
    year = ctx.doc.metadata.fiscal_year
    if year is None:
        return
    budget = ctx.doc.metadata.doc_kind.startswith("budget_")
    kind_word = "预算" if budget else "决算"
    seen: set[tuple[str, str]] = set()
    for line in lines(ctx.doc):
        for rx, what, before in _patterns(ctx.doc.metadata.doc_kind):
            for m in rx.finditer(line.text):
                printed = int(m.group(1))
                if printed == year - before:
                    yield Passed(RULE_ID)
                    continue
                if (m.group(0), line.text) in seen:
                    continue
                seen.add((m.group(0), line.text))
                yield Finding(rule_id=RULE_ID, severity="error", expected=float(year - before),
                              actual=float(printed), page=line.page, evidence=line.text[:200],
                              message=f"{what}为{printed}年，与文档{kind_word}年度{year}年不一致：“{m.group(0)}”")
