"""One document through extraction and the stages; finding the documents of a folder.

`process(path)` never raises for a bad document: whatever goes wrong becomes the document's
status and reason.  Batches (parallel, incremental, crash-safe) live in pipeline.batch.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from extractors import ExtractionError, extract
from extractors.sniff import EXTENSIONS
from pipeline.model import Document, Source, StageError
from pipeline.stages import run_stages

SUPPORTED = frozenset(EXTENSIONS)


def discover(paths: list[Path]) -> list[Path]:
    """Files to process: named files as given, folders searched for supported extensions."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        for f in _walk(p):
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _walk(p: Path) -> Iterator[Path]:
    if not p.is_dir():
        yield p
        return
    for root, dirs, files in os.walk(p, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED:
                yield Path(root) / name


def failed_document(path: Path, reason: str) -> Document:
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    sha = hashlib.sha256(data).hexdigest() if data else hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()
    fmt = EXTENSIONS.get(path.suffix.lower(), "txt")
    src = Source(name=path.name, sha256=sha, format=fmt, size=len(data))  # type: ignore[arg-type]
    return Document(doc_id=sha, source=src, errors=[StageError(stage="extract", reason=reason, severity="failed")])


def process(path: Path) -> Document:
    """Extract and enrich one source file; never raises for a bad document."""
    try:
        doc = extract(path)
    except ExtractionError as e:
        return failed_document(path, str(e))
    except Exception as e:  # noqa: BLE001 - an extractor bug must not stop the batch
        return failed_document(path, f"extractor crashed: {type(e).__name__}: {e}")
    return run_stages(doc)
