"""`juesuan compact OUT`: merge the per-document Parquet files of every table into one file.

The merged file is written atomically before any small file is removed, so a crash leaves
rows at worst twice for an instant — and `compact` run again removes the duplicates, because
it rebuilds from the union keyed by doc_id.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.batch.state import COMPACTED_PREFIX
from pipeline.writers.atomic import write_atomic
from pipeline.writers.columns import TABLES


def compact_table(out: Path, table: str) -> tuple[int, int]:
    """(files merged, rows kept) for one table directory."""
    folder = out / table
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    if len(files) <= 1:
        return 0, 0
    singles = [f for f in files if not f.name.startswith(COMPACTED_PREFIX)]
    merged = [f for f in files if f.name.startswith(COMPACTED_PREFIX)]
    fresh = {f.stem for f in singles}  # a per-document file wins over older merged rows
    parts = [pq.read_table(f, schema=TABLES[table]) for f in singles]
    for f in merged:
        t = pq.read_table(f, schema=TABLES[table])
        parts.append(t.filter(pc.invert(pc.is_in(t.column("doc_id"), value_set=pa.array(sorted(fresh))))))
    table_all = pa.concat_tables(parts).sort_by("doc_id")
    target = folder / f"{COMPACTED_PREFIX}{uuid.uuid4().hex[:12]}.parquet"
    write_atomic(target, lambda tmp: pq.write_table(table_all, tmp, compression="zstd", row_group_size=100_000))
    for f in files:
        f.unlink()
    return len(files), table_all.num_rows


def compact(out: Path) -> dict[str, tuple[int, int]]:
    return {t: compact_table(out, t) for t in TABLES}
