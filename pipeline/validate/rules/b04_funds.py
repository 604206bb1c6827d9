"""cross.b04_funds — B04's expenditure, fund by fund, equals the fund's own table:
一般公共预算 = B05 合计, 政府性基金预算 = B07 合计, 国有资本经营预算 = B08 合计, and B04 合计 = their sum.

B04's expenditure figure is its 本年支出合计 row, or its 支出总计 when the side prints no carry-over
(结转) row.  A fund table printed empty (B07, B08 "本表无数据") is 0; a table absent is not compared.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from pipeline.validate.amounts import Amount
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare
from pipeline.validate.tables import Row, TableView

RULE_ID = "cross.b04_funds"
FUNDS = (("一般公共预算", "B05"), ("政府性基金预算", "B07"), ("国有资本经营预算", "B08"))
SUBTOTAL = r"本年支出(?:合计|小计)|支出合计"
GRAND = r"支出总计|总计"
CARRY = re.compile(r"结转|结余")


def spend_row(view: TableView) -> Row | None:
    """B04's expenditure of the year: 本年支出合计, else 支出总计 when nothing is carried over."""
    found = view.find(SUBTOTAL, "expenditure")
    if found is not None:
        return found
    if any(CARRY.search(r.key) for r in view.side("expenditure")):
        return None
    return view.find(GRAND, "expenditure")


def fund_total(ctx: Context, code: str) -> Amount | None:
    """The 合计 of fund table `code`; 0 when it is printed without amounts; None when absent."""
    view = ctx.view(code)
    if view is not None:
        return ctx.cell(view.total(), "合计")
    tables = ctx.tables(code)
    if not tables:
        return None
    page = tables[0].page_start
    return Amount(Decimal(0), Decimal(0), "元", f"{code} 合计（空表，即0）", page, f"{code} 空表 p.{page}")


def check(ctx: Context) -> Iterator[Outcome]:
    b04 = ctx.view("B04")
    row = spend_row(b04) if b04 else None
    if row is None:
        return
    totals: list[Amount] = []
    for column, code in FUNDS:
        fund = fund_total(ctx, code)
        if fund is None:
            continue
        totals.append(fund)
        printed = ctx.cell(row, column)
        if printed is not None:
            yield compare(RULE_ID, printed, [Term(fund)], ctx.tol, table_code="B04", expected_name=fund.name,
                          what=f"B04 {row.label}（{column}）应等于{code}合计")
    everything = ctx.cell(row, "合计")
    if everything is not None and len(totals) == len(FUNDS):
        yield compare(RULE_ID, everything, [Term(a) for a in totals], ctx.tol, table_code="B04",
                      expected_name="B05＋B07＋B08 合计", what=f"B04 {row.label}（合计）应等于B05＋B07＋B08合计")
