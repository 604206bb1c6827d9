"""t04.balance — T04: 本年收入合计 + 年初财政拨款结转和结余 = 总计 = 本年支出合计 + 年末财政拨款结转和结余.

The expenditure side is checked in every column it prints (合计 and each fund), and the two
总计 against each other.  Rows printing nothing are 0.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare
from pipeline.validate.summary import CARRY_BEGIN, CARRY_END, GRAND_TOTAL, INCOME_TOTAL, SPEND_TOTAL, row
from pipeline.validate.tables import TableView

RULE_ID = "t04.balance"


def _balance(ctx: Context, view: TableView, side: str, measure: str, patterns: tuple[str, str], name: str
             ) -> Iterator[Outcome]:
    total = ctx.cell(row(view, GRAND_TOTAL, side), measure)
    terms = [Term(a) for a in (ctx.cell(row(view, p, side), measure) for p in patterns) if a is not None]
    if total is None or not terms:
        return
    yield compare(RULE_ID, total, terms, ctx.tol, what=f"T04 总计（{measure}）应等于{name}",
                  expected_name=name, table_code="T04")


def check(ctx: Context) -> Iterator[Outcome]:
    view = ctx.view("T04")
    if view is None:
        return
    yield from _balance(ctx, view, "income", "决算数", (INCOME_TOTAL, CARRY_BEGIN),
                        "本年收入合计＋年初财政拨款结转和结余")
    spend_total = row(view, GRAND_TOTAL, "expenditure")
    for measure in spend_total.items if spend_total else ():
        yield from _balance(ctx, view, "expenditure", measure, (SPEND_TOTAL, CARRY_END),
                            "本年支出合计＋年末财政拨款结转和结余")
    income = ctx.cell(row(view, GRAND_TOTAL, "income"), "决算数")
    spend = ctx.cell(spend_total, "合计")
    if income is not None and spend is not None:
        yield compare(RULE_ID, spend, [Term(income)], ctx.tol, what="T04 收入总计与支出总计应相等",
                      expected_name="收入总计", table_code="T04")
