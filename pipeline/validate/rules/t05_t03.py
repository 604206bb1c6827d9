"""cross.t05_t03 — each 功能分类 code's 一般公共预算财政拨款 expenditure (T05) cannot exceed its total
expenditure (T03): T05 合计/基本支出/项目支出 ≤ T03 本年支出合计/基本支出/项目支出.  When the two
tables' 合计 agree (all expenditure is 一般公共预算财政拨款), every code must agree exactly.

This places a mistake in one row: a changed 项 breaks its own code here, not only its parent's sum.
The finding names the table whose own subtotal the row breaks (T03 or T05; T05 when unclear).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import Finding
from pipeline.validate.amounts import Amount, show
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed, Term, compare
from pipeline.validate.sums import sum_holds
from pipeline.validate.tables import Row

RULE_ID = "cross.t05_t03"
PAIRS = (("合计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出"))


def _le(ctx: Context, t05: Amount, t03: Amount, row: Row) -> Outcome:
    if t05.yuan <= t03.yuan + ctx.tol.half_units_per_amount * (t05.half + t03.half):
        return Passed(RULE_ID)
    return Finding(rule_id=RULE_ID, severity="error", table_code="T05", subject_code=row.code,
                   message=f"T05 {row.code} {row.label} {t05.name.split()[-1]} {show(t05.yuan, t05.unit)} "
                           f"超过T03同一科目的 {show(t03.yuan, t03.unit)}（一般公共预算财政拨款支出不能大于全部支出）",
                   expected=float(t03.yuan), actual=float(t05.yuan), page=t05.page,
                   evidence=f"{t05.where}; {t03.where}")


def check(ctx: Context) -> Iterator[Outcome]:
    t03, t05 = ctx.view("T03"), ctx.view("T05")
    if t03 is None or t05 is None:
        return
    same = ctx.cell(t05.total(), "合计")
    other = ctx.cell(t03.total(), "本年支出合计")
    exact = same is not None and other is not None and same.yuan == other.yuan
    for row in t05.coded():
        ref = t03.by_code(row.code or "")
        for m05, m03 in PAIRS:
            a, b = ctx.cell(row, m05), ctx.cell(ref, m03)
            if a is None or b is None or ref is None:
                continue
            if exact:
                blamed = "T03" if not sum_holds(ctx, t03, ref, m03) and sum_holds(ctx, t05, row, m05) else "T05"
                yield compare(RULE_ID, a, [Term(b)], ctx.tol, table_code=blamed, subject_code=row.code,
                              what=f"T05 {row.code} {row.label}（{m05}）应等于T03同一科目（两表合计相同）",
                              expected_name=b.name)
            else:
                yield _le(ctx, a, b, row)
