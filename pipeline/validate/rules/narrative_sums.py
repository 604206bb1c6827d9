"""narrative.sums — the 情况说明's figures add up among themselves.

Closed sums (error beyond rounding): 货物 + 工程 + 服务 = 政府采购总额; 一般公共预算 基本 + 项目 =
一般公共预算财政拨款支出; 三公 parts = 三公 total and 购置 + 运行 = 公务用车; 财政拨款收入 = its three funds.
Sums whose other parts may go unstated — 基本 + 项目 = 本年支出 (上缴上级, 经营 …), 人员经费 + 公用经费 =
基本支出, income sources = 本年收入, 本年收入 + 年初结转和结余 (+ 使用非财政拨款结余) = 收入总计, 本年支出 +
年末结转和结余 (+ 结余分配) = 支出总计 — and lists stated one by one (classes): a sum above the total is
an error, below it a warning.  Amounts awarded to small and medium enterprises cannot exceed the
procurement total.  Needs the whole and at least two parts stated.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import Finding
from pipeline.validate.amounts import show
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed, Term, compare

RULE_ID = "narrative.sums"
INCOME_PARTS = ("income.superior_subsidy", "income.business", "income.operating", "income.affiliated", "income.other")
FISCAL_PARTS = ("income.general_budget", "income.government_fund", "income.state_capital")
CLOSED = (
    ("procurement.total", ("procurement.goods", "procurement.works", "procurement.services")),
    ("general_budget_expenditure", ("general_budget_expenditure.basic", "general_budget_expenditure.project")),
    ("three_public.total", ("three_public.outbound", "three_public.vehicle", "three_public.reception")),
    ("three_public.vehicle", ("three_public.vehicle_purchase", "three_public.vehicle_operation")),
    ("income.fiscal", FISCAL_PARTS),
)
PARTIAL = (
    ("expenditure_current_year", ("expenditure.basic", "expenditure.project")),
    ("general_budget_expenditure.basic", ("basic.personnel", "basic.public")),
    ("total_income", ("income_current_year", "carryover_begin", "income.non_fiscal_balance_used")),
    ("total_expenditure", ("expenditure_current_year", "carryover_end", "balance_distribution")),
)
OPEN = (("expenditure_current_year", "expenditure.function."),
        ("general_budget_expenditure", "general_budget_expenditure.function."),
        ("general_budget_expenditure.basic", "basic.econ."))


def _sum(ctx: Context, whole_key: str, part_keys: list[str], open_list: bool = False) -> Outcome | None:
    whole = ctx.money(whole_key)
    parts = [a for a in (ctx.money(k) for k in part_keys) if a is not None]
    if whole is None or len(parts) < 2:
        return None
    names = "＋".join(a.name.removeprefix("情况说明 ") for a in parts)
    out = compare(RULE_ID, whole, [Term(a) for a in parts], ctx.tol, table_code=None, expected_name=names,
                  what=f"情况说明各分项之和应等于{whole_key}")
    if open_list and isinstance(out, Finding) and (out.expected or 0) < (out.actual or 0):
        return out.model_copy(update={"severity": "warning", "message": out.message + "；分项或未逐一列出"})
    return out


def _income(ctx: Context) -> Outcome | None:
    fiscal = ["income.fiscal"] if ctx.fact("income.fiscal") else list(FISCAL_PARTS)
    return _sum(ctx, "income_current_year", [*fiscal, *INCOME_PARTS], open_list=True)


def _sme(ctx: Context) -> Outcome | None:
    total, sme = ctx.money("procurement.total"), ctx.money("procurement.sme")
    if total is None or sme is None:
        return None
    if sme.yuan <= total.yuan + (sme.half + total.half) * ctx.tol.half_units_per_amount:
        return Passed(RULE_ID)
    return Finding(rule_id=RULE_ID, severity="error", expected=float(total.yuan), actual=float(sme.yuan),
                   page=sme.page, evidence=sme.where,
                   message=f"授予中小企业金额（procurement.sme）{show(sme.yuan)}超过政府采购总额（procurement.total）"
                           f"{show(total.yuan)}")


def check(ctx: Context) -> Iterator[Outcome]:
    outcomes: list[Outcome | None] = [_sum(ctx, w, list(p)) for w, p in CLOSED]
    outcomes += [_sum(ctx, w, list(p), open_list=True) for w, p in PARTIAL]
    outcomes += [_sum(ctx, w, [f.key for f in ctx.facts(prefix) if f.unit == "yuan"], open_list=True)
                 for w, prefix in OPEN]
    outcomes += [_income(ctx), _sme(ctx)]
    yield from (o for o in outcomes if o is not None)

