"""An unruled table's columns and the cells its texts make in them (pdf.unruled uses them).

`body_columns` finds the columns of a body of `TextRow`s (pdf.unruled_rows) as x-extents;
`header_blocks` places the header texts over the columns they span (widening, adding and
spreading columns as the header asks) and `body_blocks` the segments of one grid row, both as
`Block`s: a cell's segments and its first and last column.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from extractors.pdf.tables import cell_text
from extractors.pdf.text import Char
from extractors.pdf.unruled_rows import WRAP_GAP_EM, Segment, TextRow

MIN_RIVER = 1.0  # pt: narrower empty space between two x-runs does not separate columns
RIVER_SHARE = 0.1  # a river may be crossed by this share of the body lines (spanning cells) …
RIVER_MIN_LINES = 4  # … and by one line when the body has at least this many
ALIGN_TOL = 2.0  # pt: values of one column share an edge or centre within this
HEADER_OWN = 0.5  # a header text covers the column whose cell holds its centre and those it covers this share of
EMPTY_COLUMN_GAP_EM = 2.0  # two header texts over one column this far apart: one is over an empty column
SPAN_CENTRE_TOL = 0.25  # share of the narrowest cell: spans centring a header text as well as this tie


@dataclass(slots=True)
class Block:
    """A cell to be: its segments (one line, or a header text and its wrapped continuation)."""

    segments: list[Segment]
    cols: tuple[int, int] = (0, 0)  # first and last column covered
    _text: str | None = None

    @property
    def text(self) -> str:
        """The cell's text (see tables.cell_text); one segment's is its own."""
        if self._text is None:
            self._text = self.segments[0].text if len(self.segments) == 1 else \
                cell_text(self.chars, (self.x0, self.top, self.x1, self.bottom))
        return self._text

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.segments)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.segments)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def chars(self) -> list[Char]:
        return [c for s in self.segments for c in s.chars]


# ---------------------------------------------------------------- columns

def _coverage_runs(intervals: Sequence[tuple[float, float]], allow: int) -> list[tuple[float, float]]:
    """Maximal x-runs covered by more than `allow` intervals, merged across rivers narrower
    than MIN_RIVER."""
    events: list[tuple[float, int]] = []
    for x0, x1 in intervals:
        events += [(x0, 1), (x1, -1)]
    events.sort(key=lambda e: (e[0], -e[1]))
    runs: list[list[float]] = []
    depth = 0
    start: float | None = None
    for x, d in events:
        depth += d
        if depth > allow and start is None:
            start = x
        elif depth <= allow and start is not None:
            if runs and start - runs[-1][1] < MIN_RIVER:
                runs[-1][1] = x
            else:
                runs.append([start, x])
            start = None
    return [(a, b) for a, b in runs if b > a]


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def body_columns(body: Sequence[TextRow]) -> list[tuple[float, float]]:
    """The body's columns as x-extents, left to right (see the pdf.unruled docstring)."""
    segs = [s for r in body for s in r.segments]
    allow = max(1 if len(body) >= RIVER_MIN_LINES else 0, int(RIVER_SHARE * len(body)))
    cols = _coverage_runs([(s.x0, s.x1) for s in segs], allow)
    for s in segs:  # a sparse column (fewer values than the allowance) is a column still
        if not any(_overlap(s.x0, s.x1, a, b) > 0 for a, b in cols):
            cols.append((s.x0, s.x1))
    cols = _merge_touching(sorted(cols))
    return _drop_shadow_columns(cols, segs)


def _merge_touching(cols: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in cols:
        if out and a - out[-1][1] < MIN_RIVER:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _drop_shadow_columns(cols: list[tuple[float, float]], segs: Sequence[Segment]) -> list[tuple[float, float]]:
    """Columns without a segment of their own (one that overlaps no other column) are merged
    into their left neighbour: a long label reaching past where the others end is no column."""
    while len(cols) > 1:
        own = [False] * len(cols)
        for s in segs:
            hit = [k for k, (a, b) in enumerate(cols) if _overlap(s.x0, s.x1, a, b) > 0]
            if len(hit) == 1:
                own[hit[0]] = True
        k = next((k for k, o in enumerate(own) if not o), None)
        if k is None:
            break
        j = k - 1 if k > 0 else k + 1
        lo, hi = min(j, k), max(j, k)
        cols[lo:hi + 1] = [(cols[lo][0], cols[hi][1])]
    return cols


def _kinds(cols: Sequence[tuple[float, float]], body: Sequence[TextRow]) -> list[str]:
    """Per column, how its body segments are aligned: "right", "left", "center" or "" (unknown)."""
    out = []
    for a, b in cols:
        segs = [s for r in body for s in r.segments if a <= (s.x0 + s.x1) / 2 <= b]
        kinds = []
        if len(segs) >= 2:
            for name, key in (("right", lambda s: s.x1), ("left", lambda s: s.x0),
                              ("center", lambda s: (s.x0 + s.x1) / 2)):
                xs = [key(s) for s in segs]
                if max(xs) - min(xs) <= ALIGN_TOL:
                    kinds.append(name)
        if len(kinds) > 1:  # texts of one width: values are set flush right, words flush left
            values = 2 * sum(1 for s in segs if s.value) >= len(segs)
            kinds = ["right" if values else "left"]
        out.append(kinds[0] if kinds else "")
    return out


def _cells(cols: Sequence[tuple[float, float]], kinds: Sequence[str]) -> list[tuple[float, float]]:
    """Each column's cell as printed: a river between two columns belongs to the right one when
    it is right-aligned, to the left one when that is left-aligned, and is halved when both
    hold or neither does.  The
    outer cells are as wide as the typical inner one on their open side."""
    cuts = []
    for k in range(len(cols) - 1):
        if kinds[k + 1] == "right" and kinds[k] != "left":
            cuts.append(cols[k][1] + MIN_RIVER / 2)
        elif kinds[k] == "left" and kinds[k + 1] != "right":
            cuts.append(cols[k + 1][0] - MIN_RIVER / 2)
        else:
            cuts.append((cols[k][1] + cols[k + 1][0]) / 2)
    inner = [b - a for a, b in zip(cuts, cuts[1:], strict=False)]
    width = median(inner) if inner else 0.0
    first = cols[0][1] - width if kinds[0] == "right" and width else cols[0][0] - MIN_RIVER
    last = cols[-1][0] + width if kinds[-1] == "left" and width else cols[-1][1] + MIN_RIVER
    bounds = [min(first, cols[0][0]), *cuts, max(last, cols[-1][1])]
    return list(zip(bounds, bounds[1:], strict=False))


def _core(x0: float, x1: float, cells: Sequence[tuple[float, float]]) -> tuple[int, int]:
    """The columns a header text surely covers: the cell holding its centre and every cell it
    covers half of."""
    mid = (x0 + x1) / 2
    hit = [k for k, (a, b) in enumerate(cells) if a <= mid <= b or _overlap(x0, x1, a, b) >= HEADER_OWN * (b - a)]
    if not hit:
        hit = [min(range(len(cells)), key=lambda k: abs((cells[k][0] + cells[k][1]) / 2 - mid))]
    return (min(hit), max(hit))


# ---------------------------------------------------------------- header blocks

def header_blocks(header: list[TextRow], body: Sequence[TextRow],
                   cols: list[tuple[float, float]]) -> list[list[Block]]:
    """Header rows of texts over the columns they span (see _add_empty_columns, _join_wraps,
    _stack and _spread)."""
    for row in reversed(header):  # texts over one column widen it
        for s in row.segments:
            hit = [k for k, (a, b) in enumerate(cols) if _overlap(s.x0, s.x1, a, b) > 0]
            if len(hit) == 1:
                a, b = cols[hit[0]]
                cols[hit[0]] = (min(a, s.x0), max(b, s.x1))
    cols[:] = _merge_touching(cols)
    kinds = _kinds(cols, body)
    _add_empty_columns(header, cols, kinds)
    cells = _cells(cols, kinds)
    lines = []
    for row in header:
        blocks: list[Block] = []
        for s in row.segments:
            lo, hi = _core(s.x0, s.x1, cells)
            if blocks and blocks[-1].cols[1] >= lo:
                blocks[-1].segments.append(s)
                blocks[-1].cols = (blocks[-1].cols[0], max(blocks[-1].cols[1], hi))
            else:
                blocks.append(Block(segments=[s], cols=(lo, hi)))
        lines.append(blocks)
    _join_wraps(lines, header)
    rows = _stack(lines)
    _spread(rows, cells)
    return rows


def _add_empty_columns(header: list[TextRow], cols: list[tuple[float, float]], kinds: list[str]) -> None:
    """A column empty in the body still has its header text: two texts of one header line, far
    apart, over the same column make the one further from the column's values a column of its
    own."""
    for row in reversed(header):
        cells = _cells(cols, kinds)
        claims: dict[int, list[Segment]] = {}
        for s in row.segments:
            lo, hi = _core(s.x0, s.x1, cells)
            if lo == hi:
                claims.setdefault(lo, []).append(s)
        for k, segs in claims.items():
            if len(segs) < 2:
                continue
            segs.sort(key=lambda s: s.x0)
            if any(b.x0 - a.x1 <= EMPTY_COLUMN_GAP_EM * _size(a) for a, b in zip(segs, segs[1:], strict=False)):
                continue
            a, b = cols[k]
            keep = min(segs, key=lambda s: max(0.0, a - s.x1, s.x0 - b))
            for s in segs:
                if s is not keep and not any(_overlap(s.x0, s.x1, c0, c1) > 0 for c0, c1 in cols):
                    cols.append((s.x0, s.x1))
                    kinds.insert(len(cols) - 1, "")
        order = sorted(range(len(cols)), key=lambda k: cols[k])
        cols[:] = [cols[k] for k in order]
        kinds[:] = [kinds[k] for k in order]


def _size(s: Segment) -> float:
    return max(c["size"] for c in s.chars)


def _stack(lines: list[list[Block]]) -> list[list[Block]]:
    """Header lines as grid rows: a line none of whose columns the row above it holds joins that
    row (a text centred between two rows prints on a line of its own); no row is empty."""
    rows: list[list[Block]] = []
    for blocks in lines:
        if not blocks:
            continue
        held = {k for b in rows[-1] for k in range(b.cols[0], b.cols[1] + 1)} if rows else None
        if held is not None and not held & {k for b in blocks for k in range(b.cols[0], b.cols[1] + 1)}:
            rows[-1] = sorted(rows[-1] + blocks, key=lambda b: b.cols)
        else:
            rows.append(list(blocks))
    return rows


def _spread(rows: list[list[Block]], cells: Sequence[tuple[float, float]]) -> None:
    """Widen each header text over the free columns beside it whose headers sit in the rows
    below, as far as keeps it centred over its span (a wide span's text reaches only its middle
    columns): bottom-up, never cutting a span of the row below."""
    below: list[Block] = []
    for r in range(len(rows) - 1, -1, -1):
        blocks = rows[r]
        under = {k for rr in rows[r + 1:] for b in rr for k in range(b.cols[0], b.cols[1] + 1)}
        for i, blk in enumerate(blocks):
            floor = blocks[i - 1].cols[1] + 1 if i else 0
            ceil = blocks[i + 1].cols[0] - 1 if i + 1 < len(blocks) else len(cells) - 1
            lo, hi = blk.cols
            while floor < lo and floor not in under:
                floor += 1
            while ceil > hi and ceil not in under:
                ceil -= 1
            mid = (blk.x0 + blk.x1) / 2
            tol = SPAN_CENTRE_TOL * min(b - a for a, b in cells)
            best: tuple[float, int, tuple[int, int]] | None = None
            for a in range(floor, lo + 1):
                for b in range(hi, ceil + 1):
                    if (a, b) != (lo, hi) and any(c0 < a <= c1 or c0 <= b < c1 for c0, c1 in (x.cols for x in below)):
                        continue  # would cut a span of the row below
                    err = abs((cells[a][0] + cells[b][1]) / 2 - mid)
                    score = (round(err / tol) if tol > 0 else err, -(b - a), (a, b))
                    if best is None or score[:2] < best[:2]:
                        best = score
            if best is not None:
                blk.cols = best[2]
        below = blocks


def _join_wraps(lines: list[list[Block]], header: list[TextRow]) -> None:
    """A header text right under another over the same columns, with nothing between them in
    those columns, is the same cell wrapped: it joins the one above."""
    for i in range(1, len(lines)):
        for blk in list(lines[i]):
            above = _block_above(lines, i, blk)
            if above is None or above.cols != blk.cols:
                continue
            if blk.top - above.bottom <= WRAP_GAP_EM * header[i].size:
                above.segments.extend(blk.segments)
                lines[i].remove(blk)


def _block_above(lines: list[list[Block]], i: int, blk: Block) -> Block | None:
    lo, hi = blk.cols
    for j in range(i - 1, -1, -1):
        for other in lines[j]:
            if other.cols[0] <= hi and other.cols[1] >= lo:
                return other
    return None


def _nearest_col(s: Segment, cols: Sequence[tuple[float, float]]) -> int:
    mid = (s.x0 + s.x1) / 2
    return min(range(len(cols)), key=lambda k: abs((cols[k][0] + cols[k][1]) / 2 - mid))


# ---------------------------------------------------------------- body blocks

def body_blocks(group: Sequence[TextRow], cols: Sequence[tuple[float, float]]) -> list[Block]:
    """The cells of one grid row: its segments by the columns they overlap; segments over the
    same column (a wrapped label's lines) are one cell."""
    placed = []
    for s in (s for row in group for s in row.segments):
        hit = [k for k, (a, b) in enumerate(cols) if _overlap(s.x0, s.x1, a, b) > 0] or [_nearest_col(s, cols)]
        placed.append(((hit[0], hit[-1]), s))
    blocks: list[Block] = []
    for (lo, hi), s in sorted(placed, key=lambda p: (p[0], p[1].top, p[1].x0)):
        if blocks and blocks[-1].cols[1] >= lo:
            blocks[-1].segments.append(s)
            blocks[-1].cols = (blocks[-1].cols[0], max(blocks[-1].cols[1], hi))
        else:
            blocks.append(Block(segments=[s], cols=(lo, hi)))
    return blocks
