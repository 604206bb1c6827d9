"""Printed amounts with their precision: what a value is, and how exactly it was printed.

An `Amount` is a money value in yuan together with half a unit of its last printed digit (in
yuan), so identities can allow for rounding.  Amounts come from table line items (precision from
`amount_text` and the table's unit) or from narrative facts (precision from the number as it is
printed in the fact's evidence sentence).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pipeline.records import Fact, LineItem
from pipeline.validate.settings import Tolerances

WAN = Decimal(10000)
_FACTORS = (Decimal(1), WAN, Decimal(100000000))
_NUMBER = re.compile(r"(?<![\d.])-?\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Amount:
    """A money value (yuan), half a unit of its last printed digit (yuan), and where it was read."""

    yuan: Decimal
    half: Decimal
    unit: str  # the unit it was printed in: 万元 or 元 (how messages show it)
    name: str  # what it is, for a person: "T02 合计 本年收入合计"
    page: int | None = None
    where: str | None = None  # evidence: "T02 row 合计 本年收入合计 p.8" or the sentence


def decimals(text: str) -> int:
    """Digits after the decimal point of the number printed in `text` ('2,946.25' → 2)."""
    t = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    m = re.search(r"\.(\d+)", t)
    return len(m.group(1)) if m else 0


def _number(text: str) -> Decimal | None:
    t = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "")
    m = re.search(r"-?\d+(?:\.\d+)?", t)
    if not m:
        return None
    try:
        v = Decimal(m.group(0))
    except InvalidOperation:
        return None
    return -v if t.strip().startswith("(") else v


def unit_factor(li: LineItem, unit_hint: str | None) -> Decimal:
    """Yuan per printed unit: read from the item itself when it is non-zero, else the table's unit."""
    printed = _number(li.amount_text)
    if printed:
        ratio = abs(li.amount_yuan / printed)
        return min(_FACTORS, key=lambda f: abs(f - ratio))
    return WAN if unit_hint == "万元" else Decimal(1)


def item_where(li: LineItem) -> str:
    """'T02 row 201 一般公共服务支出 本年收入合计 p.8': where a person finds the amount."""
    side = {"income": " 收入方", "expenditure": " 支出方"}.get(li.side or "", "")
    row = " ".join(x for x in (li.subject_code, li.row_label) if x) or "数据行"
    page = f" p.{li.page}" if li.page else ""
    return f"{li.table_code}{side} row {row} {li.measure}{page}"


def from_item(li: LineItem, unit_hint: str | None, tol: Tolerances) -> Amount:
    factor = unit_factor(li, unit_hint)
    d = min(decimals(li.amount_text), tol.max_printed_decimals)
    half = Decimal(0) if li.amount_yuan == 0 else factor * Decimal(5) / Decimal(10) ** (d + 1)
    name = " ".join(x for x in (li.table_code, li.subject_code, li.row_label, li.measure) if x)
    return Amount(li.amount_yuan, half, "万元" if factor == WAN else "元", name, li.page, item_where(li))


def printed_precision(evidence: str, value: Decimal) -> tuple[str, int] | None:
    """(unit, decimals) of the number in `evidence` that prints `value` yuan, as 万元 or 元."""
    for m in _NUMBER.finditer(unicodedata.normalize("NFKC", evidence)):
        try:
            n = Decimal(m.group(0).replace(",", ""))
        except InvalidOperation:
            continue
        if n * WAN == value:
            return "万元", decimals(m.group(0))
        if n == value:
            return "元", decimals(m.group(0))
    return None


def from_fact(fact: Fact, tol: Tolerances, name: str | None = None) -> Amount:
    value = Decimal(str(fact.value)).quantize(Decimal("0.01"))
    found = printed_precision(fact.evidence, value)
    if found is None:
        half, unit = tol.narrative_money_half_unit_yuan, "万元"
    else:
        unit, d = found
        factor = WAN if unit == "万元" else Decimal(1)
        half = factor * Decimal(5) / Decimal(10) ** (min(d, tol.max_printed_decimals) + 1)
    return Amount(value, Decimal(0) if value == 0 else half, unit, name or fact.key, fact.page, fact.evidence)


def show(yuan: Decimal | float, unit: str = "万元") -> str:
    """A yuan value as a person reads it in `unit`: 29462500 → '2,946.25万元'."""
    v = Decimal(str(yuan))
    if unit == "万元":
        w = v / WAN
        d = max(2, -int(w.normalize().as_tuple().exponent))
        return f"{w:,.{min(d, 6)}f}万元"
    return f"{v:,.2f}元"


def rate_decimals(value: float, evidence: str | None) -> int | None:
    """Decimals of the percentage printed for fraction `value` in `evidence` (98.20% → 2)."""
    if not evidence:
        return None
    t = unicodedata.normalize("NFKC", evidence)
    for m in re.finditer(r"(-?\d+(?:\.\d+)?)\s*(?:%|百分比)", t):
        if abs(float(m.group(1)) / 100 - abs(value)) < 1e-9 or abs(float(m.group(1)) / 100 - value) < 1e-9:
            return decimals(m.group(1))
    return None


def rate_half_unit(value: float, evidence: str | None, tol: Tolerances) -> float:
    """Half a unit of the last printed digit of a stated rate, as a fraction (98.20% → 0.00005)."""
    d = rate_decimals(value, evidence)
    if d is None:
        return tol.narrative_rate_half_unit
    return 0.5 * 10 ** -(d + 2)


def half_unit(unit: str, places: int) -> Decimal:
    """Half a unit of the last printed digit, in yuan: ('万元', 2) → 50.  (A printed zero is exact:
    callers pass 0 for it.)"""
    factor = WAN if unit.startswith("万") else Decimal(1)
    return factor * Decimal(5) / Decimal(10) ** (places + 1)
