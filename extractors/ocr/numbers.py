"""Amounts read by OCR repaired where the column's format makes the repair unambiguous.

The recogniser's usual confusions in a 决算 amount column are letters for digits (O/o → 0,
l/I/| → 1), a full-width "，" for either the thousands mark or the decimal point, a "." for the
thousands mark, a decimal comma, and a dropped decimal point.  A cell is only touched when

- its column is an amount column: at least MIN_AMOUNTS of its cells, and AMOUNT_SHARE of its
  number-like cells, already read as amounts (`pipeline.values.parse_amount`);
- the repaired text reads as an amount in the column's format (its decimals, when every other
  amount of the column, or FORMAT_SHARE of them, has the same number of decimals).

A code column ("201", "06") has no decimals, so nothing there gains a decimal point.  A
repaired cell keeps the recogniser's confidence capped at REPAIRED_CONFIDENCE, so the
`ocr_review` stage lists it for a person to check.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.model import Cell, Grid
from pipeline.values import fold, parse_amount

MIN_AMOUNTS = 2  # amounts a column needs before its format is trusted
AMOUNT_SHARE = 0.6  # share of a column's number-like cells that must read as amounts
FORMAT_SHARE = 0.75  # share of a column's other amounts that must have one number of decimals
REPAIRED_CONFIDENCE = 0.5  # a repaired cell's confidence is at most this (below the review threshold)

_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1", "丨": "1"})
_NUMBER_LIKE = re.compile(r"^[-+(（]?[\dOo〇lI|丨,，.。·]+[)）]?$")
_PLAIN_DIGITS = re.compile(r"^[-+]?\d+$")
_STRAY = ".:;'\"`‘’“”·、"  # specks and marks the recogniser reads at the ends of a number (NFKC-folded)
_LEAD = re.compile(rf"^[{re.escape(_STRAY)}]+")
_TRAIL = re.compile(rf"[{re.escape(_STRAY)}\-]+$")
_NOISE = re.compile(rf"^[{re.escape(_STRAY)},\-]*[a-zA-Z]?[{re.escape(_STRAY)},]+$")  # ".", "..", "a.", ":"
_CODE = re.compile(r"^\d{2,3}$")
CODE_SHARE = 0.6  # share of a column's cells that must be 2- or 3-digit codes for it to be a code column


@dataclass(frozen=True, slots=True)
class ColumnFormat:
    """What the other amounts of a cell's column share."""

    amounts: int  # how many there are
    decimals: int | None  # their number of decimals, None when they differ
    all_decimal: bool  # every one has a decimal point


def repair_grid(grid: Grid) -> None:
    """Repair the amounts of `grid`'s amount columns in place (see the module docstring)."""
    for cells in _columns(grid).values():
        codes = _code_fixes(cells)
        fixes = codes if codes is not None else [(cell, repair(cell.text, fmt)) for cell, fmt in _formats(cells)]
        for cell, fixed in fixes:
            if fixed is not None and fixed != cell.text:
                cell.text = fixed
                if cell.prov is not None and fixed:
                    conf = cell.prov.confidence
                    cell.prov.confidence = REPAIRED_CONFIDENCE if conf is None else min(conf, REPAIRED_CONFIDENCE)


def _code_fixes(cells: list[Cell]) -> list[tuple[Cell, str | None]] | None:
    """Subject-code columns (类/款/项: CODE_SHARE of the cells with digits are 2- or 3-digit
    codes of one width; None for any other column): marks read around or inside a code dropped
    when its digits have the column's width ("20.1", ":221", "01." → "201", "221", "01"), marks
    alone dropped; anything else is left as read."""
    texts = [fold(c.text) for c in cells]
    codes = Counter(len(t) for t in texts if _CODE.match(t))
    if not codes:
        return None
    width, n = codes.most_common(1)[0]
    numeric = [t for t in texts if re.search(r"\d", t) or _NOISE.match(t)]
    if n < MIN_AMOUNTS or n < CODE_SHARE * len(numeric):
        return None
    out: list[tuple[Cell, str | None]] = []
    for cell, t in zip(cells, texts, strict=True):
        if _NOISE.match(t):
            out.append((cell, ""))
            continue
        digits = re.sub(rf"[{re.escape(_STRAY)}]", "", t)
        if digits != t and len(digits) == width and digits.isdigit():
            out.append((cell, digits))
    return out


def _columns(grid: Grid) -> dict[int, list[Cell]]:
    """Anchor cells with text of one column each (cells spanning columns belong to none)."""
    out: dict[int, list[Cell]] = {}
    for c in grid.cells:
        if c.col_span == 1 and c.text:
            out.setdefault(c.col, []).append(c)
    return out


def _formats(cells: list[Cell]) -> list[tuple[Cell, ColumnFormat]]:
    """Each cell of an amount column with the format of the column's other amounts; [] when
    the cells are not an amount column."""
    texts = [_TRAIL.sub("", _LEAD.sub("", fold(c.text))) for c in cells]
    like = [t for t in texts if _NUMBER_LIKE.match(t)]
    amounts = {i: t for i, t in enumerate(texts) if _NUMBER_LIKE.match(t) and parse_amount(t) is not None}
    if len(amounts) < MIN_AMOUNTS or len(amounts) < AMOUNT_SHARE * len(like):
        return []
    places = Counter(_places(t) for t in amounts.values())
    out = []
    for i, cell in enumerate(cells):
        own = places.copy()
        if i in amounts:
            own[_places(amounts[i])] -= 1
        own = +own  # drop zero counts
        fmt = _format(own)
        out.append((cell, fmt))
    return out


def _format(places: Counter[int]) -> ColumnFormat:
    """The format of amounts with these decimals: one number of decimals when at least
    FORMAT_SHARE of them share it (a misread "187 19" among twenty "x.xx" does not unsettle
    the column), else none."""
    total = sum(places.values())
    if not total:
        return ColumnFormat(amounts=0, decimals=None, all_decimal=False)
    top, n = places.most_common(1)[0]
    if len(places) == 1:
        return ColumnFormat(amounts=total, decimals=top, all_decimal=top > 0)
    if top > 0 and n >= FORMAT_SHARE * total and n >= MIN_AMOUNTS:
        return ColumnFormat(amounts=n, decimals=top, all_decimal=True)
    return ColumnFormat(amounts=total, decimals=None, all_decimal=False)


def _places(t: str) -> int:
    """Digits after the decimal point of an amount text (0 without one)."""
    return len(t.rsplit(".", 1)[1].rstrip(")）")) if "." in t else 0


def repair(text: str, fmt: ColumnFormat) -> str | None:
    """`text` as an amount in format `fmt`, repaired if needed; None when it cannot be
    repaired unambiguously (the cell is then left as read)."""
    t = fold(text)
    if _NOISE.match(t):
        return ""  # specks read as marks in an empty cell
    bare = _TRAIL.sub("", _LEAD.sub("", t))
    if bare != t and re.search(r"\d", bare):
        t = text = bare  # a speck read as "." or ":" before or after the number
    t = _odd_point(t, fmt)
    if not _NUMBER_LIKE.match(t):
        return None
    if parse_amount(t) is not None and _fits(t, fmt):
        return text if t == fold(text) else t
    candidate = _marks(t.translate(_LOOKALIKE), fmt)
    if candidate is not None and _fits(candidate, fmt) and (re.search(r"\d", t) or _fixed(fmt)):
        return candidate
    if (one := _one_mark_too_many(t, fmt)) is not None:
        return one
    return _dropped_point(candidate or t.translate(_LOOKALIKE), fmt)


def _odd_point(t: str, fmt: ColumnFormat) -> str:
    """A ":" or "-" read where the column's decimal point stands ("187:19", "187-19" → "187.19")."""
    d = fmt.decimals if _fixed(fmt) else None
    if d and "." not in t:
        return re.sub(rf"(?<=\d)[:\-](\d{{{d}}})$", r".\1", t)
    return t


def _one_mark_too_many(t: str, fmt: ColumnFormat) -> str | None:
    """A speck read as one extra "." or ":" inside an amount ("60.9.9" → "60.99"): repaired only
    when the column's decimals are fixed, the text is no amount as read, and dropping exactly
    one of its marks gives an amount in the column's format in one way only."""
    if not _fixed(fmt) or parse_amount(t) is not None:
        return None
    found = {c for i, ch in enumerate(t) if ch in _STRAY
             and parse_amount(c := t[:i] + t[i + 1:]) is not None and _fits(c, fmt)}
    return found.pop() if len(found) == 1 else None


def _fixed(fmt: ColumnFormat) -> bool:
    """Whether the column's other amounts all have the same decimals (and there are enough)."""
    return bool(fmt.decimals) and fmt.all_decimal and fmt.amounts >= MIN_AMOUNTS


def _fits(t: str, fmt: ColumnFormat) -> bool:
    """Whether amount text `t` has the column's decimals (true when the column has no fixed format)."""
    return not _fixed(fmt) or ("." in t and _places(t) == fmt.decimals)


def _marks(t: str, fmt: ColumnFormat) -> str | None:
    """Thousands marks and the decimal point put right, None when the result is no amount:
    "。"/"·" are points; "，" is the point when the column's decimals follow it at the end,
    else a thousands mark; "." marks before the last one are thousands marks; with no point,
    a final "," followed by exactly the column's (1 or 2) decimals is the point."""
    t = t.replace("。", ".").replace("·", ".")
    d = fmt.decimals if _fixed(fmt) else None
    if d and "." not in t:
        t = re.sub(rf"，(\d{{{d}}}[)）]?)$", r".\1", t)
    t = t.replace("，", ",")
    if t.count(".") > 1:
        head, _, tail = t.rpartition(".")
        t = head.replace(".", ",") + "." + tail
    if d in (1, 2) and "." not in t:
        t = re.sub(rf",(\d{{{d}}}[)）]?)$", r".\1", t)
    return t if parse_amount(t) is not None else None


def _dropped_point(t: str, fmt: ColumnFormat) -> str | None:
    """Plain digits (no marks) in a column whose every other amount has the same decimals:
    the point was dropped ("6099" → "60.99")."""
    d = fmt.decimals
    if not d or not _fixed(fmt) or not _PLAIN_DIGITS.match(t):
        return None
    digits = t.lstrip("+-")
    if len(digits) <= d:
        return None
    fixed = t[: len(t) - d] + "." + t[len(t) - d :]
    return fixed if parse_amount(fixed) is not None else None
