"""Ruled tables on a PDF page as `Grid`s with exact row/col spans.

Table regions come from pdfplumber's lattice finder fed only with *visible* ruling (WPS draws
invisible white boxes behind 目录 lines; those must not make a table).  The grid's rows and
columns are the distinct y and x edges of the table's cells (snapped within GRID_SNAP); each
cell maps to (row, col, row_span, col_span), and positions no cell covers get an empty cell so
coverage is rectangular.  Chars belong to the cell their centre lies in.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extractors.pdf.finder import Finder
from extractors.pdf.text import Char, cluster_lines, join_chars
from pipeline.model import Cell, Grid, Provenance

GRID_SNAP = 2.0  # pt: cell edges closer than this are one grid line
WHITE_LEVEL = 0.95  # a colour component at least this light counts as white (invisible ink)
NUMERIC_WRAP_FILL = 0.8  # a numeric line filling less than this of a cell is a value of its own
CELL_PADDING = 2.0  # pt of cell width not available to text on each side
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}

_NUMERIC = re.compile(r"^[-+(（]?[\d,，.]+%?[)）]?$")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class PageTable:
    """A table found on one page: its bbox and its grid."""

    bbox: BBox
    grid: Grid
    page: int


@dataclass(frozen=True, slots=True)
class TableBox:
    """Where pdfplumber's lattice finder saw a table: its bbox and its cells' bboxes."""

    bbox: BBox
    cells: list[BBox]


def table_boxes(page: Any) -> list[TableBox]:
    """Ruled table regions on pdfplumber `page`, built from its visible lines, rects and curves."""
    ruling = [o for o in (*page.lines, *page.rects, *page.curves) if _visible(o)]
    if len(ruling) < 2:
        return []
    settings = {**TABLE_SETTINGS, "explicit_vertical_lines": ruling, "explicit_horizontal_lines": ruling}
    return [TableBox(bbox=_bbox4(t.bbox), cells=[_bbox4(c) for c in t.cells]) for t in Finder(page, settings).tables]


def fill_tables(boxes: Sequence[TableBox], chars: Sequence[Char], page: int) -> tuple[list[PageTable], list[Char]]:
    """Tables filled from `chars`, top to bottom, and the chars left over.

    A table of a single cell (a framed box or page border) or with no text at all is not kept;
    its chars stay with the page text.
    """
    tables: list[PageTable] = []
    left = list(chars)
    for box in sorted(boxes, key=lambda b: (b.bbox[1], b.bbox[0])):
        inside, outside = _split_chars(left, box.bbox)
        grid = build_grid(box.cells, inside, page)
        if grid is None or (grid.n_rows * grid.n_cols <= 1) or not any(c.text for c in grid.cells):
            continue
        tables.append(PageTable(bbox=box.bbox, grid=grid, page=page))
        left = outside
    return tables, left


def _bbox4(b: Sequence[float]) -> BBox:
    return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))


def _visible(obj: dict[str, Any]) -> bool:
    """Whether a line/rect/curve leaves ink: stroked in a non-white colour or filled non-white."""
    if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
        return True
    return bool(obj.get("fill")) and not _is_white(obj.get("non_stroking_color"))


def _is_white(color: Any) -> bool:
    """True for white in gray, RGB or CMYK; None (the default black) and patterns are not white."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return False
    if not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 4:
        return all(v <= 1 - WHITE_LEVEL for v in color)
    return all(v >= WHITE_LEVEL for v in color)


def _split_chars(chars: Sequence[Char], bbox: BBox) -> tuple[list[Char], list[Char]]:
    """Chars whose centre lies inside `bbox`, and the rest."""
    x0, top, x1, bottom = bbox
    inside: list[Char] = []
    outside: list[Char] = []
    for c in chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        (inside if x0 <= cx <= x1 and top <= cy <= bottom else outside).append(c)
    return inside, outside


def snap_axis(values: Sequence[float], tol: float = GRID_SNAP) -> list[float]:
    """Distinct coordinates, ascending: values within `tol` of their neighbour become their mean."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def _nearest(axis: Sequence[float], v: float) -> int:
    i = bisect_right(axis, v)
    if i == 0:
        return 0
    if i == len(axis) or v - axis[i - 1] <= axis[i] - v:
        return i - 1
    return i


def build_grid(cell_boxes: Sequence[BBox], chars: Sequence[Char], page: int) -> Grid | None:
    """The Grid of a table given its pdfplumber cell bboxes and the chars inside it.

    None when the boxes do not make at least one row and one column.
    """
    xs = snap_axis([v for b in cell_boxes for v in (b[0], b[2])])
    ys = snap_axis([v for b in cell_boxes for v in (b[1], b[3])])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:
        return None
    spans = _place_cells(cell_boxes, xs, ys)
    owner = [[-1] * n_cols for _ in range(n_rows)]
    for i, (r, c, rs, cs) in enumerate(spans):
        for rr in range(r, r + rs):
            owner[rr][c : c + cs] = [i] * cs
    for r in range(n_rows):
        for c in range(n_cols):
            if owner[r][c] < 0:
                owner[r][c] = len(spans)
                spans.append((r, c, 1, 1))
    texts = _cell_chars(chars, xs, ys, owner, len(spans))
    cells = [
        _make_cell(span, texts[i], xs, ys, page) for i, span in enumerate(spans)
    ]
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(n_rows=n_rows, n_cols=n_cols, cells=cells)


def _place_cells(
    boxes: Sequence[BBox], xs: Sequence[float], ys: Sequence[float]
) -> list[tuple[int, int, int, int]]:
    """(row, col, row_span, col_span) per box; degenerate boxes and overlaps are dropped."""
    taken: set[tuple[int, int]] = set()
    out = []
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _nearest(xs, b[0]), _nearest(xs, b[2])
        r0, r1 = _nearest(ys, b[1]), _nearest(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        area = {(r, c) for r in range(r0, r1) for c in range(c0, c1)}
        if area & taken:
            continue
        taken |= area
        out.append((r0, c0, r1 - r0, c1 - c0))
    return out


def _cell_chars(
    chars: Sequence[Char], xs: Sequence[float], ys: Sequence[float], owner: list[list[int]], n: int
) -> list[list[Char]]:
    """Chars per cell index, by the grid position their centre falls in."""
    out: list[list[Char]] = [[] for _ in range(n)]
    last_r, last_c = len(ys) - 2, len(xs) - 2
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        col = min(max(bisect_right(xs, cx) - 1, 0), last_c)
        row = min(max(bisect_right(ys, cy) - 1, 0), last_r)
        out[owner[row][col]].append(ch)
    return out


def _make_cell(
    span: tuple[int, int, int, int], chars: Sequence[Char], xs: Sequence[float], ys: Sequence[float], page: int
) -> Cell:
    r, c, rs, cs = span
    bbox = (xs[c], ys[r], xs[c + cs], ys[r + rs])
    prov = Provenance(origin="pdf", page=page, bbox=_round_bbox(bbox))
    return Cell(row=r, col=c, row_span=rs, col_span=cs, text=cell_text(chars, bbox), prov=prov)


def _round_bbox(b: Sequence[float]) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


def cell_text(chars: Sequence[Char], bbox: BBox) -> str:
    """A cell's text: its visual lines joined with no separator (CJK wraps like "本年收入合\\n计"
    become "本年收入合计"), except a space between two Latin words and a newline between two
    numeric lines when the upper one is a value of its own (it fills less than
    NUMERIC_WRAP_FILL of the cell width, so it is not a long number wrapped mid-way).
    """
    inner = max(bbox[2] - bbox[0] - 2 * CELL_PADDING, 1.0)
    out = ""
    prev: tuple[str, list[Char]] | None = None
    for line in cluster_lines(chars):
        text = join_chars(line, field_gaps=False)
        if not text:
            continue
        if prev is not None:
            out += _line_sep(prev[0], text, prev[1], inner)
        out += text
        prev = (text, line)
    return out


def _line_sep(upper_text: str, lower_text: str, upper: Sequence[Char], inner: float) -> str:
    """The separator between two lines of one cell (see cell_text)."""
    if _NUMERIC.match(upper_text) and _NUMERIC.match(lower_text):
        width = max(c["x1"] for c in upper) - min(c["x0"] for c in upper)
        return "\n" if width < NUMERIC_WRAP_FILL * inner else ""
    if _LATIN_END.search(upper_text) and _LATIN_START.match(lower_text):
        return " "
    return ""
