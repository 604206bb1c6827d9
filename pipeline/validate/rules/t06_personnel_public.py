"""t06.personnel_public — T06: 人员经费合计 + 公用经费合计 = the table's 合计, and each economic class
falls in one of them: 人员经费 = 工资福利支出 (301) + 对个人和家庭的补助 (303), 公用经费 = the other
classes (302 商品和服务支出, 310 资本性支出 …).

The first is an identity (error beyond rounding); the class split is the 决算 convention, so a
breach is reported as a warning.  Where T06 prints 人员经费 / 公用经费 as columns, each row's
决算数 = 人员经费 + 公用经费.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed, Term, compare
from pipeline.validate.sums import columns_sum, row_name
from pipeline.validate.tables import Row, TableView

RULE_ID = "t06.personnel_public"
PERSONNEL = r"人员经费(?:合计|小计)?"
PUBLIC = r"公用经费(?:合计|小计)?"
TOTAL = r"(?:基本支出)?(?:合计|总计)"
PERSONNEL_CLASSES = ("301", "303")


def _split(ctx: Context, view: TableView, row: Row | None, classes: list[Row], name: str) -> Iterator[Outcome]:
    actual = ctx.cell(row, "决算数")
    terms = [Term(a) for a in (ctx.cell(c, "决算数") for c in classes) if a is not None]
    if actual is None or not terms:
        return
    labels = "＋".join(c.label or c.code or "" for c in classes)
    out = compare(RULE_ID, actual, terms, ctx.tol, what=f"T06 {name}应等于{labels}", expected_name=labels,
                  table_code="T06")
    yield out if isinstance(out, Passed) else out.model_copy(update={"severity": "warning"})


def check(ctx: Context) -> Iterator[Outcome]:
    view = ctx.view("T06")
    if view is None:
        return
    personnel, public, total = view.find(PERSONNEL), view.find(PUBLIC), view.find(TOTAL)
    parts = [a for a in (ctx.cell(personnel, "决算数"), ctx.cell(public, "决算数")) if a is not None]
    whole = ctx.cell(total, "决算数")
    if whole is not None and len(parts) == 2:
        yield compare(RULE_ID, whole, [Term(a) for a in parts], ctx.tol, table_code="T06",
                      what="T06 人员经费合计＋公用经费合计应等于合计", expected_name="人员经费合计＋公用经费合计")
    classes = [r for r in view.coded() if len(r.code or "") == 3]
    yield from _split(ctx, view, personnel, [c for c in classes if c.code in PERSONNEL_CLASSES], "人员经费合计")
    yield from _split(ctx, view, public, [c for c in classes if c.code not in PERSONNEL_CLASSES], "公用经费合计")
    for r in view.rows:
        yield from columns_sum(ctx, RULE_ID, r, "决算数", ("人员经费", "公用经费"),
                               what=f"T06 {row_name(r)} 决算数应等于人员经费＋公用经费")
