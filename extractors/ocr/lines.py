"""OCR text boxes as the pseudo-chars and `Line`s the text-page code consumes.

A recognised box becomes one pseudo-char shaped like a pdfplumber char: its x extent is that
of its ink, its top/bottom an em box around the ink's middle and its size the ink height over
INK_EM, so that line building (pdf.text.cluster_lines / make_line) and paragraph building
(pdf.layout) work on OCR pages with the thresholds they use on text pages.  Sizes measured
from ink vary a little from line to line, where a text layer sets one size per style, so they
are snapped to the page's styles before paragraphs are built (a change of size starts one).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

import numpy as np

from extractors.ocr.engine import PxBox
from extractors.ocr.render import INK_LEVEL
from extractors.pdf.text import Char, Line, cluster_lines, make_line

INK_EM = 0.85  # ink height of a line of CJK text per font size (the font size is read from the ink)
SIZE_SNAP = 0.12  # measured sizes within this share of each other are one size
SMOOTH_SHARE = 0.35  # a line between two of one size takes it when within this share of it …
SMOOTH_GAP_EM = 0.6  # … and set no further than this from either (in sizes)
SLICE_PERCENTILE = 80  # the line's ink height: this percentile of its glyph-wide slices' heights

_CJK = re.compile(r"[\u3400-\u9fff]")
_DASH = "-—－_‐―"
_LOST_ONE = (  # the numeral 一 read as a dash or lost: "-、" / "、", "十-、", "（-）" / "（）"
    (re.compile(rf"^[{_DASH}]?、"), "一、"),
    (re.compile(rf"^十[{_DASH}]、"), "十一、"),
    (re.compile(rf"([（(])[{_DASH}]?([）)])"), r"\1一\2"),
)


@dataclass(frozen=True, slots=True)
class OcrLine(Line):
    """A text line read by OCR: a `Line` with the lowest confidence of its boxes."""

    confidence: float = 1.0


def ink_box(gray: np.ndarray, box: PxBox) -> PxBox | None:
    """The line's ink inside `box` as a bbox (None when the box holds no ink).

    The box is read in glyph-wide slices, each slice's ink extent grown from the ink nearest
    the box's middle over gaps of at most one pixel, so glyph tops of the next line caught by
    the box stay out; the height is a high percentile of the slice heights (digits, "，" and
    glyphs like "二" read shorter; digits set on an offset baseline do not stretch it)."""
    x0, y0, x1, y1 = box
    ink = gray[y0:y1, x0:x1] < INK_LEVEL
    h = ink.shape[0]
    slices = [ext for s in range(0, ink.shape[1], max(h, 1)) if (ext := _extent(ink[:, s : s + h])) is not None]
    if not slices:
        return None
    height = float(np.percentile([b - t + 1 for t, b in slices], SLICE_PERCENTILE, method="higher"))
    middle = float(np.median([(t + b + 1) / 2 for t, b in slices]))
    cols = np.flatnonzero(ink.any(axis=0))
    top = int(round(middle - height / 2))
    return (x0 + int(cols[0]), y0 + top, x0 + int(cols[-1]) + 1, y0 + top + int(round(height)))


def _extent(ink: np.ndarray) -> tuple[int, int] | None:
    """(first, last) inked row of one slice, grown from the ink nearest its middle."""
    rows = np.asarray(ink.any(axis=1))
    inked = np.flatnonzero(rows)
    if not len(inked):
        return None
    mid = int(inked[np.argmin(np.abs(inked - len(rows) // 2))])
    return _extend(rows, mid, -1, 2), _extend(rows, mid, 1, 2)


def _extend(rows: np.ndarray, start: int, step: int, gap: int) -> int:
    """The last inked row reached from `start` going by `step`, crossing blank runs shorter than `gap`."""
    last, i = start, start + step
    while 0 <= i < len(rows) and abs(i - last) <= gap:
        if rows[i]:
            last = i
        i += step
    return last


def box_char(text: str, score: float, ink: PxBox, scale: float) -> Char:
    """A pseudo-char in points like pdfplumber's: x from the ink, top/bottom an em box around
    the ink's middle, size the ink height over INK_EM."""
    size = (ink[3] - ink[1]) / scale / INK_EM
    middle = (ink[1] + ink[3]) / 2 / scale
    return {"text": text, "x0": ink[0] / scale, "x1": ink[2] / scale, "top": middle - size / 2,
            "bottom": middle + size / 2, "size": round(size, 1), "confidence": round(score, 4)}


def text_lines(chars: list[Char]) -> list[Line]:
    """Text lines of the pseudo-chars outside tables, with sizes snapped (see _snap_sizes)."""
    raw: list[tuple[Line, float]] = []
    for cluster in cluster_lines(chars):
        line = make_line(cluster, field_gaps=True)
        if line is not None:
            raw.append((line, min(c["confidence"] for c in cluster)))
    sizes = _snap_sizes([ln.size for ln, _ in raw], [bool(_CJK.search(ln.text)) for ln, _ in raw])
    sizes = _smooth([ln for ln, _ in raw], sizes)
    chinese = any(_CJK.search(ln.text) for ln, _ in raw)
    return [OcrLine(cjk_punctuation(ln.text, chinese), ln.x0, ln.top, ln.x1, ln.bottom, ln.band_top, ln.band_bottom,
                    size, conf) for (ln, conf), size in zip(raw, sizes, strict=True)]


def _snap_sizes(sizes: list[float], cjk: list[bool]) -> list[float]:
    """Measured sizes replaced by the median of their style, as a text layer sets one size per
    style: the size with the most others within SIZE_SNAP of it takes those, and so on with
    the rest.  A line without CJK smaller than the body size takes it (digits are short)."""
    targets: list[float] = []
    left = sorted(v for v, c in zip(sizes, cjk, strict=True) if c) or sorted(sizes)
    while left:
        centre = max(left, key=lambda v: sum(1 for w in left if abs(w - v) <= SIZE_SNAP * v))
        group = [w for w in left if abs(w - centre) <= SIZE_SNAP * centre]
        targets.append(round(median(group), 1))
        left = [w for w in left if w not in group]
    body = targets[0] if targets else 0.0
    out = []
    for v, c in zip(sizes, cjk, strict=True):
        nearest = min(targets, key=lambda t: abs(t - v))
        if not c and v < body:
            out.append(body)
        else:
            out.append(nearest if abs(nearest - v) <= SIZE_SNAP * nearest else v)
    return out


def cjk_punctuation(text: str, chinese: bool | None = None) -> str:
    """Marks the recogniser puts for others in Chinese text: '"' becomes “ or ” (closing an open
    “, else opening), ';' becomes '；', and a dash numbering an item ("-、", "（-）") is the
    numeral 一, and so is a numeral missing there ("、一般公共服务支出": the one thin stroke of
    一 is what the recogniser most often loses).  Text that is not Chinese (by `chinese`, else
    by holding CJK) is left alone."""
    if not (chinese if chinese is not None else _CJK.search(text)):
        return text
    for pattern, repl in _LOST_ONE:
        text = pattern.sub(repl, text)
    if '"' not in text and ";" not in text:
        return text
    out, open_ = [], False
    for ch in text:
        if ch == '"':
            ch = "”" if open_ else "“"
        if ch in "“”":
            open_ = ch == "“"
        out.append("；" if ch == ";" else ch)
    return "".join(out)


_LEAD_SPECK = re.compile(r"^[.:'\"“‘·`]+(?=[\u3400-\u9fff])")
_TRAIL_SPECK = re.compile(r"(?<=[\u3400-\u9fff])[.'\"`·]+$")


def stray_marks(text: str) -> str:
    """A table cell's Chinese text without the marks a speck beside it was read as: ASCII
    ".", ":", quotes before its first glyph (a “ is kept when its ” follows) and ".", quotes
    after its last (Chinese prints "。", never "." after a glyph)."""
    m = _LEAD_SPECK.match(text)
    if m and not ("“" in m.group(0) and "”" in text):
        text = text[m.end():]
    return _TRAIL_SPECK.sub("", text)


def _smooth(lines: list[Line], sizes: list[float]) -> list[float]:
    """A line set closely between two lines of one size, and not far from it, takes that size
    (a line measured large because digits sit on an offset baseline, say)."""
    out = list(sizes)
    for i in range(1, len(lines) - 1):
        a, b, c = lines[i - 1], lines[i], lines[i + 1]
        same = sizes[i - 1] == sizes[i + 1] != sizes[i]
        near = abs(sizes[i] - sizes[i - 1]) <= SMOOTH_SHARE * sizes[i - 1]
        close = max(b.band_top - a.band_bottom, c.band_top - b.band_bottom) <= SMOOTH_GAP_EM * sizes[i - 1]
        if same and near and close:
            out[i] = sizes[i - 1]
    return out
