"""Shared reading of the 绩效自评表 records: amounts with inferred precision, score sums."""
from __future__ import annotations

from decimal import Decimal

from pipeline.records import PerfFund, PerfIndicator
from pipeline.validate.amounts import WAN, Amount, half_unit

MONEY_COLUMNS = {"initial_yuan": "年初预算数", "adjustment_yuan": "调整数", "adjusted_yuan": "全年预算数",
                 "actual_yuan": "全年执行数"}
EXECUTION = ("预算执行", "预算执行率", "资金执行", "执行率")


def places(value: Decimal, most: int = 4) -> int:
    """Decimals a 万元 amount needs to print `value` yuan exactly (710.8078 → 4), at most `most`."""
    w = (value / WAN).normalize()
    return min(max(0, -int(w.as_tuple().exponent)), most)


def fund_amount(f: PerfFund, column: str, table_code: str) -> Amount | None:
    value: Decimal | None = getattr(f, column)
    if value is None:
        return None
    half = Decimal(0) if value == 0 else half_unit("万元", places(value))
    name = f"{table_code} {f.subject or ''} {f.fund_source} {MONEY_COLUMNS[column]}"
    return Amount(value, half, "万元", name, f.page, f"{name} p.{f.page}" if f.page else name)


def is_execution_row(ind: PerfIndicator) -> bool:
    """An indicator row that is the 预算执行 part itself (some tables list it among the indicators)."""
    return any(w in (ind.level1 or "") or (ind.indicator or "").startswith(w) for w in EXECUTION)


def score_places(*values: float | None) -> int:
    return max((len(f"{v:.6f}".rstrip("0").split(".")[1]) for v in values if v is not None), default=0)
