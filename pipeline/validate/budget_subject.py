"""What a budget statement is about: a budget_execution item (its code and path) or a stated total."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.validate.amounts import show
from pipeline.validate.context import Context
from pipeline.validate.statements import Statement

_TRAIL = re.compile(r"(?:的)?(?:年初|全年|调整后)?预算数?(?:为|是)?$")
TOTALS = (("general_budget_expenditure", "general_budget_expenditure.initial_budget", "general_budget_expenditure"),
          ("three_public", "three_public.budget", "three_public.total"))


@dataclass(frozen=True)
class Subject:
    name: str  # for a person: the item's path or the words before the figures
    key: str | None  # the contract key it belongs to (fact or budget_execution)
    table_code: str | None
    subject_code: str | None


def _fact_is(ctx: Context, key: str, value: Decimal) -> bool:
    f = ctx.fact(key)
    return f is not None and Decimal(str(f.value)).quantize(Decimal("0.01")) == value.quantize(Decimal("0.01"))


def subject_of(ctx: Context, st: Statement) -> Subject:
    item = ctx.budget_item(st.initial.quantize(Decimal("0.01")), st.final.quantize(Decimal("0.01")))
    if item is not None:
        return Subject(item.path, "general_budget_expenditure.completion_rate", "T05", item.subject_code)
    for prefix, initial_key, final_key in TOTALS:
        if _fact_is(ctx, initial_key, st.initial) and _fact_is(ctx, final_key, st.final):
            return Subject(prefix, f"{prefix}.completion_rate", None, None)
    name = _TRAIL.sub("", st.subject).strip(",，:：") or "该项"
    return Subject(name, None, None, None)


def figures(st: Statement) -> str:
    return f"年初预算{show(st.initial, st.initial_decimals[0])}、决算{show(st.final, st.final_decimals[0])}"
