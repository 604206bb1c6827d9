"""narrative.budget_items_total — the budget_execution items add up to the stated 一般公共预算 totals.

When Σ items' 决算 equals the stated 一般公共预算财政拨款支出 (so the list is complete), Σ items'
年初预算 must equal the stated general_budget_expenditure.initial_budget.  A list that does not
reach the 决算 total may be partial: nothing is reported for it.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pipeline.records import BudgetExecution
from pipeline.validate.amounts import Amount, half_unit
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, allowance, compare, severity_of

RULE_ID = "narrative.budget_items_total"


def _amount(b: BudgetExecution, value: Decimal, what: str) -> Amount:
    d = 2 if value % 100 == 0 else 4  # stated in 万元 to 0.01 (or finer)
    return Amount(value, half_unit("万元", d), "万元", f"{b.path} {what}", b.page, b.evidence)


def check(ctx: Context) -> Iterator[Outcome]:
    items = [b for b in ctx.doc.budget_execution if b.final_yuan is not None and b.initial_budget_yuan is not None]
    stated_final = ctx.money("general_budget_expenditure")
    stated_initial = ctx.money("general_budget_expenditure.initial_budget")
    if len(items) < 2 or stated_final is None or stated_initial is None:
        return
    finals = [_amount(b, b.final_yuan, "决算") for b in items if b.final_yuan is not None]
    total = sum((a.yuan for a in finals), Decimal(0))
    if severity_of(stated_final.yuan - total, allowance([stated_final, *finals], ctx.tol)) == "error":
        return
    initials = [_amount(b, b.initial_budget_yuan, "年初预算") for b in items if b.initial_budget_yuan is not None]
    yield compare(RULE_ID, stated_initial, [Term(a) for a in initials], ctx.tol, table_code=None,
                  expected_name="各项年初预算之和", what="各项年初预算之和应等于所述一般公共预算财政拨款支出年初预算"
                  "（general_budget_expenditure.initial_budget）")
