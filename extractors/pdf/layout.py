"""Page text lines to paragraphs: margins, paragraph breaks, headings and 目录 lines.

Works on `Line`s (see pdf.text) of one page at a time, between tables.  Chinese lines wrap
mid-phrase, so wrapped lines are joined with no separator.  A new paragraph starts at a
heading-like line, at an indented line, after a short line ending a sentence, at a change of
font size, and after a blank-line-sized gap.  Consecutive centered lines (a wrapped title) stay
one paragraph.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

from extractors.pdf.text import Line

INDENT_EM = 1.0  # a line starting this many font sizes right of the left margin is indented
MAX_FIRST_INDENT_EM = 4.0  # further right than this, a line is placed (centered/right-aligned)
SHORT_EM = 2.0  # a line ending this many font sizes short of the right margin ends early
CENTER_TOL_EM = 2.0  # left and right indents within this of each other: a centered line
SIZE_TOL = 1.0  # pt: font sizes further apart than this start a new paragraph
HEADING_FILL_MAX = 0.85  # a heading-like line wider than this share of the body wrapped mid-text
PARA_GAP_EM = 0.8  # extra vertical gap (in font sizes) over the usual one that breaks a paragraph
DEFAULT_LINE_GAP_EM = 0.3  # usual gap between lines when a page has too few lines to measure
MAX_LINE_GAP_EM = 1.0  # a measured usual gap is never taken as wider than this (double spacing)
MIN_GAPS_MEASURED = 3  # gaps needed before a page's usual line gap is measured
SHARED_EDGE_TOL = 2.0  # pt: lines whose x0 (x1) are this close share a margin
RICH_PAGE_LINES = 5  # a page with at least this many lines measures its own margins
HEADING_MAX_CHARS = 40  # a heading-like paragraph longer than this is body text
PART_HEADING_MAX_CHARS = 80  # 第X部分 titles may run longer (department names)

_CN_NUM = "一二三四五六七八九十百零〇"
HEADING_PATTERNS = (
    re.compile(rf"^第[{_CN_NUM}\d]+[部分章节篇]"),
    re.compile(rf"^[{_CN_NUM}]+[、．.]"),
    re.compile(rf"^[（(][{_CN_NUM}]+[）)]"),
    re.compile(r"^\d{1,2}(?:[、]|[.．](?!\d))"),
    re.compile(r"^[（(]\d{1,2}[）)]"),
    re.compile(r"^[\u2460-\u2473\u2776-\u277f]"),  # ① … ⑳, ❶ … ❿
)
PART_HEADING = re.compile(rf"^第[{_CN_NUM}\d]+部分")
_TERMINAL = frozenset("。；;：:！!？?.")
_CLOSERS = "”’\"'）)」』】"
_NOT_IN_HEADING = re.compile(r"[。；;，,：:！!？?]")
_LEADER = re.compile(r"(?:…{2,}|\.{4,}|·{4,}|．{4,})")
_TOC_TITLE = re.compile(r"^目\s*录$")


def is_heading_like(text: str) -> bool:
    """Whether `text` starts with a section number: 第X部分, 一、, （一）, 1. / 1、, (1), ①."""
    return any(p.match(text) for p in HEADING_PATTERNS)


def ends_sentence(text: str) -> bool:
    """Whether `text` ends with sentence-ending punctuation (closing quotes/brackets skipped)."""
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_heading(text: str) -> bool:
    """A whole heading: 第X部分 …, or a short heading-like text without sentence punctuation."""
    if PART_HEADING.match(text):
        return len(text) <= PART_HEADING_MAX_CHARS
    return is_heading_like(text) and len(text) <= HEADING_MAX_CHARS and not _NOT_IN_HEADING.search(text)


def is_toc_title(text: str) -> bool:
    return bool(_TOC_TITLE.match(text.strip()))


def is_toc_entry(text: str) -> bool:
    """A line that can only be a 目录 entry: numbered like a heading, or with dot leaders."""
    return is_heading_like(text) or bool(_LEADER.search(text))


@dataclass(frozen=True, slots=True)
class Margins:
    """The text body's left and right edges on a page, and its usual gap between lines."""

    left: float
    right: float
    line_gap: float | None = None


@dataclass(slots=True)
class Para:
    """Lines of one paragraph on one page, with what a cross-page join needs to know."""

    lines: list[Line]
    page: int
    fresh_start: bool = True  # its first line would start a paragraph anyway
    open_end: bool = False  # its last line runs to the right margin without ending a sentence
    style: str | None = None
    pages: list[int] = field(default_factory=list)  # pages after `page` it continues on
    first_count: int | None = None  # lines on `page` once continued, else all of them

    @property
    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])


def join_lines(texts: Sequence[str]) -> str:
    """Wrapped lines joined with no separator, except a space between two Latin words."""
    out = ""
    for t in texts:
        if out and re.search(r"[A-Za-z0-9]$", out) and re.match(r"^[A-Za-z0-9]", t):
            out += " "
        out += t
    return out


def measure_margins(lines: Sequence[Line]) -> Margins:
    """Left/right margins of a page: the x0 (x1) shared by most lines, the extreme if none is
    shared; the line gap is the median gap between consecutive lines of equal size."""
    left = _shared_edge([ln.x0 for ln in lines], lowest=True)
    right = _shared_edge([ln.x1 for ln in lines], lowest=False)
    gaps = [
        b.band_top - a.band_bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if abs(a.size - b.size) <= SIZE_TOL and b.band_top >= a.band_bottom - 1
    ]
    return Margins(left=left, right=right, line_gap=median(gaps) if len(gaps) >= MIN_GAPS_MEASURED else None)


def _shared_edge(values: Sequence[float], lowest: bool) -> float:
    """The most extreme value that at least one other value lies within SHARED_EDGE_TOL of."""
    ordered = sorted(values, reverse=not lowest)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if abs(a - b) <= SHARED_EDGE_TOL:
            return a
    return ordered[0]


def paragraphs(lines: Sequence[Line], m: Margins, page: int) -> list[Para]:
    """Consecutive lines (no table between them) split into paragraphs, top to bottom."""
    out: list[Para] = []
    prev: Line | None = None
    for ln in lines:
        if prev is None or breaks_between(prev, ln, m):
            out.append(Para(lines=[ln], page=page, fresh_start=prev is not None or starts_fresh(ln, m)))
        else:
            out[-1].lines.append(ln)
        prev = ln
    for p in out:
        p.open_end = _open_end(p.lines[-1], m)
    return out


def starts_fresh(b: Line, m: Margins) -> bool:
    """Whether line `b` begins a paragraph whatever came before it (heading or indented)."""
    return is_heading_like(b.text) or b.x0 > m.left + INDENT_EM * b.size


def _open_end(a: Line, m: Margins) -> bool:
    """Whether a paragraph ending in line `a` may continue on the next page."""
    if ends_sentence(a.text) or _centered(a, m):
        return False
    return a.x1 >= m.right - SHORT_EM * a.size


def breaks_between(a: Line, b: Line, m: Margins) -> bool:
    """Whether line `b` starts a new paragraph after line `a` on the same page."""
    if is_heading_like(b.text) or abs(a.size - b.size) > SIZE_TOL:
        return True
    size = max(a.size, b.size)
    usual = min(m.line_gap, MAX_LINE_GAP_EM * size) if m.line_gap is not None else DEFAULT_LINE_GAP_EM * size
    if b.band_top - a.band_bottom > usual + PARA_GAP_EM * size:
        return True
    if _centered(b, m) and _centered_over(a, b, m):
        return ends_sentence(a.text)
    if b.x0 > m.left + INDENT_EM * b.size or a.x0 > m.left + MAX_FIRST_INDENT_EM * a.size:
        return True
    if a.x1 >= m.right - SHORT_EM * a.size:
        return False
    if ends_sentence(a.text):
        return True
    return is_heading_like(a.text) and a.x1 - a.x0 < HEADING_FILL_MAX * (m.right - m.left)


def _centered(ln: Line, m: Margins) -> bool:
    """Whether a line is centered between the margins (and not merely a full-width line)."""
    left, right = ln.x0 - m.left, m.right - ln.x1
    indent = INDENT_EM * ln.size
    return left > indent and right > indent and abs(left - right) <= CENTER_TOL_EM * ln.size


def _centered_over(a: Line, b: Line, m: Margins) -> bool:
    """Whether line `a` is the first part of a title centered like the centered line `b` below."""
    centers = abs((a.x0 + a.x1) - (b.x0 + b.x1)) / 2
    return a.x0 > m.left + INDENT_EM * a.size and centers <= CENTER_TOL_EM * a.size


def toc_entries(lines: Sequence[Line], page: int) -> list[Para]:
    """目录 lines as one entry each; a line that is not itself an entry continues the one above."""
    out: list[Para] = []
    for ln in lines:
        if out and not (is_toc_entry(ln.text) or is_toc_title(ln.text)) and not _LEADER.search(out[-1].text):
            out[-1].lines.append(ln)
        else:
            out.append(Para(lines=[ln], page=page, style="toc"))
    return out
