"""Where the tables print each narrative figure (dataset contract `facts` keys → line items).

`target(ctx, key)` returns the table amount a stated figure must equal, with its table code and
subject code, or None when the key has no table counterpart or the table does not print it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.validate.amounts import Amount
from pipeline.validate.budget_targets import budget_target
from pipeline.validate.context import Context
from pipeline.validate.labels import class_name
from pipeline.validate.rules.t06_personnel_public import PERSONNEL, PUBLIC
from pipeline.validate.summary import (
    CARRY_BEGIN,
    CARRY_END,
    DISTRIBUTION,
    GRAND_TOTAL,
    INCOME_TOTAL,
    NON_FISCAL_USED,
    SPEND_TOTAL,
)
from pipeline.validate.tables import Row


@dataclass(frozen=True)
class Target:
    amount: Amount
    table_code: str
    subject_code: str | None = None


T01_ROWS = {
    "total_income": ("income", GRAND_TOTAL), "income_current_year": ("income", INCOME_TOTAL),
    "income.general_budget": ("income", r"一般公共预算财政拨款(?:收入)?"),
    "income.government_fund": ("income", r"政府性基金预算财政拨款(?:收入)?"),
    "income.state_capital": ("income", r"国有资本经营预算财政拨款(?:收入)?"),
    "income.superior_subsidy": ("income", "上级补助收入"), "income.business": ("income", "事业收入"),
    "income.operating": ("income", "经营收入"), "income.affiliated": ("income", "附属单位上缴收入"),
    "income.other": ("income", "其他收入"), "income.non_fiscal_balance_used": ("income", NON_FISCAL_USED),
    "carryover_begin": ("income", CARRY_BEGIN),
    "total_expenditure": ("expenditure", GRAND_TOTAL), "expenditure_current_year": ("expenditure", SPEND_TOTAL),
    "carryover_end": ("expenditure", CARRY_END), "balance_distribution": ("expenditure", DISTRIBUTION),
}
# key → (table, row finder, measure)
TOTAL_ROWS = {
    "income.fiscal": ("T02", "财政拨款收入"), "expenditure.basic": ("T03", "基本支出"),
    "expenditure.project": ("T03", "项目支出"), "general_budget_expenditure": ("T05", "合计"),
    "general_budget_expenditure.basic": ("T05", "基本支出"), "general_budget_expenditure.project": ("T05", "项目支出"),
}
NAMED_ROWS: dict[str, tuple[str, str | None, str, str]] = {"fiscal_total": ("T04", "income", GRAND_TOTAL, "决算数"),
              "basic.personnel": ("T06", None, PERSONNEL, "决算数"), "basic.public": ("T06", None, PUBLIC, "决算数")}
# key prefix → where its class rows are, best first: (table, measure); T01/T04 rows are matched by name
CLASS_ROWS = {"expenditure.function.": (("T03", "本年支出合计"), ("T01", "决算数")),
              "general_budget_expenditure.function.": (("T05", "合计"), ("T04", "一般公共预算财政拨款")),
              "basic.econ.": (("T06", "决算数"),)}


def _t(ctx: Context, row: Row | None, measure: str, table: str) -> Target | None:
    a = ctx.cell(row, measure)
    return Target(a, table, row.code if row else None) if a else None


def _class_row(ctx: Context, table: str, name: str) -> Row | None:
    """The 类 row named `name`: a 3-digit code row, or in T01/T04 an expenditure row of that name."""
    view = ctx.view(table)
    want = class_name(name)
    if view is None:
        return None
    rows = view.side("expenditure") if table in ("T01", "T04") else [r for r in view.coded() if len(r.code or "") == 3]
    return next((r for r in rows if class_name(r.label) == want), None)


def _by_class(ctx: Context, key: str) -> Target | None:
    for prefix, places in CLASS_ROWS.items():
        if key.startswith(prefix):
            for table, measure in places:
                found = _t(ctx, _class_row(ctx, table, key[len(prefix):]), measure, table)
                if found:
                    return found
    return None


def _simple(ctx: Context, key: str) -> Target | None:
    if key in T01_ROWS:
        view = ctx.view("T01")
        side, pattern = T01_ROWS[key]
        return _t(ctx, view.find(pattern, side) if view else None, "决算数", "T01")
    if key in TOTAL_ROWS:
        table, measure = TOTAL_ROWS[key]
        view = ctx.view(table)
        return _t(ctx, view.total() if view else None, measure, table)
    if key in NAMED_ROWS:
        table, named_side, pattern, measure = NAMED_ROWS[key]
        view = ctx.view(table)
        return _t(ctx, view.find(pattern, named_side) if view else None, measure, table)
    return None


ALIASES = {"basic.personnel": ("人员经费", "工资福利", "工资福利支出"),
           "basic.public": ("公用经费", "商品和服务", "商品和服务支出")}


def _alias(ctx: Context, key: str) -> Target | None:
    """basic.personnel stated as 工资福利支出 (the contract's alias) is T06's class 301, not 人员经费合计."""
    if key not in ALIASES:
        return None
    own, alias, class_label = ALIASES[key]
    fact = ctx.fact(key)
    if fact is None or own in fact.evidence or alias not in fact.evidence:
        return None
    return _t(ctx, _class_row(ctx, "T06", class_label), "决算数", "T06")


def _budget(ctx: Context, key: str) -> Target | None:
    """A budget's figure: the B table that prints it (budget_targets)."""
    found = budget_target(ctx, key)
    return Target(found.amount, found.table_code, found.subject_code) if found else None


FINDERS: tuple[Callable[[Context, str], Target | None], ...] = (_budget, _alias, _simple, _by_class)


def target(ctx: Context, key: str) -> Target | None:
    for finder in FINDERS:
        found = finder(ctx, key)
        if found is not None:
            return found
    return None
