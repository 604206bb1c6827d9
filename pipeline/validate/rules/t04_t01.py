"""cross.t04_t01 — each fiscal income row of T04 (本年收入: 一般公共预算财政拨款, 政府性基金预算财政拨款,
国有资本经营预算财政拨款) = the T01 income row of that fund.

Only T04's rows above its 本年收入合计 are this year's income (those below break down the carry-over).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.labels import norm_label
from pipeline.validate.summary import INCOME_TOTAL, parts_before
from pipeline.validate.sums import equal

RULE_ID = "cross.t04_t01"
FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")


def check(ctx: Context) -> Iterator[Outcome]:
    t01, t04 = ctx.view("T01"), ctx.view("T04")
    if t01 is None or t04 is None:
        return
    total = t04.find(INCOME_TOTAL, "income")
    if total is None:
        return
    for row in parts_before(t04, total):
        fund = next((f for f in FUNDS if norm_label(row.label).startswith(f)), None)
        ref = t01.find(f"{fund}(?:预算)?财政拨款(?:收入)?", "income") if fund else None
        if ref is not None:
            yield from equal(ctx, RULE_ID, ctx.cell(row, "决算数"), ctx.cell(ref, "决算数"),
                             what=f"T04 收入 {row.label}应等于T01 {ref.label}", table_code="T04")
