"""t09.parts — T09, for 预算数 and 决算数 (and a budget's B09, for its 预算数):
合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费,
and 公务用车购置及运行费 (小计) = 公务用车购置费 + 公务用车运行费.

T09 prints blanks for zero, so a part printing nothing is 0; a total printing nothing is not checked.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare
from pipeline.validate.three_public import COLUMNS, PART_NAMES, cells

RULE_ID = "t09.parts"
IDENTITIES = (("total", ("outbound", "vehicle", "reception")), ("vehicle", ("vehicle_purchase", "vehicle_operation")))


def check(ctx: Context) -> Iterator[Outcome]:
    for code in ("T09", "B09"):
        found = cells(ctx.doc.line_items, code)
        for column in COLUMNS:
            for whole, parts in IDENTITIES:
                total = found.get((whole, column))
                terms = [Term(ctx.amount(found[(p, column)])) for p in parts if (p, column) in found]
                if total is None or not terms:
                    continue
                names = "＋".join(PART_NAMES[p] for p in parts)
                yield compare(RULE_ID, ctx.amount(total), terms, ctx.tol, table_code=code, expected_name=names,
                              what=f"{code} {PART_NAMES[whole]}（{column}）应等于{names}")
