"""What the report shows, read from the dataset's views.

`overview(con)` gives every document row (plus error/warning counts from findings) and the main
figures; `iter_docs(con, docs)` yields one `DocData` at a time — its tables, cells, line items and
findings — from four queries ordered by doc_id and read in batches, so memory holds one
document's rows, not the dataset's.  Rows are plain dicts keyed by column name, values as DuckDB
returns them.  Nothing here renders HTML.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

import duckdb

from pipeline.analysis.report.units import ROUNDING_SQL

Row = dict[str, Any]

# (fact key, 中文) of the figures charted across departments on the index page
MAIN_FIGURES: list[tuple[str, str]] = [
    ("total_expenditure", "支出总计"),
    ("general_budget_expenditure", "一般公共预算财政拨款支出"),
    ("three_public.total", "“三公”经费支出"),
]
REPORTED_TABLES = ("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09",
                   "B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "PERF_PROJECT", "PERF_DEPARTMENT")
VIEWS = ("documents", "tables", "cells", "line_items", "findings", "facts")
FETCH = 10_000

_CODES = ", ".join(f"'{c}'" for c in REPORTED_TABLES)
_DOCS = f"""
SELECT d.*, count(f.rule_id) FILTER (WHERE f.severity = 'error') AS n_errors,
       count(f.rule_id) FILTER (WHERE f.severity = 'warning' AND NOT {ROUNDING_SQL}) AS n_warnings,
       count(f.rule_id) FILTER (WHERE {ROUNDING_SQL}) AS n_info
FROM documents d LEFT JOIN findings f USING (doc_id)
GROUP BY ALL ORDER BY d.region NULLS LAST, d.department NULLS LAST, d.fiscal_year, d.source_name, d.doc_id
"""
_FIGURES = f"""
SELECT doc_id, key, first(value ORDER BY page NULLS LAST, line NULLS LAST) AS value
FROM facts WHERE key IN ({", ".join(f"'{k}'" for k, _ in MAIN_FIGURES)}) AND value IS NOT NULL
GROUP BY doc_id, key
"""
_STREAMS = {
    "tables": f"SELECT * FROM tables WHERE table_code IN ({_CODES}) ORDER BY doc_id, table_code, page_start, table_id",
    "cells": f"""SELECT c.* FROM cells c JOIN tables t USING (doc_id, table_id)
                 WHERE t.table_code IN ({_CODES}) ORDER BY c.doc_id, c.table_id, c.row, c.col""",
    "line_items": "SELECT * FROM line_items ORDER BY doc_id, table_id, row, col",
    "findings": """SELECT * FROM findings ORDER BY doc_id, CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1
                   ELSE 2 END, page NULLS LAST, rule_id, message""",
}


@dataclass
class DocData:
    doc: Row
    tables: list[Row] = field(default_factory=list)
    cells: dict[str, list[Row]] = field(default_factory=dict)  # table_id -> its cells
    line_items: list[Row] = field(default_factory=list)
    findings: list[Row] = field(default_factory=list)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[Row]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def overview(con: duckdb.DuckDBPyConnection) -> tuple[list[Row], dict[str, dict[str, float]]]:
    """(document rows in display order, fact key -> doc_id -> value of the MAIN_FIGURES)."""
    figures: dict[str, dict[str, float]] = defaultdict(dict)
    for r in _rows(con, _FIGURES):
        figures[r["key"]][r["doc_id"]] = float(r["value"])
    return _rows(con, _DOCS), dict(figures)


class _Stream:
    """The rows of one query ordered by doc_id, handed out a document at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql: str) -> None:
        self._cur = con.cursor()  # a connection of its own: several results stay open at once
        self._cur.execute(sql)
        cols = [d[0] for d in self._cur.description]
        rows = (dict(zip(cols, r, strict=True)) for batch in iter(lambda: self._cur.fetchmany(FETCH), [])
                for r in batch)
        self._groups = groupby(rows, key=itemgetter("doc_id"))
        self._head: tuple[str, list[Row]] | None = self._next()

    def _next(self) -> tuple[str, list[Row]] | None:
        group = next(self._groups, None)
        return (group[0], list(group[1])) if group else None

    def take(self, doc_id: str) -> list[Row]:
        """The rows of `doc_id` (docs must be asked for in ascending order)."""
        while self._head is not None and self._head[0] < doc_id:
            self._head = self._next()
        if self._head is None or self._head[0] != doc_id:
            return []
        rows, self._head = self._head[1], self._next()
        return rows

    def close(self) -> None:
        self._cur.close()


def iter_docs(con: duckdb.DuckDBPyConnection, docs: list[Row]) -> Iterator[DocData]:
    """One DocData per document row, in doc_id order."""
    streams = {name: _Stream(con, sql) for name, sql in _STREAMS.items()}
    try:
        for doc in sorted(docs, key=itemgetter("doc_id")):
            dd = DocData(doc, streams["tables"].take(doc["doc_id"]), {}, streams["line_items"].take(doc["doc_id"]),
                         streams["findings"].take(doc["doc_id"]))
            for table_id, cells in groupby(streams["cells"].take(doc["doc_id"]), key=itemgetter("table_id")):
                dd.cells[table_id] = list(cells)
            yield dd
    finally:
        for s in streams.values():
            s.close()
