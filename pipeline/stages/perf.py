"""Stage `perf`: 项目/部门整体支出绩效自评表 → perf_subjects, perf_funds, perf_indicators.

A budget's 绩效目标表 (classified the same) gives its targets: actual and score stay null.

Reads the tables classified PERF_PROJECT / PERF_DEPARTMENT by header names, not positions,
so the same code serves pipe text, PDF, Word and HTML grids.  Money in these tables is 万元
unless the table's title or header says 元.
"""
from __future__ import annotations

import re

from pipeline.model import Document, Table
from pipeline.perf.funds import read_funds
from pipeline.perf.grid_view import GridView
from pipeline.perf.indicators import header as indicator_header
from pipeline.perf.indicators import read_indicators
from pipeline.perf.subject import read_subject
from pipeline.records import PerfFund, PerfIndicator, PerfSubject, Scope

_SCOPES: dict[str, Scope] = {"PERF_PROJECT": "project", "PERF_DEPARTMENT": "department"}
_YUAN_UNIT = re.compile(r"[(（]\s*元\s*[)）]|单位[:：]\s*元(?!/)")


def _unit(table: Table) -> str:
    if table.unit:
        return table.unit
    head = " ".join(c.text for c in table.grid.cells if c.row <= 3)
    return "元" if _YUAN_UNIT.search(f"{table.title or ''} {head}") else "万元"


def read_table(table: Table) -> tuple[PerfSubject, list[PerfFund], list[PerfIndicator]]:
    scope = _SCOPES[table.table_code]
    view = GridView(table.grid)
    found = indicator_header(view)
    stop = found[0] if found else view.n_rows
    subj = read_subject(view, stop)
    name = subj.get("subject")
    page = table.page_start
    subject = PerfSubject(scope=scope, page=page, table_id=table.table_id, **subj)  # type: ignore[arg-type]
    funds = [PerfFund(scope=scope, subject=name, page=page, table_id=table.table_id, **f)  # type: ignore[arg-type]
             for f in read_funds(view, _unit(table))]
    inds = [PerfIndicator(scope=scope, subject=name, page=page, table_id=table.table_id, **i)  # type: ignore[arg-type]
            for i in read_indicators(view)]
    return subject, funds, inds


def run(doc: Document) -> Document:
    subjects, funds, indicators = [], [], []
    for table in doc.tables:
        if table.table_code in _SCOPES:
            s, f, i = read_table(table)
            subjects.append(s)
            funds += f
            indicators += i
    return doc.model_copy(update={"perf_subjects": subjects, "perf_funds": funds, "perf_indicators": indicators})
