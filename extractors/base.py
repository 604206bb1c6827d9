"""What every format extractor shares: reading the bytes once, hashing, the empty Document."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model is imported when a document is made, so `import extractors` stays cheap
    from pipeline.model import Document, SourceFormat


class ExtractionError(Exception):
    """The source cannot be read as its format; the message says why, for a person."""


def new_document(path: Path, fmt: SourceFormat, data: bytes | None = None, **source: object) -> Document:
    """An empty Document for `path`: doc_id is the SHA-256 of the file's bytes."""
    from pipeline.model import Document, Source

    raw = path.read_bytes() if data is None else data
    sha = hashlib.sha256(raw).hexdigest()
    src = Source(name=path.name, sha256=sha, format=fmt, size=len(raw), **source)  # type: ignore[arg-type]
    return Document(doc_id=sha, source=src)
