"""DuckDB views over an output directory: one view per contract table, named as the table.

`connect(out)` returns an in-memory DuckDB connection where `documents`, `line_items`, … read
`OUT/<table>/*.parquet` (per-document files and compacted ones alike, `union_by_name`).  Every
view has at least the columns of the table's Arrow schema (`pipeline.writers.columns.TABLES`),
in that order and with those types: a column the files lack is NULL, and a table with no files
at all is an empty view — so a query that is right for one dataset is right for every dataset.
Columns the files carry beyond the schema follow the schema's.

Derived views (`DERIVED`, e.g. `budget_vs_final`) are created over the table views they need.

The connection is a sandbox: once the views exist, DuckDB's file access is limited to OUT
(`allowed_directories`, `enable_external_access = false`, configuration locked), extensions are
neither installed nor loaded, and `run_sandboxed` refuses statements that write files or attach
databases (COPY, EXPORT, ATTACH, INSTALL/LOAD) even inside OUT — a shared query endpoint can read
the dataset and nothing else.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.analysis import budget_final
from pipeline.writers.columns import TABLES

# derived view → (its CREATE VIEW statement, the contract tables it reads)
DERIVED: dict[str, tuple[str, tuple[str, ...]]] = {
    "budget_vs_final": (budget_final.view_sql(), ("documents", "line_items")),
}
REFUSED = {duckdb.StatementType.COPY, duckdb.StatementType.EXPORT, duckdb.StatementType.ATTACH,
           duckdb.StatementType.DETACH, duckdb.StatementType.LOAD, duckdb.StatementType.EXTENSION,
           duckdb.StatementType.COPY_DATABASE}


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
    """The contract tables and derived views whose names occur as words in `sql` (all of them when
    none does)."""
    found = [t for t in [*TABLES, *DERIVED] if re.search(rf"\b{t}\b", sql, re.IGNORECASE)]
    return found or [*TABLES, *DERIVED]


class RefusedStatement(duckdb.PermissionException):
    """A statement the query sandbox does not run (it would write files or attach databases)."""


def check_statements(sql: str) -> None:
    """RefusedStatement when `sql` holds a COPY, EXPORT, ATTACH, DETACH, INSTALL or LOAD statement."""
    for st in duckdb.extract_statements(sql):
        if st.type in REFUSED:
            words = " ".join(st.query.split()[:2])
            raise RefusedStatement(f"`{words} …` is not allowed: queries read the dataset and write nothing")


def lock(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """Limit `con`'s file access to `out` and lock its configuration (views must exist already)."""
    con.execute(f"SET allowed_directories = [{literal(str(out) + '/')}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET lock_configuration = true")


def connect(out: Path | str, tables: Iterable[str] | None = None, *,
            locked: bool = True) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per contract table of `out` (or per table of
    `tables`: creating a view reads the footer of every file of its table, which adds up to
    seconds for thousands of per-document files — `juesuan compact` merges them).

    `locked` (the default) limits file access to `out` once the views exist (see `lock`); only
    juesuan's own code that attaches files of its own (the search index) opens it unlocked.

    Raises FileNotFoundError when `out` is not a directory.
    """
    out = Path(out).resolve()
    if not out.is_dir():
        raise FileNotFoundError(f"no dataset directory at {out}")
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    add_views(con, out, [*TABLES, *DERIVED] if tables is None else tables)
    if locked:
        lock(con, out)
    return con


def add_views(con: duckdb.DuckDBPyConnection, out: Path, tables: Iterable[str]) -> None:
    """Create (or replace) the views of `tables` (contract tables and derived views) over `out` in `con`."""
    wanted = list(tables)
    base = [t for t in TABLES if t in wanted or any(t in DERIVED[d][1] for d in wanted if d in DERIVED)]
    for table in base:
        con.execute(_view_sql(con, out, table))
    for name in wanted:
        if name in DERIVED:
            con.execute(DERIVED[name][0])
