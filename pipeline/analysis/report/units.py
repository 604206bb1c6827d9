"""Findings as a reader of the page sees them: values in the unit the page prints, rounding apart.

A finding's expected/actual are in the data's units (yuan for money, fractions for rates); the
report shows them as the document prints them — money in the unit of the finding's table (or the
document's source_unit), 万元 or 元, rates as percentages, years as years, points as points —
each labelled with its unit.

Rounding: a difference within the printed precision (severity info, or a warning whose message
says it is within the rounding tolerance, “在舍入容差…”) is no mistake in the document; it is
counted and listed apart, never painted on a cell.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.validate.identity import TOLERANCE, WITHIN

Row = dict[str, Any]

RATE_RULES = frozenset({"narrative.change_ratio", "narrative.completion_rate", "narrative.shares",
                        "perf.execution_rate"})
YEAR_RULES = frozenset({"document.fiscal_year"})
POINT_RULES = frozenset({"perf.total_score", "perf.weights"})
ROUNDING_MARK = WITHIN + TOLERANCE  # the words pipeline.validate.identity.compare writes

ROUNDING_SQL = f"(f.severity = 'info' OR (f.severity = 'warning' AND f.message LIKE '%{ROUNDING_MARK}%'))"


def is_rounding(f: Row) -> bool:
    """A finding about rounding within the printed precision (or any info finding)."""
    sev = f.get("severity")
    return sev == "info" or (sev == "warning" and ROUNDING_MARK in (f.get("message") or ""))


def shown_severity(f: Row) -> str:
    """The severity the report shows: info for rounding within tolerance."""
    return "info" if is_rounding(f) else str(f.get("severity") or "")


def _decimal_text(d: Decimal, places: int = 2, most: int = 6) -> str:
    """d with thousands separators and at least `places` decimals (up to `most` when it has them)."""
    exponent = d.normalize().as_tuple().exponent
    exp = -exponent if isinstance(exponent, int) else 0
    return f"{d:,.{max(places, min(exp, most))}f}"


def money_unit(f: Row, table_units: dict[str, str], doc_unit: str | None) -> str:
    """The unit the page prints the finding's money in: its table's unit, else the document's, else 元."""
    unit = table_units.get(f.get("table_code") or "") or doc_unit
    return unit if unit in ("元", "万元") else "元"


def shown_value(f: Row, key: str, table_units: dict[str, str], doc_unit: str | None) -> str:
    """f[key] (expected or actual) as printed, with its unit: '1,560.05 万元', '-1.87%', '2024 年'."""
    v = f.get(key)
    if v is None:
        return ""
    rule = f.get("rule_id") or ""
    d = Decimal(str(v))
    if rule in RATE_RULES:
        return f"{_decimal_text(d * 100, most=4)}%"
    if rule in YEAR_RULES:
        return f"{int(d)} 年"
    if rule in POINT_RULES:
        return f"{_decimal_text(d)} 分"
    unit = money_unit(f, table_units, doc_unit)
    return f"{_decimal_text(d / 10000 if unit == '万元' else d)} {unit}"
