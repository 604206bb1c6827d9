"""Where each cell sits on its page image: the bbox of the cell's provenance, as page percentages.

The cells table carries page and line but not the bbox; the canonical JSON of the document
(OUT/json/<doc_id>.json, the source of truth) does: tables[].grid.cells[].prov.bbox, in PDF points
(x0, top, x1, bottom).  A page image rendered at `scale` is (width_pt × scale) pixels wide, so
its size in points is read back from the PNG header.  A missing or unreadable JSON, a cell with
no bbox or a page with no image gives no box — the number then links to the page as before.
"""
from __future__ import annotations

import json
import logging
import struct
from pathlib import Path

log = logging.getLogger(__name__)

CellKey = tuple[str, int, int]  # (table_id, row, col)
Box = tuple[int, tuple[float, float, float, float]]  # page, (left, top, width, height) in % of the page


def cell_bboxes(out: Path, doc_id: str) -> dict[CellKey, tuple[int, tuple[float, float, float, float]]]:
    """(table_id, row, col) → (page, bbox in points) from the document's JSON ({} when unreadable)."""
    try:
        data = json.loads((out / "json" / f"{doc_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        log.info("no cell boxes for %s: %s", doc_id, e)
        return {}
    found: dict[CellKey, tuple[int, tuple[float, float, float, float]]] = {}
    for t in data.get("tables") or []:
        for c in ((t.get("grid") or {}).get("cells") or []):
            prov = c.get("prov") or {}
            bbox, page = prov.get("bbox"), prov.get("page")
            if page is not None and bbox and len(bbox) == 4:
                found[(t["table_id"], int(c["row"]), int(c["col"]))] = (int(page), tuple(float(v) for v in bbox))
    return found


def png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG's IHDR, or None."""
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def as_percent(bbox: tuple[float, float, float, float], page_pt: tuple[float, float]) -> tuple[float, ...] | None:
    """(left, top, width, height) in % of the page, or None when the box lies outside it."""
    w, h = page_pt
    x0, top, x1, bottom = bbox
    if w <= 0 or h <= 0 or x1 <= x0 or bottom <= top or x0 < 0 or top < 0 or x1 > w * 1.01 or bottom > h * 1.01:
        return None
    return (100 * x0 / w, 100 * top / h, 100 * (x1 - x0) / w, 100 * (bottom - top) / h)


def cell_boxes(bboxes: dict[CellKey, tuple[int, tuple[float, float, float, float]]],
               page_sizes: dict[int, tuple[float, float]]) -> dict[CellKey, Box]:
    """(table_id, row, col) → (page, box in %) for cells whose page has an image of known size."""
    out: dict[CellKey, Box] = {}
    for key, (page, bbox) in bboxes.items():
        if page in page_sizes and (pct := as_percent(bbox, page_sizes[page])) is not None:
            out[key] = (page, pct)  # type: ignore[assignment]
    return out


def box_id(key: CellKey) -> str:
    return f"box-{key[0]}-{key[1]}-{key[2]}"

