"""`--engine ray`: the same per-document function as Ray tasks (optional extra `juesuan[ray]`).

Each task runs `run_isolated` on a worker, so limits, commits and failure handling are the
local engine's.  On a cluster OUT must be a filesystem every node mounts at the same path.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pipeline.batch.isolate import Job, Limits, run_isolated


def _task(job: Job, out: str, limits: Limits) -> dict[str, Any]:
    return run_isolated(job, Path(out), limits)


def execute(jobs: Iterable[Job], out: Path, limits: Limits, workers: int, address: str | None,
            on_result: Callable[[Job, dict[str, Any]], bool]) -> None:
    """Run jobs as Ray tasks; `on_result` returns False to stop submitting (e.g. disk full)."""
    try:
        import ray
    except ImportError as e:
        raise RuntimeError("the Ray engine needs the optional extra: pip install 'juesuan[ray]'") from e
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                 log_to_driver=False, ignore_reinit_error=True)
    remote = ray.remote(num_cpus=1, max_retries=0)(_task)
    try:
        pending = {remote.remote(job, str(out), limits): job for job in jobs}
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            job = pending.pop(done[0])
            if not on_result(job, ray.get(done[0])):
                for ref in pending:
                    ray.cancel(ref, force=True)
                return
    finally:
        if started_here:
            ray.shutdown()
