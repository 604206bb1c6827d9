"""Golden files: the expected records of every sample, checked in under tests/golden/.

`make golden` (JUESUAN_GEN_GOLDEN=1) rewrites them; every other run compares field by field
and a missing golden file fails.
"""
from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.model import Document
from pipeline.writers.rows import table_rows

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GEN = bool(os.environ.get("JUESUAN_GEN_GOLDEN"))
# what a golden file holds: the dataset rows a user sees, minus bulky audit detail (cells, texts)
TABLES = ["documents", "tables", "line_items", "facts", "budget_execution", "perf_subjects", "perf_funds",
          "perf_indicators", "glossary", "findings"]
SECTION_FIELDS = ["section_id", "parent_id", "level", "number", "title", "page_start", "page_end"]


def _plain(v: Any) -> Any:
    return str(v) if isinstance(v, Decimal) else v


def snapshot(doc: Document) -> dict[str, Any]:
    rows = table_rows(doc)
    out: dict[str, Any] = {name: [{k: _plain(v) for k, v in r.items() if k != "doc_id"} for r in rows[name]]
                           for name in TABLES}
    out["documents"][0].pop("pipeline_version", None)
    out["sections"] = [{k: s[k] for k in SECTION_FIELDS} for s in rows["sections"]]
    return out


def golden_path(source: Path) -> Path:
    return GOLDEN_DIR / f"{source.name}.json"


def check(doc: Document, source: Path) -> None:
    path = golden_path(source)
    got = snapshot(doc)
    if GEN:
        GOLDEN_DIR.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path.name}: run `make golden` and review it"
    want = json.loads(path.read_text("utf-8"))
    for table in sorted(set(want) | set(got)):
        w, g = want.get(table, []), got.get(table, [])
        for i, (wr, gr) in enumerate(zip(w, g, strict=False)):  # lengths compared below
            diff = {k: (wr.get(k), gr.get(k)) for k in set(wr) | set(gr) if wr.get(k) != gr.get(k)}
            assert not diff, f"{source.name} {table}[{i}] differs (golden, now): {diff}"
        assert len(w) == len(g), f"{source.name} {table}: {len(w)} golden rows, {len(g)} now"
