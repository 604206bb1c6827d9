"""OUT/datapackage.json: a Frictionless (Tabular) Data Package describing every table of OUT.

One resource per contract table, named as the table: `path` is ONE CSV file, OUT/csv/<table>.csv
(UTF-8, comma, RFC 4180 quoting, a header row; NULL an empty field, money as printed decimals,
booleans true/false, lists as JSON arrays), which the stock tools read exactly — `frictionless
validate OUT/datapackage.json` checks every row, type, key and enum with no juesuan code.  The
Parquet files stay the fast path: `x-parquet` lists them (relative to OUT).  The Table Schema's
fields are the table's Arrow schema (`pipeline.writers.columns.TABLES`) with a title and a
Chinese + English description from `descriptions.py`, `primaryKey` where the table has a natural
key and `foreignKeys` to `documents` (and `cells` to `tables`).  A table with no rows yet has a
CSV of its header only, so the package always lists all twelve.

`write_datapackage(out)` is called by `juesuan package`, and at the end of every later `juesuan
extract` into an OUT that has a package (so a package, once made, is never stale); it rewrites
the CSV files and the descriptor atomically from the Parquet files present at that moment.
An extract into an OUT without one writes none: the export reads every row of the dataset,
which a city's incremental runs should not pay for unless the package is wanted.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.analysis import descriptions
from pipeline.analysis.views import connect, ident, literal, parquet_files
from pipeline.version import PIPELINE_VERSION, SCHEMA_VERSION
from pipeline.writers.atomic import write_atomic, write_bytes_atomic
from pipeline.writers.columns import TABLES

PRIMARY_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "sections": ["doc_id", "section_id"],
    "tables": ["doc_id", "table_id"],
    "cells": ["doc_id", "table_id", "row", "col"],
    "line_items": ["doc_id", "table_id", "row", "col"],
    "budget_execution": ["doc_id", "path"],
    "perf_subjects": ["doc_id", "table_id"],
    "perf_funds": ["doc_id", "table_id", "row"],
    "perf_indicators": ["doc_id", "table_id", "row"],
    "glossary": ["doc_id", "term"],
    # facts and findings have no natural key: a document may state a figure or fail a rule twice
}

ENUMS: dict[tuple[str, str], list[str]] = {
    ("documents", "source_format"): ["pdf", "docx", "doc", "wps", "html", "txt", "xlsx", "xls"],
    ("documents", "doc_kind"): ["final_department", "final_unit", "budget_department", "budget_unit", "unknown"],
    ("documents", "source_unit"): ["元", "万元"],
    ("documents", "status"): ["ok", "partial", "failed"],
    ("line_items", "side"): ["income", "expenditure"],
    ("findings", "severity"): ["error", "warning", "info"],
    ("perf_subjects", "scope"): ["project", "department"],
    ("perf_funds", "scope"): ["project", "department"],
    ("perf_indicators", "scope"): ["project", "department"],
}

CSV_DIR = "csv"


def field_type(t: pa.DataType) -> dict[str, Any]:
    """Table Schema type (and format hints) of an Arrow type used in `TABLES`."""
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return {"type": "string"}
    if pa.types.is_boolean(t):
        return {"type": "boolean"}
    if pa.types.is_integer(t):
        return {"type": "integer"}
    if pa.types.is_floating(t):
        return {"type": "number"}
    if pa.types.is_decimal(t):
        return {"type": "number", "x-arrow-type": f"decimal128({t.precision}, {t.scale})"}
    if pa.types.is_list(t):
        return {"type": "array", "x-arrow-type": f"list<{t.value_type}>"}
    raise ValueError(f"no Table Schema type for Arrow type {t}")


def _field(table: str, f: pa.Field) -> dict[str, Any]:
    zh, en = descriptions.field(table, f.name)
    out: dict[str, Any] = {"name": f.name, **field_type(f.type), "title": zh, "description": f"{zh} / {en}"}
    constraints: dict[str, Any] = {}
    if f.name in PRIMARY_KEYS.get(table, []) or f.name == "doc_id":
        constraints["required"] = True
    if (table, f.name) in ENUMS:
        constraints["enum"] = ENUMS[(table, f.name)]
    if constraints:
        out["constraints"] = constraints
    return out


def _foreign_keys(table: str) -> list[dict[str, Any]]:
    if table == "documents":
        return []
    keys = [{"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}]
    if table == "cells":
        keys.append({"fields": ["doc_id", "table_id"], "reference": {"resource": "tables",
                                                                     "fields": ["doc_id", "table_id"]}})
    return keys


def table_schema(table: str) -> dict[str, Any]:
    """The Table Schema of one contract table."""
    schema: dict[str, Any] = {"fields": [_field(table, f) for f in TABLES[table]]}
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[table]
    if fks := _foreign_keys(table):
        schema["foreignKeys"] = fks
    return schema


def resource(out: Path, table: str) -> dict[str, Any]:
    """The resource of one table: its Parquet files, or inline empty data when it has none."""
    zh, en = descriptions.TABLES[table]
    res: dict[str, Any] = {"name": table, "profile": "tabular-data-resource", "title": zh,
                           "description": f"{zh} / {en}"}
    res.update({"path": f"{CSV_DIR}/{table}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}})
    res["x-parquet"] = [p.relative_to(out).as_posix() for p in parquet_files(out, table)]
    res["schema"] = table_schema(table)
    return res


def _csv_column(f: pa.Field) -> str:
    col = ident(f.name)
    if pa.types.is_list(f.type):
        return f"to_json({col})::VARCHAR AS {col}"
    return col


def write_csv(out: Path, table: str, con: duckdb.DuckDBPyConnection) -> Path:
    """Write OUT/csv/<table>.csv atomically from the table's view in `con`; returns its path."""
    path = out / CSV_DIR / f"{table}.csv"
    cols = ", ".join(_csv_column(f) for f in TABLES[table])
    order = ", ".join(ident(k) for k in PRIMARY_KEYS.get(table, ["doc_id"]))

    def write(tmp: Path) -> None:
        con.execute(f"COPY (SELECT {cols} FROM {ident(table)} ORDER BY {order}) TO {literal(str(tmp))} "
                    "(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULL '')")

    write_atomic(path, write)
    return path


def build_datapackage(out: Path | str) -> dict[str, Any]:
    """The descriptor of OUT (no file written)."""
    out = Path(out)
    return {
        "profile": "tabular-data-package",
        "name": "juesuan-dataset",
        "title": "部门决算数据集 / Chinese government departmental final accounts dataset",
        "description": "由 juesuan 从部门决算、部门预算公开文件中提取的数据："
                       "标准表明细、情况说明数字、绩效自评与校验结果。"
                       " / Extracted by juesuan from published 部门决算 and 部门预算: the standard tables as line "
                       "items, the narrative's figures, performance self-evaluations and validation findings.",
        "version": SCHEMA_VERSION,
        "x-pipeline-version": PIPELINE_VERSION,
        "resources": [resource(out, t) for t in TABLES],
    }


def write_datapackage(out: Path | str) -> Path:
    """Write OUT/csv/<table>.csv for every table, then OUT/datapackage.json, each atomically;
    returns the descriptor's path."""
    out = Path(out).resolve()
    con = connect(out, TABLES, locked=False)  # fixed SQL that writes OUT/csv
    try:
        for table in TABLES:
            write_csv(out, table, con)
    finally:
        con.close()
    path = out / "datapackage.json"
    text = json.dumps(build_datapackage(out), ensure_ascii=False, indent=1) + "\n"
    write_bytes_atomic(path, text.encode())
    return path


def validate_datapackage(out: Path | str) -> Any:
    """Validate OUT/datapackage.json and all of its data with the stock frictionless validator (the
    same check as `frictionless validate OUT/datapackage.json`); the frictionless Report."""
    import frictionless  # dev dependency: only this check needs it

    return frictionless.validate(str(Path(out) / "datapackage.json"))
