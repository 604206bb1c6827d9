"""What a worker process is made of: preloaded once by the fork server, used for every document.

Importing this module imports the runner, every stage and the commit path, so a worker starts
in milliseconds; the fork server also imports the extractor modules of the formats a batch
holds (pipeline.batch.isolate.preload).  `setup_worker` points the worker's temporary files
into a folder its parent removes (so a killed conversion leaves nothing behind), sends log
records, Python warnings and stray native output (a Rust panic, pdfminer's warnings) to
OUT/.juesuan/worker.log instead of the terminal, and has the kernel kill the worker when the fork
server (which exits with the batch's process) goes: a batch killed with kill -9 leaves no worker
committing behind the next run's back.  Workers stay in the batch's process group.
"""
from __future__ import annotations

import errno
import gc
import importlib.abc
import logging
import os
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

import pipeline.writers.dataset  # noqa: F401 - the Parquet/JSON writers (pyarrow) load once, here
from pipeline.batch.commit import commit_document
from pipeline.runner import process
from pipeline.stages import _stages

_stages()  # import every stage module now, once, in the fork server


class _RefusePandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ImportError("pandas is not needed in a worker")


def arrow_without_pandas() -> bool:
    """Tell pyarrow, in this worker process only, that pandas is not there.

    The first time pyarrow turns a Python list into an array it imports pandas (~0.35 s) just to
    ask whether the list is a pandas object; a worker only ever hands it lists.  The import is
    refused once, while pyarrow asks, and pyarrow remembers the answer; pandas itself stays
    importable for anything else.  False when this pyarrow has no such shim (nothing changed)."""
    import pyarrow.lib

    shim = getattr(pyarrow.lib, "_pandas_api", None)
    if shim is None or "pandas" in sys.modules:
        return False
    finder = _RefusePandas()
    sys.meta_path.insert(0, finder)
    try:
        return not shim.have_pandas
    finally:
        sys.meta_path.remove(finder)


arrow_without_pandas()


def setup_worker(tmp: str, log_path: str) -> None:
    # the preloaded modules leave the collector (no collection walks them or copies their pages);
    # a document runs with rare young collections (pipeline.runner.EXTRACTION_GC_THRESHOLD) and
    # its cycles are collected once it is written (work_safely)
    gc.freeze()
    _die_with_parent()
    os.environ["TMPDIR"] = tmp
    tempfile.tempdir = tmp
    try:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError:
        fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 2)
    os.close(fd)
    handler = logging.StreamHandler()  # stderr, which is now the log file
    handler.setFormatter(logging.Formatter(f"%(asctime)s pid {os.getpid()} %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG(SIGKILL) on Linux; elsewhere nothing."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def work(job: Any, out: Path) -> dict[str, Any]:
    """Extract, enrich and commit one document; the summary the batch report keeps."""
    doc = process(Path(job.path))
    if job.aliases:
        doc = doc.model_copy(update={"source": doc.source.model_copy(update={"aliases": list(job.aliases)})})
    commit_document(doc, out)
    return {"doc_id": doc.doc_id, "status": doc.status, "pages": doc.source.pages,
            "error": "; ".join(f"{e.stage}: {e.reason}" for e in doc.errors) or None}


def work_safely(job: Any, out: Path) -> dict[str, Any]:
    try:
        result = work(job, out)
    except OSError as e:
        result = {"fatal": e.errno == errno.ENOSPC, "crash": f"could not write the document: {e.strerror or e}"}
    except MemoryError:
        result = {"crash": f"out of memory after {_rss_mb():,.0f} MB resident"}
    except Exception as e:  # noqa: BLE001 - reported as the document's failure, never raised
        logging.getLogger(__name__).exception("document %s", job.path)
        result = {"crash": f"the document could not be processed (internal error: {type(e).__name__})"}
    result["max_rss_mb"] = _rss_mb()
    gc.collect()  # the document's cycles, now that it is gone (a few ms: the modules are frozen)
    return result


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
