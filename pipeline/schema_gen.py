"""Generate schemas/ from the models: `python -m pipeline.schema_gen schemas`.

document.schema.json is the Document model's JSON Schema; <table>.schema.json describes one row
of each Parquet table (from pipeline.writers.columns).  tests/test_schemas.py fails when the
committed files differ from what this module generates.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.model import Document
from pipeline.version import SCHEMA_VERSION
from pipeline.writers.columns import TABLES


def document_schema() -> dict[str, Any]:
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"juesuan/document/{SCHEMA_VERSION}"
    return schema


def _json_type(t: pa.DataType) -> dict[str, Any]:
    if pa.types.is_decimal(t):
        return {"type": ["string", "null"], "pattern": r"^-?\d+\.\d{2}$", "description": "decimal(20,2) yuan"}
    if pa.types.is_integer(t):
        return {"type": ["integer", "null"]}
    if pa.types.is_floating(t):
        return {"type": ["number", "null"]}
    if pa.types.is_boolean(t):
        return {"type": ["boolean", "null"]}
    if pa.types.is_list(t):
        return {"type": ["array", "null"], "items": _json_type(t.value_type)}
    return {"type": ["string", "null"]}


def row_schema(name: str, schema: pa.Schema) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"juesuan/{name}/{SCHEMA_VERSION}",
        "title": f"{name} row",
        "type": "object",
        "properties": {f.name: _json_type(f.type) for f in schema},
        "required": [f.name for f in schema],
        "additionalProperties": False,
    }


def generate() -> dict[str, str]:
    """File name → text for every schema file."""
    files = {"document.schema.json": document_schema()}
    files.update({f"{n}.schema.json": row_schema(n, s) for n, s in TABLES.items()})
    return {k: json.dumps(v, ensure_ascii=False, indent=2, sort_keys=True) + "\n" for k, v in files.items()}


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "schemas")
    out.mkdir(parents=True, exist_ok=True)
    for name, text in generate().items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(generate())} schemas to {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
