"""Pipe-delimited tables, as scraping an HTML page writes them, rebuilt into a Grid.

The format (one row of the web page's table):

    |                      <- a lone pipe at the start of a line starts a row, wherever it stands
    合计 |                 <- each cell ends " |"; " |" alone is an empty cell
    一般公共预算           <- a line without a closing pipe continues into the next cell line
    财政拨款 |                (a cell with line breaks; header cells wrap this way)
    36.37% | |||||         <- the last cell, then padding pipes: the padding ends the row …

… or the row ends without padding, at the next lone pipe or where no cell line follows; lines
no cell line closes are then not the row's (the text after a table).  In a table whose rows all
end with padding, a last row without it was cut off (a problem).  A table's title and 单位 may
be its first rows; tables written back to back are split where such a caption row follows table
rows (`split_tables`).

Column spans are not written and cells covered by a rowspan from the row above are simply
missing.  `rebuild_grid` infers header spans with pipe_header's search and body spans with one
rule, stated in `_place_row`: a short row is right-aligned under the row above when the columns
it leaves free are covered by label cells of that row (those cells then span down); otherwise
it is left-aligned and its last cell spans to the right edge.  A short row that no placement
fits (an amount under a column of words, or an amount that would span amount columns) is a
problem naming its line, never a silent shift of columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.web.pipe_header import column_kinds, solve
from pipeline.model import Cell, Grid, Provenance
from pipeline.values import is_blank, parse_amount, parse_rate

_CELL_LINE = re.compile(r"^(?P<text>.*?)\s*\|(?P<pad>(?:\s*\|)*)\s*$")
# padding alone starts with a bare pipe; " |" (space, pipe) is an empty cell, maybe followed by padding
_ONLY_PIPES = re.compile(r"^\|(?:\s*\|)+\s*$")


@dataclass
class RawCell:
    text: str
    line: int  # 1-based source line


@dataclass
class RawRow:
    cells: list[RawCell]
    pad: int  # padding pipes after the last cell (0: the row ended without padding)
    line_start: int
    line_end: int

    @property
    def padded(self) -> bool:
        return self.pad > 0

    @property
    def slots(self) -> int:
        return len(self.cells) + self.pad


@dataclass
class RawTable:
    rows: list[RawRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def is_row_start(line: str) -> bool:
    """A lone pipe at the start of its line (" |" with a leading space is an empty cell)."""
    return line.rstrip() == "|"


def starts_table(line: str) -> bool:
    return line.strip() == "|"


def read_row(lines: list[str], i: int) -> tuple[RawRow, int]:
    """Read one row whose start line `|` is lines[i]; return it and the index after it.

    A row ends with padding pipes (`36.37% | ||||` or a line of pipes alone), or without:
    at the next lone `|` (the next row) or where no further cell follows.  Lines without a
    closing pipe before a cell line belong to that cell (a cell with line breaks); such lines
    that no cell line closes are not part of the row and are left for the caller.
    """
    start = i
    cells: list[RawCell] = []
    pending: list[str] = []
    pending_line = i + 2
    after = i + 1  # the index after the last line that belongs to the row
    i += 1
    while i < len(lines):
        line = lines[i]
        if is_row_start(line):
            break
        if _ONLY_PIPES.match(line):
            if pending:
                break  # text no pipe closed, then padding: the text is not a cell of this row
            return RawRow(cells, line.count("|"), start + 1, i + 1), i + 1
        m = _CELL_LINE.match(line)
        if not m:
            if not pending:
                pending_line = i + 1
            pending.append(line.strip())
            i += 1
            continue
        text = "\n".join([*pending, m.group("text").strip()]).strip()
        cells.append(RawCell(text, pending_line if pending else i + 1))
        pending = []
        after = i + 1
        pad = m.group("pad").count("|")
        if pad:
            return RawRow(cells, pad, start + 1, i + 1), i + 1
        i += 1
    return RawRow(cells, 0, start + 1, after), after


def read_table(lines: list[str], i: int) -> tuple[RawTable, int]:
    """Read consecutive rows starting at lines[i]; return the table and the index after it."""
    table = RawTable()
    while i < len(lines) and (is_row_start(lines[i]) or (not table.rows and starts_table(lines[i]))):
        row, i = read_row(lines, i)
        if row.cells:
            table.rows.append(row)
        else:
            table.problems.append(f"line {row.line_start}: a row start with no cell after it")
    _check_ends(table, lines, i)
    for part in split_tables(table.rows):  # tables written back to back each have their own width
        _check_widths(table.problems, part)
    return table, i


_CAPTION = re.compile(r"表\s*$|表\s*[(（（]|^\s*续表|单位\s*[:：]")
MAX_CAPTION_CHARS = 60


def is_caption_row(row: RawRow) -> bool:
    """A one-cell row printing a table's title or its 单位 line."""
    return len(row.cells) == 1 and len(row.cells[0].text) <= MAX_CAPTION_CHARS and bool(
        _CAPTION.search(row.cells[0].text))


def split_tables(rows: list[RawRow]) -> list[list[RawRow]]:
    """Rows of consecutive tables written without text between them, split where a caption
    row (a title, 单位：万元) follows table rows (two or more cells): the next table's first rows."""
    parts: list[list[RawRow]] = [[]]
    table = False  # a row of two or more cells since the part began
    for i, row in enumerate(rows):
        if is_caption_row(row) and table and not (i and is_caption_row(rows[i - 1])):
            parts.append([])
            table = False
        parts[-1].append(row)
        table = table or len(row.cells) >= 2
    return [p for p in parts if p]


def _check_ends(table: RawTable, lines: list[str], end: int) -> None:
    """A table whose rows end with padding but whose last row does not was cut off."""
    rows = table.rows
    if len(rows) < 2 or rows[-1].padded or not all(r.padded for r in rows[:-1]):
        return
    if end < len(lines) and is_row_start(lines[end]):
        return
    table.problems.append(
        f"table cut off: the row starting at line {rows[-1].line_start} never ends (no closing pipes)")


def _check_widths(problems: list[str], rows: list[RawRow]) -> None:
    """Padded rows declare the table's width (cells + padding = columns + 1): a row with more
    cells than that is reported."""
    declared = [r.slots - 1 for r in rows if r.padded]
    if not declared:
        return
    usual = max(set(declared), key=declared.count)
    for r in rows:
        if len(r.cells) > usual:
            problems.append(
                f"row at line {r.line_start} has {len(r.cells)} cells, more than the table's {usual} columns")


# --------------------------------------------------------------------------- grid rebuild
def _kind(text: str) -> str:
    """'num' for amounts/rates, 'blank' for nothing printed, else 'text'."""
    if is_blank(text):
        return "blank"
    if parse_amount(text) is not None or parse_rate(text) is not None:
        return "num"
    return "text"


def _is_label(cell: Cell | None, n_cols: int) -> bool:
    """A cell that may span down over a short row: printed text, not a full-width banner."""
    return cell is not None and _kind(cell.text) == "text" and cell.col_span < n_cols


def _conflicts(texts: list[str], cols: list[int], above: list[Cell | None]) -> int:
    """How many cells would land under a cell of the other kind (number vs words)."""
    n = 0
    for text, col in zip(texts, cols, strict=True):
        a, b = _kind(text), _kind(above[col].text) if above[col] else "blank"
        if "blank" not in (a, b) and a != b:
            n += 1
    return n


def _place_row(texts: list[str], above: list[Cell | None], n_cols: int) -> tuple[int, list[int], int]:
    """Where a row's k cells go: (first column, their columns, the last cell's col_span).

    Right-aligned (last cell under the last anchor above, same span) when every column left
    free is covered by a label cell of the row above and no more cells clash with the kinds
    above than left-aligned would; else left-aligned with the last cell spanning the rest.
    """
    k = len(texts)
    left_cols = list(range(k))
    left = (0, left_cols, n_cols - k + 1)
    anchors = [a for a in above if a is not None]
    if k >= n_cols or not anchors:
        return left
    last = max(anchors, key=lambda c: c.col)
    first = last.col - (k - 1)
    if first <= 0:
        return left
    covers = [above[c] for c in range(first)]
    if not all(_is_label(c, n_cols) for c in covers):
        return _total_row(texts, above, n_cols, last) or left
    right_cols = list(range(first, last.col + 1))
    if _conflicts(texts, right_cols, above) > _conflicts(texts, left_cols, above):
        return left
    return first, right_cols, last.col_span


def _header_zone(texts: list[list[str]], n_cols: int) -> tuple[int, int]:
    """[start, end) of the header rows: after leading one-cell banners and caption rows (a title,
    编制单位：… | 金额单位：万元 printed inside the grid), before the first amount."""
    start = 0
    while start < len(texts) and n_cols > 1 and (len(texts[start]) == 1 or _is_caption_cells(texts[start])):
        start += 1
    end = start
    while end < len(texts) and not any(_kind(t) == "num" for t in texts[end]):
        end += 1
    return start, end


def _is_caption_cells(texts: list[str]) -> bool:
    """A row whose printed cells are all captions (编制单位：… | 单位：万元), not column headers."""
    printed = [t for t in texts if not is_blank(t)]
    return bool(printed) and all(len(t) <= MAX_CAPTION_CHARS and _CAPTION.search(t) for t in printed)


def _solved_header(texts: list[list[str]], n_cols: int) -> tuple[int, list[list[tuple[int, int, int]]]] | None:
    """(first header row, per header row the (col, col_span, row_span) of each cell), or None."""
    start, end = _header_zone(texts, n_cols)
    full = [i for i in range(end, len(texts)) if len(texts[i]) == n_cols]
    body = [texts[i] for i in full]
    if end == start or end == len(texts) or not body or all(len(t) == n_cols for t in texts[start:end]):
        return None
    # a header row of blank cells names nothing: solved as a row the cells above span down over
    words = [row if any(not is_blank(t) for t in row) else [] for row in texts[start:end]]
    layout = solve(words, column_kinds(body, n_cols, full))
    if layout is None:
        return None
    placed = []
    for r, runs in enumerate(layout):
        row = []
        for a, b in runs:
            span = 1
            while r + span < len(layout) and not any(x < b and a < y for x, y in layout[r + span]):
                span += 1
            row.append((a, b - a, span))
        placed.append(row)
    return start, placed


def _total_row(texts: list[str], above: list[Cell | None], n_cols: int,
               last: Cell) -> tuple[int, list[int], int] | None:
    """A 合计 row (a label, then amounts) under amount columns: its label spans the columns to
    the left, like `<td colspan=4>合计</td>`; placed so unless that clashes more than left-aligned."""
    if len(texts) < 2 or _kind(texts[0]) != "text" or any(_kind(t) == "text" for t in texts[1:]):
        return None
    first = last.col - (len(texts) - 1)
    if first < 0:
        return None
    cols = [0, *range(first + 1, last.col + 1)]
    if _conflicts(texts[1:], cols[1:], above) > _conflicts(texts[1:], list(range(1, len(texts))), above):
        return None
    return 0, cols, last.col_span


def rebuild_grid(rows: list[RawRow], problems: list[str] | None = None) -> Grid:
    """The grid a person sees on the web page, from rows of a pipe table.  A short row whose
    amounts land, wherever it is placed, in columns that hold only words in the full rows is
    reported in `problems` with its line (its cells stay as placed, for review)."""
    n_cols = max((len(r.cells) for r in rows), default=0)
    texts = [[c.text for c in r.cells] for r in rows]
    header = _solved_header(texts, n_cols)
    wordy = _word_columns(texts, n_cols)
    numeric = _amount_columns(texts, n_cols)
    cells: list[Cell] = []
    above: list[Cell | None] = [None] * n_cols
    for r_index, row in enumerate(rows):
        if header and header[0] <= r_index < header[0] + len(header[1]):
            above = _place_header_row(row, r_index, header[1][r_index - header[0]], above, cells)
            continue
        texts_r = texts[r_index]
        first, cols, last_span = _place_row(texts_r, above, n_cols)
        if problems is not None and len(cols) < n_cols:
            stray = [t for t, c in zip(texts_r, cols, strict=True) if c in wordy and _kind(t) == "num"]
            if stray:
                problems.append(f"row at line {row.line_start}: {len(cols)} cells cannot be placed under the "
                                f"table's {n_cols} columns (amount {stray[0]} would fall in a column of words)")
            elif wordy and _kind(texts_r[-1]) == "num" and last_span > 1 and \
                    all(c in numeric for c in range(cols[-1], cols[-1] + last_span)):
                problems.append(f"row at line {row.line_start}: {len(cols)} cells for the table's {n_cols} columns "
                                f"and none spans down into it: a cell is missing, amount {texts_r[-1]} cannot be "
                                "placed in one column")
        for col in range(first):  # covered from above: extend those cells down
            anchor = above[col]
            if anchor is not None and anchor.row + anchor.row_span == r_index:
                anchor.row_span += 1
        current: list[Cell | None] = list(above[:first]) + [None] * (n_cols - first)
        for j, (raw, col) in enumerate(zip(row.cells, cols, strict=True)):
            span = last_span if j == len(cols) - 1 else cols[j + 1] - col  # a gap: this cell spans it
            span = max(1, min(span, n_cols - col))
            cell = _cell(raw, r_index, col, span, 1)
            cells.append(cell)
            for k in range(col, col + span):
                current[k] = cell
        above = current
    return Grid(n_rows=len(rows), n_cols=n_cols, cells=cells)


def _word_columns(texts: list[list[str]], n_cols: int) -> set[int]:
    """Columns that hold words and never an amount in the full-width rows below the header."""
    _, end = _header_zone(texts, n_cols)
    full = [t for t in texts[end:] if len(t) == n_cols]
    if len(full) < 2:
        return set()
    return {c for c in range(n_cols) if all(_kind(r[c]) != "num" for r in full)
            and any(_kind(r[c]) == "text" for r in full)}


def _amount_columns(texts: list[list[str]], n_cols: int) -> set[int]:
    """Columns that hold an amount in every full-width row below the header that prints one."""
    _, end = _header_zone(texts, n_cols)
    full = [t for t in texts[end:] if len(t) == n_cols]
    if len(full) < 2:
        return set()
    return {c for c in range(n_cols) if any(_kind(r[c]) == "num" for r in full)
            and all(_kind(r[c]) != "text" for r in full)}


def _cell(raw: RawCell, row: int, col: int, col_span: int, row_span: int) -> Cell:
    return Cell(row=row, col=col, col_span=col_span, row_span=row_span, text=raw.text,
                prov=Provenance(origin="text", line_start=raw.line, line_end=raw.line))


def _place_header_row(row: RawRow, r_index: int, spans: list[tuple[int, int, int]], above: list[Cell | None],
                      cells: list[Cell]) -> list[Cell | None]:
    """Place a header row as the solver laid it out; columns it leaves free stay covered from above."""
    current = list(above)
    if not spans and all(is_blank(c.text) for c in row.cells):
        return current  # a blank header row: the cells above span down over it
    for raw, (col, col_span, row_span) in zip(row.cells, spans, strict=True):
        cell = _cell(raw, r_index, col, col_span, row_span)
        cells.append(cell)
        for k in range(col, col + col_span):
            current[k] = cell
    return current
