"""The rule registry: every validation rule, in the order its findings are reported.

A rule is one module with a fixed `RULE_ID` and `check(ctx) -> Iterator[Outcome]`: it yields
`Passed` for each identity that holds and a `Finding` for each that does not.  Its docstring
states the identity it checks.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.rules import (
    b04_funds,
    b06_b05,
    budget_balance,
    budget_direction,
    budget_items_total,
    budget_items_vs_t05,
    change_ratio,
    completion_rate,
    department_name,
    fact_vs_table,
    fiscal_year,
    fund_balance,
    fund_tables_t04,
    hierarchy_sum,
    missing_table,
    narrative_sums,
    perf_execution_rate,
    perf_funds,
    perf_total_score,
    perf_weights,
    restated,
    row_sum,
    shares,
    t01_balance,
    t01_totals,
    t02_t01,
    t03_t01,
    t04_balance,
    t04_t01,
    t04_totals,
    t05_t03,
    t05_t04,
    t05_t06,
    t06_personnel_public,
    t09_parts,
    table_unit,
    three_public_vs_t09,
)


@dataclass(frozen=True)
class Rule:
    id: str
    check: Callable[[Context], Iterable[Outcome]]
    doc: str


def _rule(module: ModuleType) -> Rule:
    return Rule(module.RULE_ID, module.check, (module.__doc__ or "").strip())


RULES: tuple[Rule, ...] = tuple(_rule(m) for m in (
    hierarchy_sum, row_sum, fund_balance, t06_personnel_public, t09_parts,
    t01_totals, t01_balance, t04_totals, t04_balance, budget_balance,
    t02_t01, t03_t01, t04_t01, t05_t04, t05_t06, t05_t03, fund_tables_t04, b04_funds, b06_b05,
    fact_vs_table, three_public_vs_t09, budget_items_vs_t05, change_ratio, completion_rate, budget_direction,
    narrative_sums, budget_items_total, shares, restated,
    perf_total_score, perf_weights, perf_execution_rate, perf_funds,
    fiscal_year, department_name, table_unit, missing_table,
))
