"""Evaluating one identity: a printed value against what other printed values say it must be.

Every rule reports each identity it could evaluate as an `Outcome`: `Passed`, or a `Finding`
whose severity follows the tolerance rule — within the rounding allowance of the printed
amounts a *warning*, beyond it an *error*.  An identity with a value missing is not evaluated.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.records import Finding, Severity
from pipeline.validate.amounts import Amount, show
from pipeline.validate.settings import Tolerances

EXACT = Decimal("0.001")  # yuan: amounts are Decimal to the cent, so anything below is equality


@dataclass(frozen=True)
class Passed:
    """An identity that holds exactly (in `table_code`, when it is one table's own)."""

    rule_id: str
    table_code: str | None = None


Outcome = Finding | Passed


@dataclass(frozen=True)
class Term:
    """One signed term of an expected value: +T02 合计, −T07 本年支出."""

    amount: Amount
    sign: int = 1


# what a warning's message says when the difference is within the printed precision (the report
# reads it to list rounding apart: pipeline.analysis.report.units)
WITHIN, TOLERANCE = "（在", "舍入容差"


def allowance(amounts: Sequence[Amount], tol: Tolerances) -> Decimal:
    """How far an identity over `amounts` may be off from rounding alone (yuan)."""
    return sum((a.half for a in amounts), Decimal(0)) * tol.half_units_per_amount


def severity_of(diff: Decimal, allowed: Decimal) -> Severity | None:
    if abs(diff) < EXACT:
        return None
    return "warning" if abs(diff) <= allowed + EXACT else "error"


def allowance_text(amounts: Sequence[Amount], allowed: Decimal, tol: Tolerances) -> str:
    unit = amounts[0].unit if amounts else "万元"
    halves = {a.half for a in amounts}
    each = ""
    if len(halves) == 1:
        each = f"，{len(amounts)}个打印数各±{show(next(iter(halves)) * tol.half_units_per_amount, unit)}"
    return f"{TOLERANCE}±{show(allowed, unit)}{each}"


def compare(rule_id: str, actual: Amount, terms: Sequence[Term], tol: Tolerances, *, what: str,
            expected_name: str, table_code: str | None, subject_code: str | None = None) -> Outcome:
    """`actual` must equal Σ terms; `what` names the identity in the message (Chinese)."""
    expected = sum((t.sign * t.amount.yuan for t in terms), Decimal(0))
    involved = [actual, *(t.amount for t in terms)]
    allowed = allowance(involved, tol)
    diff = actual.yuan - expected
    sev = severity_of(diff, allowed)
    if sev is None:
        return Passed(rule_id, table_code)
    unit = actual.unit
    verdict = WITHIN if sev == "warning" else "（超出"
    message = (f"{what}：{actual.name} {show(actual.yuan, unit)}，{expected_name} {show(expected, unit)}，"
               f"相差{show(abs(diff), unit)}{verdict}{allowance_text(involved, allowed, tol)}）")
    evidence = actual.where or actual.name
    if len(terms) == 1 and terms[0].amount.where:
        evidence = f"{evidence}; {terms[0].amount.where}"
    return Finding(rule_id=rule_id, severity=sev, message=message, table_code=table_code,
                   subject_code=subject_code, expected=float(expected), actual=float(actual.yuan),
                   page=actual.page, evidence=evidence)


def plus(amounts: Sequence[Amount]) -> list[Term]:
    return [Term(a) for a in amounts]
