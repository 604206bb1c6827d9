"""budget.balance — B01 and B04, each side: 总计 = Σ its top-level rows; and 收入总计 = 支出总计.

A budget's two-sided tables list on each side the items of the first level (一、财政拨款收入,
二、事业收入 …; 一、一般公共服务支出 …), their breakdowns (1.一般公共预算资金, （一）…, 其中…) and
the totals.  Where a side prints 本年收入合计 / 本年支出合计, it equals the first-level rows above it,
and the side's 总计 equals it plus the first-level rows below it (上年结转, 结转下年 …); otherwise the
总计 equals the first-level rows above it.  Breakdown rows are not counted again.  Checked in every
column the 总计 row prints (B04's expenditure side: 合计 and each fund).  Rows printing nothing are 0.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.validate.amounts import Amount
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare
from pipeline.validate.labels import fold
from pipeline.validate.sums import rows_sum
from pipeline.validate.tables import Row, TableView

RULE_ID = "budget.balance"
TABLES = ("B01", "B04")
GRAND = r"(?:收入|支出)?总计"
SUBTOTAL = r"本年(?:收入|支出)(?:合计|小计)|(?:收入|支出)合计"
SIDE_NAME = {"income": "收入", "expenditure": "支出"}
_STYLES = (("一、", re.compile(r"^第?[一二三四五六七八九十]+[、.．,，]")),
           ("（一）", re.compile(r"^[(（][一二三四五六七八九十]+[)）]")),
           ("(1)", re.compile(r"^[(（]\d+[)）]")),
           ("1.", re.compile(r"^\d+[、.．)）](?!\d)")),
           ("①", re.compile(r"^[①-⑳]")),
           ("其中", re.compile(r"^其中")))


def _style(label: str) -> str | None:
    return next((name for name, rx in _STYLES if rx.match(label)), None)


def first_level(rows: list[Row]) -> list[Row]:
    """The first-level rows of a stretch: unnumbered rows and those numbered like the first numbered
    one (一、 over 1. over (1)); other numberings and 其中 rows are breakdowns, already counted."""
    styles = [_style(fold(r.label)) for r in rows]
    top = next((s for s in styles if s and s != "其中"), None)
    return [r for r, s in zip(rows, styles, strict=True) if fold(r.label) and (s is None or s == top)]


def _side(ctx: Context, view: TableView, side: str) -> Iterator[Outcome]:
    grand = view.find(GRAND, side)
    if grand is None:
        return
    rows = view.side(side)
    above = rows[: rows.index(grand)]
    sub = view.find(SUBTOTAL, side)
    code, name = view.table_code, SIDE_NAME[side]
    for measure in grand.items:
        if sub is not None and sub in above:
            i = above.index(sub)
            out = rows_sum(ctx, RULE_ID, sub, first_level(above[:i]), measure, parts_name=f"Σ各项{name}",
                           what=f"{code} {sub.label}（{measure}）应等于其上各项{name}之和")
            if out is not None:
                yield out
            parts = [sub, *first_level(above[i + 1:])]
            what = f"{code} {grand.label}（{measure}）应等于{sub.label}加其下各项"
        else:
            parts = first_level(above)
            what = f"{code} {grand.label}（{measure}）应等于各项{name}之和"
        out = rows_sum(ctx, RULE_ID, grand, parts, measure, what=what, parts_name=f"Σ各项{name}")
        if out is not None:
            yield out


def _grand_amount(ctx: Context, view: TableView, side: str) -> Amount | None:
    """A side's 总计: its 预算数 (B01, B04 income) or 合计 (B04 expenditure), or its only column."""
    row = view.find(GRAND, side)
    if row is None:
        return None
    found = ctx.cell(row, "预算数", "合计")
    if found is None and len(row.items) == 1:
        found = ctx.amount(next(iter(row.items.values())))
    return found


def check(ctx: Context) -> Iterator[Outcome]:
    for code in TABLES:
        view = ctx.view(code)
        if view is None:
            continue
        yield from _side(ctx, view, "income")
        yield from _side(ctx, view, "expenditure")
        income, spend = _grand_amount(ctx, view, "income"), _grand_amount(ctx, view, "expenditure")
        if income is not None and spend is not None:
            yield compare(RULE_ID, spend, [Term(income)], ctx.tol, what=f"{code} 收入总计与支出总计应相等",
                          expected_name="收入总计", table_code=code)
