"""Write one Document into OUT: its JSON, then one Parquet file per contract table.

Layout: OUT/json/<doc_id>.json and OUT/<table>/<doc_id>.parquet.  Re-extracting a document
replaces its own files and touches no other document's.  Every file lands atomically; the
documents row is written last, so a document listed in OUT/documents has all its tables.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.model import Document
from pipeline.schema_check import validate_document_json
from pipeline.writers import canonical_json
from pipeline.writers.atomic import write_atomic
from pipeline.writers.columns import TABLES
from pipeline.writers.rows import table_rows


def document_json(doc: Document) -> bytes:
    """The canonical JSON of a document, `json.dumps(doc.model_dump(mode="json"),
    ensure_ascii=False, indent=1)`: same document, same bytes; checked against schemas/ first.

    pydantic-core writes that text several times faster than Python can, and spells every value
    as `json` does but floats below 1e-4, which it writes as 0.00001 or 1e-7 where `json` writes
    1e-05 and 1e-07.  A text where such a spelling may occur (`respelled`, which a string
    holding "0.0000" also matches) is written by canonical_json instead: same bytes either way."""
    data = doc.model_dump(mode="json")
    validate_document_json(data)
    text = doc.model_dump_json(indent=1)
    if respelled(text):
        text = canonical_json.dumps(data)
    return (text + "\n").encode("utf-8")


_EXPONENT = re.compile(r"\de-\d(?!\d)")  # 1e-7: json writes 1e-07


def respelled(text: str) -> bool:
    """Whether pydantic's text may spell a float otherwise than json (a substring test first:
    a regular expression over a megabyte of CJK text costs more than the whole dump)."""
    return "0.0000" in text or ("e-" in text and _EXPONENT.search(text) is not None)


def _parquet_writer(schema: pa.Schema, rows: list[dict]) -> Callable[[Path], None]:
    table = pa.Table.from_pylist(rows, schema=schema)
    return lambda path: pq.write_table(table, path, compression="zstd")


def document_files(doc: Document) -> list[tuple[str, Callable[[Path], None]]]:
    """(path relative to OUT, writer) for every file of a document, the documents row last."""
    data = document_json(doc)
    rows = table_rows(doc)
    files: list[tuple[str, Callable[[Path], None]]] = [(f"json/{doc.doc_id}.json", lambda p: p.write_bytes(data))]
    order = [n for n in TABLES if n != "documents"] + ["documents"]
    files += [(f"{n}/{doc.doc_id}.parquet", _parquet_writer(TABLES[n], rows[n])) for n in order]
    return files


def write_document(doc: Document, out: Path) -> None:
    """Write each file of `doc` atomically (for all-or-nothing, see pipeline.batch.commit)."""
    for rel, write in document_files(doc):
        write_atomic(out / rel, write)
