"""Amounts, percentages and counts as printed in narrative text (folded, see `folded`).

"1,964.05万元", "0万" (no 元), "3500元", "36.37%", "19次", "180人次", "0辆" are all
mentions; a money mention's value is exact yuan (Decimal), a percentage's a fraction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pipeline.values import UNIT_FACTOR

MentionKind = Literal["money", "percent", "count"]

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# 万 alone is money only when no other unit follows (1.2万人次 is a count of people)
_MONEY = rf"(?P<mnum>-?{_NUMBER})(?P<munit>亿元|万元|元|万(?![人次个件户平套台辆批项名份册张]))"
_PERCENT = rf"(?P<pnum>-?{_NUMBER})%"
COUNT_UNITS = ("人次", "批次", "台(套)", "个", "辆", "次", "批", "人", "项", "台", "套")
_COUNT = r"(?P<cnum>\d+)(?P<cunit>" + "|".join(re.escape(u) for u in COUNT_UNITS) + ")"
MENTION = re.compile(rf"(?<![\d.]){_MONEY}|(?<![\d.]){_PERCENT}|(?<![\d.,]){_COUNT}")
_WHOLE_MONEY = re.compile(rf"^{_MONEY}$")


@dataclass(frozen=True)
class Mention:
    kind: MentionKind
    value: Decimal  # yuan for money, a fraction for percent, the number for a count
    start: int
    end: int
    unit: str  # the unit as printed: 万元 / 万 / 元 / 亿元, %, or the count unit


def money_yuan(number: str, unit: str) -> Decimal:
    """Exact yuan of a printed number in 元 / 万元 / 万 / 亿元 (thousands separators allowed)."""
    factor = UNIT_FACTOR["万元" if unit == "万" else unit]
    return Decimal(number.replace(",", "")) * factor


def parse_money(text: str) -> Decimal | None:
    """Exact yuan of one folded money string such as "1,954.42万元"; None if it is not one."""
    m = _WHOLE_MONEY.match(text)
    return money_yuan(m.group("mnum"), m.group("munit")) if m else None


def find_mentions(text: str) -> list[Mention]:
    """Every amount, percentage and count in folded `text`, in reading order."""
    out: list[Mention] = []
    for m in MENTION.finditer(text):
        if m.group("mnum") is not None:
            out.append(Mention("money", money_yuan(m.group("mnum"), m.group("munit")),
                               m.start(), m.end(), m.group("munit")))
        elif m.group("pnum") is not None:
            out.append(Mention("percent", Decimal(m.group("pnum").replace(",", "")) / 100,
                               m.start(), m.end(), "%"))
        elif _is_count(text, m):
            out.append(Mention("count", Decimal(m.group("cnum")), m.start(), m.end(), m.group("cunit")))
    return out


def _is_count(text: str, m: re.Match[str]) -> bool:
    """Not a year, date or ordinal ("2024年", "第3次"), nor a numbered item ("1个" is fine)."""
    return not (m.start() > 0 and text[m.start() - 1] == "第")
