"""DuckDB views over an output directory: one view per contract table, named as the table.

`connect(out)` returns an in-memory DuckDB connection where `documents`, `line_items`, … read
`OUT/<table>/*.parquet` (per-document files and compacted ones alike, `union_by_name`).  Every
view has at least the columns of the table's Arrow schema (`pipeline.writers.columns.TABLES`),
in that order and with those types: a column the files lack is NULL, and a table with no files
at all is an empty view — so a query that is right for one dataset is right for every dataset.
Columns the files carry beyond the schema follow the schema's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.writers.columns import TABLES


def duck_type(t: pa.DataType) -> str:
    """The DuckDB SQL type of an Arrow type used in `TABLES`."""
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "VARCHAR"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_integer(t):
        return "BIGINT"
    if pa.types.is_floating(t):
        return "DOUBLE"
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_list(t):
        return f"{duck_type(t.value_type)}[]"
    raise ValueError(f"no DuckDB type for Arrow type {t}")


def ident(name: str) -> str:
    """A double-quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A single-quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def parquet_files(out: Path, table: str) -> list[Path]:
    """The Parquet files of one table, sorted (hidden and temporary files excluded)."""
    folder = out / table
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith("."))


def _source(out: Path, table: str) -> str:
    return f"read_parquet({literal(str(out / table / '*.parquet'))}, union_by_name=true)"


def _view_sql(con: duckdb.DuckDBPyConnection, out: Path, table: str) -> str:
    schema = TABLES[table]
    if not parquet_files(out, table):
        cols = ", ".join(f"CAST(NULL AS {duck_type(f.type)}) AS {ident(f.name)}" for f in schema)
        return f"CREATE OR REPLACE VIEW {ident(table)} AS SELECT {cols} WHERE false"
    present = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {_source(out, table)}").fetchall()]
    cols = [ident(f.name) if f.name in present else f"CAST(NULL AS {duck_type(f.type)}) AS {ident(f.name)}"
            for f in schema]
    cols += [ident(c) for c in present if c not in schema.names]
    return f"CREATE OR REPLACE VIEW {ident(table)} AS SELECT {', '.join(cols)} FROM {_source(out, table)}"


def mentioned(sql: str) -> list[str]:
    """The contract tables whose names occur as words in `sql` (all of them when none does)."""
    found = [t for t in TABLES if re.search(rf"\b{t}\b", sql, re.IGNORECASE)]
    return found or list(TABLES)


def connect(out: Path | str, tables: Iterable[str] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per contract table of `out` (or per table of
    `tables`: creating a view reads the footer of every file of its table, which adds up to
    seconds for thousands of per-document files — `juesuan compact` merges them).

    Raises FileNotFoundError when `out` is not a directory.
    """
    out = Path(out).resolve()
    if not out.is_dir():
        raise FileNotFoundError(f"no dataset directory at {out}")
    con = duckdb.connect()
    add_views(con, out, TABLES if tables is None else tables)
    return con


def add_views(con: duckdb.DuckDBPyConnection, out: Path, tables: Iterable[str]) -> None:
    """Create (or replace) the views of `tables` over `out` in `con`."""
    for table in tables:
        con.execute(_view_sql(con, out, table))
