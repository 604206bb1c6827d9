"""narrative.vs_table — every figure the 情况说明 states equals the table that prints it.

收入支出总计, 本年收入合计 and its sources, 本年支出合计, 结转和结余 (T01); 财政拨款收入 (T02); 基本/项目支出
(T03); 财政拨款收入支出总计 (T04); 一般公共预算财政拨款支出, its 基本/项目 split and classes (T05); 人员经费,
公用经费 and economic classes (T06); 本年支出 by class (T03, else T01).  Allowed difference: half a unit
of each printed figure (50 元 for a figure stated to 0.01 万元).  A figure the tables do not print is
not compared.  (三公 figures: narrative.three_public_vs_t09.)  In a budget the same keys carry budget
amounts and are compared with the B table that prints them (B01 totals and sources, B02 sources, B03/B05
基本/项目, B06 人员/公用经费, B09 机关运行经费: pipeline/validate/budget_targets.py).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.fact_targets import target
from pipeline.validate.identity import Outcome, Term, compare

RULE_ID = "narrative.vs_table"


def check(ctx: Context) -> Iterator[Outcome]:
    for fact in ctx.facts():
        if fact.unit != "yuan" or fact.key.startswith("three_public."):
            continue
        found = target(ctx, fact.key)
        stated = ctx.money(fact.key, f"情况说明 {fact.key}")
        if found is None or stated is None:
            continue
        yield compare(RULE_ID, stated, [Term(found.amount)], ctx.tol, table_code=found.table_code,
                      subject_code=found.subject_code, expected_name=found.amount.name,
                      what=f"情况说明所述数应与{found.table_code}一致（{fact.key}）")
