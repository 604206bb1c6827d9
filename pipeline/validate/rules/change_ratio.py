"""narrative.change_ratio — a stated change and its percentage follow from the stated figure.

"一般公共预算财政拨款收入1954.42万元…较2023年度减少657.33万元，下降25.17%": the base is
1954.42 + 657.33 = 2611.75 and −657.33 / 2611.75 = −25.17%.  So value / (value − change) − 1 must
equal the stated ratio within the precision of the three printed numbers.  When the change does
not fit its figure but fits another figure stated in the same sentence, the change is taken to
be about that one and nothing is reported.  A change no prior figure can explain — a zero change
with a non-zero rate, or a change implying a negative prior amount — is an error.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pipeline.records import Fact, Finding
from pipeline.validate.amounts import from_fact, half_unit, printed_precision, rate_half_unit
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.rates import pct, rate_severity

RULE_ID = "narrative.change_ratio"


def _interval(ctx: Context, value: Decimal, half: Decimal, fact: Fact) -> tuple[float, float] | None:
    change = Decimal(str(fact.change_value)).quantize(Decimal("0.01"))
    found = printed_precision(fact.evidence, abs(change))
    ch = half_unit(*found) if found else ctx.tol.narrative_money_half_unit_yuan
    corners = []
    for v in (value - half, value + half):
        for c in (change - ch, change + ch):
            if v - c <= 0:
                return None  # a base of zero or less: no ratio to compare
            corners.append(float(c / (v - c)))
    return min(corners), max(corners)


def _fits(ctx: Context, fact: Fact, value: Decimal, half: Decimal, r_half: float) -> bool:
    interval = _interval(ctx, value, half, fact)
    return interval is not None and rate_severity(fact.change_ratio or 0.0, r_half, interval, ctx.tol) is None


def _neighbour_fits(ctx: Context, fact: Fact, r_half: float) -> bool:
    for other in ctx.doc.facts:
        if other.key != fact.key and other.unit == "yuan" and other.evidence == fact.evidence:
            a = from_fact(other, ctx.tol)
            if _fits(ctx, fact, a.yuan, a.half, r_half):
                return True
    return False


def _impossible(fact: Fact, stated_yuan: Decimal, change: Decimal, allowed: Decimal) -> str | None:
    """A change no prior figure can explain: a zero change with a non-zero rate, a negative prior."""
    if change == 0 and fact.change_ratio:
        return "变动额为0，变动率应为0"
    if stated_yuan >= 0 and stated_yuan - change < -allowed:
        return f"由此推算上年数为{(stated_yuan - change) / 10000:,.2f}万元（负数）"
    return None


def check_fact(ctx: Context, fact: Fact) -> Outcome | None:
    if fact.unit != "yuan" or fact.change_value is None or fact.change_ratio is None:
        return None
    stated = from_fact(fact, ctx.tol)
    change = Decimal(str(fact.change_value)).quantize(Decimal("0.01"))
    r_half = rate_half_unit(fact.change_ratio, fact.evidence, ctx.tol)
    why = _impossible(fact, stated.yuan, change, stated.half + ctx.tol.narrative_money_half_unit_yuan)
    if why:
        return None if _neighbour_fits(ctx, fact, r_half) else _finding(fact, stated.yuan, "error", None, why)
    interval = _interval(ctx, stated.yuan, stated.half, fact)
    if interval is None:
        return None
    sev = rate_severity(fact.change_ratio, r_half, interval, ctx.tol)
    if sev is None:
        return Passed(RULE_ID)
    if _neighbour_fits(ctx, fact, r_half):
        return None
    computed = float(change / (stated.yuan - change))
    return _finding(fact, stated.yuan, sev, computed,
                    f"按此计算变动率应为{pct(computed)}（按打印精度容差±{pct(r_half, 4)}）")


def _finding(fact: Fact, stated: Decimal, severity: str, computed: float | None, why: str) -> Finding:
    return Finding(rule_id=RULE_ID, severity=severity, table_code=None, expected=computed,  # type: ignore[arg-type]
                   actual=fact.change_ratio, page=fact.page, evidence=fact.evidence,
                   message=f"情况说明 {fact.key}：本年{stated / 10000:,.2f}万元，"
                           f"变动{(fact.change_value or 0) / 10000:,.2f}万元，"
                           f"文中称变动{pct(fact.change_ratio or 0)}，{why}")


def check(ctx: Context) -> Iterator[Outcome]:
    for fact in ctx.facts():
        out = check_fact(ctx, fact)
        if out is not None:
            yield out
