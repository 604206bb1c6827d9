"""cross.t05_t04 — T05 合计 = T04 本年支出合计 in its 一般公共预算财政拨款 column, and each T05 class
row (合计) = the T04 expenditure row of the same class name in that column.

A class printed in only one of the tables is not compared.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.summary import SPEND_TOTAL
from pipeline.validate.sums import equal

RULE_ID = "cross.t05_t04"
COLUMN = "一般公共预算财政拨款"


def check(ctx: Context) -> Iterator[Outcome]:
    t04, t05 = ctx.view("T04"), ctx.view("T05")
    if t04 is None or t05 is None:
        return
    spend = ctx.cell(t04.find(SPEND_TOTAL, "expenditure"), COLUMN)
    yield from equal(ctx, RULE_ID, ctx.cell(t05.total(), "合计"), spend,
                     what="T05 合计应等于T04本年支出合计（一般公共预算财政拨款）", table_code="T05")
    t04_rows = {r.key: r for r in t04.side("expenditure")}
    for cls in (r for r in t05.coded() if len(r.code or "") == 3):
        ref = t04_rows.get(cls.key)
        if ref is not None:
            yield from equal(ctx, RULE_ID, ctx.cell(cls, "合计"), ctx.cell(ref, COLUMN),
                             what=f"T05 {cls.code} {cls.label}应等于T04同名支出行（一般公共预算财政拨款）",
                             table_code="T05", subject_code=cls.code)
