"""document.table_unit — one money unit per table, and the same unit across the standard tables.

A table whose caption or header prints two units (单位：万元 and 单位：元), or a standard table
whose unit differs from the other standard tables' (T05 in 元 while T01…T09 print 万元), is a
warning: its amounts would be a factor 10,000 off against the others.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pipeline.model import Table
from pipeline.records import Finding
from pipeline.tables.text import find_unit
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed

RULE_ID = "document.table_unit"
STANDARD = {f"T0{i}" for i in range(1, 10)}
HEADER_ROWS = 3


def printed_units(table: Table) -> set[str]:
    texts = [table.title or "", *(c.text for c in table.grid.cells if c.row < HEADER_ROWS)]
    found = {u for u in (find_unit(t) for t in texts) if u}
    return found | ({table.unit} if table.unit else set())


def check(ctx: Context) -> Iterator[Outcome]:
    tables = [t for t in ctx.doc.tables if t.table_code in STANDARD]
    for t in tables:
        units = printed_units(t)
        if len(units) > 1:
            yield Finding(rule_id=RULE_ID, severity="warning", table_code=t.table_code, page=t.page_start,
                          evidence=t.title,
                          message=f"{t.table_code} {t.title or ''}同时标注了{'、'.join(sorted(units))}两种单位")
        elif units:
            yield Passed(RULE_ID)
    counts = Counter(t.unit for t in tables if t.unit)
    if len(counts) < 2:
        return
    usual, _ = counts.most_common(1)[0]
    for t in tables:
        if t.unit and t.unit != usual:
            yield Finding(rule_id=RULE_ID, severity="warning", table_code=t.table_code, page=t.page_start,
                          evidence=t.title,
                          message=f"{t.table_code} {t.title or ''}单位为{t.unit}，其他标准表为{usual}")
