"""What an output directory already holds: which documents, written by which version."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.writers.atomic import write_atomic
from pipeline.writers.columns import TABLES

COMPACTED_PREFIX = "compacted-"


def _dataset(out: Path, table: str) -> ds.Dataset | None:
    path = out / table
    if not path.is_dir() or not any(path.glob("*.parquet")):
        return None
    return ds.dataset(path, format="parquet", schema=TABLES[table])


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
    if not doc_ids:
        return 0
    ids = pa.array(sorted(doc_ids))
    n = 0
    for table in ["documents"] + [t for t in TABLES if t != "documents"]:
        for path in compacted_files(out, table):
            t = pq.read_table(path, schema=TABLES[table])
            keep = pc.invert(pc.is_in(t.column("doc_id"), value_set=ids))
            if pc.all(keep).as_py():
                continue
            kept = t.filter(keep)
            write_atomic(path, lambda tmp, kept=kept: pq.write_table(kept, tmp, compression="zstd"))
            n += 1
    return n
