"""Shared helpers for the batch tests: make a corpus, read a dataset back as comparable rows."""
from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds

from pipeline.writers.columns import TABLES
from tests.conftest import YULIN


def corpus(folder: Path, n: int) -> list[Path]:
    """n distinct documents: the Yulin sample with a different trailing line each."""
    folder.mkdir(parents=True, exist_ok=True)
    base = YULIN.read_text("utf-8")
    paths = []
    for i in range(n):
        p = folder / f"doc{i:03d}.txt"
        p.write_text(f"{base}\n附注{i}。\n", encoding="utf-8")
        paths.append(p)
    return paths


def dataset_rows(out: Path) -> dict[str, list[tuple]]:
    """Every table as a sorted list of row tuples (order and file layout ignored)."""
    res = {}
    for name, schema in TABLES.items():
        folder = out / name
        if not folder.is_dir():
            res[name] = []
            continue
        rows = ds.dataset(folder, format="parquet", schema=schema).to_table().to_pylist()
        res[name] = sorted(tuple(str(v) for v in r.values()) for r in rows)
    return res
