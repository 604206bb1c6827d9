"""Named tolerances of the validation stage (dataset contract, `findings`: the tolerance rule).

A printed amount is exact only to half a unit of its last printed digit: 2,946.25 万元 is any
value in [2,946.245, 2,946.255) 万元.  An identity over n printed amounts may therefore be off by
up to the sum of their half-units (n × 0.005 万元 for amounts printed to 0.01 万元) without any
mistake in the document: such a difference is a *warning* (rounding), a larger one an *error*.
"""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Tolerances(BaseModel):
    """Every threshold the rules use, validated when constructed; rules never hard-code one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    half_units_per_amount: Decimal = Field(
        default=Decimal(1), description="each printed amount may be off by this many half-units of its last digit")
    narrative_money_half_unit_yuan: Decimal = Field(
        default=Decimal(50), description="a narrative figure whose precision cannot be read: 0.005 万元 = 50 元")
    narrative_rate_half_unit: float = Field(
        default=0.00005, description="a stated percentage whose precision cannot be read: 0.005 %")
    rate_warning_units: int = Field(
        default=1, description="a stated rate off by up to this many units of its last digit past rounding: warning")
    level_ratio: float = Field(
        default=0.05, description="'基本持平' (roughly equal) allows 决算 to differ from 预算 by this fraction")
    max_printed_decimals: int = Field(default=6, description="precision is read up to this many decimals")
    execution_points: float = Field(default=10.0, description="points of the 预算执行 part of a 绩效自评表")
    total_points: float = Field(default=100.0, description="full score of a 绩效自评表")

    @field_validator("half_units_per_amount", "narrative_money_half_unit_yuan")
    @classmethod
    def _non_negative(cls, v: Decimal) -> Decimal:
        if v < 0:
            raise ValueError(f"a tolerance cannot be negative: {v}")
        return v

    @field_validator("narrative_rate_half_unit", "level_ratio")
    @classmethod
    def _small_fraction(cls, v: float) -> float:
        if not 0 <= v < 1:
            raise ValueError(f"a rate tolerance is a fraction in [0, 1): {v}")
        return v


DEFAULT = Tolerances()
