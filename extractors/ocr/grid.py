"""Ruled tables on a page image: ruling lines, and cells with their merges, as `TableBox`es.

The 决算 tables are ruled, so their structure is read from the lines, not from the text:

1. ink is binarised; opening it with a long horizontal (vertical) kernel keeps only horizontal
   (vertical) rules; a rule segment counts only when both its ends meet a rule of the other
   direction, or it crosses two of them (a "——" in a cell or an underline does not);
2. each connected group of rules is a table; its grid lines are the distinct rule positions,
   and where the rules of a table open at its sides run on past the outermost grid line, the
   grid is closed where they end;
3. elementary cells between neighbouring grid lines are merged across every cell edge that no
   rule covers (RULE_COVER of its length), which gives the merged cells;
4. the cells become a `TableBox` in PDF points, so pdf.tables builds the very same `Grid` (row
   and column spans) as for a text-layer table, and places text boxes in cells by their centre.

`within` keeps the rules that are grid lines of the tables found: what ocr_boxes cuts text
boxes at and erases from the image the recogniser sees.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extractors.pdf.tables import TableBox

RULE_MIN_PT = 12.0  # a rule is at least this long (longer than a table glyph's stroke)
RULE_GAP_PT = 1.5  # gaps this short in a scanned rule are closed before opening
RULE_SNAP_PT = 2.5  # rule positions this close are one grid line
RULE_END_TOL_PT = 4.0  # a rule's end meets a perpendicular rule within this distance
RULE_COVER = 0.6  # share of a cell edge a rule must cover for the edge to count as drawn
RULE_LONG_PT = 20.0  # a grid line needs one rule at least this long (glyph strokes touching rules are shorter)
TABLE_MIN_W_PT = 50.0  # a table is at least this wide …
TABLE_MIN_H_PT = 25.0  # … and this tall (so the strokes of a large bold glyph never make one)

ADAPTIVE_BLOCK_PT = 12.0  # neighbourhood for the adaptive threshold
ADAPTIVE_C = 12  # gray levels below the neighbourhood mean that make ink
INK_CEILING = 200  # never ink when lighter than this (paper texture)

PxBox = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Segments:
    """Rule segments of one direction: connected components of a rule mask, and which count."""

    labels: np.ndarray  # int32 component label per pixel (0 = none)
    stats: np.ndarray  # per label: x, y, w, h, area
    keep: np.ndarray  # per label: whether the segment is a rule (label 0 never is)

    @property
    def mask(self) -> np.ndarray:
        """uint8 mask (255 = rule) of the kept segments."""
        return (self.keep.astype(np.uint8) * 255)[self.labels]

    def boxes(self) -> list[PxBox]:
        """(x0, y0, x1, y1) of the kept segments."""
        return [(int(x), int(y), int(x + w), int(y + h)) for i, (x, y, w, h, _) in enumerate(self.stats)
                if self.keep[i]]

    def only(self, keep: np.ndarray) -> Segments:
        return Segments(labels=self.labels, stats=self.stats, keep=keep)


@dataclass(frozen=True, slots=True)
class Rules:
    """Horizontal and vertical rules of a page image, with their masks."""

    h: Segments
    v: Segments
    h_mask: np.ndarray
    v_mask: np.ndarray

    @classmethod
    def of(cls, h: Segments, v: Segments) -> Rules:
        return cls(h=h, v=v, h_mask=h.mask, v_mask=v.mask)


@dataclass(frozen=True, slots=True)
class ImageTable:
    """A ruled table on the image: its bbox, grid line positions and (merged) cells, in pixels."""

    bbox: PxBox
    xs: list[int]
    ys: list[int]
    cells: list[PxBox]

    def to_points(self, scale: float) -> TableBox:
        def pt(b: PxBox) -> tuple[float, float, float, float]:
            return (b[0] / scale, b[1] / scale, b[2] / scale, b[3] / scale)

        return TableBox(bbox=pt(self.bbox), cells=[pt(c) for c in self.cells])


def binarise(gray: np.ndarray, scale: float) -> np.ndarray:
    """Ink mask (255 = ink) by an adaptive threshold, robust to uneven scan backgrounds."""
    block = int(ADAPTIVE_BLOCK_PT * scale) | 1
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, ADAPTIVE_C)
    ink[gray > INK_CEILING] = 0
    return ink


def find_rules(ink: np.ndarray, scale: float) -> Rules:
    """Rules: ink that survives opening with a RULE_MIN_PT line kernel, in segments both of
    whose ends meet a rule of the other direction."""
    length = max(int(RULE_MIN_PT * scale), 3)
    gap = max(int(RULE_GAP_PT * scale), 1)
    h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    v = cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    tol = max(int(RULE_END_TOL_PT * scale), 2)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * tol + 1, 2 * tol + 1))
    near_h, near_v = cv2.dilate(h, kernel), cv2.dilate(v, kernel)
    return Rules.of(_joined(h, near_v, horizontal=True), _joined(v, near_h, horizontal=False))


def _joined(mask: np.ndarray, near: np.ndarray, horizontal: bool) -> Segments:
    """The segments of `mask`, kept when both their ends lie in `near` (the other direction's
    rules) or when they meet it at least twice along their length (a table open at its sides)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        line = near[y + h // 2, x : x + w] if horizontal else near[y : y + h, x + w // 2]
        keep[i] = bool(line[0]) and bool(line[-1]) or len(runs(line > 0)) >= 2
    return Segments(labels=labels, stats=stats, keep=keep)


def find_tables(rules: Rules, scale: float) -> list[ImageTable]:
    """Ruled tables, top to bottom: each connected group of rules with a grid of at least one cell."""
    both = cv2.dilate(cv2.bitwise_or(rules.h_mask, rules.v_mask), np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        if w < TABLE_MIN_W_PT * scale or h < TABLE_MIN_H_PT * scale:
            continue
        table = _table(rules, (x, y, x + w, y + h), scale)
        if table is not None:
            out.append(table)
    return sorted(out, key=lambda t: (t.bbox[1], t.bbox[0]))


def _table(rules: Rules, region: PxBox, scale: float) -> ImageTable | None:
    h_boxes, v_boxes = _inside(rules.h.boxes(), region), _inside(rules.v.boxes(), region)
    ys = _positions(h_boxes, horizontal=True, scale=scale)
    xs = _positions(v_boxes, horizontal=False, scale=scale)
    if len(xs) < 2 or len(ys) < 2:
        return None
    xs = _open_sides(xs, [(a, c) for a, _, c, _ in h_boxes], scale)
    ys = _open_sides(ys, [(b, d) for _, b, _, d in v_boxes], scale)
    x0, y0, x1, y1 = region
    h, v = rules.h_mask[y0:y1, x0:x1], rules.v_mask[y0:y1, x0:x1]
    local_x, local_y = [x - x0 for x in xs], [y - y0 for y in ys]
    cells = _merged_cells(h, v, local_x, local_y, scale)
    return ImageTable(bbox=(xs[0], ys[0], xs[-1], ys[-1]), xs=xs, ys=ys,
                      cells=[(x0 + a, y0 + b, x0 + c, y0 + d) for a, b, c, d in cells])


def _inside(boxes: list[PxBox], region: PxBox) -> list[PxBox]:
    x0, y0, x1, y1 = region
    return [b for b in boxes if b[0] >= x0 and b[1] >= y0 and b[2] <= x1 and b[3] <= y1]


def _open_sides(lines: list[int], spans: list[tuple[int, int]], scale: float) -> list[int]:
    """Grid lines with a table's open sides closed: rules of the other direction that run on
    past the first (last) grid line by more than RULE_LONG_PT end where its border would be."""
    long = [(a, b) for a, b in spans if b - a >= RULE_LONG_PT * scale]
    if not long:
        return lines
    first, last = min(a for a, _ in long), max(b for _, b in long)
    out = list(lines)
    if lines[0] - first > RULE_LONG_PT * scale:
        out.insert(0, first)
    if last - lines[-1] > RULE_LONG_PT * scale:
        out.append(last)
    return out


def _positions(segments: list[PxBox], horizontal: bool, scale: float) -> list[int]:
    """Grid line positions across one axis: the middles of rule segments at least RULE_LONG_PT
    long, positions within RULE_SNAP_PT of each other joined (their mean)."""
    mids = [(b + d) / 2 if horizontal else (a + c) / 2 for a, b, c, d in segments
            if (c - a if horizontal else d - b) >= RULE_LONG_PT * scale]
    groups: list[list[float]] = []
    for p in sorted(mids):
        if groups and p - groups[-1][-1] <= RULE_SNAP_PT * scale:
            groups[-1].append(p)
        else:
            groups.append([p])
    return [int(round(sum(g) / len(g))) for g in groups]


def _merged_cells(h: np.ndarray, v: np.ndarray, xs: Sequence[int], ys: Sequence[int], scale: float) -> list[PxBox]:
    """Cells of the grid `xs` x `ys`: elementary cells joined across every undrawn edge."""
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    band = max(int(scale), 1)
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _drawn(v, xs[c + 1], ys[r], ys[r + 1], band, vertical=True):
                parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows and not _drawn(h, ys[r + 1], xs[c], xs[c + 1], band, vertical=False):
                parent[find((r + 1) * cols + c)] = find(r * cols + c)
    groups: dict[int, list[int]] = {}
    for i in range(rows * cols):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        rr = [i // cols for i in members]
        cc = [i % cols for i in members]
        out.append((xs[min(cc)], ys[min(rr)], xs[max(cc) + 1], ys[max(rr) + 1]))
    return out


def _drawn(mask: np.ndarray, at: int, lo: int, hi: int, band: int, vertical: bool) -> bool:
    """Whether a rule covers RULE_COVER of the edge at `at` from `lo` to `hi` (within ±band)."""
    margin = max((hi - lo) // 6, 1)
    lo, hi = lo + margin, hi - margin
    if hi <= lo:
        return True
    strip = mask[lo:hi, max(at - band - 1, 0) : at + band + 2] if vertical else mask[
        max(at - band - 1, 0) : at + band + 2, lo:hi]
    covered = np.count_nonzero(strip.any(axis=1 if vertical else 0))
    return bool(covered >= RULE_COVER * (hi - lo))


def within(rules: Rules, tables: Sequence[ImageTable], scale: float) -> Rules:
    """The rules that are grid lines of `tables`: segments inside a table lying on one of its
    grid line positions (glyph strokes touching the ruling are not)."""
    tol = RULE_SNAP_PT * scale
    return Rules.of(_on_grid(rules.h, tables, tol, horizontal=True), _on_grid(rules.v, tables, tol, horizontal=False))


def _on_grid(segments: Segments, tables: Sequence[ImageTable], tol: float, horizontal: bool) -> Segments:
    keep = np.zeros_like(segments.keep)
    for i, (x, y, w, h, _) in enumerate(segments.stats):
        if not segments.keep[i]:
            continue
        cx, cy = x + w / 2, y + h / 2
        for t in tables:
            x0, y0, x1, y1 = t.bbox
            at, lines = (cy, t.ys) if horizontal else (cx, t.xs)
            inside = x0 - tol <= cx <= x1 + tol and y0 - tol <= cy <= y1 + tol
            if inside and any(abs(at - p) <= tol for p in lines):
                keep[i] = True
                break
    return segments.only(keep)


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D bool array."""
    padded = np.concatenate([[False], flags, [False]])
    diff = np.diff(padded.astype(np.int8))
    return list(zip(np.nonzero(diff == 1)[0].tolist(), np.nonzero(diff == -1)[0].tolist(), strict=True))
