"""Crash-safe landing of one document's files: stage, mark, move — and recover after a crash.

All of a document's files (its JSON and one Parquet file per table) are written into
OUT/.staging/<doc_id>.<token>/ first.  Writing the COMMIT marker (atomically) is the moment the
document counts as written; the files are then renamed into place, the documents row last, and
the staging folder removed.  `recover(out)` — run at the start of every batch — finishes any
marked staging folder (roll forward) and deletes unmarked ones (roll back), so a run killed at
any instant and started again leaves exactly the dataset an uninterrupted run leaves.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.model import Document

STAGING = ".staging"
MARKER = "COMMIT"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def document_files(doc: Document) -> list[tuple[str, Callable[[Path], None]]]:
    """pipeline.writers.dataset.document_files, imported on first use (a batch's parent process,
    which only recovers and plans, never loads the writers)."""
    from pipeline.writers.dataset import document_files as files

    return files(doc)


def commit_document(doc: Document, out: Path) -> None:
    """Write every file of `doc` under `out`, all or nothing."""
    stage = out / STAGING / f"{doc.doc_id}.{uuid.uuid4().hex[:8]}"
    stage.mkdir(parents=True)
    moves: list[tuple[str, str]] = []
    for rel, write in document_files(doc):
        src = stage / rel.replace("/", "__")
        write(src)
        with src.open("rb") as f:
            os.fsync(f.fileno())
        moves.append((src.name, rel))
    _fsync_dir(stage)
    _write_marker(stage / MARKER, json.dumps(moves).encode("utf-8"))
    _apply(stage, out)


def _write_marker(path: Path, data: bytes) -> None:
    """Atomically: a temporary file, fsynced, renamed over `path`."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _apply(stage: Path, out: Path) -> None:
    moves = json.loads((stage / MARKER).read_text("utf-8"))
    for src, rel in moves:
        dst = out / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if (stage / src).exists():  # absent: moved before a crash
            os.replace(stage / src, dst)
    shutil.rmtree(stage, ignore_errors=True)


def recover(out: Path) -> tuple[int, int]:
    """Finish or discard what a crashed run left in OUT/.staging: (rolled forward, rolled back)."""
    root = out / STAGING
    forward = back = 0
    if not root.is_dir():
        return 0, 0
    for stage in sorted(root.iterdir()):
        if (stage / MARKER).is_file():
            _apply(stage, out)
            forward += 1
        else:
            shutil.rmtree(stage, ignore_errors=True)
            back += 1
    for tmp in out.glob("*/.*.tmp"):  # a temporary file of an interrupted atomic write
        tmp.unlink(missing_ok=True)
    return forward, back
