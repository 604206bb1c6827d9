"""t04.totals — T04: 本年收入合计 = Σ the fiscal income rows; 年初财政拨款结转和结余 = Σ its breakdown;
本年支出合计 = Σ the 功能分类 class rows, in every expenditure column (合计 and each fund).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.summary import (
    CARRY_BEGIN,
    GRAND_TOTAL,
    INCOME_TOTAL,
    SPEND_TOTAL,
    parts_after,
    parts_before,
    row,
)
from pipeline.validate.sums import rows_sum
from pipeline.validate.tables import Row, TableView

RULE_ID = "t04.totals"


def _sum(ctx: Context, total: Row | None, parts: list[Row], measure: str, name: str) -> Iterator[Outcome]:
    if total is None or not parts:
        return
    out = rows_sum(ctx, RULE_ID, total, parts, measure, what=f"T04 {total.label}（{measure}）应等于{name}之和",
                   parts_name=f"Σ{name}")
    if out is not None:
        yield out


def _income(ctx: Context, view: TableView) -> Iterator[Outcome]:
    total = row(view, INCOME_TOTAL, "income")
    if total is not None:
        yield from _sum(ctx, total, parts_before(view, total), "决算数", "各项财政拨款收入")
    carry = row(view, CARRY_BEGIN, "income")
    if carry is not None:
        yield from _sum(ctx, carry, parts_after(view, carry, GRAND_TOTAL), "决算数", "其下各项")


def check(ctx: Context) -> Iterator[Outcome]:
    view = ctx.view("T04")
    if view is None:
        return
    yield from _income(ctx, view)
    total = row(view, SPEND_TOTAL, "expenditure")
    if total is not None:
        for measure in total.items:
            yield from _sum(ctx, total, parts_before(view, total), measure, "各类支出")
