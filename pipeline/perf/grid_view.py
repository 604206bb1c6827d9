"""A read-only view of a Grid for the perf readers: rows of texts, header lookup by name."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.model import Cell, Grid


def norm(text: str | None) -> str:
    """Compare-form of a label: NFKC, no whitespace, no punctuation in （）()：:."""
    t = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s:：]", "", t)


@dataclass
class GridView:
    grid: Grid

    def __post_init__(self) -> None:
        self.anchor = self.grid.anchor_at()
        self.matrix = self.grid.text_matrix()
        self.by_row = self.grid.rows()

    @property
    def n_rows(self) -> int:
        return self.grid.n_rows

    def anchors(self, row: int) -> list[Cell]:
        """The cells that start in `row`, left to right."""
        return self.by_row[row]

    def covered_from_above(self, row: int, col: int) -> Cell | None:
        """The cell spanning down into (row, col) from an earlier row, if any."""
        c = self.anchor[row][col]
        return c if c is not None and c.row < row else None

    def find_header(self, start: int, *needles: str) -> tuple[int, dict[int, str]] | None:
        """The first row at or after `start` whose anchors contain all needles: (row, col → label)."""
        for r in range(start, self.n_rows):
            labels = {c.col: norm(c.text) for c in self.anchors(r)}
            if all(any(n in lab for lab in labels.values()) for n in needles):
                return r, labels
        return None


def column_of(labels: dict[int, str], *names: str) -> int | None:
    """The column whose header label contains one of `names` (tried in order)."""
    for name in names:
        for col, lab in sorted(labels.items()):
            if name in lab:
                return col
    return None
