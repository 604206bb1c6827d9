"""Rows of the two-sided summary tables T01 and T04 (收入 | 支出), found by their printed names."""
from __future__ import annotations

import re

from pipeline.validate.tables import Row, TableView

INCOME_TOTAL = r"本年收入合计"
SPEND_TOTAL = r"本年支出合计"
GRAND_TOTAL = r"总计|收入总计|支出总计"
NON_FISCAL_USED = r"使用非财政拨款结余.*|用事业基金弥补收支差额"
CARRY_BEGIN = r"(?:年初|上年)(?:财政拨款)?结转和?结余"
CARRY_END = r"年末(?:财政拨款)?结转和?结余"
DISTRIBUTION = r"结余分配"


def row(view: TableView, pattern: str, side: str) -> Row | None:
    return view.find(pattern, side)


def parts_before(view: TableView, total: Row) -> list[Row]:
    """The rows of `total`'s side printed above it: what it sums (其中 rows are breakdowns)."""
    rows = view.side(total.side or "")
    out = rows[: rows.index(total)]
    return [r for r in out if not r.key.startswith("其中")]


def parts_after(view: TableView, head: Row, stop: str) -> list[Row]:
    """The rows of `head`'s side below it up to the next row matching `stop` (its breakdown)."""
    rows = view.side(head.side or "")
    out: list[Row] = []
    for r in rows[rows.index(head) + 1:]:
        if r.code is None and re.fullmatch(stop, r.key):
            break
        out.append(r)
    return out
