"""cross.t05_t06 — T05 合计 基本支出 = T06's total: 人员经费合计 + 公用经费合计 (or the 合计 row T06 prints).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare
from pipeline.validate.rules.t06_personnel_public import PERSONNEL, PUBLIC, TOTAL

RULE_ID = "cross.t05_t06"


def check(ctx: Context) -> Iterator[Outcome]:
    t05, t06 = ctx.view("T05"), ctx.view("T06")
    if t05 is None or t06 is None:
        return
    basic = ctx.cell(t05.total(), "基本支出")
    total = ctx.cell(t06.find(TOTAL), "决算数")
    parts = [a for a in (ctx.cell(t06.find(PERSONNEL), "决算数"), ctx.cell(t06.find(PUBLIC), "决算数")) if a]
    if basic is None:
        return
    if total is not None:
        terms, name = [Term(total)], "T06 合计"
    elif len(parts) == 2:
        terms, name = [Term(a) for a in parts], "T06 人员经费合计＋公用经费合计"
    else:
        return
    yield compare(RULE_ID, basic, terms, ctx.tol, table_code="T05", expected_name=name,
                  what="T05 合计 基本支出应等于T06基本支出合计（人员经费＋公用经费）")
