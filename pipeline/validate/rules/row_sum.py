"""table.row_sum — within each row, the total column equals the sum of its part columns.

T02 本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入;
T03 本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出;
T05 合计 = 基本支出 + 项目支出; T07/T08 本年支出/小计 = 本年支出/基本支出 + 本年支出/项目支出;
T04 (支出方) 合计 = 一般公共预算财政拨款 + 政府性基金预算财政拨款 + 国有资本经营预算财政拨款.
Budget tables print their columns as each region chooses, so there the parts are the columns the
table prints beside its 合计 (`budget_parts`): B02 合计 = Σ sources (财政拨款收入, 事业收入, 上年结转 …);
B03, B05, B07, B08 合计 = 基本支出 + 项目支出 (+ any further column); B06 合计 = 人员经费 + 公用经费;
B04 (支出方) 合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算.
A part column with nothing printed is 0; a row without its total, or without any part, is not checked.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.sums import budget_parts, columns_sum, row_name
from pipeline.validate.tables import TableView

RULE_ID = "table.row_sum"
_FUND_SPEND = ("本年支出/小计", ("本年支出/基本支出", "本年支出/项目支出"))
ROW_SUMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "T02": ("本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")),
    "T03": ("本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")),
    "T05": ("合计", ("基本支出", "项目支出")),
    "T07": _FUND_SPEND,
    "T08": _FUND_SPEND,
    "T04": ("合计", ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),
}
BUDGET_TOTAL = "合计"
BUDGET_TABLES = ("B02", "B03", "B04", "B05", "B06", "B07", "B08")
TWO_SIDED = ("T04", "B04")  # only the expenditure side is split into columns


def _budget(ctx: Context, code: str, view: TableView) -> Iterator[Outcome]:
    rows = view.side("expenditure") if code in TWO_SIDED else view.rows
    parts = budget_parts({m for r in rows for m in r.items}, BUDGET_TOTAL)
    if not parts:
        return
    for row in rows:
        what = f"{code} {row_name(row)} 的{BUDGET_TOTAL}应等于各分项列之和"
        yield from columns_sum(ctx, RULE_ID, row, BUDGET_TOTAL, parts, what=what)


def check(ctx: Context) -> Iterator[Outcome]:
    for code, (total, parts) in ROW_SUMS.items():
        view = ctx.view(code)
        if view is None:
            continue
        for row in view.rows:
            if code in TWO_SIDED and row.side != "expenditure":
                continue
            what = f"{code} {row_name(row)} 的{total}应等于各分项列之和"
            yield from columns_sum(ctx, RULE_ID, row, total, parts, what=what)
    for code in BUDGET_TABLES:
        view = ctx.view(code)
        if view is not None:
            yield from _budget(ctx, code, view)
