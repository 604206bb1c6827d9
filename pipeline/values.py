"""Parsers for the values printed in 决算 tables and text: amounts, rates, targets.

Every parser takes the printed text and returns None for "nothing printed" (blank, dashes,
——), never a guess.  Money stays `Decimal` end to end so 710.8078 万元 is exactly 7108078 元.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

CENT = Decimal("0.01")
UNIT_FACTOR = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}

_BLANK = re.compile(r"^[\s\-－—–―_/／\\]*$|^(?:无|空|/)$")
_NUM = re.compile(r"^[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+\-]?\.\d+$")


_WS = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # table cells repeat: 0.00, 合计, the same codes
def fold(text: str) -> str:
    """Full-width to half-width (NFKC), all whitespace removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def is_blank(text: str | None) -> bool:
    return text is None or bool(_BLANK.match(fold(text)))


def parse_amount(text: str | None) -> Decimal | None:
    """The number printed in an amount cell ('1,031.24', '-45.59', '（3.5）'), None when blank."""
    if is_blank(text):
        return None
    assert text is not None
    t = fold(text).replace("，", ",")
    neg = False
    if t.startswith("(") and t.endswith(")"):
        t, neg = t[1:-1], True
    t = t.rstrip("元").removesuffix("万")
    if not _NUM.match(t):
        return None
    try:
        v = Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None
    return -v if neg else v


def to_yuan(amount: Decimal, unit: str | None) -> Decimal:
    """An amount printed in `unit` (元, 万元, 亿元; None means 元) as yuan to the cent."""
    factor = UNIT_FACTOR.get(unit or "元")
    if factor is None:
        raise ValueError(f"unknown money unit {unit!r}")
    return (amount * factor).quantize(CENT, ROUND_HALF_UP)


def parse_rate(text: str | None) -> float | None:
    """A rate as a fraction: '36.37%' and '36.37' → 0.3637, '0.975' → 0.975, '0' → 0.0.

    Without a % sign a value above 1 is read as a percentage (execution-rate columns mix both).
    """
    if is_blank(text):
        return None
    assert text is not None
    t = fold(text)
    pct = t.endswith("%") or t.endswith("百分比")
    t = t.rstrip("%").removesuffix("百分比")
    v = parse_amount(t)
    if v is None:
        return None
    if pct or abs(v) > 1:
        v = v / 100
    return round(float(v), 6)


def parse_number(text: str | None) -> float | None:
    """A plain number printed in a cell ('12', '99.99', '1,094'); None for words."""
    v = parse_amount(text)
    return None if v is None else float(v)


_OPS = [("≥", "≥"), (">=", "≥"), ("≧", "≥"), ("不低于", "≥"), ("大于等于", "≥"), ("≤", "≤"), ("<=", "≤"),
        ("≦", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("小于等于", "≤"), ("=", "="), ("＝", "="),
        ("等于", "="), (">", ">"), ("大于", ">"), ("<", "<"), ("小于", "<")]
_TARGET = re.compile(r"^(?P<num>[+\-]?\d+(?:,\d{3})*(?:\.\d+)?)(?P<unit>[^\d].*)?$")


def parse_target(text: str | None) -> tuple[str | None, float | None, str | None]:
    """An indicator value '≥10项' → ('≥', 10.0, '项'); '=100百分比' → ('=', 100.0, '%').

    Text with no leading number after the operator ('2024年12月31日止', '合格及以上') gives
    (None, None, None): its meaning stays in target_text.
    """
    if is_blank(text):
        return None, None, None
    assert text is not None
    t = fold(text)
    op = None
    for sym, canon in _OPS:
        if t.startswith(sym):
            op, t = canon, t[len(sym):]
            break
    m = _TARGET.match(t)
    if not m:
        return None, None, None
    unit = (m.group("unit") or "").strip() or None
    if unit in ("百分比", "%", "％"):
        unit = "%"
    if unit and re.search(r"\d", unit):  # '2024年12月31日止': a date, not a quantity
        return None, None, None
    return op, float(m.group("num").replace(",", "")), unit
