"""One extracted table as an HTML grid, rebuilt from its `cells` rows (row/col spans kept).

Every grid position is covered exactly once: a cell spanning rows or columns covers the
positions it spans, and a position no cell covers becomes an empty <td>, so the <table> has
exactly max(n_rows, rows the cells reach) rows.  Each <td> carries data-row/data-col.  A number
(an amount: a line item's cell, or numeric text that is not a bare subject code) links to the
image of the page it was printed on (`anchor(page)`); a cell that a finding points
at gets the classes `flagged flag-<severity>` and the findings' messages as its tooltip.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipeline.analysis.report.highlight import CellKey
from pipeline.analysis.report.html import esc

Row = dict[str, Any]

NUMBER = re.compile(r"^[-−+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")


def is_number(text: str | None) -> bool:
    return bool(text) and bool(NUMBER.match(text.strip().replace(" ", "")))


def _extent(table: Row, cells: list[Row]) -> tuple[int, int]:
    rows = max([table.get("n_rows") or 0] + [c["row"] + (c.get("row_span") or 1) for c in cells])
    cols = max([table.get("n_cols") or 0] + [c["col"] + (c.get("col_span") or 1) for c in cells])
    return rows, cols


def _td(cell: Row, flags: list[Row], item: Row | None, href: str | None, codes_plain: bool) -> str:
    text = cell.get("text") or ""
    classes, titles = [], []
    # in a table with line items, a bare integer that is no amount is a subject code (201, 06), not a number
    if item is not None or (is_number(text) and not (codes_plain and text.strip().isdigit())):
        classes.append("num")
    if item is not None:
        titles.append(f"{item.get('row_label') or ''} · {item.get('measure') or ''} = {item.get('amount_yuan')} 元")
    if cell.get("page") is None and cell.get("line") is not None:
        titles.append(f"line {cell['line']}")
    if flags:
        classes += ["flagged", f"flag-{flags[0].get('severity') or 'info'}"]
        titles += [f"[{f.get('severity')}] {f.get('rule_id')}: {f.get('message')}" for f in flags]
    attrs = f' data-row="{cell["row"]}" data-col="{cell["col"]}"'
    if (cell.get("row_span") or 1) > 1:
        attrs += f' rowspan="{cell["row_span"]}"'
    if (cell.get("col_span") or 1) > 1:
        attrs += f' colspan="{cell["col_span"]}"'
    if classes:
        attrs += f' class="{" ".join(classes)}"'
    if titles:
        attrs += f' title="{esc(chr(10).join(titles))}"'
    body = esc(text).replace("\n", "<br>")
    if "num" in classes and href:
        body = f'<a href="{esc(href)}">{body}</a>'
    return f"<td{attrs}>{body}</td>"


def render_grid(table: Row, cells: list[Row], flags: dict[CellKey, list[Row]], items: dict[CellKey, Row],
                anchor: Callable[[int | None], str | None],
                cell_href: Callable[[CellKey], str | None] = lambda key: None) -> str:
    """The <table class="grid" id="grid-<table_id>"> of one table; a number links to `cell_href(key)`
    (its box on the page image) when that gives one, else to `anchor(page)`."""
    tid = table["table_id"]
    n_rows, n_cols = _extent(table, cells)
    at = {(c["row"], c["col"]): c for c in cells}
    codes_plain = any(k[0] == tid for k in items)
    covered = [[False] * n_cols for _ in range(n_rows)]
    lines = []
    for r in range(n_rows):
        tds = []
        for c in range(n_cols):
            if covered[r][c]:
                continue
            cell = at.get((r, c))
            if cell is None:
                tds.append(f'<td data-row="{r}" data-col="{c}"></td>')
                continue
            for rr in range(r, min(n_rows, r + (cell.get("row_span") or 1))):
                for cc in range(c, min(n_cols, c + (cell.get("col_span") or 1))):
                    covered[rr][cc] = True
            key = (tid, r, c)
            href = cell_href(key) or anchor(cell.get("page") or table.get("page_start"))
            tds.append(_td(cell, flags.get(key, []), items.get(key), href, codes_plain))
        lines.append("<tr>" + "".join(tds) + "</tr>")
    return f'<table class="grid" id="grid-{esc(tid)}">\n' + "\n".join(lines) + "\n</table>"
