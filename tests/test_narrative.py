"""The narrative stage: amounts in text, facts by context, budget execution rows.

Sentences are written in the styles real 决算 use: Guangxi (ASCII punctuation, stray spaces,
"0万"), Shanghai (full-width punctuation, 类/款/项 items with 主要用于), and variants (元 units,
increases and decreases, 持平, no reason).
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import Block, Document, Provenance, Source
from pipeline.narrative import Heading, Para, extract_budget_execution, extract_facts, paras_from_document
from pipeline.narrative.amounts import find_mentions, parse_money
from pipeline.narrative.folded import fold
from pipeline.records import LineItem
from pipeline.stages import narrative, sections
from tests.conftest import GOLD


def under(*titles: str) -> tuple[Heading, ...]:
    """A heading path: 第三部分 情况说明, then `titles` at levels 2, 3, 4 …"""
    path = [Heading("s0", 1, "第三部分 部门决算情况说明")]
    path += [Heading(f"s{i + 1}:{t}", i + 2, t) for i, t in enumerate(titles)]
    return tuple(path)


def facts(*paras: Para) -> dict[str, object]:
    return {f.key: f for f in extract_facts(list(paras))}


def values(*paras: Para) -> dict[str, float]:
    return {k: f.value for k, f in facts(*paras).items()}


# --------------------------------------------------------------------------- amounts in text
@pytest.mark.parametrize("printed, kind, value, unit", [
    ("本年收入 1964.05万元,", "money", Decimal("19640500"), "万元"),
    ("经营收入0万,为", "money", Decimal("0"), "万"),
    ("支出0 万元。", "money", Decimal("0"), "万元"),
    ("合计1,234,567.89元", "money", Decimal("1234567.89"), "元"),
    ("收入１２３．４５万元", "money", Decimal("1234500"), "万元"),
    ("下降26.61 %。", "percent", Decimal("0.2661"), "%"),
    ("增长53.43％", "percent", Decimal("0.5343"), "%"),
    ("批次19次", "count", Decimal(19), "次"),
    ("累计 0人次", "count", Decimal(0), "人次"),
    ("设备2台（套）", "count", Decimal(2), "台(套)"),
])
def test_mentions_in_messy_text(printed, kind, value, unit):
    (m,) = find_mentions(fold(printed).text)
    assert (m.kind, m.value, m.unit) == (kind, value, unit)


def test_years_dates_and_ordinals_are_not_figures():
    assert find_mentions(fold("截至2024年12月31日,第3次会议,1.一般公共服务").text) == []


def test_wan_before_another_unit_is_not_money():
    assert [m.kind for m in find_mentions(fold("服务1.2万人次").text)] == []


@given(st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2), st.booleans())
def test_money_renders_and_parses_back_exactly(amount, wan):
    if wan:
        text = f"{amount:,.2f}万元"
        assert parse_money(text) == amount * 10000
    else:
        text = f"{amount:.2f}元"
        assert parse_money(text) == amount
    (m,) = find_mentions(fold(f"支出决算为{text}，").text)
    assert m.value == (amount * 10000 if wan else amount)


@given(st.decimals(min_value=0, max_value=Decimal("9999.99"), places=2))
def test_percent_parses_to_the_exact_fraction(pct):
    (m,) = find_mentions(fold(f"下降{pct}%").text)
    assert m.value == pct / 100


# --------------------------------------------------------------------------- facts: all funds
def test_guangxi_totals_with_stray_spaces_and_change():
    p = Para("(一)本部门2024年度总收入1993.23万元,其中本年收入 1964.05万元, 较2023年度决算数减少722.58万元,"
             "下降26.61 %。收入具体情况如下。", under("2024年度收入支出决算总体情况"), page=3, line=42)
    got = facts(p)
    assert got["total_income"].value == 19932300.0 and got["total_income"].compared_to is None
    cur = got["income_current_year"]
    assert (cur.value, cur.compared_to, cur.change_value, cur.change_ratio) == (
        19640500.0, "prior_year", -7225800.0, -0.2661)
    assert (cur.page, cur.line, cur.section_id) == (3, 42, p.section_id)
    assert "本年收入 1964.05万元" in cur.evidence


def test_shanghai_income_list_full_width():
    p = Para("本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%；",
             under("收入决算情况说明"))
    assert values(p) == {"income_current_year": 29462500.0, "income.fiscal": 29400500.0, "income.other": 62000.0}


def test_yuan_unit_converts_exactly():
    p = Para("本年收入合计19,640,512.34元，本年支出合计19,780,800元。", under("收入支出决算总体情况说明"))
    assert values(p) == {"income_current_year": 19640512.34, "expenditure_current_year": 19780800.0}


def test_combined_total_gives_income_and_expenditure_and_named_change():
    p = Para("某局2024年度收入、支出总计各2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。"
             "主要原因：人员变化。", under("收入支出决算总体情况说明"))
    got = facts(p)
    for key in ("total_income", "total_expenditure"):
        f = got[key]
        assert (f.value, f.change_value, f.change_ratio, f.reason) == (29953900.0, -569500.0, -0.0187, "人员变化")


def test_separate_totals_and_their_named_changes():
    p = Para("2024年度收入总计1200.5万元，支出总计1100万元。与2023年度相比，收入总计增加100万元，增长9.09%；"
             "支出总计减少50万元，下降4.35%。主要原因是项目调整。", under("收入支出决算总体情况说明"))
    got = facts(p)
    inc, exp = got["total_income"], got["total_expenditure"]
    assert (inc.value, inc.change_value, inc.change_ratio) == (12005000.0, 1000000.0, 0.0909)
    assert (exp.value, exp.change_value, exp.change_ratio, exp.reason) == (11000000.0, -500000.0, -0.0435, "项目调整")


def test_fiscal_totals_are_not_all_funds_totals():
    p = Para("2024年度财政拨款收入总计800万元，支出总计800万元。与2023年度相比，财政拨款收入总计增加20万元，"
             "增长2.56%。", under("财政拨款收入支出决算总体情况说明"))
    got = facts(p)
    assert {k: f.value for k, f in got.items()} == {"fiscal_total": 8000000.0}
    assert (got["fiscal_total"].change_value, got["fiscal_total"].change_ratio) == (200000.0, 0.0256)


def test_income_sources_and_balances_in_guangxi_items():
    paras = [Para(t, under("2024年度收入支出决算总体情况")) for t in [
        "(一)本部门2024年度总收入100万元,其中本年收入 90万元。",
        "1.一般公共预算财政拨款收入80万元,为本级财政当年拨付的资金。",
        "2.政府性基金预算财政拨款收入0万元,较2023年度决算数减少58万元,下降100%,主要原因是口径调整。",
        "5.经营收入0万,为事业单位取得的收入。",
        "7.使用非财政拨款结余0万元,主要是弥补收支缺口的资金。",
        "8.上年结转和结余10万元,为以前年度结转的资金。",
    ]]
    got = facts(*paras)
    assert {k: f.value for k, f in got.items()} == {
        "total_income": 1000000.0, "income_current_year": 900000.0, "income.general_budget": 800000.0,
        "income.government_fund": 0.0, "income.operating": 0.0, "income.non_fiscal_balance_used": 0.0,
        "carryover_begin": 100000.0}
    gf = got["income.government_fund"]
    assert (gf.change_value, gf.change_ratio, gf.reason) == (-580000.0, -1.0, "口径调整")


def test_function_class_key_depends_on_what_the_list_breaks_down():
    total = Para("(二)本部门2024年度总支出1993.23万元,其中本年支出 1978.08万元。支出具体情况如下:",
                 under("2024年度收入支出决算总体情况"))
    item = Para("1.一般公共服务支出23.66万元,主要用于后勤服务。", under("2024年度收入支出决算总体情况"))
    structure = Para("一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，"
                     "占71.73%；"
                     "社会保障和就业（类）支出326.72万元，占11.11%；",
                     under("一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款支出决算结构情况"))
    assert values(total, item) == {"total_expenditure": 19932300.0, "expenditure_current_year": 19780800.0,
                                   "expenditure.function.一般公共服务支出": 236600.0}
    assert values(structure) == {"general_budget_expenditure": 29400500.0,
                                 "general_budget_expenditure.function.一般公共服务支出": 21066600.0,
                                 "general_budget_expenditure.function.社会保障和就业支出": 3267200.0}


def test_basic_and_project_split_follow_the_sentence_subject():
    p = Para("本年支出合计100万元，其中：一般公共预算财政拨款支出80万元，基本支出60万元，项目支出40万元。",
             under("支出决算情况说明"))
    got = values(p)
    assert got["expenditure.basic"] == 600000.0 and got["expenditure.project"] == 400000.0
    assert "general_budget_expenditure.basic" not in got
    gb = Para("某局2024年度一般公共预算财政拨款支出1954.42万元,较2023年度决算数减少657.33万元,下降25.17%。"
              "其中:基本支出958.24万元,项目支出996.18万元。", under("2024年度一般公共预算财政拨款支出决算情况"))
    got = values(gb)
    assert got["general_budget_expenditure.basic"] == 9582400.0
    assert got["general_budget_expenditure.project"] == 9961800.0
    assert "expenditure.basic" not in got


def test_government_fund_split_is_no_contract_key():
    p = Para("某局2024年度政府性基金支出 0万元,较2023年度决算数减少58万元,下降100%。其中:基本支出0万元,项目支出0万元。",
             under("2024年度政府性基金支出决算情况"))
    assert values(p) == {}


def test_general_budget_initial_budget_and_completion_rate():
    p = Para("一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
             "决算数小于预算数的主要原因：个别信息化项目调减。其中：",
             under("一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款支出决算具体情况"))
    got = facts(p)
    assert got["general_budget_expenditure.initial_budget"].value == 29939200.0
    assert got["general_budget_expenditure"].value == 29400500.0
    assert got["general_budget_expenditure.completion_rate"].value == pytest.approx(0.982)
    assert got["general_budget_expenditure.completion_rate"].unit == "ratio"


def test_budget_of_a_part_is_not_the_general_budget_figure():
    p = Para("一般公共预算财政拨款支出年初预算为300万元，支出决算为290万元。其中：基本支出年初预算为200万元，"
             "基本支出决算为195万元。", under("一般公共预算财政拨款支出决算情况说明"))
    assert values(p) == {"general_budget_expenditure.initial_budget": 3000000.0,
                         "general_budget_expenditure": 2900000.0, "general_budget_expenditure.basic": 1950000.0}


def test_change_of_general_budget_is_against_prior_year_not_initial_budget():
    p = Para("一般公共预算财政拨款支出2940.05万元，占本年支出合计的100.00%。与2023年度相比，一般公共预算财政拨款支出"
             "减少63.14万元，下降2.10%。", under("一般公共预算财政拨款支出决算情况说明"))
    f = facts(p)["general_budget_expenditure"]
    assert (f.compared_to, f.change_value, f.change_ratio) == ("prior_year", -631400.0, -0.021)


def test_change_against_initial_budget_and_increase():
    p = Para("本部门2024年度机关运行经费支出104.02万元,比年初预算数减少8.76万元,下降7.77%。",
             under("其他重要事项情况说明", "机关运行经费支出情况说明"))
    f = facts(p)["operating_cost"]
    assert (f.compared_to, f.change_value, f.change_ratio) == ("initial_budget", -87600.0, -0.0777)
    up = Para("机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。主要原因是更换了老旧照明设施。",
              under("其他重要事项的情况说明", "机关运行经费支出情况"))
    f = facts(up)["operating_cost"]
    assert (f.compared_to, f.change_value, f.change_ratio) == ("prior_year", 25500.0, 0.014)
    assert f.reason == "更换了老旧照明设施"


def test_level_statement_and_reason_in_next_paragraph():
    path = under("财政拨款收入支出决算总体情况说明")
    p1 = Para("某局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出总计持平。主要原因：", path)
    p2 = Para("基本支出中人员进出及退休变化。", path)
    f = facts(p1, p2)["fiscal_total"]
    assert (f.value, f.compared_to, f.change_value, f.change_ratio) == (3000.0, "prior_year", 0.0, 0.0)
    assert f.reason == "基本支出中人员进出及退休变化"


def test_no_reason_stated_leaves_reason_empty():
    p = Para("4.事业收入0万元,为事业单位开展业务活动取得的收入。较2023年度决算数增加0万元,增长0%。",
             under("2024年度收入支出决算总体情况"))
    f = facts(p)["income.business"]
    assert (f.change_value, f.change_ratio, f.reason) == (0.0, 0.0, None)


# --------------------------------------------------------------------------- basic expenditure
def test_economic_classes_under_basic_expenditure():
    path = under("2024年度一般公共预算财政拨款基本支出决算情况说明")
    paras = [Para("2024年度一般公共预算财政拨款基本支出958.24万元,支出具体情况如下:", path),
             Para("(一)工资福利支出847.3万元,完成年初预算的104.95 %。主要原因是人员增加。", path),
             Para("(三)对个人和家庭的补助支出6.92万元,完成年初预算的225.41%。", path)]
    got = facts(*paras)
    assert {k: f.value for k, f in got.items()} == {
        "general_budget_expenditure.basic": 9582400.0, "basic.econ.工资福利支出": 8473000.0,
        "basic.econ.对个人和家庭的补助": 69200.0}
    assert got["basic.econ.工资福利支出"].reason == "人员增加"


def test_economic_class_outside_basic_expenditure_is_not_basic_econ():
    p = Para("(一)工资福利支出847.3万元。", under("2024年度一般公共预算财政拨款支出决算情况"))
    assert not any(k.startswith("basic.econ") for k in values(p))


def test_personnel_and_public_costs():
    p = Para("一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要包括：基本工资；"
             "公用经费184.65万元，"
             "主要包括：办公费。", under("一般公共预算财政拨款基本支出决算情况说明"))
    got = values(p)
    assert (got["basic.personnel"], got["basic.public"]) == (21522600.0, 1846500.0)


# --------------------------------------------------------------------------- 三公
def test_three_public_guangxi():
    path = under("财政拨款安排的“三公”经费支出决算情况说明")
    paras = [Para("2024年度一般公共预算财政拨款安排的“三公”经费支出 2.16万元,完成年初预算的72 %,比上年减少0.41万元,"
                  "主要原因是外来单位减少。其中:因公出国(境)费支出决算0万元,公务用车购置及运行费支出决算0万元,"
                  "公务接待费支出决算2.16万元。", path),
             Para("公务用车购置支出0 万元。", path),
             Para("公务用车运行支出0 万元。平均每辆0 万元。", path),
             Para("(三)公务接待费支出2.16万元,完成年初预算的72 %,比上年减少0.41万元。国内公务接待批次19次,人次180次,"
                  "国(境)外公务接待批次0次,人次0次。", path),
             Para("全年因公出国(境)团组共计2个,累计 9人次。", path)]
    got = facts(*paras)
    assert {k: f.value for k, f in got.items()} == {
        "three_public.total": 21600.0, "three_public.completion_rate": 0.72, "three_public.outbound": 0.0,
        "three_public.vehicle": 0.0, "three_public.reception": 21600.0, "three_public.vehicle_purchase": 0.0,
        "three_public.vehicle_operation": 0.0, "three_public.reception_batches": 19.0,
        "three_public.reception_persons": 180.0, "three_public.outbound_groups": 2.0,
        "three_public.outbound_persons": 9.0}
    total = got["three_public.total"]
    assert (total.change_value, total.reason) == (-4100.0, "外来单位减少")
    assert got["three_public.reception"].change_value == -4100.0  # completed from its second statement
    assert (got["three_public.reception_batches"].unit, got["three_public.reception_persons"].unit) == (
        "batches", "persons")


def test_three_public_items_stated_as_budget_then_outturn():
    p = Para("2024年度“三公”经费财政拨款支出预算为12万元，支出决算为10万元，完成预算的83.33%，其中：因公出国（境）费"
             "支出预算为5万元，支出决算为4万元，完成预算的80%；公务接待费支出预算为7万元，支出决算为6万元，完成预算的85.71%。",
             under("财政拨款“三公”经费支出决算情况说明"))
    assert values(p) == {"three_public.budget": 120000.0, "three_public.total": 100000.0,
                         "three_public.completion_rate": pytest.approx(0.8333), "three_public.outbound": 40000.0,
                         "three_public.reception": 60000.0}


def test_three_public_shanghai_item_rates_are_not_the_total_rate():
    path = under("财政拨款“三公”经费支出决算情况说明", "“三公”经费财政拨款支出决算总体情况说明")
    p = Para("“三公”经费财政拨款支出年初预算为10.00万元，支出决算为8.00万元，完成预算的80%，其中：因公出国（境）费"
             "决算为0.00万元，完成预算的0%；公务用车购置及运行维护费支出决算为5.00万元，完成预算的50%；公务接待费"
             "支出决算为3.00万元，完成预算的100%。2024年度“三公”经费支出决算数小于预算数的主要原因：厉行节约。", path)
    q = Para("2024年度“三公”经费财政拨款支出决算数与2023年度持平。其中：因公出国（境）费支出决算持平。", path)
    got = facts(p, q)
    assert {k: f.value for k, f in got.items()} == {
        "three_public.budget": 100000.0, "three_public.total": 80000.0, "three_public.completion_rate": 0.8,
        "three_public.outbound": 0.0, "three_public.vehicle": 50000.0, "three_public.reception": 30000.0}
    assert got["three_public.total"].reason == "厉行节约"
    assert got["three_public.reception"].reason is None
    assert (got["three_public.total"].change_value, got["three_public.outbound"].change_value) == (0.0, 0.0)
    assert got["three_public.vehicle"].compared_to is None


# --------------------------------------------------------------------------- other matters
def test_procurement_guangxi_and_shanghai():
    gx = Para("本部门2024年度政府采购支出总额515.04万元,其中:政府采购货物支出0.75万元、政府采购工程支出0万元、"
              "政府采购服务支出514.29万元。授予中小企业合同金额0.75万元,占政府采购支出总额的0.15%,其中:授予小微企业"
              "合同金额0.75万元。", under("其他重要事项情况说明", "政府采购支出情况说明"))
    assert values(gx) == {"procurement.total": 5150400.0, "procurement.goods": 7500.0, "procurement.works": 0.0,
                          "procurement.services": 5142900.0, "procurement.sme": 7500.0}
    sh = Para("某局2024年度政府采购金额（以合同签订为准）为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、"
              "服务采购金额246.47万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额246.47万元。",
              under("其他重要事项的情况说明", "政府采购支出情况"))
    assert values(sh) == {"procurement.total": 2512500.0, "procurement.goods": 47900.0, "procurement.works": 0.0,
                          "procurement.services": 2464700.0}


def test_vehicles_owned_not_three_public_fleet():
    assets = Para("截至2024年12月31日,本部门共有车辆3辆,其中,机要通信用车1辆、其他用车2辆。",
                  under("其他重要事项情况说明", "国有资产占用情况说明"))
    f = facts(assets)["assets.vehicles"]
    assert (f.value, f.unit) == (3.0, "vehicles")
    fleet = Para("我局开支财政拨款的公务用车保有量为2辆。", under("财政拨款“三公”经费支出决算情况说明"))
    assert values(fleet) == {}
    bought = Para("2025年部门预算安排购置车辆1辆。", under("其他重要事项情况说明", "国有资产占用情况说明"))
    assert values(bought) == {}


def test_ministry_template_totals_and_evaluation_clause():
    path = under("收入支出决算总体情况说明")
    p = Para("2024年度收入、支出决算总计500万元。与2023年度相比，收、支总计各增加20万元，增长4.17%。", path)
    q = Para("1.本年收入决算合计450万元。", path)
    got = facts(p, q)
    assert {k: f.value for k, f in got.items()} == {
        "total_income": 5000000.0, "total_expenditure": 5000000.0, "income_current_year": 4500000.0}
    assert got["total_expenditure"].change_value == 200000.0
    perf = Para("本部门在2024年度预算编制阶段，组织对3个项目开展了事前绩效评估，对8个项目编制了绩效目标，"
                "年终执行完毕后，对7个项目开展了绩效目标完成情况自评。",
                under("其他重要事项的情况说明", "预算绩效管理情况"))
    assert values(perf) == {"perf.projects_evaluated": 7.0}


def test_performance_counts_only_self_evaluation():
    sh = Para("编报绩效目标的2024年度项目5个，涉及预算金额700.00万元；绩效跟踪评价的2024年度项目3个，涉及预算金额"
              "650.00万元；绩效自评的2024年度项目4个，涉及预算金额598.42万元，平均得分99.43分。",
              under("预算绩效管理情况"))
    assert values(sh) == {"perf.projects_evaluated": 4.0, "perf.funds_evaluated": 5984200.0}
    gx = Para("我部门组织对2024年度6个一般公共预算项目支出全面开展绩效自评,共涉及资金996.18万元,占项目支出总额的100 %。"
              "组织对本部门1 个部门开展整体支出绩效评价,涉及一般公共预算支出1954.42万元。",
              under("预算绩效管理工作开展情况", "绩效管理工作开展情况"))
    assert values(gx) == {"perf.projects_evaluated": 6.0, "perf.funds_evaluated": 9961800.0}


# --------------------------------------------------------------------------- scope and precedence
def test_glossary_and_overview_parts_state_no_facts():
    glossary = Para("十三、机关运行经费:为保障行政单位运行用于购买货物和服务的各项资金,包括办公费5万元。",
                    (Heading("g", 1, "第四部分 名词解释"),))
    assert values(glossary) == {}
    doc = _doc(["目 录", "第一部分 某局概况", "第二部分 情况说明", "第一部分 某局概况",
                "本局共有在编人员50人,年度经费收入总计100万元。", "第二部分 情况说明", "一、收入决算情况说明",
                "本年收入合计90万元。"])
    assert {f.key: f.value for f in narrative.run(doc).facts} == {"income_current_year": 900000.0}


def test_body_text_right_after_the_toc_states_facts():
    doc = _doc(["目 录", "一、收入决算情况说明", "二、支出决算情况说明",
                "某局2024年度本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，其他收入6.2万元。"])
    assert doc.sections[0].title == "目录" and 3 not in doc.sections[0].block_indices
    assert {f.key for f in narrative.run(doc).facts} == {"income_current_year", "income.fiscal", "income.other"}


def test_first_statement_wins():
    path = under("收入支出决算总体情况说明")
    assert values(Para("本年收入合计90万元。", path), Para("本年收入合计91万元。", path)) == {
        "income_current_year": 900000.0}


# --------------------------------------------------------------------------- budget execution
def test_budget_execution_guangxi_style():
    path = under("2024年度一般公共预算财政拨款支出决算情况")
    rows = extract_budget_execution([
        Para("(一)社会保障和就业支出(类)行政事业单位养老支出(款)行政单位离退休(项)年初预算为0.64万元,支出决算为2.59万元,"
             "完成年初预算的404.69%。预决算存有差异原因是本年度增加退休人员。", path, page=7),
        Para("(五)卫生健康支出(类)行政事业单位医疗(款)行政单位医疗(项)年初预算为41.86万元,支出决算为41.96万元,"
             "完成年初预算的100.24%。预决算基本持平。", path),
        Para("(六)卫生健康支出(类)行政事业单位医疗(款)事业单位医疗(项)年初预算为0.00万元,支出决算为0.6万元,"
             "完成年初预算的100.0%。预决算基本持平。", path)])
    assert [(r.path, r.initial_budget_yuan, r.final_yuan, r.completion_rate, r.reason) for r in rows] == [
        ("社会保障和就业支出/行政事业单位养老支出/行政单位离退休", Decimal("6400.00"), Decimal("25900.00"), 4.0469,
         "本年度增加退休人员"),
        ("卫生健康支出/行政事业单位医疗/行政单位医疗", Decimal("418600.00"), Decimal("419600.00"), 1.0024, None),
        ("卫生健康支出/行政事业单位医疗/事业单位医疗", Decimal("0.00"), Decimal("6000.00"), 1.0, None)]
    assert rows[0].page == 7 and rows[0].subject_code is None and "404.69%" in rows[0].evidence


def test_budget_execution_shanghai_style_computes_rate():
    path = under("一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款支出决算具体情况")
    rows = extract_budget_execution([
        Para("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。"
             "年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：人员进出及退休变化，减少人员经费开支。",
             path),
        Para("2、一般公共服务支出（类）财政事务（款）一般行政管理事务（项）。主要用于：业务指导。年初预算为10.00万元，"
             "支出决算为10.00万元。决算数与预算数基本持平。", path)])
    first, second = rows
    assert (first.path, first.initial_budget_yuan, first.final_yuan) == (
        "一般公共服务支出/财政事务/行政运行", Decimal("15600500.00"), Decimal("15118900.00"))
    assert first.completion_rate == pytest.approx(1511.89 / 1560.05, abs=1e-6)
    assert first.reason == "人员进出及退休变化，减少人员经费开支"
    assert (second.completion_rate, second.reason) == (1.0, None)


def test_budget_execution_codes_from_t05_rows_or_print():
    items = [LineItem(table_code="T05", row_label=label, subject_code=code, measure="合计",
                      amount_yuan=Decimal(1), amount_text="1") for code, label in [
        ("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行"),
        ("20106", "财政事务"), ("2010601", "行政运行")]]
    rows = extract_budget_execution([
        Para("1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为1,000元，决算数为900元。",
             under("具体情况")),
        Para("2、2080501社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）年初预算为1万元，"
             "支出决算为1万元。", under("具体情况"))], items)
    assert [(r.subject_code, r.initial_budget_yuan, r.final_yuan, r.completion_rate) for r in rows] == [
        ("2010601", Decimal("1000.00"), Decimal("900.00"), 0.9),
        ("2080501", Decimal("10000.00"), Decimal("10000.00"), 1.0)]


def test_budget_execution_class_printed_without_zhichu_and_ratio_wording():
    rows = extract_budget_execution([
        Para("1.一般公共服务（类）人大事务（款）行政运行（项）。年初预算为200万元，决算数为210万元，决算数为预算数的105%。"
             "决算数大于年初预算数的主要原因是人员增加。", under("一般公共预算财政拨款支出决算具体情况"))])
    assert [(r.path, r.completion_rate, r.reason) for r in rows] == [
        ("一般公共服务支出/人大事务/行政运行", 1.05, "人员增加")]


def test_budget_execution_class_line_then_kuan_items():
    path = under("一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款支出决算具体情况")
    items = [LineItem(table_code="T05", row_label=label, subject_code=code, measure="合计", amount_yuan=Decimal(1),
                      amount_text="1") for code, label in [("20101", "人大事务"), ("2010101", "行政运行")]]
    rows = extract_budget_execution([
        Para("1.一般公共服务（类）", path),
        Para("（1）人大事务（款）行政运行（项）。年初预算为120万元，支出决算为110万元，完成年初预算的91.67%。", path),
        Para("2.教育支出（类）", path),
        Para("（1）普通教育（款）初中教育（项）。年初预算为50万元，支出决算为60万元，完成年初预算的120%。", path)],
        items)
    assert [(r.path, r.subject_code, r.final_yuan, r.completion_rate) for r in rows] == [
        ("一般公共服务支出/人大事务/行政运行", "2010101", Decimal("1100000.00"), 0.9167),
        ("教育支出/普通教育/初中教育", None, Decimal("600000.00"), 1.2)]


def test_budget_execution_path_heading_then_figures():
    path = under("一般公共预算财政拨款支出决算情况说明")
    rows = extract_budget_execution([Para("（一）住房保障支出（类）住房改革支出（款）住房公积金（项）", path),
                                     Para("年初预算为187.75万元，支出决算为187.19万元。", path)])
    assert [(r.path, r.final_yuan) for r in rows] == [("住房保障支出/住房改革支出/住房公积金", Decimal("1871900.00"))]


def test_budget_items_are_not_facts():
    p = Para("(一)社会保障和就业支出(类)行政事业单位养老支出(款)行政单位离退休(项)年初预算为0.64万元,"
             "支出决算为2.59万元,完成年初预算的404.69%。", under("2024年度一般公共预算财政拨款支出决算情况"))
    assert values(p) == {}


# --------------------------------------------------------------------------- the stage on Documents
def _doc(lines: list[str]) -> Document:
    blocks = [Block(index=i, kind="paragraph", text=t, prov=Provenance(origin="text", line_start=i + 1))
              for i, t in enumerate(lines)]
    src = Source(name="t.txt", sha256="0" * 64, format="txt", size=1)
    return sections.run(Document(doc_id="0" * 64, source=src, blocks=blocks))


def test_stage_adapts_blocks_and_sections_with_provenance():
    doc = _doc(["第三部分 某局2024年度部门决算情况说明", "一、收入决算情况说明",
                "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元。"])
    assert [p.text for p in paras_from_document(doc)][-1].startswith("本年收入合计")
    out = narrative.run(doc)
    f = next(f for f in out.facts if f.key == "income_current_year")
    assert (f.value, f.line, f.section_id) == (29462500.0, 3, doc.sections[-1].section_id)
    assert doc.facts == []  # the input document is left as it was


SAMPLE_NAMES = ["玉林市大数据发展和政务服务局2024年度部门决算.txt", "上海市普陀区财政局2024年度部门决算.pdf"]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_samples_against_gold(processed, name):
    gold_path = GOLD / name.replace(".txt", ".json").replace(".pdf", ".json")
    if not gold_path.exists():
        pytest.skip("shared gold not available")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = processed(Path(__file__).resolve().parent.parent / "samples" / name)
    got = {f.key: f.value for f in doc.facts}
    missed = [g["key"] for g in gold["facts"]
              if g["key"] not in got or abs(got[g["key"]] - g["value"]) > max(0.01, 0.005 * abs(g["value"]))]
    assert missed == []
    rows = {(r.path.split("/")[-1], float(r.final_yuan or 0), float(r.initial_budget_yuan or 0))
            for r in doc.budget_execution}
    want = {(g["path"].split("/")[-1], float(g["final_yuan"]), float(g["initial_budget_yuan"]))
            for g in gold["budget_execution"]}
    assert want <= rows


def _fold_reference(printed: str) -> tuple[str, tuple[int, ...]]:
    """fold() as first written: every character normalised on its own, whitespace dropped."""
    import unicodedata

    chars, origin = [], []
    for i, ch in enumerate(printed):
        if ch.isspace():
            continue
        for f in unicodedata.normalize("NFKC", ch):
            if not f.isspace():
                chars.append(f)
                origin.append(i)
    return "".join(chars), tuple(origin)


PRINTED = st.sampled_from("本年收入１９６４．０５万元 ，（）％\u3000\n㎡ﬁ①x0")


@settings(max_examples=300)
@given(st.text(alphabet=PRINTED, max_size=30) | st.text(max_size=20))
def test_fold_keeps_a_map_to_every_printed_character(printed):
    f = fold(printed)
    assert (f.text, f.origin) == _fold_reference(printed)
