from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.values import parse_amount, parse_number, parse_rate, parse_target, to_yuan


@pytest.mark.parametrize("text,expected", [
    ("1,031.24", Decimal("1031.24")), ("-45.59", Decimal("-45.59")), ("710.8078", Decimal("710.8078")),
    ("2,215", Decimal("2215")), ("0.0", Decimal("0")), ("（3.50）", Decimal("-3.50")), (" 12 ", Decimal(12)),
    ("１２３.４", Decimal("123.4")), ("——", None), ("-", None), ("", None), (None, None), ("无", None),
    ("合计", None), ("12项", None),
])
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text,unit,yuan", [
    ("710.8078", "万元", "7108078.00"), ("46.315", "万元", "463150.00"), ("1,954.41", "万元", "19544100.00"),
    ("12.5", "元", "12.50"), ("-45.59", "万元", "-455900.00"), ("0.00", "万元", "0.00"),
])
def test_to_yuan_is_exact(text, unit, yuan):
    assert to_yuan(parse_amount(text), unit) == Decimal(yuan)


def test_to_yuan_rejects_unknown_unit():
    with pytest.raises(ValueError, match="unknown money unit"):
        to_yuan(Decimal(1), "千元")


@pytest.mark.parametrize("text,rate", [
    ("36.37%", 0.3637), ("36.37", 0.3637), ("0.975", 0.975), ("59.36%", 0.5936), ("0", 0.0), ("100%", 1.0),
    ("36.37 %", 0.3637), ("100百分比", 1.0), ("——", None), ("", None),
])
def test_parse_rate_gives_fractions(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text,expected", [
    ("≥10项", ("≥", 10.0, "项")), ("=100百分比", ("=", 100.0, "%")), (">90百分比", (">", 90.0, "%")),
    ("≤12元/件", ("≤", 12.0, "元/件")), ("=24小时/天", ("=", 24.0, "小时/天")), ("=1", ("=", 1.0, None)),
    (">=95%", ("≥", 95.0, "%")), ("≥1,000套", ("≥", 1000.0, "套")), ("2024年12月31日止", (None, None, None)),
    ("合格及以上", (None, None, None)), ("达成预期指标", (None, None, None)), ("——", (None, None, None)),
])
def test_parse_target(text, expected):
    assert parse_target(text) == expected


def test_parse_number_words_are_none():
    assert parse_number("达成预期指标") is None
    assert parse_number("12608") == 12608.0


money = st.decimals(min_value=Decimal("-99999999.9999"), max_value=Decimal("99999999.9999"), places=4,
                    allow_nan=False, allow_infinity=False)


@given(money)
def test_amount_round_trips_with_thousands_separators(v):
    assert parse_amount(f"{v:,}") == v


@given(money)
def test_wan_yuan_to_yuan_is_exact(v):
    assert to_yuan(parse_amount(f"{v}"), "万元") == (v * 10000).quantize(Decimal("0.01"))


@given(st.sampled_from(["≥", "≤", "=", ">", "<"]), st.integers(0, 10**6), st.sampled_from(["项", "%", "元/件", "套"]))
def test_target_round_trips(op, n, unit):
    printed = f"{op}{n}{'百分比' if unit == '%' else unit}"
    assert parse_target(printed) == (op, float(n), unit)
