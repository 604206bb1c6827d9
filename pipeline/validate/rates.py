"""Stated rates against the amounts they are computed from, allowing for printed precision.

A rate computed from printed amounts is only known to an interval (each amount ±half a unit);
a stated rate is right when it lies within that interval widened by half a unit of its own
last printed digit.  One further unit of the last digit (a truncated instead of rounded rate)
is a warning; anything beyond, an error.
"""
from __future__ import annotations

from decimal import Decimal

from pipeline.records import Severity
from pipeline.validate.settings import Tolerances


def ratio_interval(num: Decimal, num_half: Decimal, den: Decimal, den_half: Decimal) -> tuple[float, float] | None:
    """[lo, hi] of num/den over the printed intervals; None when den may be zero."""
    lo_d, hi_d = den - den_half, den + den_half
    if lo_d <= 0 <= hi_d:
        return None
    corners = [float(n / d) for n in (num - num_half, num + num_half) for d in (lo_d, hi_d)]
    return min(corners), max(corners)


def rate_severity(stated: float, half: float, interval: tuple[float, float], tol: Tolerances) -> Severity | None:
    lo, hi = interval
    eps = 1e-9
    if lo - half - eps <= stated <= hi + half + eps:
        return None
    extra = 2 * half * tol.rate_warning_units
    if lo - half - extra - eps <= stated <= hi + half + extra + eps:
        return "warning"
    return "error"


def pct(v: float, digits: int = 2) -> str:
    return f"{v * 100:.{digits}f}%"
