"""Lines of an unruled table's page cut into cells' texts (pdf.unruled uses them).

Each visual line becomes a `TextRow` of `Segment`s (text_row): cut at gaps wider than
SEGMENT_GAP_EM, or wider than MIXED_GAP_EM between a CJK char and a number.  A segment knows
whether it is a value (a number or a dash) or an amount (decimals or grouped digits); `breaks`
tells where a table region ends (a wide gap, another font size, a caption, a 注 line), and
`row_groups` joins a body's text-only lines (wrapped labels) to the rows next to them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from extractors.pdf.text import Char, join_chars

SEGMENT_GAP_EM = 0.8  # a gap this wide (in font sizes) between two chars of a line splits two cells …
MIXED_GAP_EM = 0.25  # … and this wide between a CJK char and a number (no space char between them)
SIZE_TOL = 1.5  # pt: a line whose font size differs more from the body's is not part of the table
WRAP_GAP_EM = 0.6  # a header text this close under another over the same columns continues it

_VALUE = re.compile(r"^[-+(（]?\d[\d,，]*(?:\.\d+)?%?[)）]?$|^[-+]?\.\d+$|^[-—–－―/／]+$")
AMOUNT = re.compile(r"^[-+(（]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)\.\d+[)）]?$|^[-+(（]?\d{1,3}(?:[,，]\d{3})+[)）]?$")
_DASH = re.compile(r"^[-—–－―/／]+$")
_CAPTION = re.compile(r"单位\s*[:：]|[(（]\s*(?:万元|元)\s*[)）]\s*$")
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
        return bool(AMOUNT.match(self.text))


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


# ---------------------------------------------------------------- lines and segments

def text_row(chars: Sequence[Char]) -> TextRow | None:
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


def is_caption(row: TextRow) -> bool:
    """A table's unit line or title: never a row of a table."""
    return (bool(_CAPTION.search(row.text)) or bool(_TITLE.search(row.text))) and not row.has_value


def breaks(prev: TextRow, cur: TextRow, size: float, gap_em: float) -> bool:
    """Whether `cur` cannot continue a table region ending in `prev` (body font `size`)."""
    if cur.top - prev.bottom > gap_em * size or abs(cur.size - size) > SIZE_TOL:
        return True
    return is_caption(cur) or bool(_NOTE.match(cur.text))


# ---------------------------------------------------------------- rows of a body

def text_only(row: TextRow) -> bool:
    return not any(s.value for s in row.segments)


def wrap_gap(body: Sequence[TextRow]) -> float:
    """The vertical gap under which a text-only line belongs to the row next to it (a wrapped
    label): WRAP_GAP_EM of the font size, and less than half the usual gap between rows."""
    size = median(r.size for r in body)
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:], strict=False) if not text_only(a) and not text_only(b)]
    thr = WRAP_GAP_EM * size
    return min(thr, 0.5 * median(gaps)) if len(gaps) >= 2 else thr


def row_groups(body: Sequence[TextRow]) -> list[list[TextRow]]:
    """Body lines grouped into grid rows: a text-only line joins the row above or below it,
    whichever is closer, when closer than wrap_gap (a label wrapped in a taller row, printed
    around the row's values or under them); two lines with values never share a row."""
    thr = wrap_gap(body)
    n = len(body)
    way = [0] * n  # -1: joins the row above, +1: the row below
    for i, row in enumerate(body):
        if not text_only(row):
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
