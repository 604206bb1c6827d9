"""The key table of a budget's (部门预算 / 单位预算) 情况说明: labels that only budgets print.

In a budget the contract's keys carry budget amounts: "收入预算18,976.76万元" is total_income,
"一般公共预算拨款支出预算…" general_budget_expenditure, "“三公”经费预算数…" three_public.total,
"机关运行经费预算…" operating_cost.  `BUDGET_MONEY_RULES` are tried before the 决算 rules
(patterns.py); a label they do not know is tried again there without its trailing 预算 word
("政府采购货物预算" → "政府采购货物").  Keys of the 决算 table that mean "the budget of X" become X
(`BUDGET_KEYS`).  Figures of another year ("2024年预算数为…", "上年…") are not this budget's.
"""
from __future__ import annotations

import re

from pipeline.narrative.classes import function_class
from pipeline.narrative.patterns import _TP_ITEMS, ALL_FUNDS, ANY, Matcher, R, Rule

# 决算 keys that name a budget figure → the key that figure has in a budget document
BUDGET_KEYS = {"general_budget_expenditure.initial_budget": "general_budget_expenditure",
               "three_public.budget": "three_public.total"}
# words that make "…收入预算" / "…支出预算" a part, not the whole
_PART_BEFORE = re.compile(r"(?:拨款|预算|基金|经营|事业|其他|补助|基本|项目|公用|人员|本年|上年|当年|资金|采购|"
                          r"出国|接待|运行|购置|经费|结转|结余|财政|一般公共|政府性基金|国有资本经营)$")
TRAILING_BUDGET = re.compile(r"(?:预算|预算数|预算金额|预算安排|安排)$")
OTHER_YEAR = re.compile(r"上年(?!结转)|上一年|去年|(\d{4})年")


def _whole(kind: str) -> Matcher:
    """"<department>收入预算(总计)" / "预算收入总额" — the total, not a source or class of it."""
    rx = re.compile(rf"(?:{kind}预算|预算{kind})(?:总计|总额|合计)?$")

    def match(label: str) -> dict[str, str] | None:
        m = rx.search(label)
        if not m:
            return None
        before = label[:m.start()]
        if _PART_BEFORE.search(before) or function_class(before + "支出"):
            return None
        return {}

    return match


_GB = r"一般公共预算(?:财政)?(?:当年)?拨款"
BUDGET_MONEY_RULES: list[Rule] = [
    R(r"财政拨款(?:收入支出|收支|收入|支出)(?:预算)?(?:总计|总额)(?:预算)?$", ("fiscal_total",), "fiscal"),
    R(r"(?:收入支出|收支)总?预算(?:总计|总额)?$", {"fiscal": ("fiscal_total",),
                                                 ALL_FUNDS: ("total_income", "total_expenditure")}, "overall"),
    R(r"本年(?:收入预算|预算收入)(?:合计|总计|总额)?$", {ALL_FUNDS: ("income_current_year",)}, "income"),
    R(r"本年(?:支出预算|预算支出)(?:合计|总计|总额)?$", {ALL_FUNDS: ("expenditure_current_year",)}, "expenditure"),
    R(_whole("收入"), {"fiscal": ("fiscal_total",), ALL_FUNDS: ("total_income",)}, "income"),
    R(_whole("支出"), {"fiscal": ("fiscal_total",), ALL_FUNDS: ("total_expenditure",)}, "expenditure"),
    # 财政拨款支出 and what it is broken down into (its classes have no key: they are not all funds')
    R(r"财政拨款支出(?:预算)?(?:总额|合计)?$", {ALL_FUNDS: ("expenditure.fiscal",)}, "fiscal_spend"),
    R(r"一般公共预算(?:财政)?(?:拨款)?收入(?:预算)?$", ("income.general_budget",)),
    R(r"政府性基金(?:预算)?(?:财政)?(?:拨款)?收入(?:预算)?$", ("income.government_fund",)),
    R(r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?收入(?:预算)?$", ("income.state_capital",)),
    R(r"(?:上年|年初)结转(?:结余)?(?:资金|收入)?(?:预算)?$", {ALL_FUNDS: ("carryover_begin",)}),
    R(rf"{_GB}(?:支出)?(?:预算)?(?:规模|总额)?$",
      {"income": ("income.general_budget",), ANY: ("general_budget_expenditure",)}, "gb"),
    R(r"政府性基金(?:预算)?(?:财政)?(?:拨款)?支出(?:预算)?$", ("government_fund_expenditure",), "gf"),
    R(r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?支出(?:预算)?$", ("state_capital_expenditure",), "sc"),
    *(R(rf"{pat}(?:支出)?(?:年初)?预算(?:数|安排)?$", (f"three_public.{name}",), f"tp.{name}")
      for name, pat in _TP_ITEMS),
    R(r"机关运行经费(?:支出)?(?:预算|安排)(?:数|金额)?(?:合计|总额)?$", ("operating_cost",), "opcost"),
    R(r"政府采购(?:支出)?预算(?:金额)?(?:总额|总计|合计)?$", ("procurement.total",), "procurement"),
    R(r"(?:小型和?微型|小微)企业.*预留|预留.*(?:小型和?微型|小微)企业", ("procurement.small_micro_reserved",)),
    R(r"中小企业.*预留|预留.*中小企业", ("procurement.sme_reserved",)),
]
PERF_TARGETS = re.compile(r"绩效目标")
TARGET_FUNDS_LABEL = re.compile(r"涉及.*(?:资金|金额|支出|拨款|预算)$|^(?:项目)?(?:资金|金额|预算)(?:合计|总额)?$")
TARGET_PROJECTS_AFTER = re.compile(r"\d+个(?:[^,;。:、]{0,8}?)项目")
NOT_PROJECTS = re.compile(r"单位|部门|家")
VEHICLE_PURCHASE_LABEL = re.compile(r"购置(?:各类)?(?:车辆|公务用车)(?:数量)?$")


def target_projects(sentence: str, pos: int, label: str) -> bool:
    """Is the count at `pos` the number of projects with 绩效目标 ("编报绩效目标的项目49个",
    "49个项目"), not of the units that set them ("3个预算单位开展了…项目")?"""
    if re.search(r"项目(?:数量?|共|总数)?$", label):
        return True
    m = TARGET_PROJECTS_AFTER.match(sentence, pos)
    return bool(m) and not NOT_PROJECTS.search(m.group(0))


def budget_key(key: str) -> str:
    return BUDGET_KEYS.get(key, key)


def other_year(label: str, year: int | None) -> bool:
    """Does `label` speak of another year than the budget's ("上年预算数", "2024年预算")?"""
    for m in OTHER_YEAR.finditer(label):
        if m.group(1) is None or (year is not None and int(m.group(1)) != year):
            return True
    return False


def strip_budget_word(label: str) -> str:
    return TRAILING_BUDGET.sub("", label)
