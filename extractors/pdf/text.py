"""Characters to text lines for text-layer PDFs: cleaning, de-duplication and line building.

The chars are pdfplumber char dicts (keys text, x0, x1, top, bottom, size, upright).  Lines are
built by vertical-overlap clustering, not by equal `top`: Word/WPS/OnlyOffice often set digits in
a Latin font whose baseline sits a few points off the CJK text around them, so a line like
"总计2995.39万元" has two different `top` values.  Each char joins the line its band overlaps
most; a line's band is that of its first (largest) run, so offset runs never chain two lines.
"""
from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

Char = dict[str, Any]

DEDUPE_TOLERANCE = 1.0  # pt: a same-text glyph this close to another is a fake-bold double strike
LINE_OVERLAP_MIN = 0.5  # share of the smaller band two runs must overlap to be one line
RUN_TOP_PRECISION = 1  # decimals of `top`/`bottom` that key a run of chars set together
WORD_GAP_EM = 0.2  # a gap this wide (in font sizes) between two Latin words is a space
FIELD_GAP_EM = 3.0  # a gap this wide on one line separates two fields ("编制部门：… 单位：元")
SKEW_TOLERANCE = 0.05  # |sin| of a glyph's rotation below this counts as axis-aligned
GARBLED_SHARE = 0.3  # share of unmapped glyphs above which a page's text layer is garbled
REPLACEMENT = "\ufffd"  # stands for a glyph with no Unicode mapping, so numbers never lose digits

_CID = re.compile(r"^\(cid:\d+\)$")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_LATIN_CLOSER = frozenset(".,:;!?)%")


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line: its text and geometry (band = the anchor run's vertical extent)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    band_top: float
    band_bottom: float
    size: float

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def is_unmapped(text: str) -> bool:
    """True for a glyph pdfminer could not map to Unicode: "(cid:NN)" or a private-use point."""
    if len(text) == 1:
        return 0xE000 <= ord(text) <= 0xF8FF
    return _CID.match(text) is not None


def garbled_share(chars: Sequence[Char]) -> float:
    """Share of non-space chars whose text is an unmapped glyph (0.0 for no chars)."""
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if is_unmapped(c["text"])) / len(visible)


def clean_chars(chars: Iterable[Char], width: float, height: float) -> list[Char]:
    """Chars on the page with fake-bold doubles removed and unmapped glyphs as U+FFFD.

    Chars whose centre lies off the page are dropped, and so are glyphs rotated by other than
    a right angle (diagonal watermarks such as "内部资料"; italics are sheared, not rotated,
    and stay).  The input is untouched: a char whose text changes is a new dict.
    """
    out: list[Char] = []
    for c in dedupe_chars(chars):
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if not (0 <= cx <= width and 0 <= cy <= height) or _rotated_askew(c):
            continue
        raw = c["text"]
        text = unicodedata.normalize("NFKC", raw) if _is_compat(raw) else raw
        if is_unmapped(raw):
            text = REPLACEMENT
        out.append(c if text is raw else {**c, "text": text})
    return out


def _rotated_askew(c: Char) -> bool:
    """Whether a glyph's text matrix rotates it by an angle that is not a multiple of 90°."""
    matrix = c.get("matrix")
    if not matrix:
        return False
    a, b = float(matrix[0]), float(matrix[1])
    if b == 0.0 or a == 0.0:  # upright or turned by a right angle
        return False
    norm = math.hypot(a, b)
    return norm > 0 and SKEW_TOLERANCE < abs(b) / norm < 1 - SKEW_TOLERANCE


def _is_compat(text: str) -> bool:
    """Whether a glyph is a presentation form worth normalising (ligatures like "ﬁ")."""
    return len(text) == 1 and 0xFB00 <= ord(text) <= 0xFB4F


def dedupe_chars(chars: Iterable[Char], tol: float = DEDUPE_TOLERANCE) -> list[Char]:
    """Chars in input order without double strikes: a later char with the same text whose
    x0 and top are both within `tol` of an earlier kept one is dropped.

    Genuinely repeated characters ("人人") sit a glyph width apart and are kept.
    """
    kept: list[Char] = []
    seen: dict[tuple[str, int, int], list[Char]] = defaultdict(list)
    texts: set[str] = set()
    for c in chars:
        x0, top, text = c["x0"], c["top"], c["text"]
        kx, ky = int(x0 // tol), int(top // tol)
        if text in texts and _struck_before(seen, text, kx, ky, x0, top, tol):
            continue
        texts.add(text)
        seen[(text, kx, ky)].append(c)
        kept.append(c)
    return kept


_NEAR = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]  # a grid cell and its eight neighbours


def _struck_before(seen: dict[tuple[str, int, int], list[Char]], text: str,
                   kx: int, ky: int, x0: float, top: float, tol: float) -> bool:
    """Whether a kept char with this text lies within `tol` of (x0, top) (cells of side `tol`)."""
    get = seen.get
    for dx, dy in _NEAR:
        for o in get((text, kx + dx, ky + dy), ()):
            if abs(o["x0"] - x0) <= tol and abs(o["top"] - top) <= tol:
                return True
    return False


def cluster_lines(chars: Sequence[Char]) -> list[list[Char]]:
    """Chars grouped into visual lines, top to bottom; chars in each line sorted by x0.

    Runs (chars sharing top and bottom) are taken largest first; each joins the existing line
    whose band it overlaps most if that overlap is at least LINE_OVERLAP_MIN of the smaller
    band, else it starts a new line.  A line keeps the band of the run that started it.
    """
    runs: dict[tuple[float, float], list[Char]] = defaultdict(list)
    for c in chars:
        runs[(round(c["top"], RUN_TOP_PRECISION), round(c["bottom"], RUN_TOP_PRECISION))].append(c)
    tops: list[float] = []  # line band tops, ascending, parallel to `lines`
    lines: list[tuple[float, float, list[Char]]] = []
    tallest = 0.0
    for (top, bottom), run in sorted(runs.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lo, hi = bisect_left(tops, top - tallest), bisect_right(tops, bottom)
        best = _best_overlap(top, bottom, lines[lo:hi])
        if best is not None:
            lines[lo + best][2].extend(run)
            continue
        i = bisect_right(tops, top)
        tops.insert(i, top)
        lines.insert(i, (top, bottom, list(run)))
        tallest = max(tallest, bottom - top)
    return [sorted(cs, key=lambda c: c["x0"]) for _, _, cs in lines]


def _best_overlap(top: float, bottom: float, lines: Sequence[tuple[float, float, list[Char]]]) -> int | None:
    """Index of the line whose band the band (top, bottom) overlaps most, if by LINE_OVERLAP_MIN."""
    best, best_ratio = None, LINE_OVERLAP_MIN
    for i, (ltop, lbottom, _) in enumerate(lines):
        overlap = min(bottom, lbottom) - max(top, ltop)
        ratio = overlap / max(min(bottom - top, lbottom - ltop), 1e-6)
        if ratio >= best_ratio and (best is None or ratio > best_ratio):
            best, best_ratio = i, ratio
    return best


def make_line(chars: Sequence[Char], field_gaps: bool) -> Line | None:
    """A Line from one cluster of x-sorted chars; None when it holds only whitespace."""
    text = join_chars(chars, field_gaps)
    if not text:
        return None
    visible = [c for c in chars if not c["text"].isspace()]
    size = median(c["size"] for c in visible)
    anchor = _anchor_band(visible)
    return Line(
        text=text,
        x0=min(c["x0"] for c in visible),
        top=min(c["top"] for c in visible),
        x1=max(c["x1"] for c in visible),
        bottom=max(c["bottom"] for c in visible),
        band_top=anchor[0],
        band_bottom=anchor[1],
        size=size,
    )


def _anchor_band(chars: Sequence[Char]) -> tuple[float, float]:
    """The (top, bottom) shared by the most chars: the line's main run."""
    counts: dict[tuple[float, float], int] = defaultdict(int)
    for c in chars:
        counts[(c["top"], c["bottom"])] += 1
    return max(counts.items(), key=lambda kv: kv[1])[0]


def build_lines(chars: Sequence[Char], field_gaps: bool = True) -> list[Line]:
    """Visual lines of `chars`, top to bottom (see cluster_lines and join_chars)."""
    out = []
    for cluster in cluster_lines(chars):
        line = make_line(cluster, field_gaps)
        if line is not None:
            out.append(line)
    return out


def join_chars(chars: Sequence[Char], field_gaps: bool) -> str:
    """The text of x-sorted chars on one line.

    No space is inserted between CJK chars or between CJK and digits (letter-spaced labels
    like "因 公 出 国" come out as "因公出国"); whitespace chars only mark word gaps.  A space
    separates two Latin words when a whitespace char or a gap wider than WORD_GAP_EM sits
    between them; with `field_gaps`, any gap wider than FIELD_GAP_EM is a space too.
    """
    parts: list[str] = []
    prev: Char | None = None
    spaced = False
    for c in chars:
        if c["text"].isspace():
            spaced = prev is not None
            continue
        if prev is not None and _needs_space(prev, c, spaced, field_gaps):
            parts.append(" ")
        parts.append(c["text"])
        prev, spaced = c, False
    return "".join(parts)


def _needs_space(prev: Char, cur: Char, spaced: bool, field_gaps: bool) -> bool:
    """Whether a space belongs between two adjacent visible chars (see join_chars)."""
    gap = cur["x0"] - prev["x1"]
    size = max(prev["size"], cur["size"], 1.0)
    if field_gaps and gap > FIELD_GAP_EM * size:
        return True
    a, b = prev["text"][-1], cur["text"][0]
    if not (spaced or gap > WORD_GAP_EM * size):
        return False
    if _LATIN_WORD.match(a) and _LATIN_WORD.match(b):
        return True
    # "Note: see", "1. 2025年" keep their space; "189, 767" (a spaced thousands mark) does not
    return a in _LATIN_CLOSER and (bool(_LATIN_LETTER.match(b)) or (b.isdigit() and a != ","))
