"""Where a budget's tables print each narrative figure (fact keys → B01–B09 line items).

In a 部门预算 the contract's fact keys carry budget amounts: total_income is B01's 收入总计,
general_budget_expenditure B05's 合计, basic.personnel B06's 人员经费 …  `budget_target(ctx, key)`
returns that table amount, or None when the key has no budget table counterpart or the table does
not print it (then the 决算 finders of fact_targets are tried, and find nothing in a budget).
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.validate.amounts import Amount
from pipeline.validate.context import Context
from pipeline.validate.labels import class_name
from pipeline.validate.tables import Row

GRAND = r"(?:收入|支出)?总计"


@dataclass(frozen=True)
class BudgetTarget:
    amount: Amount
    table_code: str
    subject_code: str | None = None


# key → (table, side, whole-label pattern or None for the 合计 row, measure), best first
PLACES: dict[str, tuple[tuple[str, str | None, str | None, str], ...]] = {
    "total_income": (("B01", "income", GRAND, "预算数"),),
    "total_expenditure": (("B01", "expenditure", GRAND, "预算数"),),
    "income_current_year": (("B01", "income", r"本年收入(?:合计|小计)", "预算数"),),
    "expenditure_current_year": (("B01", "expenditure", r"本年支出(?:合计|小计)", "预算数"),),
    "income.fiscal": (("B01", "income", r"财政拨款(?:收入)?", "预算数"), ("B02", None, None, "财政拨款收入")),
    "income.business": (("B01", "income", r"事业收入", "预算数"), ("B02", None, None, "事业收入")),
    "income.operating": (("B01", "income", r"(?:事业单位)?经营收入", "预算数"),
                         ("B02", None, None, "事业单位经营收入")),
    "income.other": (("B01", "income", r"其他收入", "预算数"), ("B02", None, None, "其他收入")),
    "fiscal_total": (("B04", "income", GRAND, "预算数"),),
    "general_budget_expenditure": (("B05", None, None, "合计"),),
    "general_budget_expenditure.basic": (("B05", None, None, "基本支出"),),
    "general_budget_expenditure.project": (("B05", None, None, "项目支出"),),
    "expenditure.basic": (("B03", None, None, "基本支出"),),
    "expenditure.project": (("B03", None, None, "项目支出"),),
    "basic.personnel": (("B06", None, None, "人员经费"),),
    "basic.public": (("B06", None, None, "公用经费"),),
}
# key prefix → the tables printing its 类 rows, best first: (table, measure)
CLASSES = {"expenditure.function.": (("B03", "合计"), ("B01", "预算数")),
           "general_budget_expenditure.function.": (("B05", "合计"), ("B04", "一般公共预算"))}


def _at(ctx: Context, row: Row | None, measure: str, table: str) -> BudgetTarget | None:
    a = ctx.cell(row, measure)
    return BudgetTarget(a, table, row.code if row else None) if a else None


def _class_row(ctx: Context, table: str, name: str) -> Row | None:
    view = ctx.view(table)
    if view is None:
        return None
    rows = view.side("expenditure") if table in ("B01", "B04") else [r for r in view.coded() if len(r.code or "") == 3]
    return next((r for r in rows if class_name(r.label) == class_name(name)), None)


def _operating_cost(ctx: Context) -> BudgetTarget | None:
    """机关运行经费 as B09 prints it: a 机关运行经费/预算数 column, or a row of that name."""
    for li in ctx.doc.line_items:
        if li.table_code == "B09" and "机关运行经费" in (li.measure + (li.row_label or "")):
            return BudgetTarget(ctx.amount(li), "B09")
    return None


def budget_target(ctx: Context, key: str) -> BudgetTarget | None:
    if key == "operating_cost":
        return _operating_cost(ctx)
    for table, side, pattern, measure in PLACES.get(key, ()):
        view = ctx.view(table)
        if view is None:
            continue
        row = view.total() if pattern is None else view.find(pattern, side)
        found = _at(ctx, row, measure, table)
        if found is not None:
            return found
    for prefix, places in CLASSES.items():
        if key.startswith(prefix):
            for table, measure in places:
                found = _at(ctx, _class_row(ctx, table, key[len(prefix):]), measure, table)
                if found is not None:
                    return found
    return None
