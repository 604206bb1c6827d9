"""Tables without vertical ruling (no rules at all, three-line tables, rules under rows) read
from word alignment.

The fallback for pages where the lattice finder (pdf.tables) found no table of two columns or
more.  It works on the page's chars only:

* each visual line is cut into *segments* (a cell's text) at gaps wider than SEGMENT_GAP_EM, or
  wider than MIXED_GAP_EM between a CJK char and a number;
* a *table line* has at least two segments, one of them a value (a number or a dash);
* consecutive table lines (with the text-only lines between them, such as rows without amounts)
  make a body; a line of another font size, a 单位 caption, a table title (…决算表), a 注 line
  or a wide vertical gap ends it; a text-only line closer to a row than rows are to each other
  is a wrapped label of that row (row_groups);
* columns are the x-runs the body's segments cover, separated by *rivers* of empty space a few
  spanning cells may cross (RIVER_SHARE); a column every segment of which also covers another
  column is no column of its own;
* header lines are the value-free lines just above the body (up to MAX_HEADER_LINES); a header
  text belongs to the column whose cell holds its centre, spreads over the free columns beside
  it that keep it centred over its span (_spread), joins the text above it when it is that
  text wrapped, and makes a column of its own over a column empty in the body;
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
from statistics import median

from extractors.pdf.layout import is_toc_title
from extractors.pdf.tables import PageTable, cell_text
from extractors.pdf.text import Char, cluster_lines, join_chars
from pipeline.model import Cell, Grid, Provenance

SEGMENT_GAP_EM = 0.8  # a gap this wide (in font sizes) between two chars of a line splits two cells …
MIXED_GAP_EM = 0.25  # … and this wide between a CJK char and a number (no space char between them)
BREAK_GAP_EM = 2.5  # a vertical gap this wide (in font sizes) between two lines ends a table body
HEADER_GAP_EM = 2.5  # … and between two header lines (or the header and the body) ends the header
SIZE_TOL = 1.5  # pt: a line whose font size differs more from the body's is not part of the table
MAX_HEADER_LINES = 6  # visual header lines (a vertically centred spanning text adds one)
WRAP_GAP_EM = 0.6  # a header text this close under another over the same columns continues it
MIN_RIVER = 1.0  # pt: narrower empty space between two x-runs does not separate columns
RIVER_SHARE = 0.1  # a river may be crossed by this share of the body lines (spanning cells) …
RIVER_MIN_LINES = 4  # … and by one line when the body has at least this many
ALIGN_TOL = 2.0  # pt: values of one column share an edge or centre within this
MIN_AMOUNTS = 3  # a table has at least this many amounts
HEADER_OWN = 0.5  # a header text covers the column whose cell holds its centre and those it covers this share of
EMPTY_COLUMN_GAP_EM = 2.0  # two header texts over one column this far apart: one is over an empty column
SPAN_CENTRE_TOL = 0.25  # share of the narrowest cell: spans centring a header text as well as this tie

_VALUE = re.compile(r"^[-+(（]?\d[\d,，]*(?:\.\d+)?%?[)）]?$|^[-+]?\.\d+$|^[-—–－―/／]+$")
_AMOUNT = re.compile(r"^[-+(（]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)\.\d+[)）]?$|^[-+(（]?\d{1,3}(?:[,，]\d{3})+[)）]?$")
_DASH = re.compile(r"^[-—–－―/／]+$")
_CAPTION = re.compile(r"单位\s*[:：]|[(（]\s*(?:万元|元)\s*[)）]\s*$")
_SENTENCE_END = re.compile(r"[。：:；;]$")
_NOTE = re.compile(r"^(?:注|说明|备注)\s*\d*\s*[:：.、]")
_NUMBER_START = re.compile(r"[\d(（+\-]")
_NUMBER_END = re.compile(r"[\d)）%]")
_TITLE = re.compile(r"^.{2,40}(?:决算|预算|情况|明细|汇总|总)表(?:[(（].{0,10}[)）])?$")


@dataclass(slots=True)
class Segment:
    """The text of one cell on one visual line: x-sorted chars with no wide gap between them."""

    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def value(self) -> bool:
        return bool(_VALUE.match(self.text))

    @property
    def amount(self) -> bool:
        return bool(_AMOUNT.match(self.text))


@dataclass(slots=True)
class TextRow:
    """One visual line cut into segments."""

    segments: list[Segment]
    top: float
    bottom: float
    size: float

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def is_table_line(self) -> bool:
        return len(self.segments) >= 2 and any(s.value for s in self.segments)

    @property
    def has_value(self) -> bool:
        return any(s.value and not _DASH.match(s.text) for s in self.segments)


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
    rows = [r for r in (_text_row(cl) for cl in cluster_lines(chars)) if r is not None]
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


# ---------------------------------------------------------------- lines and segments

def _text_row(chars: Sequence[Char]) -> TextRow | None:
    """One line's chars (x-sorted) cut into segments: at a gap over SEGMENT_GAP_EM, or over
    MIXED_GAP_EM with no space char in it between a CJK char and a number (a label set close
    to the amount of the next column)."""
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return None
    segments: list[list[Char]] = []
    prev: Char | None = None
    spaced = False
    for cur in chars:
        if cur["text"].isspace():
            spaced = True
            continue
        if prev is None or _cuts(prev, cur, spaced):
            segments.append([cur])
        else:
            segments[-1].append(cur)
        prev, spaced = cur, False
    segs = [Segment(chars=s, text=join_chars(s, field_gaps=False), x0=min(c["x0"] for c in s),
                    x1=max(c["x1"] for c in s), top=min(c["top"] for c in s), bottom=max(c["bottom"] for c in s))
            for s in segments]
    return TextRow(segments=segs, top=min(s.top for s in segs), bottom=max(s.bottom for s in segs),
                   size=median(c["size"] for c in visible))


def _cuts(prev: Char, cur: Char, spaced: bool) -> bool:
    gap = cur["x0"] - prev["x1"]
    size = max(prev["size"], cur["size"], 1.0)
    if gap > SEGMENT_GAP_EM * size:
        return True
    if spaced or gap <= MIXED_GAP_EM * size:
        return False
    a, b = prev["text"][-1], cur["text"][0]
    return (_is_cjk(a) and _NUMBER_START.match(b) is not None) or (_NUMBER_END.match(a) is not None and _is_cjk(b))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_caption(row: TextRow) -> bool:
    """A table's unit line or title: never a row of a table."""
    return (bool(_CAPTION.search(row.text)) or bool(_TITLE.search(row.text))) and not row.has_value


def _breaks(prev: TextRow, cur: TextRow, size: float, gap_em: float) -> bool:
    """Whether `cur` cannot continue a table region ending in `prev` (body font `size`)."""
    if cur.top - prev.bottom > gap_em * size or abs(cur.size - size) > SIZE_TOL:
        return True
    return _is_caption(cur) or bool(_NOTE.match(cur.text))


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
        while j + 1 < len(rows) and not _breaks(rows[j], rows[j + 1], size, BREAK_GAP_EM):
            j += 1
            if rows[j].is_table_line:
                last = j
        thr = _wrap_gap(rows[i:last + 1])
        while i > taken and _text_only(rows[i - 1]) and rows[i].top - rows[i - 1].bottom < thr:
            i -= 1  # the first line of a label wrapped around its row's values
        while last + 1 < len(rows) and _text_only(rows[last + 1]) and rows[last + 1].top - rows[last].bottom < thr \
                and not _breaks(rows[last], rows[last + 1], size, BREAK_GAP_EM):
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
        if _breaks(row, below, size, HEADER_GAP_EM) or abs(row.size - size) > SIZE_TOL or _is_caption(row):
            break
        if row.has_value or (len(row.segments) == 1 and _SENTENCE_END.search(row.text)):
            break
        out.insert(0, row)
        below = row
        k -= 1
    return out


def _text_only(row: TextRow) -> bool:
    return not any(s.value for s in row.segments)


def _wrap_gap(body: Sequence[TextRow]) -> float:
    """The vertical gap under which a text-only line belongs to the row next to it (a wrapped
    label): WRAP_GAP_EM of the font size, and less than half the usual gap between rows."""
    size = median(r.size for r in body)
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:], strict=False) if not _text_only(a) and not _text_only(b)]
    thr = WRAP_GAP_EM * size
    return min(thr, 0.5 * median(gaps)) if len(gaps) >= 2 else thr


def row_groups(body: Sequence[TextRow]) -> list[list[TextRow]]:
    """Body lines grouped into grid rows: a text-only line joins the row above or below it,
    whichever is closer, when closer than _wrap_gap (a label wrapped in a taller row, printed
    around the row's values or under them); two lines with values never share a row."""
    thr = _wrap_gap(body)
    n = len(body)
    way = [0] * n  # -1: joins the row above, +1: the row below
    for i, row in enumerate(body):
        if not _text_only(row):
            continue
        up = row.top - body[i - 1].bottom if i else float("inf")
        down = body[i + 1].top - row.bottom if i + 1 < n else float("inf")
        if min(up, down) < thr:
            way[i] = -1 if up <= down else 1
    groups: list[list[TextRow]] = []
    for i, row in enumerate(body):
        if groups and (way[i] == -1 or way[i - 1] == 1):
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


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
    """The body's columns as x-extents, left to right (see the module docstring)."""
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

def _header_blocks(header: list[TextRow], body: Sequence[TextRow],
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


# ---------------------------------------------------------------- body blocks and the gate

def _body_blocks(group: Sequence[TextRow], cols: Sequence[tuple[float, float]]) -> list[Block]:
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
    amounts = sum(1 for line in body for b in line if b.cols[0] == b.cols[1] and _AMOUNT.match(b.text))
    if amounts < MIN_AMOUNTS:
        return False
    shown = False
    headed = {k for line in header for b in line for k in range(b.cols[0], b.cols[1] + 1)}
    for k in range(n_cols):
        values = [b for line in body for b in line if b.cols == (k, k) and _AMOUNT.match(b.text)]
        if len(values) >= 2 and not _aligned(values):
            return False
        shown = shown or len(values) >= 2 or (len(values) == 1 and k in headed)
    return shown


# ---------------------------------------------------------------- the grid

def _build(cand: Candidate, page: int) -> Grid | None:
    cols = body_columns(cand.body)
    header = _header_blocks(cand.header, cand.body, cols)
    body = [_body_blocks(g, cols) for g in row_groups(cand.body)]
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
