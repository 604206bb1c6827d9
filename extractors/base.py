"""What every format extractor shares: reading the bytes once, hashing, the empty Document."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.model import Document, Source, SourceFormat


class ExtractionError(Exception):
    """The source cannot be read as its format; the message says why, for a person."""


def new_document(path: Path, fmt: SourceFormat, data: bytes | None = None, **source: object) -> Document:
    """An empty Document for `path`: doc_id is the SHA-256 of the file's bytes."""
    raw = path.read_bytes() if data is None else data
    sha = hashlib.sha256(raw).hexdigest()
    src = Source(name=path.name, sha256=sha, format=fmt, size=len(raw), **source)  # type: ignore[arg-type]
    return Document(doc_id=sha, source=src)
