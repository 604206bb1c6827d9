"""Validate a document's JSON against the committed schema in schemas/ before it is written."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    path = SCHEMA_DIR / "document.schema.json"
    if path.is_file():
        schema = json.loads(path.read_text("utf-8"))
    else:  # installed without the repo's schemas/: the model's own schema is the same text
        from pipeline.schema_gen import document_schema

        schema = document_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def validate_document_json(data: dict[str, Any]) -> None:
    """Raise ValueError naming the first violation when `data` does not fit the schema."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise ValueError(f"document JSON does not match schemas/document.schema.json at {where}: {error.message}")
