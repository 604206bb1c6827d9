"""Narrative rules: stated figures against the tables and against each other."""
from __future__ import annotations

from decimal import Decimal

from pipeline.records import BudgetExecution
from tests.test_validate_builders import doc, fact, findings, flat, li, para, table

INC = "income"


def test_fact_vs_table_fires_with_the_key_and_both_numbers():
    items = [li("T01", "总计", "决算数", "2,995.39", side=INC, row=1)]
    found = findings(doc(items=items, facts=[fact("total_income", "0", "收入支出总计0万元。")]), "narrative.vs_table")
    assert flat(found) == [("error", "T01", None)]
    f = found[0]
    assert "total_income" in f.message and "2,995.39万元" in f.message
    assert (f.expected, f.actual) == (29953900.0, 0.0) and "收入支出总计0万元" in f.evidence


def test_fact_vs_table_quiet_within_precision_and_without_a_table():
    items = [li("T01", "总计", "决算数", "2,995.39", side=INC, row=1)]
    assert findings(doc(items=items, facts=[fact("total_income", "2995.39")]), "narrative.vs_table") == []
    assert findings(doc(facts=[fact("total_income", "1.00")]), "narrative.vs_table") == []


def test_fact_vs_table_function_class_by_name():
    items = [li("T05", "社会保障和就业支出", "合计", "326.72", "208", row=2)]
    facts = [fact("general_budget_expenditure.function.社会保障和就业支出", "336.72")]
    assert flat(findings(doc(items=items, facts=facts), "narrative.vs_table")) == [("error", "T05", "208")]


def test_three_public_blank_t09_cells_are_zero():
    items = [li("T09", None, "合计/预算数", "0.95"), li("T09", None, "公务接待费/预算数", "0.95")]
    quiet = [fact("three_public.total", "0.00"), fact("three_public.budget", "0.95")]
    assert findings(doc(items=items, facts=quiet), "narrative.three_public_vs_t09") == []
    loud = [fact("three_public.reception", "1.20")]
    assert flat(findings(doc(items=items, facts=loud), "narrative.three_public_vs_t09")) == [("error", "T09", None)]


def test_three_public_against_an_empty_t09_is_a_warning():
    found = findings(doc(tables=[table("T09")], facts=[fact("three_public.budget", "0.95")]),
                     "narrative.three_public_vs_t09")
    assert flat(found) == [("warning", "T09", None)]


def test_budget_items_against_t05():
    items = [li("T05", "行政运行", "合计", "1,511.89", "2010601", row=4)]
    be = BudgetExecution(path="一般公共服务支出/财政事务/行政运行", subject_code="2010601",
                         initial_budget_yuan=Decimal("15600500.00"), final_yuan=Decimal("15118900.00"))
    assert findings(doc(items=items, budget=[be]), "narrative.budget_items_vs_t05") == []
    be2 = be.model_copy(update={"final_yuan": Decimal("16118900.00")})
    found = findings(doc(items=items, budget=[be2]), "narrative.budget_items_vs_t05")
    assert flat(found) == [("error", "T05", "2010601")]


def test_change_ratio_follows_from_the_stated_figures():
    ev = "一般公共预算财政拨款收入1954.42万元，较2023年度减少657.33万元，下降25.17%。"
    ok = fact("income.general_budget", "1954.42", ev, change="-657.33", ratio=-0.2517)
    assert findings(doc(facts=[ok]), "narrative.change_ratio") == []
    bad = fact("income.general_budget", "1954.42", ev.replace("25.17", "35.17"), change="-657.33", ratio=-0.3517)
    found = findings(doc(facts=[bad]), "narrative.change_ratio")
    assert flat(found) == [("error", None, None)] and "income.general_budget" in found[0].message
    assert round(found[0].expected, 4) == -0.2517


def test_change_ratio_about_another_figure_of_the_sentence_is_not_reported():
    ev = "总收入1993.23万元,其中本年收入1964.05万元,较2023年度决算数减少722.58万元,下降26.61%。"
    facts = [fact("total_income", "1993.23", ev),
             fact("income_current_year", "1964.05", ev, change="-722.58", ratio=-0.2661)]
    assert findings(doc(facts=facts), "narrative.change_ratio") == []


def _statement_doc(text: str, *, budget: list[BudgetExecution] = ()) -> object:  # type: ignore[assignment]
    return doc(blocks=[para(text)], budget=list(budget))


def test_completion_rate():
    ok = "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    assert findings(_statement_doc(ok), "narrative.completion_rate") == []
    found = findings(_statement_doc(ok.replace("98.20", "96.20")), "narrative.completion_rate")
    assert flat(found) == [("error", None, None)] and found[0].actual == 0.962


def test_completion_rate_of_a_zero_budget():
    text = "事业单位医疗(项)年初预算为0.00万元,支出决算为0.6万元,完成年初预算的100.0%。"
    be = BudgetExecution(path="卫生健康支出/行政事业单位医疗/事业单位医疗", subject_code="2101102",
                         initial_budget_yuan=Decimal("0.00"), final_yuan=Decimal("6000.00"), completion_rate=1.0)
    found = findings(_statement_doc(text, budget=[be]), "narrative.completion_rate")
    assert flat(found) == [("warning", "T05", "2101102")]
    assert "general_budget_expenditure.completion_rate" in found[0].message


def test_completion_rate_fund_budget_not_spent():
    text = "2024年度政府性基金支出年初预算为2215万元,支出决算为0万元,完成年初预算的100%。"
    found = findings(_statement_doc(text), "narrative.completion_rate")
    assert flat(found) == [("error", None, None)] and (found[0].expected, found[0].actual) == (0.0, 1.0)


def test_budget_direction():
    text = "行政运行（项）。年初预算为1560.05万元，支出决算为1511.89万元。决算数{}预算数的主要原因：人员变化。"
    be = BudgetExecution(path="一般公共服务支出/财政事务/行政运行", subject_code="2010601",
                         initial_budget_yuan=Decimal("15600500.00"), final_yuan=Decimal("15118900.00"))
    assert findings(_statement_doc(text.format("小于"), budget=[be]), "narrative.budget_direction") == []
    found = findings(_statement_doc(text.format("大于"), budget=[be]), "narrative.budget_direction")
    assert flat(found) == [("error", "T05", "2010601")]
    assert (found[0].expected, found[0].actual) == (15600500.0, 15118900.0)
    assert flat(findings(_statement_doc(text.format("等于"), budget=[be]), "narrative.budget_direction")) == [
        ("warning", "T05", "2010601")]


def test_budget_direction_ignores_an_unfilled_template():
    text = "年初预算为10.00万元，支出决算为12.00万元。决算数大于（小于）预算数的主要原因：无。"
    assert findings(_statement_doc(text), "narrative.budget_direction") == []


def test_narrative_sums_closed():
    ok = [fact("procurement.total", "251.25"), fact("procurement.goods", "4.79"), fact("procurement.works", "0"),
          fact("procurement.services", "246.46")]
    assert findings(doc(facts=ok), "narrative.sums") == []
    ok[3] = fact("procurement.services", "246.47")
    assert flat(findings(doc(facts=ok), "narrative.sums")) == [("warning", None, None)]  # 251.26: rounding
    ok[3] = fact("procurement.services", "256.47")
    found = findings(doc(facts=ok), "narrative.sums")
    assert flat(found) == [("error", None, None)] and "procurement.total" in found[0].message


def test_narrative_sums_open_list_may_be_partial_and_sme_bounded():
    facts = [fact("expenditure_current_year", "100.00"), fact("expenditure.function.一般公共服务支出", "60.00"),
             fact("expenditure.function.住房保障支出", "30.00")]
    assert flat(findings(doc(facts=facts), "narrative.sums")) == [("warning", None, None)]
    facts = [fact("procurement.total", "10.00"), fact("procurement.sme", "12.00")]
    assert flat(findings(doc(facts=facts), "narrative.sums")) == [("error", None, None)]


def test_budget_items_total():
    def item(initial: str, final: str) -> BudgetExecution:
        return BudgetExecution(path="x", initial_budget_yuan=Decimal(initial), final_yuan=Decimal(final))
    items = [item("100000.00", "90000.00"), item("200000.00", "210000.00")]
    facts = [fact("general_budget_expenditure", "30.00"), fact("general_budget_expenditure.initial_budget", "30.00")]
    assert findings(doc(facts=facts, budget=items), "narrative.budget_items_total") == []
    facts[1] = fact("general_budget_expenditure.initial_budget", "40.00")
    assert flat(findings(doc(facts=facts, budget=items), "narrative.budget_items_total")) == [("error", None, None)]


def test_shares():
    text = "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占{}%。"
    assert findings(doc(blocks=[para(text.format("0.21"))]), "narrative.shares") == []
    found = findings(doc(blocks=[para(text.format("2.10"))]), "narrative.shares")
    assert flat(found) == [("warning", None, None)] and round(found[0].expected, 4) == 0.0021


def test_personnel_stated_as_wages_is_compared_with_class_301():
    items = [li("T06", "工资福利支出", "决算数", "847.30", "301", row=1),
             li("T06", "人员经费合计", "决算数", "900.00", row=9)]
    facts = [fact("basic.personnel", "847.3", "(一)工资福利支出847.3万元,完成年初预算的104.95 %。")]
    assert findings(doc(items=items, facts=facts), "narrative.vs_table") == []
