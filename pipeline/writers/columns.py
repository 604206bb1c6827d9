"""The Arrow schema of every contract table: the one definition of the dataset's columns.

The JSON Schemas of rows in `schemas/` are generated from these (pipeline.schema_gen).
Columns past the contract's are provenance (table_id, row, col, line …) and quality figures.
"""
from __future__ import annotations

import pyarrow as pa

MONEY = pa.decimal128(20, 2)
S, I, F, B = pa.string(), pa.int64(), pa.float64(), pa.bool_()  # noqa: E741 - column-type shorthands


def _schema(*cols: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(n, t) for n, t in cols])


TABLES: dict[str, pa.Schema] = {
    "documents": _schema(
        ("doc_id", S), ("source_name", S), ("source_format", S), ("doc_kind", S), ("fiscal_year", I),
        ("region", S), ("region_code", S), ("department", S), ("source_unit", S), ("pages", I), ("ocr", B),
        ("status", S), ("error", S), ("schema_version", S), ("pipeline_version", S), ("title", S),
        ("encoding", S), ("size_bytes", I), ("checks", I), ("checks_passed", I), ("checks_failed", I),
        ("aliases", pa.list_(S)), ("department_key", S)),
    "sections": _schema(
        ("doc_id", S), ("section_id", S), ("parent_id", S), ("level", I), ("number", S), ("title", S),
        ("page_start", I), ("page_end", I), ("text", S)),
    "tables": _schema(
        ("doc_id", S), ("table_id", S), ("table_code", S), ("title", S), ("page_start", I), ("page_end", I),
        ("n_rows", I), ("n_cols", I), ("unit", S), ("note", S), ("checks", I), ("checks_failed", I)),
    "cells": _schema(
        ("doc_id", S), ("table_id", S), ("row", I), ("col", I), ("row_span", I), ("col_span", I), ("text", S),
        ("page", I), ("line", I), ("confidence", F)),
    "line_items": _schema(
        ("doc_id", S), ("table_code", S), ("side", S), ("row_label", S), ("subject_code", S), ("subject_level", I),
        ("measure", S), ("amount_yuan", MONEY), ("amount_text", S), ("page", I), ("table_id", S), ("row", I),
        ("col", I)),
    "facts": _schema(
        ("doc_id", S), ("key", S), ("value", F), ("unit", S), ("compared_to", S), ("change_value", F),
        ("change_ratio", F), ("reason", S), ("page", I), ("evidence", S), ("section_id", S), ("line", I)),
    "budget_execution": _schema(
        ("doc_id", S), ("path", S), ("subject_code", S), ("initial_budget_yuan", MONEY), ("final_yuan", MONEY),
        ("completion_rate", F), ("reason", S), ("page", I), ("evidence", S)),
    "perf_subjects": _schema(
        ("doc_id", S), ("scope", S), ("subject", S), ("code", S), ("implementing_unit", S), ("authority", S),
        ("total_score", F), ("execution_score", F), ("goal", S), ("page", I), ("table_id", S)),
    "perf_funds": _schema(
        ("doc_id", S), ("scope", S), ("subject", S), ("fund_source", S), ("initial_yuan", MONEY),
        ("adjustment_yuan", MONEY), ("adjusted_yuan", MONEY), ("actual_yuan", MONEY), ("execution_rate", F),
        ("page", I), ("table_id", S), ("row", I)),
    "perf_indicators": _schema(
        ("doc_id", S), ("scope", S), ("subject", S), ("level1", S), ("level2", S), ("indicator", S),
        ("target_text", S), ("target_op", S), ("target_value", F), ("target_unit", S), ("weight", F),
        ("actual_text", S), ("actual_value", F), ("score", F), ("completion_note", S), ("deviation_note", S),
        ("page", I), ("table_id", S), ("row", I)),
    "findings": _schema(
        ("doc_id", S), ("rule_id", S), ("severity", S), ("message", S), ("table_code", S), ("subject_code", S),
        ("expected", F), ("actual", F), ("page", I), ("evidence", S)),
    "glossary": _schema(("doc_id", S), ("term", S), ("definition", S), ("page", I)),
}
