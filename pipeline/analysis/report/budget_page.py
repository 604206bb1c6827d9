"""Budget against final accounts: one page per department (department_key) that has both.

SITE/dept/<slug>.html shows, per fiscal year, every row of the `budget_vs_final` view of that
department: each item of the published budget (B table) beside the same item of the final
accounts (T table), the difference, and the budget as the 决算 restates it (T05 年初预算数, T09
预算数).  Amounts are yuan, printed in full; the largest gaps of each table are easy to spot
because the difference column is right-aligned and a gap is coloured.  Each side links to its
document's page.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

import duckdb

from pipeline.analysis.report.html import esc, page, table

Row = dict[str, Any]

_ROWS = """
SELECT * FROM budget_vs_final
ORDER BY department_key, fiscal_year, table_no, side NULLS FIRST, subject_code NULLS FIRST, row_label,
         budget_measure NULLS LAST, final_measure NULLS LAST
"""


def dept_href(key: str) -> str:
    """The page of a department_key, relative to the site root (a hash: keys hold ':' and CJK)."""
    return f"dept/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.html"


def comparisons(con: duckdb.DuckDBPyConnection) -> dict[str, list[Row]]:
    """department_key → its budget_vs_final rows (only departments with a budget and a final account)."""
    cur = con.execute(_ROWS)
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    return {k: list(g) for k, g in groupby(rows, key=itemgetter("department_key"))}


def _yuan(v: Any) -> str:
    return "" if v is None else f"{v:,.2f}"


def _doc_link(doc_id: str | None, code: str | None, p: int | None) -> str:
    if not doc_id:
        return ""
    where = f" p.{p}" if p is not None else ""
    return f'<a href="../doc/{esc(doc_id)}.html">{esc(code)}{esc(where)}</a>'


def _table(rows: Iterable[Row]) -> str:
    body = []
    for r in rows:
        diff = r.get("difference_yuan")
        gap = f'<span class="gap">{_yuan(diff)}</span>' if diff else _yuan(diff)
        body.append([esc(r.get("side")), esc(r.get("subject_code")), esc(r.get("row_label")),
                     esc(r.get("budget_measure")), _yuan(r.get("budget_yuan")), esc(r.get("final_measure")),
                     _yuan(r.get("final_yuan")), gap, _yuan(r.get("restated_budget_yuan")),
                     _doc_link(r.get("budget_doc_id"), r.get("budget_table"), r.get("budget_page")),
                     _doc_link(r.get("final_doc_id"), r.get("final_table"), r.get("final_page"))])
    return table(["方 side", "科目 subject", "项目 item", "预算口径 budget measure", "预算数 budget（元）",
                  "决算口径 final measure", "决算数 final（元）", "差额 final − budget（元）",
                  "决算所列预算 restated budget（元）", "预算表 budget", "决算表 final"], body,
                 numeric={4, 6, 7, 8})


def render_dept(key: str, rows: list[Row]) -> str:
    """The page of one department: per year, per table number, its items side by side."""
    name = next((r["department"] for r in rows if r.get("department")), key)
    parts = [f"<h1>{esc(name)}：预算与决算 / budget against final accounts</h1>",
             f'<p class="muted">department_key {esc(key)} · 同一项目按表号、收支方、科目编码（无编码时按名称）'
             f"和口径对齐；只在一方列出的项目另一方为空 / items are paired by table number, side, "
             "subject code (name where no code) and measure; an item printed on one side only has the other "
             "side empty.</p>"]
    for year, by_year in groupby(rows, key=itemgetter("fiscal_year")):
        parts.append(f"<h2>{esc(year)} 年度</h2>")
        for no, items in groupby(by_year, key=itemgetter("table_no")):
            parts.append(f'<h3 id="y{esc(year)}-{esc(no)}">B{esc(no)} ↔ T{esc(no)}</h3>{_table(items)}')
    return page(f"{name} 预算与决算", "\n".join(parts), depth=1)
