"""t01.balance — T01: 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 总计
= 本年支出合计 + 结余分配 + 年末结转和结余.

Checked as three identities: the income side's 总计, the expenditure side's 总计, and the two
总计 against each other.  Rows printing nothing (结余分配 is often blank) are 0.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare
from pipeline.validate.summary import (
    CARRY_BEGIN,
    CARRY_END,
    DISTRIBUTION,
    GRAND_TOTAL,
    INCOME_TOTAL,
    NON_FISCAL_USED,
    SPEND_TOTAL,
    row,
)
from pipeline.validate.tables import TableView

RULE_ID = "t01.balance"
SIDES = {
    "income": ((INCOME_TOTAL, NON_FISCAL_USED, CARRY_BEGIN), "本年收入合计＋使用非财政拨款结余＋年初结转和结余"),
    "expenditure": ((SPEND_TOTAL, DISTRIBUTION, CARRY_END), "本年支出合计＋结余分配＋年末结转和结余"),
}


def side_balance(ctx: Context, view: TableView, side: str, measure: str = "决算数") -> Iterator[Outcome]:
    patterns, name = SIDES[side]
    total = ctx.cell(row(view, GRAND_TOTAL, side), measure)
    terms = [Term(a) for a in (ctx.cell(row(view, p, side), measure) for p in patterns) if a is not None]
    if total is None or not terms:
        return
    label = "收入" if side == "income" else "支出"
    yield compare(RULE_ID, total, terms, ctx.tol, what=f"{view.table_code} {label}总计应等于{name}",
                  expected_name=name, table_code=view.table_code)


def check(ctx: Context) -> Iterator[Outcome]:
    view = ctx.view("T01")
    if view is None:
        return
    yield from side_balance(ctx, view, "income")
    yield from side_balance(ctx, view, "expenditure")
    income = ctx.cell(row(view, GRAND_TOTAL, "income"), "决算数")
    spend = ctx.cell(row(view, GRAND_TOTAL, "expenditure"), "决算数")
    if income is not None and spend is not None:
        yield compare(RULE_ID, spend, [Term(income)], ctx.tol, what="T01 收入总计与支出总计应相等",
                      expected_name="收入总计", table_code="T01")
