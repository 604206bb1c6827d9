"""What is printed around a table block: its title, its unit, a 续表 marker, a note below it.

Titles sit in the paragraph lines just above the table (same page) or in caption rows inside
the grid's top (Excel and some Word sources).  Lines are read closest first; a line naming a
table wins, and a wrapped title (一般公共预算财政拨款 / 基本支出决算表) is read whole, so the
most specific table it names is chosen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Block, Grid
from pipeline.tables.budget_titles import B_RULES
from pipeline.tables.layout import find_header
from pipeline.tables.text import clean, find_unit, key
from pipeline.tables.titles import (
    TITLE_RULES,
    code_from_title,
    is_continued_marker,
    is_number_caption,
    is_table_caption,
)

MAX_TITLE_LINES = 6  # how far above a table a title may sit (non-empty lines)
MAX_NOTE_LINES = 6
_NOTE = re.compile(r"^(注|说明|备注)[\d一二三四五六七八九十]*[:：]")
_NEW_PART = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
_UNIT_PHRASE = re.compile(r"[(（]?\s*(?:金额|计量)?单位\s*[:：]\s*(?:万元|元)\s*[)）]?|编制(?:单位|部门)\s*[:：]\s*\S*")
_NUMBER_PREFIX = re.compile(r"(?:公开|附表|表)(?:\d+|[一二三四五六七八九十]+)表?[:：.、\s]*")
_RUNNING_TEXT = re.compile(r"[。；;：:]$")
_EMPTY_NOTE = re.compile(r"^[(（]?(注[:：])?(此|本)表为空|无(该|此|相关)?(项目|数据|内容)|本表无数据|空表[。.]?[)）]?$")
MAX_TITLE_CHARS = 60
_GENERIC = re.compile(r"^第[一二三四五六七八九十]+部分|部门决算表$|决算报表$|^附表$|^附件")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第?\s*\d+\s*(页|/\s*\d+)?(共\s*\d+\s*页)?)[-—–\s]*$|^[-—–]\s*\d+\s*[-—–]$")


@dataclass
class Captions:
    title: str | None = None
    code: str | None = None  # the table the title names
    unit: str | None = None
    continued: bool = False  # a 续表 marker


def lines_of(blocks: list[Block]) -> list[str]:
    return [ln for b in blocks for ln in (b.text or "").splitlines() if clean(ln)]


def grid_caption_lines(grid: Grid) -> list[str]:
    """Caption rows printed inside the grid above its header (title, 单位：万元)."""
    matrix = grid.text_matrix()
    start, _ = find_header(matrix)
    out: list[str] = []
    for row in matrix[:start]:
        seen: list[str] = []
        for t in row:
            if clean(t) and clean(t) not in seen:
                seen.append(clean(t))
        out.extend(seen)
    return out


def _rank(code: str | None) -> int:
    order = [c for c, _ in TITLE_RULES[:2]] + [c for c, _ in B_RULES if c != "OTHER"] \
        + [c for c, _ in TITLE_RULES[2:]]
    return order.index(code) if code in order else len(order)


def _title_at(lines: list[str], i: int, budget: bool | None) -> tuple[str, str | None]:
    """The title ending at lines[i], joined with the line above when that is its first half."""
    line = clean(lines[i])
    code = code_from_title(line, budget)
    if i > 0:
        above = clean(lines[i - 1])
        k = key(above)
        if k and len(k) <= 30 and not k.endswith(("表", "。", "；")) and not find_unit(above):
            joined_code = code_from_title(above + line, budget)
            if joined_code is not None and _rank(joined_code) < _rank(code):
                return above + line, joined_code
    return line, code


def find_title(lines: list[str], budget: bool | None = False) -> tuple[str | None, str | None]:
    """(title, code) from caption lines, closest (last) first, stopping at running text.

    A caption naming some other table (…预算总表, 项目情况表) is returned with code None; a
    表一-only line is the title only when no line names a table.  `budget` as in
    `titles.code_from_title`.  A printed "此表为空 / 本部门无该项目" line is no running text.
    """
    fallback: str | None = None
    candidates = [i for i in range(len(lines)) if clean(lines[i])][-MAX_TITLE_LINES:]
    for i in reversed(candidates):
        text = _without_unit(clean(lines[i]))
        if not text:
            continue
        if not is_table_caption(text, budget):
            if len(key(text)) <= 20 and _EMPTY_NOTE.search(key(text)):
                continue
            if _RUNNING_TEXT.search(text) or len(text) > MAX_TITLE_CHARS:
                break  # a sentence: the title, if any, is below it
            continue
        title, code = _title_at(lines, i, budget)
        if code is not None:
            return _after_number(_without_unit(title)), code
        if is_number_caption(text):
            fallback = fallback or text
        elif not _GENERIC.search(key(text)):
            return text, None
    return fallback, None


def _after_number(title: str) -> str:
    """'公开02表XX局收入决算表' → 'XX局收入决算表': a number caption run into the title is cut."""
    parts = _NUMBER_PREFIX.split(title)
    return parts[-1].strip() if len(parts) > 1 and parts[-1].strip() else title


def _without_unit(text: str) -> str:
    return _UNIT_PHRASE.sub("", text).strip()


def is_noise(line: str, running: set[str]) -> bool:
    """Lines that may sit between a table and its continuation: page numbers, running heads."""
    k = key(line)
    return (not k or k in running or bool(_PAGE_NUMBER.match(k)) or is_continued_marker(k)
            or not _without_unit(clean(line)))


def read_captions(block: Block, above: list[str], budget: bool | None = False) -> Captions:
    """Title, unit and markers of a table block from the lines above it and its grid's top rows."""
    lines = [*above, *([block.text] if block.text else [])]
    inner = grid_caption_lines(block.grid) if block.grid else []
    title, code = find_title(lines, budget)
    if code is None:
        t2, c2 = find_title(inner, budget)
        if c2 is not None or title is None:
            title, code = t2 or title, c2
    unit = next((u for u in map(find_unit, reversed([*lines[-MAX_TITLE_LINES:], *inner])) if u), None)
    if unit is None and block.grid is not None:
        unit = _unit_in_header(block.grid)
    return Captions(
        title=title, code=code, unit=unit,
        continued=any(is_continued_marker(ln) for ln in [*lines[-3:], *inner]),
    )


def _unit_in_header(grid: Grid) -> str | None:
    matrix = grid.text_matrix()
    _, end = find_header(matrix)
    for row in matrix[: max(end, 1)]:
        for t in row:
            u = find_unit(t)
            if u:
                return u
    return None


def find_note(lines: list[str]) -> str | None:
    """A note printed below a table (注：…故本表无数据), its wrapped lines joined."""
    out: list[str] = []
    for ln in lines:
        text = clean(ln)
        if not out:
            if _NOTE.match(key(text)):
                out.append(text)
            continue
        if _NEW_PART.match(text) or code_from_title(text) or len(out) >= MAX_NOTE_LINES:
            break
        out.append(text)
    return "".join(out) or None
