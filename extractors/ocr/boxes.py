"""Text boxes on a page image fitted to its tables before recognition.

Detection boxes that run across a rule (two neighbouring cells read as one line) are cut at the
rule (`cut_at_rules`); boxes are widened over ink the detector left out at their ends
(`grow_boxes`: the one thin stroke of a leading "一"); a cell holding ink but no box gets one
(`missed_cells`); and the rules are erased from the image the recogniser sees (`erase_rules`),
so a border is never read as a "1" or "|".  The rules are those of ocr_grid.within.
"""
from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from extractors.ocr.grid import RULE_COVER, ImageTable, PxBox, Rules, runs
from extractors.ocr.render import INK_LEVEL

MIN_PIECE_PT = 2.0  # a text box cut at a rule keeps pieces at least this wide
GROW_GAP = 0.35  # a text box takes in ink this close to its end (in box heights) …
GROW_MAX = 1.0  # … growing by at most this much (in box heights)
MISSED_MIN_PT = 4.0  # ink this tall …
MISSED_MIN_W_PT = 3.0  # … and this wide in a cell with no text box is text the detector missed


def erase_rules(gray: np.ndarray, rules: Rules) -> np.ndarray:
    """A copy of `gray` with the rules painted white (what the recogniser should see)."""
    mask = cv2.dilate(cv2.bitwise_or(rules.h_mask, rules.v_mask), np.ones((3, 3), np.uint8))
    out = gray.copy()
    out[mask > 0] = 255
    return out


def cut_at_rules(boxes: Sequence[PxBox], rules: Rules, scale: float) -> list[PxBox]:
    """Text boxes cut wherever a vertical rule runs through them (top to bottom of the box);
    pieces narrower than MIN_PIECE_PT are dropped."""
    out: list[PxBox] = []
    min_w = MIN_PIECE_PT * scale
    for x0, y0, x1, y1 in boxes:
        strip = rules.v_mask[y0:y1, x0:x1]
        if strip.size == 0:
            continue
        cover = np.count_nonzero(strip, axis=0) >= RULE_COVER * (y1 - y0)
        cuts = runs(cover)
        edges = [x0, *[x0 + v for a, b in cuts for v in (a, b)], x1]
        for a, b in zip(edges[0::2], edges[1::2], strict=True):
            if b - a >= min_w:
                out.append((a, y0, b, y1))
    return out


def grow_boxes(gray: np.ndarray, boxes: Sequence[PxBox], rules: Rules) -> list[PxBox]:
    """Text boxes widened over ink the detector left out at their ends (the thin stroke of a
    leading "一"): ink within GROW_GAP box heights of an end joins the box, up to GROW_MAX box
    heights, never across a rule or into another box of the same line."""
    out = []
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        h = y1 - y0
        if h <= 0:
            continue
        wall = np.asarray(rules.v_mask[y0:y1].any(axis=0))
        for j, (a, b, c, d) in enumerate(boxes):
            if j != k and min(y1, d) - max(y0, b) > h / 2:
                wall[a:c] = True
        ink = np.asarray((gray[y0:y1] < INK_LEVEL).any(axis=0))
        gap, most = max(int(GROW_GAP * h), 1), int(GROW_MAX * h)
        out.append((_grow(ink, wall, x0, -1, gap, most), y0, _grow(ink, wall, x1 - 1, 1, gap, most) + 1, y1))
    return out


def missed_cells(gray: np.ndarray, tables: Sequence[ImageTable], boxes: Sequence[PxBox], scale: float
                 ) -> list[PxBox]:
    """Boxes for the cells detection missed: a cell no text box is centred in, holding ink at
    least MISSED_MIN_PT tall and MISSED_MIN_W_PT wide (not a speck, a "—" or what is left of a
    rule), gets the box of that ink."""
    centres = [((a + c) / 2, (b + d) / 2) for a, b, c, d in boxes]
    m = max(int(scale), 1)  # the erased rule's margin
    out = []
    for t in tables:
        for x0, y0, x1, y1 in t.cells:
            if any(x0 <= cx <= x1 and y0 <= cy <= y1 for cx, cy in centres):
                continue
            ink = _ink_bbox(gray, (x0 + m, y0 + m, x1 - m, y1 - m))
            if ink and ink[3] - ink[1] >= MISSED_MIN_PT * scale and ink[2] - ink[0] >= MISSED_MIN_W_PT * scale:
                out.append((max(ink[0] - m, x0), max(ink[1] - m, y0), min(ink[2] + m, x1), min(ink[3] + m, y1)))
    return out


def _ink_bbox(gray: np.ndarray, box: PxBox) -> PxBox | None:
    """The bbox of the ink inside `box`, None when there is none."""
    x0, y0, x1, y1 = box
    ink = gray[y0:y1, x0:x1] < INK_LEVEL
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    return (x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1)


def _grow(ink: np.ndarray, wall: np.ndarray, edge: int, step: int, gap: int, most: int) -> int:
    """The outermost inked column reached from `edge` by `step` over blank runs of at most `gap`."""
    last, i = edge, edge + step
    while 0 <= i < len(ink) and abs(i - last) <= gap and abs(i - edge) <= most and not wall[i]:
        if ink[i]:
            last = i
        i += step
    return last
