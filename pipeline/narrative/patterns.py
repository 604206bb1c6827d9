"""The key table: which contract key a labelled figure is, given what the text is about.

A figure's key depends on its label and on the *subject* of the surrounding text: "基本支出"
after "本年支出合计…其中:" is expenditure.basic, after "一般公共预算财政拨款支出…其中:" it
is general_budget_expenditure.basic, and under 政府性基金 it is no contract key at all.
Subjects come from headings (`title_subject`) and from labels that name one (`Rule.sets`).

Rules are tried in order; the first whose pattern matches the label *and* that has a key (or
a subject to set) for the current subject wins.  Keys may hold "{name}", filled with the
功能分类/经济分类 class the label names.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.narrative.classes import econ_class, function_class

# subjects: what a stretch of narrative is about
ALL_FUNDS = ("", "overall", "income", "expenditure")  # "" = no subject known
ANY = "*"
# one 三公 item (tp.outbound …): a subject that lasts only to the end of its sentence
_TP_ITEMS = [
    ("outbound", r"因公出国\(境\)费用?"),
    ("vehicle", r"公务用车购置及运行(?:维护)?费用?"),
    ("vehicle_purchase", r"公务用车购置(?:费用?)?"),
    ("vehicle_operation", r"公务用车运行(?:维护)?(?:费用?)?"),
    ("reception", r"公务接待费用?"),
]
TRANSIENT = frozenset(f"tp.{name}" for name, _ in _TP_ITEMS)

Matcher = Callable[[str], dict[str, str] | None]


def _regex(pattern: str) -> Matcher:
    rx = re.compile(pattern)

    def match(label: str) -> dict[str, str] | None:
        return {} if rx.search(label) else None

    return match


def _named(finder: Callable[[str], str | None], forbid: str = "") -> Matcher:
    def match(label: str) -> dict[str, str] | None:
        if forbid and re.search(forbid, label):
            return None
        name = finder(label)
        return {"name": name} if name else None

    return match


@dataclass(frozen=True)
class Rule:
    match: Matcher
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # subject (or ANY) -> keys
    sets: str | None = None  # the subject this label establishes

    def keys_for(self, subject: str, label: str) -> tuple[str, ...] | None:
        """The keys for `label` under `subject`; None when the rule does not apply."""
        found = self.match(label)
        if found is None:
            return None
        keys = self.keys.get(subject, self.keys.get(ANY, ()))
        if not keys and not (self.sets and not self.keys):
            return None
        return tuple(k.format(**found) for k in keys)


def _by(groups: dict[tuple[str, ...] | str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for subjects, keys in groups.items():
        for s in (subjects,) if isinstance(subjects, str) else subjects:
            out[s] = keys
    return out


def R(pattern: str | Matcher, keys: dict | tuple[str, ...] = (), sets: str | None = None) -> Rule:  # noqa: N802
    match = _regex(pattern) if isinstance(pattern, str) else pattern
    table = _by(keys) if isinstance(keys, dict) else ({ANY: keys} if keys else {})
    return Rule(match, table, sets)


_FIN = r"(?:(?:财政)?拨款)"
_DONE = r"(?:支出)?(?:决算数?)?"
_NOT_DETAIL = r"\((?:款|项)\)"  # a 类/款/项 path is a budget_execution item, not a class total
_SPENDING = ("expenditure", "overall")
_YEAR = r"(?:\d{4}年度?)?"
_STAFF = ("", "overall", "expenditure", "gb", "basic")

MONEY_RULES: list[Rule] = [
    R(r"财政拨款(?:收入支出|收支)(?:决算)?(?:总计|总额)$|财政拨款(?:收入|支出)总计$", ("fiscal_total",), "fiscal"),
    # 三公 (before the generic 一般公共预算…支出: "一般公共预算财政拨款安排的三公经费支出")
    R(rf"三公经费{_FIN}?(?:安排的)?{_DONE}(?:合计|总额)?$", ("three_public.total",), "tp"),
    R(rf"三公经费{_FIN}?(?:安排的)?(?:支出)?(?:年初)?预算数?$", ("three_public.budget",), "tp"),
    *(R(rf"{pat}{_DONE}$", (f"three_public.{name}",), f"tp.{name}") for name, pat in _TP_ITEMS),
    *(R(rf"{pat}(?:支出)?(?:年初)?预算数?$", sets=f"tp.{name}") for name, pat in _TP_ITEMS),  # its 决算 follows
    # other matters
    R(rf"机关运行经费{_DONE}(?:合计|总额)?$", ("operating_cost",), "opcost"),
    R(r"政府采购(?:支出|金额|合同金额)?(?:总额|总计|合计)?(?:\([^)]*\))?$", ("procurement.total",), "procurement"),
    R(r"中小企业(?:的)?(?:采购)?合同(?:金额)?$", ("procurement.sme",)),
    R(r"货物类?(?:采购)?(?:支出|金额|合同金额)?$", {"procurement": ("procurement.goods",)}),
    R(r"工程类?(?:采购)?(?:支出|金额|合同金额)?$", {"procurement": ("procurement.works",)}),
    R(r"服务类?(?:采购)?(?:支出|金额|合同金额)?$", {"procurement": ("procurement.services",)}),
    # totals of all funds
    R(r"(?:收入支出|收支)(?:决算)?(?:总计|总额)$",
      {"fiscal": ("fiscal_total",), ALL_FUNDS: ("total_income", "total_expenditure")}),
    R(r"(?:收入(?:决算)?总计|总收入|收入总额)$", {"fiscal": ("fiscal_total",), ALL_FUNDS: ("total_income",)}),
    R(r"(?:支出(?:决算)?总计|总支出|支出总额)$", {"fiscal": ("fiscal_total",), ALL_FUNDS: ("total_expenditure",)}),
    R(r"本年收入(?:决算)?(?:合计|总计|总额)?$", {ALL_FUNDS: ("income_current_year",)}, "income"),
    R(r"本年支出(?:决算)?(?:合计|总计|总额)?$", {ALL_FUNDS: ("expenditure_current_year",)}, "expenditure"),
    # income by source
    R(rf"一般公共预算{_FIN}收入$", ("income.general_budget",)),
    R(rf"政府性基金(?:预算)?{_FIN}收入$", ("income.government_fund",)),
    R(rf"国有资本经营(?:预算)?{_FIN}收入$", ("income.state_capital",)),
    R(r"财政拨款收入$", ("income.fiscal",)),
    R(rf"一般公共预算{_FIN}$", {"income": ("income.general_budget",)}),
    R(rf"政府性基金(?:预算)?{_FIN}$", {"income": ("income.government_fund",)}),
    R(rf"国有资本经营(?:预算)?{_FIN}$", {"income": ("income.state_capital",)}),
    R(r"财政拨款$", {"income": ("income.fiscal",)}),
    R(r"上级补助收入$", ("income.superior_subsidy",)),
    R(r"(?<!非)事业收入$", ("income.business",)),
    R(r"经营收入$", ("income.operating",)),
    R(r"附属单位上缴收入$", ("income.affiliated",)),
    R(r"其他收入$", ("income.other",)),
    R(r"使用非财政拨款(?:和专用)?结余(?:和专用结余)?$", {ALL_FUNDS: ("income.non_fiscal_balance_used",)}),
    R(r"(?:上年|年初)结转(?:和|及)?结余$|(?:上年|年初)结转$", {ALL_FUNDS: ("carryover_begin",)}),
    R(r"年末结转(?:和|及)?结余$|年末结转$", {ALL_FUNDS: ("carryover_end",)}),
    R(r"结余分配$", {ALL_FUNDS: ("balance_distribution",)}),
    # general-budget appropriations
    R(rf"一般公共预算{_FIN}?基本支出(?:决算数?)?$", ("general_budget_expenditure.basic",), "basic"),
    R(rf"一般公共预算{_FIN}?项目支出(?:决算数?)?$", ("general_budget_expenditure.project",)),
    R(rf"一般公共预算{_FIN}?支出(?:决算数?)?$", ("general_budget_expenditure",), "gb"),
    R(rf"一般公共预算{_FIN}?支出(?:年初)?预算数?$", ("general_budget_expenditure.initial_budget",), "gb"),
    # basic expenditure and its parts
    R(r"人员经费(?:支出)?$", {_STAFF: ("basic.personnel",)}),
    R(r"(?:日常)?公用经费(?:支出)?$", {_STAFF: ("basic.public",)}),
    R(r"基本支出(?:决算数?)?$", {_SPENDING: ("expenditure.basic",), "gb": ("general_budget_expenditure.basic",)}),
    R(r"项目支出(?:决算数?)?$", {_SPENDING: ("expenditure.project",), "gb": ("general_budget_expenditure.project",)}),
    R(_named(function_class, forbid=_NOT_DETAIL),
      {_SPENDING: ("expenditure.function.{name}",), "gb": ("general_budget_expenditure.function.{name}",)}),
    R(_named(econ_class, forbid=_NOT_DETAIL), {"basic": ("basic.econ.{name}",)}),
    # subjects without contract keys of their own
    R(r"政府性基金.*支出", sets="gf"),
    R(r"国有资本经营预算.*支出", sets="sc"),
    # bare budget / outturn figures of the current subject
    R(rf"^{_YEAR}(?:年初|全年)?预算数?$",
      {"gb": ("general_budget_expenditure.initial_budget",), "tp": ("three_public.budget",)}),
    R(rf"^{_YEAR}(?:支出)?决算数?$|^(?:实际)?支出$",
      {"gb": ("general_budget_expenditure",), "tp": ("three_public.total",),
       **{f"tp.{name}": (f"three_public.{name}",) for name, _ in _TP_ITEMS}}),
]

PERCENT_RULES: list[Rule] = [
    R(r"(?:完成|为)(?:年初)?预算数?的?$|(?:预算)?(?:完成|执行)率$",
      {"gb": ("general_budget_expenditure.completion_rate",), "tp": ("three_public.completion_rate",)}),
]

# heading words -> subject, most specific first; a title that states figures is not used
TITLE_SUBJECTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), s) for p, s in [
        (r"名词解释|名词说明|专业名词", "skip"),
        (r"三公", "tp"),
        (r"机关运行经费", "opcost"),
        (r"政府采购", "procurement"),
        (r"国有资产|资产占[用有]", "assets"),
        (r"绩效", "perf"),
        (r"基本支出", "basic"),
        (r"政府性基金", "gf"),
        (r"国有资本经营", "sc"),
        (r"一般公共预算", "gb"),
        (r"财政拨款收[入支]", "fiscal"),
        (r"收入支出|收支", "overall"),
        (r"收入", "income"),
        (r"支出", "expenditure"),
    ]
]
SKIP_PARTS = re.compile(r"概况|名词解释|名词说明|报表|附表|附件|目录")


def title_subject(title: str) -> str | None:
    """The subject a heading announces ("二、收入决算情况说明" → income), None if it names none."""
    t = re.sub(r"^.*?\d{4}年度?", "", title)  # "XX局2024年度…": the department name says nothing
    for rx, subject in TITLE_SUBJECTS:
        if rx.search(t):
            return subject
    return None


def classify(rules: list[Rule], label: str, subject: str) -> tuple[tuple[str, ...], str | None] | None:
    """(keys, subject set) for the first rule that applies to `label` under `subject`."""
    for rule in rules:
        keys = rule.keys_for(subject, label)
        if keys is not None:
            return keys, rule.sets
    return None
