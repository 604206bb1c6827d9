"""table.hierarchy_sum — 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类, in every column of a coded table.

T02, T03, T05, T07, T08 and their budget twins B02, B03, B05, B07, B08 (功能分类: 类 3 digits, 款 5,
项 7) and T06 / B06 (经济分类: 类 3, 款 5; 部门预算 301… or 政府预算 501…): each
row equals the sum of the rows one level below whose codes extend its own, and the 合计 row the
sum of the 类 rows, measure by measure.  A child row with nothing printed in a column counts as 0;
a parent with nothing printed there, or whose children print nothing there, is not checked.
The finding carries the parent's code (none for 合计).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.sums import row_name, rows_sum
from pipeline.validate.tables import Row, TableView

RULE_ID = "table.hierarchy_sum"
TABLES = ("T02", "T03", "T05", "T06", "T07", "T08", "B02", "B03", "B05", "B06", "B07", "B08")
LEVEL_NAME = {3: "款", 5: "项"}


def _parent_checks(ctx: Context, view: TableView, parent: Row, kids: list[Row], parts_name: str) -> Iterator[Outcome]:
    for measure in parent.items:
        out = rows_sum(ctx, RULE_ID, parent, kids, measure, parts_name=parts_name, subject_code=parent.code,
                       what=f"{view.table_code} {row_name(parent)} 应等于其下各{parts_name[1:]}之和（{measure}）")
        if out is not None:
            yield out


def check(ctx: Context) -> Iterator[Outcome]:
    for code in TABLES:
        view = ctx.view(code)
        if view is None:
            continue
        for parent in view.coded():
            kids = view.children(parent)
            if kids:
                yield from _parent_checks(ctx, view, parent, kids, "Σ" + LEVEL_NAME.get(len(parent.code or ""), "下级"))
        total = view.total()
        tops = [r for r in view.coded() if len(r.code or "") == 3]
        if total is not None and tops:
            yield from _parent_checks(ctx, view, total, tops, "Σ类")
