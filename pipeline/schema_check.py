"""Validate a document's JSON against the committed schema in schemas/ before it is written.

The check runs compiled (jsonschema-rs, draft 2020-12, a few ms per page): a document that
passes costs one `is_valid` call.  Only a document that fails is walked again by the reference
`jsonschema` validator, whose best-matching error names the first violation; both read the same
schema file, and tests/test_schema_check.py proves they accept exactly the same documents.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The committed document schema (the model's own when installed without schemas/)."""
    path = SCHEMA_DIR / "document.schema.json"
    if path.is_file():
        return json.loads(path.read_text("utf-8"))
    from pipeline.schema_gen import document_schema as generated

    return generated()


@lru_cache(maxsize=1)
def compiled() -> Any:
    """The compiled validator of the document schema."""
    return jsonschema_rs.validator_for(document_schema())


@lru_cache(maxsize=1)
def reference() -> Any:
    """The pure-Python validator of the same schema: used to explain a failure."""
    import jsonschema

    schema = document_schema()
    return jsonschema.validators.validator_for(schema)(schema)


def validate_document_json(data: dict[str, Any]) -> None:
    """Raise ValueError naming the first violation when `data` does not fit the schema."""
    if compiled().is_valid(data):
        return
    import jsonschema

    error = jsonschema.exceptions.best_match(reference().iter_errors(data))
    if error is None:  # the two validators disagree: report what the compiled one saw
        first = next(iter(compiled().iter_errors(data)))
        where = "/".join(str(p) for p in first.instance_path) or "(root)"
        raise ValueError(f"document JSON does not match schemas/document.schema.json at {where}: {first.message}")
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    raise ValueError(f"document JSON does not match schemas/document.schema.json at {where}: {error.message}")
