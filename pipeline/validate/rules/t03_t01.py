"""cross.t03_t01 — T03 合计 本年支出合计 = T01 本年支出合计, and each 功能分类 class row of T03
(本年支出合计) = the T01 expenditure row of the same class name.

A class printed in only one of the tables is not compared.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.summary import SPEND_TOTAL
from pipeline.validate.sums import equal

RULE_ID = "cross.t03_t01"


def check(ctx: Context) -> Iterator[Outcome]:
    t01, t03 = ctx.view("T01"), ctx.view("T03")
    if t01 is None or t03 is None:
        return
    yield from equal(ctx, RULE_ID, ctx.cell(t03.total(), "本年支出合计"),
                     ctx.cell(t01.find(SPEND_TOTAL, "expenditure"), "决算数"),
                     what="T03 合计应等于T01本年支出合计", table_code="T03")
    t01_rows = {r.key: r for r in t01.side("expenditure")}
    for cls in (r for r in t03.coded() if len(r.code or "") == 3):
        ref = t01_rows.get(cls.key)
        if ref is not None:
            yield from equal(ctx, RULE_ID, ctx.cell(cls, "本年支出合计"), ctx.cell(ref, "决算数"),
                             what=f"T03 {cls.code} {cls.label}应等于T01同名支出行", table_code="T03",
                             subject_code=cls.code)
