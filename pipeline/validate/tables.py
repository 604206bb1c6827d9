"""A standard table's line items seen as rows: by subject code, by label, by measure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.records import LineItem
from pipeline.validate.labels import norm_label, norm_measure


@dataclass
class Row:
    """One printed row of one side of a table: its label, code and the amounts by measure."""

    table_code: str
    side: str | None
    label: str | None
    code: str | None
    level: int | None
    order: tuple[str, int]
    items: dict[str, LineItem] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return norm_label(self.label)

    def get(self, *measures: str) -> LineItem | None:
        """The item under the first of `measures` (canonical names) this row prints."""
        for m in measures:
            li = self.items.get(norm_measure(m))
            if li is not None:
                return li
        return None

    @property
    def page(self) -> int | None:
        return next((li.page for li in self.items.values() if li.page), None)


def _row_key(li: LineItem, index: int) -> tuple[str, str, int | str, str]:
    """Items of one printed row: T06 prints two rows (人员 | 公用 halves) side by side on one line."""
    name = li.subject_code or norm_label(li.row_label)
    if li.row is not None:
        return (li.table_id or "", li.side or "", li.row, name)
    return ("", li.side or "", name or f"#{index}", "")


class TableView:
    """The rows of one table code, in printed order."""

    def __init__(self, table_code: str, items: list[LineItem]) -> None:
        self.table_code = table_code
        rows: dict[tuple[str, str, int | str, str], Row] = {}
        for i, li in enumerate(items):
            k = _row_key(li, i)
            row = rows.get(k)
            if row is None:
                order = (li.table_id or "", li.row if li.row is not None else i)
                row = rows[k] = Row(table_code, li.side, li.row_label, li.subject_code, li.subject_level, order)
            row.items.setdefault(norm_measure(li.measure), li)
        self.rows = sorted(rows.values(), key=lambda r: r.order)

    def coded(self) -> list[Row]:
        return [r for r in self.rows if r.code]

    def by_code(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.code == code), None)

    def find(self, pattern: str, side: str | None = None, start: int = 0) -> Row | None:
        """The first uncoded row (from index `start`) whose whole label matches `pattern`."""
        rx = re.compile(pattern)
        for r in self.rows[start:]:
            if r.code is None and (side is None or r.side == side) and rx.fullmatch(r.key):
                return r
        return None

    def children(self, parent: Row) -> list[Row]:
        """The rows one level below `parent` (codes extending its code by two digits)."""
        code = parent.code or ""
        return [r for r in self.coded() if r.code and len(r.code) == len(code) + 2 and r.code.startswith(code)]

    def parent(self, row: Row) -> Row | None:
        """The row one level up (the 合计 row for a 类)."""
        code = row.code or ""
        return self.by_code(code[:-2]) if len(code) > 3 else self.total() if len(code) == 3 else None

    def index(self, row: Row) -> int:
        return self.rows.index(row)

    def side(self, side: str) -> list[Row]:
        return [r for r in self.rows if r.side == side]

    def total(self) -> Row | None:
        """The 合计 row of a one-sided table (T02, T03, T05, T07, T08)."""
        return self.find(r"(?:总|合)计")

    def measures(self) -> set[str]:
        return {m for r in self.rows for m in r.items}
