"""The layout of a standard table's grid: where the header ends, what each column holds, halves.

A column is a `code` column (类 / 款 / 项 or a joined 科目编码), the `label` column (科目名称 /
项目), an `amount` column, or `skip` (rates, 备注).  Side-by-side halves (T01/T04 收入 | 支出,
T06 人员经费 | 公用经费) are `Segment`s: each has its own code, label and amount columns, and a
row's amounts are read only against the label and codes of their own segment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pipeline.model import Grid
from pipeline.tables.measures import VARIANTS
from pipeline.tables.text import code_digits, key, strip_unit
from pipeline.values import is_blank, parse_amount

Role = Literal["code", "label", "amount", "skip"]

# header words: a row made of these (and blanks) is a header row
HEADER_WORDS = {
    "项目", "科目", "科目名称", "科目编码", "功能分类科目编码", "功能分类科目名称", "支出功能分类", "功能分类",
    "支出功能分类科目编码", "经济分类", "经济分类科目编码", "部门经济分类", "类", "款", "项", "编码", "代码",
    "收入", "支出", "收入项目", "支出项目", "决算数", "预算数", "年初预算数", "金额", "合计", "小计", "本年收入",
    "本年支出", "本年收入合计", "本年支出合计", "基本支出", "项目支出", "人员经费", "公用经费", "名称",
    "财政拨款三公经费", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置及运行维护费",
    "公务用车购置费", "公务用车运行费", "公务用车运行维护费", "年初结转和结余", "年末结转和结余",
    "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", "上缴上级支出",
    "经营支出", "对附属单位补助支出", "一般公共预算财政拨款", "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款", "科目编码类", "序号", "行次", "栏次", "栏号",
}
# the budget tables' (B01–B09) own column words
HEADER_WORDS |= {
    "收入预算", "支出预算", "事业单位经营收入", "一般公共预算", "政府性基金预算", "国有资本经营预算", "上年结转",
    "单位资金", "财政专户管理资金", "用事业基金弥补收支差额", "一般公共预算支出", "政府性基金预算支出",
    "国有资本经营预算支出", "一般公共预算基本支出", "三公经费预算数", "机关运行经费预算数", "机关运行经费",
    "购置费", "运行费", "会议费", "培训费", "总计", "预算金额", "本年预算数",
}
MEASURE_WORDS = HEADER_WORDS - {"项目", "科目", "科目名称", "科目编码", "功能分类科目编码", "功能分类科目名称",
                                 "支出功能分类", "功能分类", "支出功能分类科目编码", "经济分类", "经济分类科目编码",
                                 "部门经济分类", "类", "款", "项", "编码", "代码", "名称", "科目编码类", "序号",
                                 "收入", "支出", "收入项目", "支出项目", "行次", "栏次", "栏号"}
_HEADER_STEM = re.compile(r"(决算|预算)数|科目|分类|编码|^金额|经费$|结转和结余$|收入合计$|支出合计$"
                          r"|财政拨款(收入|支出)?$"
                          r"|^(上级补助|事业|经营|其他|附属单位上缴)收入$|^(基本|项目|经营|上缴上级|对附属单位补助)支出$"
                          r"|^(本年)?(收入|支出)$|^(收入|支出)(项目|预算|决算)$"
                          r"|^(一般公共预算|政府性基金(预算)?|国有资本经营(预算)?)(财政)?(拨款)?$")
# caption cells printed in a grid's top rows: 金额单位：万元, 编制单位：…, 单位：元 — never a header
# a table's own title printed as a grid row (…功能分类预算表, …决算表（续）): never a column header
_TABLE_TITLE = re.compile(r"..表(?:[(（]?续表?[)）]?)?$")
_CAPTION_CELL = re.compile(r"(?:金额|计量|编制)?单位[:：]|^(?:金额)?单位$")
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.](?!\d))")
_LABEL_LEVEL = re.compile(r"^(?:项目|科目|科目名称|名称|项目名称|收入项目|支出项目)$|科目名称$")
_SKIP_LEVEL = re.compile(r"%|率|比例|比重|备注|说明|单位名称|序号|行次|栏次")
NUMBERING = {"栏次", "行次", "栏号"}
COLUMN_LETTERS = set("甲乙丙丁戊己庚辛")
CODE_TOKENS = {"类", "款", "项"}
MAX_CAPTION_ROWS = 4  # caption rows (title, unit) printed inside a grid, above its header


@dataclass
class Segment:
    """One half of a side-by-side table: its code columns, label column and amount columns."""

    code_cols: list[int] = field(default_factory=list)
    label_col: int | None = None
    amount_cols: list[int] = field(default_factory=list)


@dataclass
class Layout:
    header_start: int  # rows before it are captions printed inside the grid
    header_end: int  # rows [header_start, header_end) are header; data starts at header_end
    roles: list[Role]
    levels: list[list[str]]  # per column, the distinct header texts top to bottom
    segments: list[Segment]
    notes: frozenset[int] = frozenset()  # rows below the header that are notes (注：…), never data

    def data_rows(self, n_rows: int) -> list[int]:
        return [r for r in range(self.header_end, n_rows) if r not in self.notes]


def header_word(text: str) -> bool:
    """A header cell's text (决算数, 本年收入合计, 类, 科目名称 …), not a data label."""
    k = strip_unit(key(text))
    if not k or _ENUMERATED.match(k) or _CAPTION_CELL.search(k) or _TABLE_TITLE.search(k):
        return False
    return k in HEADER_WORDS or key(VARIANTS.get(k)) in HEADER_WORDS or bool(_HEADER_STEM.search(k))


def is_number(text: str) -> bool:
    """An amount as printed: a number that is not a bare subject code, or any decimal/grouped one."""
    if parse_amount(text) is None:
        return False
    return code_digits(text) is None or bool(re.search(r"[.,，]", text))


def find_header(matrix: list[list[str]]) -> tuple[int, int]:
    """(first, end) of the header rows: caption rows before it and data rows after are excluded.

    A header row holds only header words and blanks; the first row with anything else (a label,
    a code, an amount) is data — that also ends a header fused with its 合计 row.
    """
    start = end = 0
    started = False
    for i, row in enumerate(matrix):
        words = {key(t) for t in row if key(t)}
        if words and (_header_row(row) or _numbering_row(row)):
            start, started = (start if started else i), True
            end = i + 1
        elif not words:
            if started:
                end = i + 1
            else:
                start = end = i + 1
        elif not started and i < MAX_CAPTION_ROWS and _caption_row(row):
            start = end = i + 1  # a caption inside the grid (title, 单位：万元)
        else:
            break
    return start, end


def _numbering_row(row: list[str]) -> bool:
    """The 栏次 row under a header (栏次 | | 1 | 2 | 3 …, 甲 | 乙 | 1 | 2 …): part of the header.

    Every text is a numbering word, a column letter or a small whole number, and the numbers
    count up.  A header row that merely names a 行次 column (项目 | 行次 | 决算数) is not one.
    """
    texts = [key(t) for t in row if key(t)]
    if not texts or any(not (t in NUMBERING or t in COLUMN_LETTERS or re.fullmatch(r"\d{1,3}", t)) for t in texts):
        return False
    worded = any(t in NUMBERING or t in COLUMN_LETTERS for t in texts)
    distinct = list(dict.fromkeys(int(t) for t in texts if t.isdigit()))  # a spanned number repeats
    if len(distinct) < (1 if worded else 3):
        return worded and not distinct
    return distinct == list(range(distinct[0], distinct[0] + len(distinct))) and distinct[0] == 1


def _header_row(row: list[str]) -> bool:
    """Mostly header words (a printed variant may be unknown), and no amount or code."""
    texts = {t for t in row if key(t)}
    if any(is_number(t) or code_digits(t) is not None for t in texts):
        return False
    return 2 * sum(1 for t in texts if header_word(t)) >= len(texts)


def _caption_row(row: list[str]) -> bool:
    """A title or unit line printed as a grid row: one wide cell, or 表/单位/编制 texts only."""
    texts = [t for t in row if key(t)]
    if any(is_number(t) for t in texts):
        return False
    if len({key(t) for t in texts}) == 1 and 2 * len(texts) >= len(row):
        return True
    return all(re.search(r"表|单位|编制|部门[:：]", key(t)) for t in texts)


_NOTE = re.compile(r"^(?:注|说明|备注|附注|填表说明)(?:[:：\d(（、.]|$)|^\*")


def note_rows(matrix: list[list[str]], start: int) -> frozenset[int]:
    """Rows at or after `start` that are notes: a 注：/说明： text alone in its row anywhere, and
    below the last amount, a row holding one text across every column (本表无数据 …)."""
    notes: set[int] = set()
    last_amount = max((r for r in range(start, len(matrix)) if any(is_number(t) for t in matrix[r])), default=-1)
    for r in range(start, len(matrix)):
        texts = {key(t) for t in matrix[r] if key(t)}
        if len(texts) != 1:
            continue
        text = next(iter(texts))
        spans_all = all(key(t) == text for t in matrix[r])
        if _NOTE.match(text) or (r > last_amount and spans_all and not is_number(text)):
            notes.add(r)
    return frozenset(notes)


def column_levels(matrix: list[list[str]], rows: range, fused: list[str] | None) -> list[list[str]]:
    """Per column, the distinct header texts top to bottom (a spanned cell counted once)."""
    n_cols = len(matrix[0]) if matrix else 0
    out: list[list[str]] = []
    levels_rows = [r for r in rows if not _numbering_row(matrix[r])]
    for c in range(n_cols):
        cells = [matrix[r][c] for r in levels_rows]
        if fused is not None and key(fused[c]) in CODE_TOKENS:
            cells.append(fused[c])
        seen: list[str] = []
        for t in cells:
            if key(t) and key(t) not in {key(s) for s in seen}:
                seen.append(t)
        out.append(seen)
    return out


def _role(levels: list[str], values: list[str]) -> Role:
    keys = [strip_unit(key(v)) for v in levels]
    keys += [key(VARIANTS[k]) for k in keys if k in VARIANTS]  # 基本经费 is 基本支出 …
    filled = [v for v in values if key(v) and not is_blank(v)]  # a — / - / / placeholder is no text
    codes = sum(1 for v in filled if code_digits(v) is not None and not is_number(v) and key(v) != "0")
    numbers = sum(1 for v in filled if is_number(v) or key(v) == "0")  # a bare 0 is no code
    texts = len(filled) - codes - numbers
    if any(_SKIP_LEVEL.search(k) for k in keys):
        return "skip"
    if any(k in CODE_TOKENS or "编码" in k or "代码" in k for k in keys) and texts <= codes + numbers:
        return "code" if numbers <= codes or not filled else "amount"
    if any(_LABEL_LEVEL.search(k) for k in keys) and numbers <= texts + codes:
        return "label"
    if any(k in MEASURE_WORDS for k in keys):
        return "amount"  # 决算数, 合计 …: integers printed without separators are amounts too
    if codes and not numbers and codes > texts and codes >= 2:
        return "code"
    return "label" if texts > numbers + codes else "amount"


def column_roles(matrix: list[list[str]], data: range | list[int], levels: list[list[str]]) -> list[Role]:
    return [_role(levels[c], [matrix[r][c] for r in data]) for c in range(len(levels))]


def segments(roles: list[Role]) -> list[Segment]:
    """Split columns into halves: a code/label column after an amount column starts a new one."""
    segs: list[Segment] = []
    cur = Segment()
    for c, role in enumerate(roles):
        if role in ("code", "label") and cur.amount_cols:
            segs.append(cur)
            cur = Segment()
        if role == "code":
            cur.code_cols.append(c)
        elif role == "label":
            if cur.label_col is None:
                cur.label_col = c
        elif role == "amount":
            cur.amount_cols.append(c)
    if cur.amount_cols or cur.label_col is not None:
        segs.append(cur)
    return [s for s in segs if s.amount_cols]


def analyse(grid: Grid) -> Layout:
    """Header, column roles, measures' header levels and halves of a standard table's grid."""
    matrix = grid.text_matrix()
    if not matrix:
        return Layout(0, 0, [], [], [])
    start, end = find_header(matrix)
    fused = matrix[end] if end < len(matrix) and any(key(t) in CODE_TOKENS for t in matrix[end]) else None
    levels = column_levels(matrix, range(start, end), fused)
    notes = note_rows(matrix, end)
    roles = column_roles(matrix, [r for r in range(end, len(matrix)) if r not in notes], levels)
    return Layout(start, end, roles, levels, segments(roles), notes)
