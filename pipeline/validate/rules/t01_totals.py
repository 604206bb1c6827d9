"""t01.totals — T01 本年收入合计 = Σ the income rows above it; 本年支出合计 = Σ the expenditure rows above it.

The income rows are 一、一般公共预算财政拨款收入 … 八、其他收入; the expenditure rows are the
功能分类 classes (一、一般公共服务支出 …).  Rows printing no amount are 0.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.summary import INCOME_TOTAL, SPEND_TOTAL, parts_before, row
from pipeline.validate.sums import rows_sum

RULE_ID = "t01.totals"


def check(ctx: Context) -> Iterator[Outcome]:
    view = ctx.view("T01")
    if view is None:
        return
    for side, pattern, name in (("income", INCOME_TOTAL, "各项收入"), ("expenditure", SPEND_TOTAL, "各类支出")):
        total = row(view, pattern, side)
        if total is None:
            continue
        out = rows_sum(ctx, RULE_ID, total, parts_before(view, total), "决算数",
                       what=f"T01 {total.label}应等于{name}之和", parts_name=f"Σ{name}")
        if out is not None:
            yield out
