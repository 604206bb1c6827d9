"""Column spans of a pipe table's header rows, which the pipe format does not write.

A header (the rows above the first row with an amount) is a tree: each row's cells sit inside
one cell of the row above, and a cell not continued by cells below spans down.  `solve`
enumerates the tilings of the header rows that obey that, and scores each against the body's
columns (amounts, codes, names): a header word over the kind of column it names, one leaf
cell per amount column, side-by-side halves starting at a label column.  The best tiling
wins; when the search is too large or nothing fits, None (the caller keeps its own rule).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.values import fold, is_blank, parse_amount

MAX_NODES = 20_000  # search steps (partial tilings and run splits tried) before giving up on a header
_CODE = re.compile(r"^\d{2,7}$")
_NAME_WORDS = ("名称",)
_CODE_WORDS = ("编码", "代码")
_LABEL_WORDS = {"项目", "科目", "功能分类", "经济分类", "支出功能分类", "部门经济分类", "收入项目", "支出项目"}
_FURNITURE_WORDS = {"行次", "序号", "栏次", "行号", "编号"}  # over columns that count rows: 1, 2, 3 …
_COUNT = re.compile(r"^[1-9]\d{0,3}$")
MIN_COUNTED = 3  # printed numbers a column needs before it is read as counting rows
_BANNER_WORDS = {"收入", "支出"}  # the two halves of T01/T04: over labels and amounts alike
# a measure that names one amount column (预算数 | 决算数 under 因公出国（境）费); in the top row it may
# still be a banner over several (预算数 over the T09 categories, T05's 决算数 over 合计 | 基本支出 | 项目支出)
_LEAF_MEASURE = re.compile(r"^(年初|调整后?|全年|本年|上年)?(预算数|决算数|执行数|实际数|金额)$")

_GROUPS = ("measure", "label", "code")  # header kinds that may group columns they cannot name
Span = tuple[int, int]  # [start, end) columns


class _OutOfBudget(Exception):
    """The header search took more than MAX_NODES steps."""


class _Budget:
    """Counts every step of the search, not only the complete tilings, so a header whose
    tilings all fail deep inside a row still stops after MAX_NODES steps."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def step(self) -> None:
        self.used += 1
        if self.used > self.limit:
            raise _OutOfBudget


@dataclass(frozen=True)
class Placed:
    row: int
    index: int  # position in its row
    start: int
    end: int


def column_kinds(body: list[list[str]], width: int, positions: list[int] | None = None) -> list[str]:
    """Per column of the full-width body rows: 'num', 'code', 'name', 'furniture' or 'blank'.

    `positions` are the rows' indices in the table (default: consecutive); a column whose numbers
    count exactly those rows (行次 1, 2, 3 …; 序号) is furniture, not amounts or codes."""
    at = positions if positions is not None else list(range(len(body)))
    kinds = []
    for c in range(width):
        vals = [r[c] for r in body if c < len(r) and not is_blank(r[c])]
        if _counts_rows([(i, fold(r[c])) for i, r in zip(at, body, strict=True)
                         if c < len(r) and not is_blank(r[c])]):
            kinds.append("furniture")
            continue
        codes = sum(bool(_CODE.match(fold(v))) for v in vals)
        nums = sum(parse_amount(v) is not None for v in vals) - codes
        words = len(vals) - codes - nums
        best = max((nums, "num"), (codes, "code"), (words, "name"))
        kinds.append(best[1] if vals else "blank")
    first_num = kinds.index("num") if "num" in kinds else width
    kinds = [("num" if k == "blank" and c > first_num else k) for c, k in enumerate(kinds)]
    return [("num" if k == "code" and c > first_num and not _beside_name(kinds, c) else k) for c, k in enumerate(kinds)]


def _beside_name(kinds: list[str], c: int) -> bool:
    """A code column sits in a run of code columns next to a name column (编码 | 名称, 类 | 款 | 项 | 名称);
    one among amounts whose printed numbers merely look like codes (购置费 15) is an amount column."""
    a = b = c
    while a > 0 and kinds[a - 1] == "code":
        a -= 1
    while b + 1 < len(kinds) and kinds[b + 1] == "code":
        b += 1
    return (a > 0 and kinds[a - 1] == "name") or (b + 1 < len(kinds) and kinds[b + 1] == "name")


def _counts_rows(cells: list[tuple[int, str]]) -> bool:
    """Plain integers that go up by exactly the number of rows between them (行次, 序号): a
    sparse 类 column (201, 208, 210 …) goes up faster than its rows, an amount column is not that regular."""
    if len(cells) < MIN_COUNTED or not all(_COUNT.match(t) for _, t in cells):
        return False
    return all(int(t2) - int(t1) == r2 - r1 for (r1, t1), (r2, t2) in zip(cells, cells[1:], strict=False))


def header_kind(text: str) -> str:
    t = fold(text)
    if any(w in t for w in _NAME_WORDS):
        return "name"
    if any(w in t for w in _CODE_WORDS) or t in ("类", "款", "项"):
        return "code"
    if t in _BANNER_WORDS:
        return "banner"
    if t in _FURNITURE_WORDS:
        return "furniture"
    return "label" if t in _LABEL_WORDS else "measure"


def _fits(hkind: str, ckind: str) -> bool:
    if ckind == "blank" or hkind == "banner":
        return True
    if hkind == "measure":
        return ckind == "num"
    if hkind == "name":
        return ckind == "name"
    if hkind == "code":
        return ckind == "code"
    if hkind == "furniture":
        return ckind == "furniture"
    return ckind != "num"  # 项目 / 科目 cover codes and names


def _compositions(total: int, parts: int) -> Iterator[list[int]]:
    """Ways to split `total` columns into `parts` non-empty runs, widest-first runs first."""
    if parts == 1:
        yield [total]
        return
    for first in range(total - parts + 1, 0, -1):
        for rest in _compositions(total - first, parts - 1):
            yield [first, *rest]


def _sized(total: int, fixed: list[bool]) -> Iterator[list[int]]:
    """`_compositions` of `total` columns into len(fixed) runs, the `fixed` runs one column wide."""
    free = len(fixed) - sum(fixed)
    if free == 0:
        if total == len(fixed):
            yield [1] * total
        return
    if total - sum(fixed) < free:
        return
    for widths in _compositions(total - sum(fixed), free):
        it = iter(widths)
        yield [1 if f else next(it) for f in fixed]


def _row_tilings(texts: list[str], parents: list[Span], kinds: list[str], first_row: bool, last_row: bool,
                 budget: _Budget, split: frozenset[Span] = frozenset(), strict: bool = False,
                 below: int = 0, symmetric: bool = False, leaf: bool = False,
                 closed: frozenset[Span] = frozenset()) -> Iterator[list[Span]]:
    """Column runs for a row's cells: each parent range is either continued from above (the
    parent spans down) or filled completely by one or more consecutive cells, each of which
    covers only columns its header word can name.  Above the last row a cell may also group
    columns it cannot name (人员经费 over 编码 | 名称 | 决算数); such a parent (in `split`) must
    then be divided by the row below, never continued down.  `strict`: in the last row every
    cell over an amount column is that column's alone (one leaf per amount column), and above it
    the amount columns under cells still to be divided are no more than the `below` cells left.
    `symmetric`: cells of a row printing the same word are equally wide (预算数 and 决算数 each
    over 合计 | 因公出国（境）费 | 公务用车购置及运行费 | 公务接待费, the same four groups).
    `leaf`: below the top row a leaf measure word (预算数, 决算数) is one column wide, and a parent
    in `closed` (such a cell of a row above) spans down, and a parent is divided into two cells or
    more (one cell exactly under another would be printed in it)."""
    n_cells = len(texts)
    twin = [texts.index(t) for t in texts]  # the first cell of the row printing the same word

    def shared(a: int, b: int) -> bool:  # a bottom cell here would name several columns, one an amount
        return strict and last_row and b - a > 1 and "num" in kinds[a:b]
    hkinds = [header_kind(t) for t in texts]
    one = [leaf and not first_row and is_leaf_measure(t) for t in texts]  # cells one column wide

    def fits(cell: int, a: int, b: int) -> bool:
        return all(_fits(hkinds[cell], kinds[c]) for c in range(a, b))

    room = [0] * (len(parents) + 1)  # columns in parents[p:]
    need = [0] * (len(parents) + 1)  # strict last row: cells the shared parents in parents[p:] need at least
    for p in range(len(parents) - 1, -1, -1):
        room[p] = room[p + 1] + parents[p][1] - parents[p][0]
        need[p] = need[p + 1] + (kinds[parents[p][0]:parents[p][1]].count("num") if shared(*parents[p]) else 0)

    def owed(a: int, b: int) -> int:  # cells the rows below must give these columns' amounts
        return kinds[a:b].count("num") if strict and b - a > 1 else 0

    def walk(p: int, cell: int, debt: int = 0, widths: tuple[int, ...] = ()) -> Iterator[list[Span]]:
        budget.step()
        if debt > below and not last_row:
            return
        if p == len(parents):
            if cell == n_cells:
                yield []
            return
        if n_cells - cell > room[p] or n_cells - cell < need[p] or (first_row and n_cells - cell < len(parents) - p):
            return  # the cells left cannot fill (or do not fit in) the parents left
        start, end = parents[p]
        if not first_row and parents[p] not in split and not shared(start, end):
            yield from walk(p + 1, cell, debt + owed(start, end), widths)  # the parent spans down over this row
        if parents[p] in closed:
            return
        for m in range(1 + (leaf and not first_row), min(n_cells - cell, end - start) + 1):
            for sizes in _sized(end - start, one[cell:cell + m]):
                budget.step()
                runs, pos = [], start
                for size in sizes:
                    runs.append((pos, pos + size))
                    pos += size
                if any(shared(a, b) for a, b in runs) or not all(
                        fits(cell + j, a, b) or (not last_row and b - a > 1 and hkinds[cell + j] in _GROUPS)
                        for j, (a, b) in enumerate(runs)):
                    continue
                now = widths + tuple(sizes)
                if symmetric and any(now[twin[j]] != now[j] for j in range(cell, cell + m)):
                    continue
                for rest in walk(p + 1, cell + m, debt + sum(owed(a, b) for a, b in runs), now):
                    yield runs + rest
    yield from walk(0, 0)


def is_leaf_measure(text: str) -> bool:
    return bool(_LEAF_MEASURE.match(fold(text)))


def _affinity(layout: list[list[Span]], texts: list[list[str]]) -> int:
    """Characters sub-headers share in a run with the group over them (购置费 under 公务用车购置及运行费)."""
    total = 0
    for r in range(1, len(layout)):
        for i, (a, b) in enumerate(layout[r]):
            up = next(((q, j) for q in range(r - 1, -1, -1) for j, (x, y) in enumerate(layout[q]) if x <= a and b <= y),
                      None)
            if up is None:
                continue
            child = fold(texts[r][i])
            n = _common_run(child, fold(texts[up[0]][up[1]]))
            total += n if n >= 2 and 2 * n >= len(child) else 0  # most of the child's words, not a chance 运行
    return total


def _common_run(a: str, b: str) -> int:
    """Length of the longest run of characters both words print (购置 in 购置费 and 公务用车购置及运行费)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


def _repeats(layout: list[list[Span]], texts: list[list[str]]) -> int:
    """Groups of a row over the same words as another group of that row (预算数 | 决算数 each over
    合计 | 因公出国（境）费 | …): a repeated block of sub-headers sits under one group each."""
    total = 0
    for r in range(len(layout) - 1):
        under = [tuple(fold(texts[r + 1][j]) for j, (x, y) in enumerate(layout[r + 1]) if a <= x and y <= b)
                 for a, b in layout[r]]
        groups = [u for u in under if u]
        total += sum(1 for u in groups if groups.count(u) > 1)
    return total


def _score(layout: list[list[Span]], texts: list[list[str]], kinds: list[str]) -> tuple[int, int, int, int, int]:
    width = len(kinds)
    bottom: list[tuple[int, int, Span]] = [(-1, -1, (0, 0))] * width
    for r, runs in enumerate(layout):
        for i, (a, b) in enumerate(runs):
            for c in range(a, b):
                bottom[c] = (r, i, (a, b))
    leaf = sum(1 for c in range(width) if kinds[c] == "num" and bottom[c][2][1] - bottom[c][2][0] > 1)
    misfit = sum(1 for c in range(width) if bottom[c][0] >= 0
                 and not _fits(header_kind(texts[bottom[c][0]][bottom[c][1]]), kinds[c]))
    halves = 0  # a half (收入 | 支出) starts at its label and keeps the label's amounts inside
    for r, runs in enumerate(layout):
        for i, (a, b) in enumerate(runs):
            if b < width and "num" in kinds[a:b] and kinds[b - 1] in ("name", "code", "furniture"):
                halves += 1
            if header_kind(texts[r][i]) == "banner" and kinds[a] == "num":
                halves += 1
            if header_kind(texts[r][i]) == "label" and "num" in kinds[a:b]:
                halves += 1  # 项目 / 科目 over amount columns: it groups the labels only
            if b - a < width and any(kinds[c] in ("name", "code") and kinds[c - 1] == "num" for c in range(a + 1, b)):
                halves += 1  # a group over the end of one half and the label of the next (财政拨款收入)
    return leaf, halves, misfit, -_repeats(layout, texts), -_affinity(layout, texts)


def solve(texts: list[list[str]], kinds: list[str]) -> list[list[Span]] | None:
    """Column runs of each header row's cells (row by row), or None.

    Up to four searches, each stopped after MAX_NODES steps: when a leaf measure word (预算数,
    决算数) stands below the top row, first among the tilings where each such cell names one amount
    column and spans down (T09's categories over 预算数 | 决算数: 小计 | 购置费 | 运行费 then share
    公务用车's columns); then among the tilings with one leaf cell per amount column whose repeated
    words are equally wide (pruned hard, so a wide header such as T09's twelve columns on three rows
    stays small), then among those with one leaf per amount column, then among all.  The first
    tiling that breaks no rule (leaf, halves, misfit all 0) ends the search; else the best wins."""
    best: tuple[tuple[int, ...], list[list[Span]]] | None = None
    leafy = any(is_leaf_measure(t) for row in texts[1:] for t in row)
    phases = ((True, True, True),) * leafy + ((True, True, False), (True, False, False), (False, False, False))
    for strict, symmetric, leaf in phases:
        found = _search(texts, kinds, strict, symmetric, leaf)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
        if best is not None and best[0][:3] == (0, 0, 0):
            break
    return None if best is None else best[1]


def _search(texts: list[list[str]], kinds: list[str], strict: bool,
            symmetric: bool = False, leaf: bool = False) -> tuple[tuple[int, ...], list[list[Span]]] | None:
    """The best-scoring tiling and its score, or None (none found, or out of budget)."""
    width = len(kinds)
    best: tuple[tuple[int, ...], list[list[Span]]] | None = None
    budget = _Budget(MAX_NODES)
    cells_below = [sum(len(t) for t in texts[r + 1:]) for r in range(len(texts))]

    def rec(r: int, parents: list[Span], layout: list[list[Span]], split: frozenset[Span],
            closed: frozenset[Span]) -> None:
        nonlocal best
        last = r + 1 == len(texts)
        for runs in _row_tilings(texts[r], parents, kinds, r == 0, last, budget, split, strict, cells_below[r],
                                 symmetric, leaf, closed):
            budget.step()
            placed = [*layout, runs]
            if r + 1 == len(texts):
                score = _score(placed, texts, kinds)
                if best is None or score < best[0]:
                    best = (score, placed)
            else:
                below = sorted(runs + [p for p in parents if not any(a < p[1] and p[0] < b for a, b in runs)])
                if strict and sum(kinds[a:b].count("num") for a, b in below if b - a > 1) > cells_below[r]:
                    continue  # too few cells left below to give each amount column its own
                groups = frozenset((a, b) for i, (a, b) in enumerate(runs)
                                   if not all(_fits(header_kind(texts[r][i]), kinds[c]) for c in range(a, b)))
                ones = frozenset(run for run, t in zip(runs, texts[r], strict=True)
                                 if leaf and r > 0 and is_leaf_measure(t))
                rec(r + 1, below, placed, groups, (closed & frozenset(below)) | ones)

    try:
        rec(0, [(0, width)], [], frozenset(), frozenset())
    except _OutOfBudget:
        return None
    return best
