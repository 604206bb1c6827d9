"""narrative.completion_rate — a stated completion rate equals 决算 ÷ 年初预算 of the same statement.

"年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%": 2940.05 / 2993.92 = 98.20%,
within the precision the three figures are printed to.  A zero budget has no completion rate:
stating one (完成年初预算的100%) is a warning.  Covers budget_execution items, the 一般公共预算
total, 三公, fund budgets and any other such statement of the 情况说明.  Where the text reading
finds no statement for the 一般公共预算 or 三公 totals, their facts (…initial_budget, the total,
…completion_rate) are checked instead.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pipeline.records import Fact, Finding
from pipeline.validate.amounts import half_unit, printed_precision, rate_decimals
from pipeline.validate.budget_subject import TOTALS, figures, subject_of
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.rates import pct, rate_severity, ratio_interval
from pipeline.validate.statements import Statement

RULE_ID = "narrative.completion_rate"


def _finding(ctx: Context, st: Statement, severity: str, expected: float | None, why: str) -> Finding:
    subj = subject_of(ctx, st)
    key = f"（{subj.key}）" if subj.key else ""
    return Finding(rule_id=RULE_ID, severity=severity, table_code=subj.table_code,  # type: ignore[arg-type]
                   subject_code=subj.subject_code, expected=expected, actual=st.rate, page=st.page,
                   evidence=st.evidence,
                   message=f"{subj.name}{key}：{figures(st)}，"
                           f"文中称完成{pct(st.rate or 0, st.rate_decimals or 0)}，{why}")


def check_statement(ctx: Context, st: Statement) -> Outcome | None:
    if st.rate is None:
        return None
    if st.initial == 0:
        if st.rate == 0:
            return None
        return _finding(ctx, st, "warning", None, "年初预算为0，完成率无从计算")
    half = 0.5 * 10 ** -((st.rate_decimals or 0) + 2)
    final_half = half_unit(*st.final_decimals) if st.final else Decimal(0)  # a printed zero is exact
    interval = ratio_interval(st.final, final_half, st.initial, half_unit(*st.initial_decimals))
    if interval is None:
        return None
    sev = rate_severity(st.rate, half, interval, ctx.tol)
    if sev is None:
        return Passed(RULE_ID)
    computed = float(st.final / st.initial)
    return _finding(ctx, st, sev, computed, f"按所列数计算应为{pct(computed)}（按打印精度容差±{pct(half, 4)}）")


def _printed(fact: Fact) -> tuple[str, int]:
    return printed_precision(fact.evidence, Decimal(str(fact.value)).quantize(Decimal("0.01"))) or ("万元", 2)


def from_facts(ctx: Context, prefix: str, initial_key: str, final_key: str) -> Statement | None:
    """A statement rebuilt from the facts of one total, when all three were read."""
    initial, final, rate = ctx.fact(initial_key), ctx.fact(final_key), ctx.fact(f"{prefix}.completion_rate")
    if initial is None or final is None or rate is None:
        return None
    return Statement(Decimal(str(initial.value)).quantize(Decimal("0.01")), _printed(initial),
                     Decimal(str(final.value)).quantize(Decimal("0.01")), _printed(final), rate.value,
                     rate_decimals(rate.value, rate.evidence), None, prefix, rate.evidence, rate.page)


def check(ctx: Context) -> Iterator[Outcome]:
    found = list(ctx.statements)
    for prefix, initial_key, final_key in TOTALS:
        st = from_facts(ctx, prefix, initial_key, final_key)
        if st is not None and not any((s.initial, s.final) == (st.initial, st.final) for s in found):
            found.append(st)
    for st in found:
        out = check_statement(ctx, st)
        if out is not None:
            yield out
