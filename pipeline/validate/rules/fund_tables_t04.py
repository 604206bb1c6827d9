"""cross.fund_tables_t04 — T07 合计 本年支出 = T04 本年支出合计 (政府性基金预算财政拨款), and T08 合计
本年支出 = T04 本年支出合计 (国有资本经营预算财政拨款); each class row likewise by name.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.summary import SPEND_TOTAL
from pipeline.validate.sums import equal

RULE_ID = "cross.fund_tables_t04"
COLUMNS = {"T07": "政府性基金预算财政拨款", "T08": "国有资本经营预算财政拨款"}
SPEND = ("本年支出/小计", "本年支出")


def check(ctx: Context) -> Iterator[Outcome]:
    t04 = ctx.view("T04")
    if t04 is None:
        return
    t04_rows = {r.key: r for r in t04.side("expenditure")}
    for code, column in COLUMNS.items():
        view = ctx.view(code)
        if view is None:
            continue
        yield from equal(ctx, RULE_ID, ctx.cell(view.total(), *SPEND),
                         ctx.cell(t04.find(SPEND_TOTAL, "expenditure"), column),
                         what=f"{code} 合计本年支出应等于T04本年支出合计（{column}）", table_code=code)
        for cls in (r for r in view.coded() if len(r.code or "") == 3):
            ref = t04_rows.get(cls.key)
            if ref is not None:
                yield from equal(ctx, RULE_ID, ctx.cell(cls, *SPEND), ctx.cell(ref, column),
                                 what=f"{code} {cls.code} {cls.label}应等于T04同名支出行（{column}）",
                                 table_code=code, subject_code=cls.code)
