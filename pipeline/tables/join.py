"""Joining a table's continuation blocks (next page, no title of its own) into one grid.

A continuation's grid is appended below the table's: a header it repeats is dropped, leading
empty rows and a 续 caption row too, and a ruled but empty overflow block adds nothing.  When
the continuation has a different number of columns, its columns are mapped onto the table's by
their x position (cell bboxes); without positions, or when they do not line up, it is not a
continuation.
"""
from __future__ import annotations

from pipeline.model import Cell, Grid
from pipeline.tables.layout import find_header
from pipeline.tables.text import key
from pipeline.tables.titles import is_continued_marker
from pipeline.values import is_blank, parse_amount


def is_empty(grid: Grid) -> bool:
    return not any(key(c.text) for c in grid.cells)


REPEAT_WINDOW = 8  # a continuation may repeat up to this many of the table's top rows


def rows_to_drop(base: Grid, cont: Grid) -> int | None:
    """How many top rows of `cont` to drop (empty rows, a header it repeats), or None when
    `cont` starts with a header of its own: a different table."""
    matrix = cont.text_matrix()
    top = {tuple(key(t) for t in row) for row in base.text_matrix()[:REPEAT_WINDOW]}
    n = 0
    while n < len(matrix) and (not any(key(t) for t in matrix[n]) or tuple(key(t) for t in matrix[n]) in top
                               or _continued_caption(matrix[n])):
        n += 1
    start, end = find_header(matrix[n:])
    if end > start == 0:
        return None
    return n


def _continued_caption(row: list[str]) -> bool:
    """A row printed as one text that marks the grid a continuation: 续表, ……决算表（续）."""
    texts = {key(t) for t in row if key(t)}
    return len(texts) == 1 and is_continued_marker(texts.pop())


def column_map(base: Grid, cont: Grid) -> dict[int, tuple[int, int]] | None:
    """cont column → the (first, last) base columns it covers: by identity when the widths
    agree, else by x position (a lost rule makes one cont column cover two of the base's)."""
    if base.n_cols == cont.n_cols:
        return {c: (c, c) for c in range(cont.n_cols)}
    base_x = _column_spans(base)
    cont_x = _column_spans(cont)
    if base_x is None or cont_x is None:
        return None
    out: dict[int, tuple[int, int]] = {}
    for c, (x0, x1) in sorted(cont_x.items()):
        inside = [b for b, (b0, b1) in base_x.items() if b0 >= x0 - X_TOL and b1 <= x1 + X_TOL]
        mid = (x0 + x1) / 2
        hits = inside or [b for b, (b0, b1) in base_x.items() if b0 <= mid <= b1]
        if not hits:
            return None
        out[c] = (min(hits), max(hits))
    firsts = [out[c][0] for c in sorted(out)]
    return out if firsts == sorted(firsts) else None


X_TOL = 2.0  # pt: column edges closer than this are the same rule


def _column_spans(grid: Grid) -> dict[int, tuple[float, float]] | None:
    spans: dict[int, tuple[float, float]] = {}
    for cell in grid.cells:
        if cell.col_span == 1 and cell.prov is not None and cell.prov.bbox is not None:
            spans.setdefault(cell.col, (cell.prov.bbox[0], cell.prov.bbox[2]))
    return spans if len(spans) == grid.n_cols else None


def fits(base: Grid, cont: Grid, drop: int, amount_cols: list[int], cmap: dict[int, tuple[int, int]]) -> bool:
    """Whether the first rows of `cont` read as more rows of `base`: numbers (or blanks,
    dashes) where `base` has its amount columns.  One stray word among FIT_ROWS rows of
    numbers (an OCR misreading: "60.9.9", a speck read as a glyph) does not make a header;
    two do."""
    matrix = cont.text_matrix()[drop:]
    rows = [row for row in matrix if any(key(t) for t in row)][:FIT_ROWS]
    numbers = words = 0
    for row in rows:
        for c, text in enumerate(row):
            first, last = cmap[c]
            if any(b in amount_cols for b in range(first, last + 1)) and not is_blank(text):
                if parse_amount(text) is None:
                    words += 1
                else:
                    numbers += 1
    return words == 0 or (words <= MAX_STRAY_WORDS and numbers >= FIT_ROWS * words)


FIT_ROWS = 3
MAX_STRAY_WORDS = 1


def append(base: Grid, cont: Grid, drop: int, cmap: dict[int, tuple[int, int]]) -> Grid:
    """`cont` below `base`, without its first `drop` rows, columns mapped by `cmap`."""
    cells = list(base.cells)
    offset = base.n_rows - drop
    for cell in cont.cells:
        if cell.row < drop:
            continue
        first, last = cmap[cell.col][0], cmap[cell.col + cell.col_span - 1][1]
        cells.append(Cell(row=cell.row + offset, col=first, row_span=cell.row_span,
                          col_span=last - first + 1, text=cell.text, prov=cell.prov))
    return Grid(n_rows=base.n_rows + cont.n_rows - drop, n_cols=base.n_cols, cells=cells)
