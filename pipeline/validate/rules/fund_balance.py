"""table.fund_balance — T07/T08 each row: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余.

本年支出 is the 本年支出/小计 column.  Columns with nothing printed are 0; a row that prints no
年末结转和结余 is not checked.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome
from pipeline.validate.sums import columns_sum, row_name

RULE_ID = "table.fund_balance"
PARTS = ("年初结转和结余", "本年收入", "本年支出/小计")


def check(ctx: Context) -> Iterator[Outcome]:
    for code in ("T07", "T08"):
        view = ctx.view(code)
        if view is None:
            continue
        for row in view.rows:
            what = f"{code} {row_name(row)}：年初结转和结余＋本年收入－本年支出应等于年末结转和结余"
            yield from columns_sum(ctx, RULE_ID, row, "年末结转和结余", PARTS, what=what, signs=(1, 1, -1))
