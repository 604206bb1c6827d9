"""Pages whose text is turned by a right angle (a landscape table printed on a portrait page).

When most glyphs on a page are rotated by the same 90°, 180° or 270°, the page is read in an
upright frame: chars and table boxes are mapped into it, lines and paragraphs are built there
as on any page, and every bbox is mapped back to page coordinates for provenance.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.pdf.text import Char

TURN_SHARE = 0.6  # share of a page's glyphs turned by one right angle that makes the page turned

BBox = tuple[float, float, float, float]


def glyph_turn(c: Char) -> int:
    """The right angle (0, 90, 180, 270; counter-clockwise) nearest a glyph's text direction."""
    matrix = c.get("matrix")
    if not matrix:
        return 0
    a, b = float(matrix[0]), float(matrix[1])
    if b == 0.0 and a > 0.0:  # upright, the common case
        return 0
    angle = math.degrees(math.atan2(b, a))
    return int(round(angle / 90.0)) % 4 * 90


@dataclass(frozen=True, slots=True)
class Frame:
    """The upright frame of a page whose text runs turned by `turn` degrees counter-clockwise.

    Coordinates are pdfplumber's (x from the left, top from the top); `width`/`height` are the
    page's, `size` the upright frame's.
    """

    turn: int
    width: float
    height: float

    @property
    def size(self) -> tuple[float, float]:
        return (self.height, self.width) if self.turn in (90, 270) else (self.width, self.height)

    def to_upright(self, b: BBox) -> BBox:
        x0, t0, x1, t1 = b
        w, h = self.width, self.height
        if self.turn == 90:  # reading upwards: next line lies to the right
            return (h - t1, x0, h - t0, x1)
        if self.turn == 270:  # reading downwards: next line lies to the left
            return (t0, w - x1, t1, w - x0)
        if self.turn == 180:
            return (w - x1, h - t1, w - x0, h - t0)
        return b

    def to_page(self, b: BBox) -> BBox:
        u0, v0, u1, v1 = b
        w, h = self.width, self.height
        if self.turn == 90:
            return (v0, h - u1, v1, h - u0)
        if self.turn == 270:
            return (w - v1, u0, w - v0, u1)
        if self.turn == 180:
            return (w - u1, h - v1, w - u0, h - v0)
        return b

    def char(self, c: Char) -> Char:
        """A copy of `c` with its box in the upright frame."""
        x0, top, x1, bottom = self.to_upright((c["x0"], c["top"], c["x1"], c["bottom"]))
        return {**c, "x0": x0, "top": top, "x1": x1, "bottom": bottom}


def page_frame(chars: Sequence[Char], width: float, height: float) -> Frame | None:
    """The upright frame of a page whose glyphs mostly share one non-zero turn, else None."""
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return None
    turn, count = Counter(glyph_turn(c) for c in visible).most_common(1)[0]
    if turn == 0 or count < TURN_SHARE * len(visible):
        return None
    return Frame(turn=turn, width=width, height=height)
