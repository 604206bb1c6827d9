"""Run documents in worker processes with a time and a memory limit per document.

A `Worker` is one child process (from a fork server that has the pipeline and the batch's
extractor modules preloaded) that handles many documents, one at a time.  Its parent thread
watches every document: past the time limit, or when the worker's resident memory (RSS, what
users mean by memory — not address space) passes the memory limit, the worker is killed at once
together with every process it started (a LibreOffice converter in its own process group
included), its temporary folder is removed, the document is written as failed with the reason
and the figure reached, and the next document gets a fresh worker.  A worker that dies on its
own is replaced the same way.  A worker whose RSS has grown past half the limit, or that has
handled `RECYCLE_AFTER` documents, is retired between documents.

`run_isolated(job, out, limits)` (one document, one worker) serves the Ray engine.
"""
from __future__ import annotations

import contextlib
import errno
import multiprocessing as mp
import os
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_CTX = mp.get_context("forkserver")
BASE_PRELOAD = ["pipeline.batch.worker_boot"]
_CTX.set_forkserver_preload(BASE_PRELOAD)
POLL_S = 0.02
RECYCLE_AFTER = 200
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 900.0
    memory_mb: int = 8192


@dataclass(frozen=True)
class Job:
    path: str
    doc_id: str
    aliases: list[str] = field(default_factory=list)


def preload(modules: list[str], start: bool = False) -> None:
    """Modules the fork server imports once (call before the first worker of a batch starts);
    `start` starts the server now, so its imports run while the caller plans the batch."""
    from multiprocessing import forkserver

    _CTX.set_forkserver_preload(BASE_PRELOAD + sorted(set(modules)))
    if start:
        forkserver.ensure_running()


def rss_mb(pid: int) -> float | None:
    """Resident memory of process `pid` in MB (None when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / (1024 * 1024)
    except (OSError, IndexError, ValueError):
        return None


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (children, grandchildren …), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def kill_tree(pid: int) -> None:
    """SIGKILL `pid`, its process group and the process group of every process below it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGSTOP)  # no new children while we look
    own = os.getpgrp()
    groups = set()
    for p in [pid, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            g = os.getpgid(p)
            if g != own:
                groups.add(g)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p, signal.SIGKILL)
    for g in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(g, signal.SIGKILL)


def _serve(conn: Any, out: str, tmp: str, log_path: str) -> None:
    """The worker's loop: a Job in, a result dict out, until the pipe closes."""
    from pipeline.batch.worker_boot import setup_worker, work_safely

    setup_worker(tmp, log_path)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(work_safely(job, Path(out)))


class Worker:
    """One child process handling documents one at a time under `limits`."""

    def __init__(self, out: Path, limits: Limits) -> None:
        self.out, self.limits = out, limits
        self.proc: Any = None
        self.conn: Any = None
        self.tmp: str | None = None
        self.done = 0

    def _start(self) -> None:
        self.tmp = tempfile.mkdtemp(prefix="juesuan-worker-")
        log_path = str(self.out / ".juesuan" / "worker.log")
        parent, child = _CTX.Pipe(duplex=True)
        self.proc = _CTX.Process(target=_serve, args=(child, str(self.out), self.tmp, log_path), daemon=True)
        self.proc.start()
        child.close()
        self.conn, self.done = parent, 0

    def run(self, job: Job) -> dict[str, Any]:
        """The result of one document; a killed or dead worker's document is written as failed."""
        if self.proc is None or not self.proc.is_alive():
            self.stop()
            self._start()
        result = self._wait(job)
        if "crash" in result and not result.get("fatal"):
            result = _record_failure(job, self.out, result)
        self.done += 1
        rss = rss_mb(self.proc.pid) if self.proc is not None else None
        if self.proc is not None and (self.done >= RECYCLE_AFTER or (rss or 0) > self.limits.memory_mb / 2):
            self.stop()
        return result

    def _wait(self, job: Job) -> dict[str, Any]:
        try:
            self.conn.send(job)
        except OSError as e:
            self._kill()
            return {"crash": f"the worker process could not take the document ({e})"}
        deadline = time.monotonic() + self.limits.timeout_s
        peak = 0.0
        while True:
            try:
                ready = self.conn.poll(POLL_S)
            except OSError:
                ready = False
            if ready:
                try:
                    return dict(self.conn.recv())
                except (EOFError, OSError):
                    pass  # died while sending: handled below
            rss = rss_mb(self.proc.pid)
            peak = max(peak, rss or 0.0)
            if rss is not None and rss > self.limits.memory_mb:
                self._kill()
                return {"crash": f"killed: out of memory — the worker used {rss:,.1f} MB, over the memory limit "
                                 f"of {self.limits.memory_mb:,} MB (--memory-mb)", "max_rss_mb": round(rss, 1)}
            if not self.proc.is_alive():
                code = self.proc.exitcode
                self._kill()
                return {"crash": f"the worker process died while reading the document (exit code {code}; "
                                 f"peak memory seen {peak:,.0f} MB of {self.limits.memory_mb:,} MB allowed)"}
            if time.monotonic() > deadline:
                self._kill()
                return {"crash": f"killed: exceeded the time limit of {self.limits.timeout_s:g} s",
                        "max_rss_mb": round(peak, 1)}

    def _kill(self) -> None:
        if self.proc is not None and self.proc.pid:
            kill_tree(self.proc.pid)
            self.proc.join(5)
        self._cleanup()

    def stop(self) -> None:
        """End the worker (politely, then by force) and remove its temporary folder."""
        if self.proc is not None and self.proc.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.proc.join(2)
            if self.proc.is_alive():
                kill_tree(self.proc.pid)
                self.proc.join(5)
        self._cleanup()

    def _cleanup(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
        self.proc = self.conn = self.tmp = None


def _record_failure(job: Job, out: Path, result: dict[str, Any]) -> dict[str, Any]:
    """Write the document the worker could not finish as failed, with the reason."""
    from pipeline.batch.commit import commit_document
    from pipeline.runner import failed_document

    doc = failed_document(Path(job.path), result["crash"])
    try:
        commit_document(doc, out)
    except OSError as e:
        return {"fatal": e.errno == errno.ENOSPC, "crash": f"{type(e).__name__}: {e}"}
    result.update(doc_id=doc.doc_id, status="failed", pages=None, error=f"extract: {result['crash']}")
    return result


def run_isolated(job: Job, out: Path, limits: Limits) -> dict[str, Any]:
    """One document in a worker of its own (the Ray engine's task)."""
    worker = Worker(out, limits)
    try:
        return worker.run(job)
    finally:
        worker.stop()
