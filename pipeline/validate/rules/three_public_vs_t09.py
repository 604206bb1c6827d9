"""narrative.three_public_vs_t09 — the 情况说明's 三公 figures equal T09's: three_public.total, .outbound,
.vehicle, .vehicle_purchase, .vehicle_operation, .reception = the 决算数 of that part, and
three_public.budget = 合计 预算数.  In a budget the keys carry budget amounts, so B09's 预算数 of each
part is compared (three_public.total and three_public.budget both with B09 合计).

T09 prints blanks for zero: when T09 is present, a part it leaves blank is 0.  A table printed
without any amount while the text states a non-zero figure is a warning (the table may have
lost its row); a figure T09 prints differently is an error beyond rounding.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pipeline.validate.amounts import Amount
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed, Term, compare
from pipeline.validate.three_public import PART_NAMES, PARTS, cells

RULE_ID = "narrative.three_public_vs_t09"
KEYS = {f"three_public.{p}": (p, "决算数") for p in PARTS} | {"three_public.budget": ("total", "预算数")}
BUDGET_KEYS = {f"three_public.{p}": (p, "预算数") for p in PARTS} | {"three_public.budget": ("total", "预算数")}
SUBPARTS = {"total": ("outbound", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"),
            "vehicle": ("vehicle_purchase", "vehicle_operation")}


def _blank(code: str, part: str, column: str, page: int | None) -> Amount:
    return Amount(Decimal(0), Decimal(0), "万元", f"{code} {PART_NAMES[part]} {column}（空白，即0）", page,
                  f"{code} {PART_NAMES[part]}/{column} 空白 p.{page}")


def check(ctx: Context) -> Iterator[Outcome]:
    yield from _compare(ctx, "T09", KEYS)
    yield from _compare(ctx, "B09", BUDGET_KEYS)


def _compare(ctx: Context, code: str, keys: dict[str, tuple[str, str]]) -> Iterator[Outcome]:
    tables = ctx.tables(code)
    if not tables:
        return
    found = cells(ctx.doc.line_items, code)
    for key, (part, column) in keys.items():
        stated = ctx.money(key, f"情况说明 {key}")
        if stated is None:
            continue
        li = found.get((part, column))
        if li is None and any((p, column) in found for p in SUBPARTS.get(part, ())):
            continue  # a blank total over printed parts: T09 left the sum to the reader
        table = ctx.amount(li) if li else _blank(code, part, column, tables[0].page_start)
        out = compare(RULE_ID, stated, [Term(table)], ctx.tol, table_code=code, expected_name=table.name,
                      what=f"情况说明所述“三公”经费应与{code}一致（{key}）")
        if li is None and not found and not isinstance(out, Passed):
            out = out.model_copy(update={"severity": "warning", "message": out.message + f"；{code}未列任何金额"})
        yield out
