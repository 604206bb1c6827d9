"""One document through extraction and the stages; finding the documents of a folder.

`process(path)` never raises for a bad document: whatever goes wrong becomes the document's
status and reason.  Batches (parallel, incremental, crash-safe) live in pipeline.batch.
"""
from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extractors import ExtractionError, extract, internal_error_sentence
from extractors.sniff import EXTENSIONS
from pipeline.batch.inputs import lossless_name, readable_name, scan, unreadable_id
from pipeline.model import Document, Source, StageError
from pipeline.stages import run_stages

SUPPORTED = frozenset(EXTENSIONS)
log = logging.getLogger(__name__)
# Allocations between young-generation collections while a document is processed (Python's
# default is 700).  A document allocates millions of short-lived objects and almost no cycles:
# collecting every 700 allocations cost 10-15% of the time.  The previous threshold is restored
# after the document; batch workers also collect a document's cycles once it is written.
EXTRACTION_GC_THRESHOLD = 50_000


def discover(paths: list[Path]) -> list[Path]:
    """Regular files to process: named files as given, folders searched for supported extensions
    (links loops, FIFOs and other non-regular files are left out; pipeline.batch.inputs says why)."""
    return scan(paths)[0]


def failed_document(path: Path, reason: str) -> Document:
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    sha = hashlib.sha256(data).hexdigest() if data else unreadable_id(path)
    fmt = EXTENSIONS.get(path.suffix.lower(), "txt")
    src = Source(name=path.name, sha256=sha, format=fmt, size=len(data))  # type: ignore[arg-type]
    doc = Document(doc_id=sha, source=src, errors=[StageError(stage="extract", reason=reason, severity="failed")])
    return _named(doc)


def process(path: Path) -> Document:
    """Extract and enrich one source file; never raises for a bad document."""
    with _few_collections():
        return _process(path)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Young-generation collections every EXTRACTION_GC_THRESHOLD allocations (not fewer)."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], EXTRACTION_GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _process(path: Path) -> Document:
    readable = readable_name(path.name)
    try:
        doc = extract(path)
    except ExtractionError as e:
        return failed_document(path, str(e))
    except Exception as e:  # noqa: BLE001 - an extractor bug must not stop the batch
        log.warning("extracting %s failed", readable, exc_info=True)
        return failed_document(path, internal_error_sentence(e, EXTENSIONS.get(path.suffix.lower(), "file")))
    if readable != path.name:  # the stages (metadata from the file name) read the readable form
        doc = doc.model_copy(update={"source": doc.source.model_copy(update={"name": readable})})
    return _named(run_stages(doc), path.name)


def _named(doc: Document, name: str | None = None) -> Document:
    """`source.name` losslessly as text; a name whose bytes are not UTF-8 keeps its readable form
    in metadata.evidence["source_name"]."""
    name = doc.source.name if name is None else name
    text = lossless_name(name)
    if text == name:
        return doc
    readable = readable_name(name)
    evidence = {**doc.metadata.evidence, "source_name": f"file name bytes are not UTF-8; read as GB18030: {readable}"}
    errors = [e.model_copy(update={"reason": _text(e.reason.replace(name, readable))}) for e in doc.errors]
    return doc.model_copy(update={
        "source": doc.source.model_copy(update={"name": text}),
        "metadata": doc.metadata.model_copy(update={"evidence": evidence}),
        "errors": errors,
    })


def _text(s: str) -> str:
    """`s` with any surrogate escapes (undecodable bytes) shown as \\xNN, so it encodes as UTF-8."""
    return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
