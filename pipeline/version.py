"""Versions: of the pipeline (code) and of the document schema (data)."""
from __future__ import annotations

PIPELINE_VERSION = "0.1.0"
SCHEMA_NAME = "JuesuanDocument"
SCHEMA_VERSION = "1.0.0"


def check_schema_version(version: str) -> None:
    """A document written by another major schema version cannot be read as this one."""
    major = version.split(".", 1)[0]
    if major != SCHEMA_VERSION.split(".", 1)[0]:
        raise ValueError(f"document schema version {version!r} is incompatible with {SCHEMA_VERSION!r}")
