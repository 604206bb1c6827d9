"""Budget narrative facts: the 情况说明 of a 部门预算 / 单位预算 under the contract's keys (budget amounts).

The fixtures (tests/fixtures/budget_narratives/) are the shared Shanghai budget's text as printed and
three budget narratives in other provinces' wording; each test states every fact expected, so a
fact with a wrong key or value fails it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.narrative import Heading, Para, extract_facts
from pipeline.records import Fact

FIXTURES = Path(__file__).parent / "fixtures" / "budget_narratives"
W = 10000.0


def load(name: str) -> list[Para]:
    """A fixture: '#' lines are headings (level by count), other lines paragraphs under them."""
    paras: list[Para] = []
    path = [Heading("s0", 1, "部门预算情况说明")]
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# "):
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            title = line.lstrip("#").strip()
            path = [*path[:level - 1], Heading(f"s{len(paras)}", level, title)]
            paras.append(Para(title, tuple(path)))
        else:
            paras.append(Para(line, tuple(path)))
    return paras


def read(name: str) -> dict[str, Fact]:
    return {f.key: f for f in extract_facts(load(name), budget=True, year=2025)}


def wan(**kw: float) -> dict[str, float]:
    return {k.replace("__", "."): round(v * W, 2) for k, v in kw.items()}


SHANGHAI = {
    **wan(total_income=18976.76, income__fiscal=18976.76, income__business=0, income__operating=0, income__other=0,
          total_expenditure=18976.76, expenditure__fiscal=18976.76, general_budget_expenditure=18976.76,
          government_fund_expenditure=0, state_capital_expenditure=0),
    "three_public.total": 379100.0, "three_public.outbound": 0.0, "three_public.vehicle": 365600.0,
    "three_public.vehicle_purchase": 150000.0, "three_public.vehicle_operation": 215600.0,
    "three_public.reception": 13500.0, "operating_cost": 4646400.0,
    **wan(procurement__total=4821.20, procurement__goods=57.43, procurement__works=3780.72,
          procurement__services=983.05, procurement__sme_reserved=1928.48, procurement__small_micro_reserved=1349.94,
          perf__targets_funds=8825.98),
    "perf.targets_projects": 49.0, "assets.vehicles": 8.0, "assets.vehicles_purchase": 1.0,
}
GUANGDONG = {
    **wan(total_income=12345.67, total_expenditure=12345.67, income_current_year=12000, income__general_budget=11500,
          income__government_fund=500, carryover_begin=345.67, expenditure_current_year=12345.67,
          expenditure__basic=4321, expenditure__project=8024.67, general_budget_expenditure=11500,
          three_public__total=23.5, three_public__outbound=0, three_public__vehicle=18.5,
          three_public__vehicle_purchase=0, three_public__vehicle_operation=18.5, three_public__reception=5,
          operating_cost=356.2, procurement__total=1203, procurement__goods=203, procurement__works=0,
          procurement__services=1000, perf__targets_funds=8024.67),
    "assets.vehicles": 5.0, "assets.vehicles_purchase": 0.0, "perf.targets_projects": 23.0,
}
HUNAN = {
    **wan(total_income=56789.12, total_expenditure=56789.12, income__general_budget=50000, income__government_fund=1000,
          income__business=5789.12, fiscal_total=51000, general_budget_expenditure=50000,
          general_budget_expenditure__basic=30000, general_budget_expenditure__project=20000,
          basic__personnel=27500, basic__public=2500, three_public__total=12, three_public__reception=4,
          three_public__vehicle_operation=8, three_public__outbound=0, operating_cost=820,
          perf__targets_funds=9876.54),
    "expenditure.function.教育支出": 540000000.0, "expenditure.function.社会保障和就业支出": 27891200.0,
    "perf.targets_projects": 12.0,
}
SICHUAN = {
    **wan(total_income=2345.6, income__fiscal=2200, income__business=100, income__other=45.6,
          total_expenditure=2345.6, expenditure__fiscal=2200, procurement__total=300, procurement__goods=100,
          procurement__services=200),
    "assets.vehicles": 2.0,
}


@pytest.mark.parametrize("name, expected", [
    ("shanghai_putuo_2025.txt", SHANGHAI), ("guangdong_style.txt", GUANGDONG),
    ("hunan_style.txt", HUNAN), ("sichuan_unit_style.txt", SICHUAN),
])
def test_budget_narrative_facts_exactly(name, expected):
    got = {k: round(f.value, 2) for k, f in read(name).items()}
    assert got == expected


def test_budget_changes_are_against_last_years_budget_with_reasons():
    f = read("shanghai_putuo_2025.txt")
    assert (f["income.fiscal"].compared_to, f["income.fiscal"].change_value) == ("prior_year", 33556500.0)
    assert (f["three_public.total"].change_value, f["three_public.vehicle_purchase"].reason) == (-100000.0,
                                                                                               "购置车辆类型不同")
    operation = f["three_public.vehicle_operation"]
    assert (operation.change_value, operation.change_ratio) == (0, 0)
    g = read("guangdong_style.txt")
    assert (g["total_income"].change_value, g["total_income"].change_ratio, g["total_income"].reason) == (
        10456700.0, 0.0925, "新增土地整治项目")
    assert (g["operating_cost"].compared_to, g["operating_cost"].change_ratio) == ("prior_year", 0.036)
    assert g["three_public.total"].change_ratio == -0.096
    h = read("hunan_style.txt")
    # "比2024年预算数增加": a budget compares with last year's budget, never with an initial budget of its own
    assert (h["fiscal_total"].compared_to, h["fiscal_total"].change_value) == ("prior_year", 30000000.0)


def test_another_years_figure_is_not_this_budgets():
    paras = [Para("2024年预算数为48,000.00万元，上年执行数为47,000.00万元。一般公共预算拨款支出预算50,000.00万元。",
                  (Heading("s0", 1, "部门预算情况说明"), Heading("s1", 2, "一般公共预算拨款支出情况")))]
    got = {f.key: f.value for f in extract_facts(paras, budget=True, year=2025)}
    assert got == {"general_budget_expenditure": 500000000.0}


def test_units_setting_targets_are_not_projects():
    paras = [Para("本部门3个预算单位开展了2025年项目预算绩效目标编报工作，编报绩效目标的项目49个。",
                  (Heading("s0", 1, "部门预算情况说明"), Heading("s1", 2, "绩效目标设置情况")))]
    got = {f.key: f.value for f in extract_facts(paras, budget=True, year=2025)}
    assert got == {"perf.targets_projects": 49.0}


def test_a_final_account_is_read_as_before():
    """The budget keys are read only in budgets: the same sentence in a 决算 gives no budget key."""
    paras = load("shanghai_putuo_2025.txt")
    keys = {f.key for f in extract_facts(paras)}
    assert not keys & {"perf.targets_projects", "perf.targets_funds", "procurement.sme_reserved", "expenditure.fiscal",
                       "assets.vehicles_purchase", "operating_cost"}
