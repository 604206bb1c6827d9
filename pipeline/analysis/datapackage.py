"""OUT/datapackage.json: a Frictionless (Tabular) Data Package describing every table of OUT.

One resource per contract table, named as the table, `path` the list of its Parquet files
(relative to OUT; the Data Package spec has no globs), `format` parquet, and a Table Schema whose
fields are the table's Arrow schema (`pipeline.writers.columns.TABLES`) with a title and a
Chinese + English description from `descriptions.py`, `primaryKey` where the table has a natural
key and `foreignKeys` to `documents` (and `cells` to `tables`).  A table with no file yet is an
inline resource with no rows, so the package always lists all twelve.

`write_datapackage(out)` is called at the end of `juesuan extract` and by `juesuan package`; the
file is rewritten atomically and reflects the files present at that moment (run it again after
`juesuan compact`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.analysis import descriptions
from pipeline.analysis.views import parquet_files
from pipeline.version import PIPELINE_VERSION, SCHEMA_VERSION
from pipeline.writers.atomic import write_bytes_atomic
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

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


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
    files = parquet_files(out, table)
    if files:
        res.update({"path": [p.relative_to(out).as_posix() for p in files], "format": "parquet",
                    "mediatype": PARQUET_MEDIATYPE})
    else:
        res["data"] = []
    res["schema"] = table_schema(table)
    return res


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
    """Write OUT/datapackage.json atomically; returns its path."""
    out = Path(out)
    path = out / "datapackage.json"
    text = json.dumps(build_datapackage(out), ensure_ascii=False, indent=1) + "\n"
    write_bytes_atomic(path, text.encode())
    return path


def validate_datapackage(out: Path | str) -> Any:
    """Validate OUT/datapackage.json and all of its data with frictionless; the frictionless Report.

    The descriptor is loaded as written.  The rows are read with pyarrow (every file of every
    resource, as the dataset's own readers see them) and handed to frictionless inline, so types,
    enums, required fields, primary keys and foreign keys are checked on the real values.
    frictionless' own Parquet reader is not used: it reads only the first file of a multi-file
    resource and goes through pandas, which turns a missing integer into NaN and a list into a
    numpy array, both reported as type errors that are not in the data.
    """
    import frictionless  # dev dependency: only this check needs it
    import pyarrow.dataset as ds

    out = Path(out)
    package = frictionless.Package(str(out / "datapackage.json"))
    resources = []
    for res in package.resources:
        schema = TABLES[res.name]
        paths = [str(out / p) for p in ([res.path] if res.path else []) + list(res.extrapaths or [])]
        rows = ds.dataset(paths, format="parquet", schema=schema).to_table().to_pylist() if paths else []
        data: list[Any] = rows or [schema.names]
        resources.append(frictionless.Resource(name=res.name, data=data, schema=res.schema))
    return frictionless.Package(resources=resources).validate()
