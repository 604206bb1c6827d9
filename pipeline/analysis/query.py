"""`juesuan query`: run SQL over the dataset's views and print the result as a table, CSV or JSON.

`run(out, sql)` returns a `Result` (column names and rows, Python values as DuckDB gives them:
Decimal for money, None for NULL).  `render(result, fmt)` turns it into text:
- table: aligned columns for a terminal (Chinese counted as two columns wide), long cells cut
  with … (numbers never: they print in full, money to the fen, no exponents), a row count at the end;
- csv: RFC 4180 with a header row, NULL as an empty field, money as printed by Decimal;
- json: a list of objects, one per row; money becomes a JSON number (exact to the fen for any
  amount below 10^13 yuan), dates ISO strings.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.analysis.views import check_statements, connect, mentioned

FORMATS = ("table", "csv", "json")
MAX_CELL_WIDTH = 48


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run(out: Path | str, sql: str, params: list[Any] | None = None) -> Result:
    """Run `sql` (may be several statements; the last one's rows are returned) over OUT's views
    (created for the tables the SQL names, or all of them), in the sandbox of `views.connect`:
    RefusedStatement (a duckdb.PermissionException) for a statement that would write files or attach databases,
    duckdb.PermissionException for any read outside OUT."""
    check_statements(sql)
    con = connect(out, mentioned(sql))
    try:
        cur = con.execute(sql, params) if params else con.execute(sql)
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if columns else []
        return Result(columns, [tuple(r) for r in rows])
    finally:
        con.close()


def _plain(v: Any) -> Any:
    """A value JSON can carry."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 2**53 else float(v)
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    return v


def width(text: str) -> int:
    """Terminal columns `text` takes: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, w = [], 0
    for ch in text:
        cw = width(ch)
        if w + cw > limit - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


def number(v: float) -> str:
    """A float in full, never in exponent form: money-like values (at most two decimals) with
    exactly two (19932300.0 → 19932300.00), other values as their shortest exact decimal
    (0.3637 → 0.3637); NaN and infinities as Python prints them."""
    if v != v or v in (float("inf"), float("-inf")):
        return str(v)
    if abs(v) >= 1 and round(v, 2) == v:
        return f"{v:.2f}"
    return format(Decimal(repr(v)), "f")


def _cell(v: Any) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, float):
        return number(v)
    if isinstance(v, list | dict):
        return json.dumps(_plain(v), ensure_ascii=False)
    return " ".join(str(v).split())


def _pad(text: str, n: int, right: bool) -> str:
    gap = " " * (n - width(text))
    return gap + text if right else text + gap


def render_table(result: Result, max_width: int = MAX_CELL_WIDTH) -> str:
    """Aligned text with a header rule and a row count; numbers are right-aligned, cells cut at max_width."""
    cells = [[_cell(v) if isinstance(v, int | float | Decimal) else _cut(_cell(v), max_width) for v in row]
             for row in result.rows]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    numeric = [bool(result.rows) and all(isinstance(r[i], int | float | Decimal) or r[i] is None
                                         for r in result.rows) for i in range(len(result.columns))]
    lines = [" | ".join(_pad(c, widths[i], False) for i, c in enumerate(result.columns)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, widths[i], numeric[i]) for i, c in enumerate(r)) for r in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_csv(result: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow(["" if v is None else (json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, list | dict)
                                          else v) for v in row])
    return buf.getvalue()


def render_json(result: Result) -> str:
    rows = [{c: _plain(v) for c, v in zip(result.columns, row, strict=True)} for row in result.rows]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def render(result: Result, fmt: str = "table", max_width: int = MAX_CELL_WIDTH) -> str:
    """Text of `result` in one of FORMATS; ValueError for any other format."""
    if fmt == "table":
        return render_table(result, max_width)
    if fmt == "csv":
        return render_csv(result)
    if fmt == "json":
        return render_json(result)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
