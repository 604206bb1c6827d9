"""What an output directory holds: which documents, written by which version — and its repair.

`repair(out)` is the one recovery every command runs before it reads OUT (extract, validate,
compact, query, search, report, package): it finishes or discards an interrupted commit, then
checks every Parquet file and rebuilds each damaged one from the JSON per document (the source of
truth), naming the file.  A document whose JSON is itself unreadable is removed everywhere, so
the next `extract` writes it again.

`OUT/.juesuan/sources.json` maps each source path to the doc_id its last run wrote; with it a
document that failed and was then fixed leaves no stale failed row (`drop_stale`).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow.dataset as ds

# pyarrow and the writers are imported inside the functions that need them: planning a run into
# an empty OUT (and `juesuan --help`) never loads them
COMPACTED_PREFIX = "compacted-"
STATE_DIR = ".juesuan"
SOURCES = "sources.json"
TABLE_NAMES = ("documents", "sections", "tables", "cells", "line_items", "facts", "budget_execution",
               "perf_subjects", "perf_funds", "perf_indicators", "findings", "glossary")


def _tables() -> dict[str, Any]:
    from pipeline.writers.columns import TABLES

    return TABLES


def _has_parquet(out: Path, table: str) -> bool:
    return (out / table).is_dir() and any((out / table).glob("*.parquet"))


def _dataset(out: Path, table: str) -> ds.Dataset | None:
    if not _has_parquet(out, table):
        return None
    import pyarrow.dataset as ds

    return ds.dataset(out / table, format="parquet", schema=_tables()[table])


def extracted(out: Path) -> dict[str, tuple[str, str]]:
    """doc_id → (pipeline_version, status) for every document in OUT."""
    dset = _dataset(out, "documents")
    if dset is None:
        return {}
    t = dset.to_table(columns=["doc_id", "pipeline_version", "status"])
    return {d: (v, s) for d, v, s in zip(*(t.column(c).to_pylist() for c in t.column_names), strict=True)}


def compacted_files(out: Path, table: str) -> list[Path]:
    return sorted((out / table).glob(f"{COMPACTED_PREFIX}*.parquet"))


def scrub(out: Path, doc_ids: set[str]) -> int:
    """Remove these documents' rows from compacted files (documents first); files rewritten."""
    if not doc_ids or not any(compacted_files(out, t) for t in TABLE_NAMES):
        return 0
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from pipeline.writers.atomic import write_atomic

    ids = pa.array(sorted(doc_ids))
    n = 0
    for table in TABLE_NAMES:
        for path in compacted_files(out, table):
            t = pq.read_table(path, schema=_tables()[table])
            keep = pc.invert(pc.is_in(t.column("doc_id"), value_set=ids))
            if pc.all(keep).as_py():
                continue
            kept = t.filter(keep)
            write_atomic(path, lambda tmp, kept=kept: pq.write_table(kept, tmp, compression="zstd"))
            n += 1
    return n


def drop(out: Path, doc_ids: set[str]) -> None:
    """Remove these documents from OUT entirely: documents rows first, then their other rows and JSON."""
    if not doc_ids:
        return
    for table in TABLE_NAMES:
        for d in doc_ids:
            (out / table / f"{d}.parquet").unlink(missing_ok=True)
    scrub(out, doc_ids)
    for d in doc_ids:
        (out / "json" / f"{d}.json").unlink(missing_ok=True)


# ---- damaged files ----------------------------------------------------------------------------

def _readable(path: Path, table: str, full: bool) -> bool:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(path)
        if not set(_tables()[table].names) <= set(pq.read_schema(path).names):
            return False
        if full or meta.num_rows < 1_000_000:
            pq.read_table(path, schema=_tables()[table])
        return True
    except (pa.ArrowException, OSError, ValueError):
        return False


def _doc_ids_in(out: Path, table: str) -> set[str]:
    dset = _dataset(out, table)
    return set(dset.to_table(columns=["doc_id"]).column("doc_id").to_pylist()) if dset is not None else set()


def needs_repair(out: Path) -> bool:
    """Whether `repair` has anything to do: an interrupted commit, or a Parquet file it cannot read
    (reading commands check this first, so a sound dataset is read without writing anything)."""
    from pipeline.batch.commit import STAGING

    staging = out / STAGING
    if (staging.is_dir() and any(staging.iterdir())) or any(out.glob("*/.*.tmp")):
        return True
    return any(not _readable(f, table, full=False)
               for table in TABLE_NAMES if _has_parquet(out, table)
               for f in sorted((out / table).glob("*.parquet")))


def repair(out: Path) -> list[str]:
    """Recover OUT for reading: interrupted commits, then damaged Parquet files rebuilt from the
    JSON per document.  One sentence per damaged file found (empty when all is well)."""
    from pipeline.batch.commit import recover

    if not out.is_dir():
        return []
    recover(out)
    notes: list[str] = []
    for table in TABLE_NAMES:
        folder = out / table
        if not _has_parquet(out, table):
            continue
        bad = [f for f in sorted(folder.glob("*.parquet")) if not _readable(f, table, full=False)]
        for f in bad:
            f.unlink()
        if not bad:
            continue
        have = _doc_ids_in(out, table)
        wanted = {f.stem for f in bad if not f.name.startswith(COMPACTED_PREFIX)}
        if any(f.name.startswith(COMPACTED_PREFIX) for f in bad):
            wanted |= {j.stem for j in (out / "json").glob("*.json")} - have
        rebuilt, lost = _rebuild(out, table, wanted)
        for f in bad:
            what = f"rebuilt {len(rebuilt)} documents' rows from json/" if rebuilt else "nothing to rebuild"
            notes.append(f"damaged Parquet file {f.relative_to(out)} removed; {what}")
        if lost:
            notes.append(f"{len(lost)} documents had no readable JSON and were removed (extract again): "
                         + ", ".join(sorted(lost)[:5]))
    return notes


def _rebuild(out: Path, table: str, doc_ids: set[str]) -> tuple[set[str], set[str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.model import Document
    from pipeline.writers.atomic import write_atomic
    from pipeline.writers.rows import table_rows

    rebuilt, lost = set(), set()
    for d in sorted(doc_ids):
        try:
            doc = Document.from_json(json.loads((out / "json" / f"{d}.json").read_text("utf-8")))
        except (OSError, ValueError):
            lost.add(d)
            continue
        rows = table_rows(doc)[table]
        t = pa.Table.from_pylist(rows, schema=_tables()[table])
        write_atomic(out / table / f"{d}.parquet", lambda tmp, t=t: pq.write_table(t, tmp, compression="zstd"))
        rebuilt.add(d)
    drop(out, lost)
    return rebuilt, lost


# ---- source paths -----------------------------------------------------------------------------

def sources(out: Path) -> dict[str, str]:
    """source path (lossless text) → doc_id its last extraction wrote."""
    try:
        data = json.loads((out / STATE_DIR / SOURCES).read_text("utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_sources(out: Path, update: dict[str, str]) -> None:
    data = {**sources(out), **update}
    (out / STATE_DIR).mkdir(exist_ok=True)
    path = out / STATE_DIR / SOURCES
    tmp = path.with_name(f".{SOURCES}.{os.getpid()}.tmp")
    tmp.write_bytes(json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
    os.replace(tmp, path)


def drop_stale(out: Path, current: dict[str, str], done: dict[str, tuple[str, str]]) -> set[str]:
    """Failed documents an earlier run wrote for a path that now holds other content: removed.

    `current` maps this run's source paths to their doc_ids; a document another path still has
    is kept."""
    before = sources(out)
    live = set(current.values())
    stale = {old for path, new in current.items()
             if (old := before.get(path)) and old != new and old not in live and done.get(old, ("", ""))[1] == "failed"}
    drop(out, stale)
    return stale
