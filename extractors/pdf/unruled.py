"""Tables without vertical ruling (no rules at all, three-line tables, rules under rows) read
from word alignment.

The fallback for pages where the lattice finder (pdf.tables) found no table of two columns or
more.  It works on the page's chars only, in three modules: pdf.unruled_rows cuts lines into
segments and groups body lines into rows, pdf.unruled_columns finds the columns and the cells
the header and body texts make in them, and this one finds the candidate tables (body and
header lines), applies the gate and builds the grid:

* each visual line is cut into *segments* (a cell's text) at gaps wider than SEGMENT_GAP_EM, or
  wider than MIXED_GAP_EM between a CJK char and a number (unruled_rows.text_row);
* a *table line* has at least two segments, one of them a value (a number or a dash);
* consecutive table lines (with the text-only lines between them, such as rows without amounts)
  make a body; a line of another font size, a 单位 caption, a table title (…决算表), a 注 line
  or a wide vertical gap ends it; a text-only line closer to a row than rows are to each other
  is a wrapped label of that row (unruled_rows.row_groups);
* columns are the x-runs the body's segments cover, separated by *rivers* of empty space a few
  spanning cells may cross (RIVER_SHARE); a column every segment of which also covers another
  column is no column of its own (unruled_columns.body_columns);
* header lines are the value-free lines just above the body (up to MAX_HEADER_LINES); a header
  text belongs to the column whose cell holds its centre, spreads over the free columns beside
  it that keep it centred over its span, joins the text above it when it is that text wrapped,
  and makes a column of its own over a column empty in the body (unruled_columns.header_blocks);
* the gate: at least MIN_AMOUNTS amounts (decimals or grouped digits), two columns, the amounts
  of every column aligned on their right edge, left edge or centre (ALIGN_TOL), and at least
  one column whose alignment is shown by two amounts or by a header text over it.  A 目录
  page, a page of prose or a page whose numbers do not line up yields no table.

The result is the same `Grid` the ruled path builds: header rows, then one row per body row,
cells with column spans, provenance bboxes from the column extents and the rows' bands.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.pdf.layout import is_toc_title
from extractors.pdf.tables import PageTable
from extractors.pdf.text import Char, cluster_lines
from extractors.pdf.unruled_columns import ALIGN_TOL, Block, body_blocks, body_columns, header_blocks
from extractors.pdf.unruled_rows import (
    AMOUNT,
    SIZE_TOL,
    TextRow,
    breaks,
    is_caption,
    row_groups,
    text_only,
    text_row,
    wrap_gap,
)
from pipeline.model import Cell, Grid, Provenance

BREAK_GAP_EM = 2.5  # a vertical gap this wide (in font sizes) between two lines ends a table body
HEADER_GAP_EM = 2.5  # … and between two header lines (or the header and the body) ends the header
MAX_HEADER_LINES = 6  # visual header lines (a vertically centred spanning text adds one)
MIN_AMOUNTS = 3  # a table has at least this many amounts

_SENTENCE_END = re.compile(r"[。：:；;]$")


@dataclass(slots=True)
class Candidate:
    """A table found on a page before it is built: header rows above body rows."""

    header: list[TextRow]
    body: list[TextRow]
    columns: list[tuple[float, float]] = field(default_factory=list)


def unruled_tables(chars: Sequence[Char], page: int) -> tuple[list[PageTable], list[Char]]:
    """Tables read from word alignment among `chars` (a page with no ruled table), top to
    bottom, and the chars left over for the page text.  [] and all chars when none passes the
    gate."""
    rows = [r for r in (text_row(cl) for cl in cluster_lines(chars)) if r is not None]
    if any(is_toc_title(r.text) for r in rows):
        return [], list(chars)
    tables: list[PageTable] = []
    used: set[int] = set()
    for cand in _candidates(rows):
        grid = _build(cand, page)
        if grid is None:
            continue
        bbox = (min(c[0] for c in cand.columns), min(r.top for r in cand.header + cand.body),
                max(c[1] for c in cand.columns), max(r.bottom for r in cand.body))
        tables.append(PageTable(bbox=_round(bbox), grid=grid, page=page))
        used |= {id(c) for r in cand.header + cand.body for s in r.segments for c in s.chars}
    if not tables:
        return [], list(chars)
    return tables, [c for c in chars if id(c) not in used and not (c["text"].isspace() and _inside(c, tables))]


def _inside(c: Char, tables: Sequence[PageTable]) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return any(t.bbox[0] <= cx <= t.bbox[2] and t.bbox[1] <= cy <= t.bbox[3] for t in tables)


def _round(b: Sequence[float]) -> tuple[float, float, float, float]:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


# ---------------------------------------------------------------- regions

def _candidates(rows: list[TextRow]) -> list[Candidate]:
    """Bodies (runs of table lines and the lines between them) with the header lines above."""
    out: list[Candidate] = []
    taken = 0  # rows before this index belong to an earlier table
    i = 0
    while i < len(rows):
        if not rows[i].is_table_line:
            i += 1
            continue
        size = rows[i].size
        j = last = i
        while j + 1 < len(rows) and not breaks(rows[j], rows[j + 1], size, BREAK_GAP_EM):
            j += 1
            if rows[j].is_table_line:
                last = j
        thr = wrap_gap(rows[i:last + 1])
        while i > taken and text_only(rows[i - 1]) and rows[i].top - rows[i - 1].bottom < thr:
            i -= 1  # the first line of a label wrapped around its row's values
        while last + 1 < len(rows) and text_only(rows[last + 1]) and rows[last + 1].top - rows[last].bottom < thr \
                and not breaks(rows[last], rows[last + 1], size, BREAK_GAP_EM):
            last += 1  # the last line of a label wrapped under its row's values
        header = _header(rows, taken, i, size)
        out.append(Candidate(header=header, body=rows[i:last + 1]))
        taken = i = last + 1
    return out


def _header(rows: list[TextRow], floor: int, start: int, size: float) -> list[TextRow]:
    """The header lines above body row `start`: value-free lines of the body's font size, close
    together, no caption, no sentence; at most MAX_HEADER_LINES, not above row `floor`."""
    out: list[TextRow] = []
    below = rows[start]
    k = start - 1
    while k >= floor and len(out) < MAX_HEADER_LINES:
        row = rows[k]
        if breaks(row, below, size, HEADER_GAP_EM) or abs(row.size - size) > SIZE_TOL or is_caption(row):
            break
        if row.has_value or (len(row.segments) == 1 and _SENTENCE_END.search(row.text)):
            break
        out.insert(0, row)
        below = row
        k -= 1
    return out


# ---------------------------------------------------------------- the gate

def _aligned(values: Sequence[Block]) -> bool:
    """Whether one column's values share their right edge, left edge or centre."""
    for key in (lambda b: b.x1, lambda b: b.x0, lambda b: (b.x0 + b.x1) / 2):
        xs = [key(b) for b in values]
        if max(xs) - min(xs) <= ALIGN_TOL:
            return True
    return False


def _passes(body: list[list[Block]], header: list[list[Block]], n_cols: int) -> bool:
    """The gate (see the module docstring)."""
    if n_cols < 2:
        return False
    amounts = sum(1 for line in body for b in line if b.cols[0] == b.cols[1] and AMOUNT.match(b.text))
    if amounts < MIN_AMOUNTS:
        return False
    shown = False
    headed = {k for line in header for b in line for k in range(b.cols[0], b.cols[1] + 1)}
    for k in range(n_cols):
        values = [b for line in body for b in line if b.cols == (k, k) and AMOUNT.match(b.text)]
        if len(values) >= 2 and not _aligned(values):
            return False
        shown = shown or len(values) >= 2 or (len(values) == 1 and k in headed)
    return shown


# ---------------------------------------------------------------- the grid

def _build(cand: Candidate, page: int) -> Grid | None:
    cols = body_columns(cand.body)
    header = header_blocks(cand.header, cand.body, cols)
    body = [body_blocks(g, cols) for g in row_groups(cand.body)]
    if not _passes(body, header, len(cols)):
        return None
    cand.columns = cols
    cells = []
    for r, blocks in enumerate([*header, *body]):
        top, bottom = min(b.top for b in blocks), max(b.bottom for b in blocks)
        taken: set[int] = set()
        for blk in blocks:
            c0, c1 = blk.cols
            if taken & set(range(c0, c1 + 1)):
                return None
            taken |= set(range(c0, c1 + 1))
            bbox = (cols[c0][0], min(top, blk.top), cols[c1][1], max(bottom, blk.bottom))
            cells.append(Cell(row=r, col=c0, col_span=c1 - c0 + 1, text=blk.text,
                              prov=Provenance(origin="pdf", page=page, bbox=_round(bbox))))
        for k in range(len(cols)):
            if k not in taken:
                bbox = (cols[k][0], top, cols[k][1], bottom)
                cells.append(Cell(row=r, col=k, prov=Provenance(origin="pdf", page=page, bbox=_round(bbox))))
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(n_rows=len(header) + len(body), n_cols=len(cols), cells=cells)
