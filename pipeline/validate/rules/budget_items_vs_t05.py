"""narrative.budget_items_vs_t05 — each budget_execution item's stated 决算 equals T05's 合计 for its
code (and its 年初预算 T05's 年初预算数, where T05 prints one).
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pipeline.validate.amounts import Amount, half_unit
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare

RULE_ID = "narrative.budget_items_vs_t05"
PAIRS = (("final_yuan", "合计", "决算"), ("initial_budget_yuan", "年初预算数", "年初预算"))


def check(ctx: Context) -> Iterator[Outcome]:
    t05 = ctx.view("T05")
    if t05 is None:
        return
    for b in ctx.doc.budget_execution:
        row = t05.by_code(b.subject_code) if b.subject_code else None
        for field, measure, word in PAIRS:
            value: Decimal | None = getattr(b, field)
            table = ctx.cell(row, measure)
            if value is None or table is None:
                continue
            stated = Amount(value, half_unit("万元", 2), "万元", f"情况说明 {b.path} {word}", b.page, b.evidence)
            yield compare(RULE_ID, stated, [Term(table)], ctx.tol, table_code="T05", subject_code=b.subject_code,
                          expected_name=table.name, what=f"情况说明所述{word}应与T05一致（budget_execution）")
