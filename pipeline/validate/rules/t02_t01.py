"""cross.t02_t01 — T02's 合计 row equals T01's income side: 本年收入合计 = T01 本年收入合计, and each
source column = its T01 row (财政拨款收入 = T01 一般公共预算 + 政府性基金 + 国有资本经营预算财政拨款收入;
上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入 = the T01 row of that name).

A figure either table leaves blank is not compared.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.amounts import Amount
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare
from pipeline.validate.sums import equal
from pipeline.validate.tables import TableView

RULE_ID = "cross.t02_t01"
FISCAL = (r"一般公共预算财政拨款收入|一般公共预算财政拨款", r"政府性基金预算财政拨款收入|政府性基金预算财政拨款",
          r"国有资本经营预算财政拨款收入|国有资本经营预算财政拨款")
SOURCES = {"本年收入合计": r"本年收入合计", "上级补助收入": "上级补助收入", "事业收入": "事业收入",
           "经营收入": "经营收入", "附属单位上缴收入": r"附属单位上缴收入|附属单位缴款", "其他收入": "其他收入"}


def _fiscal(ctx: Context, t01: TableView, t02_fiscal: Amount | None) -> Iterator[Outcome]:
    parts = [a for a in (ctx.cell(t01.find(p, "income"), "决算数") for p in FISCAL) if a is not None]
    if t02_fiscal is None or not parts:
        return
    yield compare(RULE_ID, t02_fiscal, [Term(a) for a in parts], ctx.tol, table_code="T02",
                  what="T02 合计 财政拨款收入应等于T01各项财政拨款收入之和", expected_name="T01 财政拨款收入各行之和")


def check(ctx: Context) -> Iterator[Outcome]:
    t01, t02 = ctx.view("T01"), ctx.view("T02")
    if t01 is None or t02 is None:
        return
    total = t02.total()
    for measure, pattern in SOURCES.items():
        yield from equal(ctx, RULE_ID, ctx.cell(total, measure), ctx.cell(t01.find(pattern, "income"), "决算数"),
                         what=f"T02 合计 {measure}应等于T01同名行", table_code="T02")
    yield from _fiscal(ctx, t01, ctx.cell(total, "财政拨款收入"))
