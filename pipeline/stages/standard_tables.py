"""Stage `tables.parse`: every amount of the standard tables (T01–T09, B01–B09) as a `LineItem`.

For each classified standard table the grid's layout is read (`pipeline.tables.layout`): the
header rows give each amount column its canonical measure, code columns give the full subject
code, and side-by-side halves are read separately (T01/T04 收入 | 支出 become `side`; T06's
人员经费 | 公用经费 halves keep their own codes and names).  A blank or dash cell makes no item;
0.00 makes one.  Amounts are converted exactly: to_yuan(parse_amount(text), table unit).
Budget tables take their measures from `pipeline.tables.budget_measures`; a budget table
printed with two label columns (a group and its rows: 一般公共预算资金 | 小计) joins them with "/".
"""
from __future__ import annotations

from pipeline.model import Cell, Document, Table
from pipeline.records import LineItem, Side
from pipeline.tables.budget_measures import BUDGET_CODES, b09_row_measure, budget_measure
from pipeline.tables.layout import Layout, Segment, analyse
from pipeline.tables.measures import measure, t09_row_measure
from pipeline.tables.subjects import CodeReader, level_of, split_label_code
from pipeline.tables.text import clean, code_digits, key
from pipeline.values import parse_amount, to_yuan

STANDARD = {f"T0{i}" for i in range(1, 10)} | BUDGET_CODES
TWO_SIDED = {"T01", "T04", "B01", "B04"}
_SIDE_WORDS: dict[str, Side] = {"收入": "income", "收入项目": "income", "支出": "expenditure",
                                "支出项目": "expenditure"}
_BUDGET_SIDE_WORDS: dict[str, Side] = {**_SIDE_WORDS, "本年收入": "income", "财政拨款收入": "income",
                                       "收入预算": "income", "本年支出": "expenditure",
                                       "财政拨款支出": "expenditure", "支出预算": "expenditure"}


def _side_words(table_code: str) -> dict[str, Side]:
    return _BUDGET_SIDE_WORDS if table_code in BUDGET_CODES else _SIDE_WORDS


def run(doc: Document) -> Document:
    items: list[LineItem] = []
    for table in doc.tables:
        if table.table_code in STANDARD:
            items.extend(table_items(table, table.unit or doc.metadata.source_unit))
    kept = [it for it in doc.line_items if it.table_code not in STANDARD]
    return doc.model_copy(update={"line_items": kept + items})


def table_items(table: Table, unit: str | None) -> list[LineItem]:
    """The line items of one standard table, in row order, left half before right half."""
    layout = analyse(table.grid)
    if not layout.segments:
        return []
    reader = _RowReader(table, layout, unit)
    out: list[LineItem] = []
    for r in layout.data_rows(table.grid.n_rows):  # notes rows (注：…) are never data
        out.extend(reader.row(r))
    return out


def _segment_side(table: Table, layout: Layout, seg: Segment, index: int) -> Side | None:
    if table.table_code not in TWO_SIDED:
        return None
    cols = [*seg.code_cols, *([seg.label_col] if seg.label_col is not None else []), *seg.amount_cols]
    words = _side_words(table.table_code)
    for c in cols:
        for level in layout.levels[c]:
            if key(level) in words:
                return words[key(level)]
    if len(layout.segments) == 1:
        return None  # one list: the side comes from banner rows
    return "income" if index == 0 else "expenditure"


def _measure_levels(layout: Layout) -> list[list[str]]:
    """Each amount column's header levels without the banners over its whole half (收入 | 支出,
    人员经费 | 公用经费 printed over code, name and amount columns alike)."""
    out = [list(v) for v in layout.levels]
    for seg in layout.segments:
        text_cols = [*seg.code_cols, *([seg.label_col] if seg.label_col is not None else [])]
        banners = {key(v) for c in text_cols for v in layout.levels[c]}
        for c in seg.amount_cols:
            out[c] = [v for v in layout.levels[c] if key(v) not in banners]
    return out


class _RowReader:
    """Turns the data rows of one table into line items, one segment (half) at a time."""

    def __init__(self, table: Table, layout: Layout, unit: str | None) -> None:
        self.table, self.layout, self.unit = table, layout, unit
        self.anchors = table.grid.anchor_at()
        self.matrix = table.grid.text_matrix()
        self.readers = [CodeReader() for _ in layout.segments]
        self.sides = [_segment_side(table, layout, s, i) for i, s in enumerate(layout.segments)]
        self.row_side: Side = "income"  # for a two-sided table printed as one list
        self.levels = _measure_levels(layout)
        self.budget = table.table_code in BUDGET_CODES
        self.label_cols = [_label_cols(layout, s) if self.budget else [] for s in layout.segments]

    def row(self, r: int) -> list[LineItem]:
        out: list[LineItem] = []
        for i, seg in enumerate(self.layout.segments):
            out.extend(self._segment_row(r, i, seg))
        return out

    def _segment_row(self, r: int, i: int, seg: Segment) -> list[LineItem]:
        row = self.matrix[r]
        code = self.readers[i].read([row[c] for c in seg.code_cols]) if seg.code_cols else None
        label = self._group_label(row, i) if self.label_cols[i] else self._label(row, seg)
        if code is None and label:
            code_in_label, rest = split_label_code(label)
            if code_in_label:
                code, label = code_in_label, rest
        side = self._side(i, label)
        out = []
        for c in seg.amount_cols:
            item = self._item(r, c, label, code, side, len(seg.amount_cols))
            if item is not None:
                out.append(item)
        return out

    def _label(self, row: list[str], seg: Segment) -> str | None:
        if seg.label_col is not None and clean(row[seg.label_col]):
            return clean(row[seg.label_col])
        texts = [clean(row[c]) for c in seg.code_cols if row[c] and code_digits(row[c]) is None]
        return texts[0] if texts else None

    def _group_label(self, row: list[str], i: int) -> str | None:
        """Two or more label columns (a group and its rows): their distinct texts joined by "/"."""
        parts: list[str] = []
        for c in self.label_cols[i]:
            t = clean(row[c])
            if t and t not in parts:
                parts.append(t)
        return "/".join(parts) or None

    def _side(self, i: int, label: str | None) -> Side | None:
        if self.table.table_code not in TWO_SIDED:
            return None
        if self.sides[i] is not None:
            return self.sides[i]
        words = _side_words(self.table.table_code)
        if label and key(label) in words:
            self.row_side = words[key(label)]
        elif label and key(label).startswith("本年支出"):
            self.row_side = "expenditure"
        return self.row_side

    def _item(self, r: int, c: int, label: str | None, code: str | None, side: Side | None,
              n_amount: int) -> LineItem | None:
        cell = self.anchors[r][c]
        if cell is None or cell.row != r or cell.col != c:
            return None  # covered by a span: read once, at its anchor
        amount = parse_amount(cell.text)
        if amount is None:
            return None
        code_ = self.table.table_code
        if self.budget:
            name = budget_measure(code_, self.levels[c], side, n_amount, self.levels)
        else:
            name = measure(code_, self.levels[c], side)
        if code_ == "B09":
            name = b09_row_measure(label) or name
            label = None
        if code_ == "T09":
            leaf = t09_row_measure(label)
            if leaf and name:
                name = "/".join([*name.split("/")[:-1], leaf])
            label = None
        if name is None:
            return None
        return LineItem(
            table_code=code_, side=side, row_label=label or None, subject_code=code,
            subject_level=level_of(code), measure=name, amount_yuan=to_yuan(amount, self.unit),
            amount_text=cell.text.strip(), page=self._page(cell), table_id=self.table.table_id, row=r, col=c,
        )

    def _page(self, cell: Cell) -> int | None:
        if cell.prov is not None and cell.prov.page is not None:
            return cell.prov.page
        return self.table.page_start


def _label_cols(layout: Layout, seg: Segment) -> list[int]:
    """A budget half's label columns: its label column and any label columns right after it."""
    if seg.label_col is None:
        return []
    end = min(seg.amount_cols) if seg.amount_cols else len(layout.roles)
    cols = [c for c in range(seg.label_col, end) if layout.roles[c] == "label"]
    return cols if len(cols) > 1 else []
