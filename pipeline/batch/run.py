"""One batch: recover, plan (hash, de-duplicate, skip what is done), execute, report.

Incremental: a document is its SHA-256; one already in OUT with this pipeline version (and
not failed) is skipped unless `force`.  Two files with the same bytes are one document with
both names recorded.  A disk-full error stops the run cleanly; OUT stays readable.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch import state
from pipeline.batch.commit import recover
from pipeline.batch.isolate import Job, Limits, run_isolated
from pipeline.runner import discover
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
    recovered: tuple[int, int] = (0, 0)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def plan(paths: list[Path], out: Path, force: bool) -> Batch:
    batch = Batch(recovered=recover(out))
    groups: dict[str, list[Path]] = {}
    for p in discover(paths):
        try:
            groups.setdefault(_sha256(p), []).append(p)
        except OSError:  # unreadable: still a job, so it is recorded as failed with the reason
            groups.setdefault(f"unreadable:{p}", []).append(p)
    done = state.extracted(out)
    redo = set()
    for sha, files in groups.items():
        version, status = done.get(sha, (None, None))
        names = [f.name for f in files[1:]]
        if not force and version == PIPELINE_VERSION and status != "failed":
            batch.outcomes.append(Outcome(str(files[0]), sha, "skipped", aliases=names))
            continue
        if sha in done:
            redo.add(sha)
        batch.jobs.append(Job(str(files[0]), sha, names))
    state.scrub(out, redo)
    return batch


def execute(batch: Batch, out: Path, opts: Options, on_done: Callable[[Outcome], None]) -> None:
    def handle(job: Job, res: dict[str, Any], secs: float = 0.0) -> bool:
        if res.get("fatal"):
            batch.stopped = f"stopped: {res['crash']} (the dataset in {out} is intact; rerun to resume)"
            return False
        o = Outcome(job.path, res.get("doc_id"), res.get("status", "failed"), res.get("error"), res.get("pages"),
                    round(secs, 3), list(job.aliases), res.get("max_rss_mb"))
        on_done(o)
        return True

    if opts.engine == "ray":
        from pipeline.batch import engine_ray

        engine_ray.execute(batch.jobs, out, opts.limits, opts.workers, opts.address, lambda j, r: handle(j, r))
        return
    with ThreadPoolExecutor(max_workers=max(1, opts.workers)) as pool:
        futures = {pool.submit(_timed, job, out, opts.limits): job for job in batch.jobs}
        for fut in as_completed(futures):
            res, secs = fut.result()
            if not handle(futures[fut], res, secs):
                pool.shutdown(wait=True, cancel_futures=True)
                return


def _timed(job: Job, out: Path, limits: Limits) -> tuple[dict[str, Any], float]:
    t0 = time.perf_counter()
    return run_isolated(job, out, limits), time.perf_counter() - t0
