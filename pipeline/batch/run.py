"""One batch: recover, plan (hash, de-duplicate, skip what is done), execute, report.

Incremental: a document is its SHA-256; one already in OUT with this pipeline version (and
not failed) is skipped unless `force`.  Two files with the same bytes are one document with
both names recorded.  Links loops, FIFOs and other non-regular files are skipped with the reason
(pipeline.batch.inputs); a failed document whose file was since fixed leaves no stale row.
Each of `workers` threads drives one worker process that handles many documents
(pipeline.batch.isolate).  A disk-full error stops the run cleanly; OUT stays readable.
"""
from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch import state
from pipeline.batch.inputs import Skip, extractor_modules, lossless_name, scan, unreadable_id
from pipeline.batch.isolate import Job, Limits, Worker, preload
from pipeline.version import PIPELINE_VERSION

_CHUNK = 1 << 20


@dataclass
class Options:
    workers: int = 1
    force: bool = False
    engine: str = "local"
    address: str | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass
class Outcome:
    path: str
    doc_id: str | None
    status: str  # ok | partial | failed | skipped
    error: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    aliases: list[str] = field(default_factory=list)
    max_rss_mb: float | None = None


@dataclass
class Batch:
    jobs: list[Job] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # skipped and unreadable, known before running
    stopped: str | None = None
    repairs: list[str] = field(default_factory=list)  # damaged files found in OUT and rebuilt
    sources: dict[str, str] = field(default_factory=dict)  # source path → doc_id, for state.save_sources


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def plan(paths: list[Path], out: Path, force: bool, scanned: tuple[list[Path], list[Skip]] | None = None) -> Batch:
    """The batch: skipped inputs with reasons, jobs to run (`scanned`: `inputs.scan(paths)` done already)."""
    files, skipped = scanned if scanned is not None else scan(paths)
    batch = Batch()
    batch.repairs = state.repair(out)
    batch.outcomes += [Outcome(lossless_name(str(s.path)), None, "skipped", s.reason) for s in skipped]
    groups: dict[str, list[Path]] = {}
    current: dict[str, str] = {}
    for p in files:
        try:
            sha = _sha256(p)
        except OSError:  # unreadable: still a job, so it is recorded as failed with the reason
            sha = unreadable_id(p)
        groups.setdefault(sha, []).append(p)
        current[_key(p)] = sha
    done = state.extracted(out)
    state.drop_stale(out, current, done)
    redo = set()
    for sha, group in groups.items():
        version, status = done.get(sha, (None, None))
        names = [lossless_name(f.name) for f in group[1:]]
        if not force and version == PIPELINE_VERSION and status != "failed":
            batch.outcomes.append(Outcome(lossless_name(str(group[0])), sha, "skipped", aliases=names))
            continue
        if sha in done:
            redo.add(sha)
        batch.jobs.append(Job(str(group[0]), sha, names))
    state.scrub(out, redo)
    batch.sources = current
    return batch


def _key(p: Path) -> str:
    return lossless_name(os.path.abspath(p))


def execute(batch: Batch, out: Path, opts: Options, on_done: Callable[[Outcome], None]) -> None:
    lock = threading.Lock()

    def handle(job: Job, res: dict[str, Any], secs: float = 0.0) -> bool:
        with lock:
            if batch.stopped:
                return False
            if res.get("fatal"):
                batch.stopped = f"stopped: {res['crash']} (the dataset in {out} is intact; rerun to resume)"
                return False
            o = Outcome(lossless_name(job.path), res.get("doc_id"), res.get("status", "failed"), res.get("error"),
                        res.get("pages"), round(secs, 3), list(job.aliases), res.get("max_rss_mb"))
            on_done(o)
            return True

    if opts.engine == "ray":
        from pipeline.batch import engine_ray

        engine_ray.execute(batch.jobs, out, opts.limits, opts.workers, opts.address, lambda j, r: handle(j, r))
        return
    preload(extractor_modules([Path(j.path) for j in batch.jobs]))  # no effect once the server runs
    todo: queue.SimpleQueue[Job] = queue.SimpleQueue()
    for job in batch.jobs:
        todo.put(job)

    def slot() -> None:
        worker = Worker(out, opts.limits)
        try:
            while not batch.stopped:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                t0 = time.perf_counter()
                res = worker.run(job)
                if not handle(job, res, time.perf_counter() - t0):
                    return
        finally:
            worker.stop()

    threads = [threading.Thread(target=slot, daemon=True) for _ in range(max(1, min(opts.workers, len(batch.jobs))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
