"""Write one Document into OUT: its JSON, then one Parquet file per contract table.

Layout: OUT/json/<doc_id>.json and OUT/<table>/<doc_id>.parquet.  Re-extracting a document
replaces its own files and touches no other document's.  Every file lands atomically; the
documents row is written last, so a document listed in OUT/documents has all its tables.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.model import Document
from pipeline.schema_check import validate_document_json
from pipeline.writers.atomic import write_atomic, write_bytes_atomic
from pipeline.writers.columns import TABLES
from pipeline.writers.rows import table_rows


def document_json(doc: Document) -> bytes:
    """The canonical JSON of a document: same document, same bytes."""
    data = doc.model_dump(mode="json")
    validate_document_json(data)
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _write_table(path: Path, schema: pa.Schema, rows: list[dict]) -> None:
    table = pa.Table.from_pylist(rows, schema=schema)
    write_atomic(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def write_document(doc: Document, out: Path) -> None:
    write_bytes_atomic(out / "json" / f"{doc.doc_id}.json", document_json(doc))
    rows = table_rows(doc)
    for name, schema in TABLES.items():
        if name != "documents":
            _write_table(out / name / f"{doc.doc_id}.parquet", schema, rows[name])
    _write_table(out / "documents" / f"{doc.doc_id}.parquet", TABLES["documents"], rows["documents"])
