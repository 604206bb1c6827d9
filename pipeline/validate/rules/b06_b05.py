"""cross.b06_b05 — B06 合计 (the 基本支出 by economic class) = B05 合计 基本支出, and B06's 人员经费 and
公用经费 columns of its 合计 row sum to it (table.row_sum checks that within B06).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.sums import equal

RULE_ID = "cross.b06_b05"


def check(ctx: Context) -> Iterator[Outcome]:
    b05, b06 = ctx.view("B05"), ctx.view("B06")
    if b05 is None or b06 is None:
        return
    yield from equal(ctx, RULE_ID, ctx.cell(b06.total(), "合计"), ctx.cell(b05.total(), "基本支出"),
                     what="B06 合计应等于B05合计的基本支出", table_code="B06")
