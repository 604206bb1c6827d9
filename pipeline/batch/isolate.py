"""Run one document in a child process with a time and a memory limit.

The same function serves the local engine (threads waiting on children) and the Ray engine
(one task per document): `run_isolated(job, out, limits)` always returns a result dict and
always leaves the document written — by the child when it finishes, or as a failed document
by the caller when the child is killed or dies.  Children come from a fork server that has the
pipeline preloaded, so each starts in milliseconds without inheriting the caller's threads.
"""
from __future__ import annotations

import errno
import multiprocessing as mp
import resource
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch.commit import commit_document
from pipeline.runner import failed_document, process

_CTX = mp.get_context("forkserver")
_CTX.set_forkserver_preload(["pipeline.runner", "pipeline.batch.commit"])


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 900.0
    memory_mb: int = 8192


@dataclass(frozen=True)
class Job:
    path: str
    doc_id: str
    aliases: list[str] = field(default_factory=list)


def work(job: Job, out: Path) -> dict[str, Any]:
    """Extract, enrich and commit one document; the summary the batch report keeps."""
    doc = process(Path(job.path))
    if job.aliases:
        doc = doc.model_copy(update={"source": doc.source.model_copy(update={"aliases": list(job.aliases)})})
    commit_document(doc, out)
    return {"doc_id": doc.doc_id, "status": doc.status, "pages": doc.source.pages,
            "error": "; ".join(f"{e.stage}: {e.reason}" for e in doc.errors) or None}


def _child(job: Job, out: str, memory_mb: int, conn: Any) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = work(job, Path(out))
    except OSError as e:
        result = {"fatal": e.errno == errno.ENOSPC, "crash": f"{type(e).__name__}: {e}"}
    except BaseException as e:  # noqa: BLE001 - MemoryError and friends: reported, not raised
        result = {"crash": f"{type(e).__name__}: {e}"}
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    conn.send(result)
    conn.close()


def run_isolated(job: Job, out: Path, limits: Limits) -> dict[str, Any]:
    recv, send = _CTX.Pipe(duplex=False)
    proc = _CTX.Process(target=_child, args=(job, str(out), limits.memory_mb, send), daemon=True)
    proc.start()
    send.close()
    result = recv.recv() if recv.poll(limits.timeout_s) else None
    proc.join(5 if result is not None else 0)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if result is None:
        why = (f"killed: exceeded the time limit of {limits.timeout_s:g} s" if proc.exitcode in (None, -9)
               else f"worker died (exit code {proc.exitcode}; memory limit {limits.memory_mb} MB?)")
        result = {"crash": why}
    if "crash" in result and not result.get("fatal"):
        doc = failed_document(Path(job.path), result["crash"])
        commit_document(doc, out)
        result.update(doc_id=doc.doc_id, status="failed", pages=None, error=f"extract: {result['crash']}")
    return result
