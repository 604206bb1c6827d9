"""Workbook layouts publishers use: the Putuo 决算 written as a workbook with a sheet per table
(sheets named 表1, 表2 … after a 封面 sheet) or with everything on one sheet; both must give the
gold's line items (scored by the shared scorer's rules) and the department as printed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from pipeline.model import Document  # noqa: E402
from tests.conftest import PUTUO  # noqa: E402
from tests.test_pipe_grammar import GOLD, _captions, _line_item_f1  # noqa: E402

_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.\d{2}$")


def _put(ws, row: int, col: int, text: str) -> None:
    cell = ws.cell(row, col)
    if _AMOUNT.match(text):  # amounts stored as numbers with a thousands format, as Excel users do
        cell.value, cell.number_format = float(text.replace(",", "")), "#,##0.00"
    else:
        cell.value = text


def _write_grid(ws, top: int, grid) -> int:
    """The grid at row `top` (merges from spans); returns the row after it."""
    for c in grid.cells:
        _put(ws, top + c.row, 1 + c.col, c.text)
        if c.row_span > 1 or c.col_span > 1:
            ws.merge_cells(start_row=top + c.row, start_column=1 + c.col,
                           end_row=top + c.row + c.row_span - 1, end_column=c.col + c.col_span)
    return top + grid.n_rows


def workbook(doc: Document, path: Path, layout: str) -> Path:
    """A table's pages are one grid in a workbook: the joined grids of `doc.tables` are written,
    each under its title and 单位 rows, on a sheet of its own or all on one sheet."""
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "封面" if layout == "per_sheet" else "Sheet1"
    captions = _captions(doc)
    starts = {t.block_indices[0]: t for t in doc.tables}
    continued = {i for t in doc.tables for i in t.block_indices[1:]}
    ws, row, n, held = first, 1, 0, []
    for i, b in enumerate(doc.blocks):
        if i in captions:
            held.append(b.text)
            continue
        if b.kind != "table" or b.grid is None:
            for text in [*held, b.text]:
                ws.cell(row, 1, text)
                row += 1
            held = []
            continue
        if i in continued or i not in starts:
            held = []
            continue
        if layout == "per_sheet":
            n += 1
            ws, row = wb.create_sheet(f"表{n}"), 1
        elif layout == "one_sheet":
            row += 1  # a blank row before a table's title (one_sheet_tight: none)
        for text in held:
            ws.cell(row, 1, text)
            row += 1
        held = []
        row = _write_grid(ws, row, starts[i].grid) + (layout != "one_sheet_tight")  # a blank row after it
        if layout == "per_sheet":
            ws, row = first, first.max_row + 1
    out = path / f"{PUTUO.stem}-{layout}.xlsx"
    wb.save(out)
    return out


@pytest.mark.parametrize("layout", ["per_sheet", "one_sheet", "one_sheet_tight"])
def test_putuo_as_a_workbook_scores_against_the_gold(layout: str, tmp_path: Path, processed):
    if not (GOLD / f"{PUTUO.stem}.json").exists():
        pytest.skip("shared/eval gold not beside the repository")
    from pipeline.runner import process

    pdf = processed(PUTUO)
    doc = process(workbook(pdf, tmp_path, layout))
    assert doc.metadata.department == pdf.metadata.department
    f1, misses = _line_item_f1(doc)
    assert f1 >= 0.99, misses
    assert {t.table_code for t in doc.tables} >= {f"T0{i}" for i in range(1, 10)}
    assert not any(re.match(r"^(封面|表\d+|Sheet\d+)$", t.title or "") for t in doc.tables)
