"""Excel sheets whose tables are pictures: read by the OCR path of Word pictures, or partial
(failed when nothing else is read) with a reason naming the sheets."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("pypdfium2")

from openpyxl.drawing.image import Image as XlImage  # noqa: E402

from extractors.office import docx_pictures, legacy  # noqa: E402
from pipeline.runner import process  # noqa: E402
from tests.conftest import PUTUO  # noqa: E402
from tests.test_docx_pictures import T01_PAGE, _page_png, _small_png, without_ocr  # noqa: E402

SHEET = "收入支出决算总表"


def _workbook(tmp_path: Path, text: bool = True) -> Path:
    """Sheet 1: a title row, the picture of T01 anchored at A3, a logo; sheet 2: a small text table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    if text:
        ws["A1"] = "上海市普陀区财政局2024年度部门决算"
    ws.add_image(XlImage(io.BytesIO(_page_png(T01_PAGE))), "A3")
    ws.add_image(XlImage(io.BytesIO(_small_png())), "M1")  # a logo: never read
    if text:
        other = wb.create_sheet("说明")
        other["A1"], other["B1"] = "项目", "金额"
        other["A2"], other["B2"] = "合计", 10
        other["A3"], other["B3"] = "其他", 5
    p = tmp_path / "pictures.xlsx"
    wb.save(p)
    return p


def _t01(doc) -> set[tuple[object, ...]]:
    return {(i.side, i.row_label, i.measure, str(i.amount_yuan), i.amount_text)
            for i in doc.line_items if i.table_code == "T01"}


def _needs_ocr() -> None:
    pytest.importorskip("cv2", reason="the `ocr` extra is not installed")
    pytest.importorskip("rapidocr_onnxruntime", reason="the `ocr` extra is not installed")


def test_picture_of_a_table_is_read_by_ocr(tmp_path: Path):
    _needs_ocr()
    doc = process(_workbook(tmp_path))
    assert doc.status != "failed", doc.errors
    assert not doc.errors, doc.errors
    order = [(b.prov.origin, b.prov.page, b.kind, b.text) for b in doc.blocks]
    ocr = [i for i, b in enumerate(doc.blocks) if b.prov.origin == "ocr"]
    assert ocr and ocr == list(range(ocr[0], ocr[-1] + 1)), order  # the picture's blocks stay together
    assert order[ocr[0] - 1][:2] == ("xlsx", 1) and order[ocr[0] - 1][3] == "上海市普陀区财政局2024年度部门决算", order
    assert order[ocr[-1] + 1][:2] == ("xlsx", 2), order  # before the next sheet's blocks
    tables = [doc.blocks[i] for i in ocr if doc.blocks[i].kind == "table"]
    assert len(tables) == 1, order  # the logo added nothing
    table = tables[0]
    assert (table.prov.page, table.prov.line_start, table.prov.line_end) == (1, 3, 3)
    assert all(c.prov.origin == "ocr" and c.prov.page == 1 for c in table.grid.cells if c.prov)
    assert [t.table_code for t in doc.tables if t.table_code == "T01"] == ["T01"]
    # the PDF's own T01 items from the page in the picture (its last rows are on the next page)
    pdf = process(PUTUO)
    want = {(i.side, i.row_label, i.measure, str(i.amount_yuan), i.amount_text)
            for i in pdf.line_items if i.table_code == "T01" and i.page == T01_PAGE}
    got = _t01(doc)
    assert len(want) >= 8
    assert got == want, (sorted(want - got), sorted(got - want))
    assert ("income", "一、一般公共预算财政拨款收入", "决算数", "29400500.00", "2,940.05") in got


def test_picture_only_sheet_gets_its_name_and_the_table(tmp_path: Path):
    _needs_ocr()
    doc = process(_workbook(tmp_path, text=False))
    assert doc.status != "failed", doc.errors
    assert (doc.blocks[0].style, doc.blocks[0].text, doc.blocks[0].prov.origin) == ("sheet", SHEET, "xlsx")
    assert {b.prov.origin for b in doc.blocks[1:]} == {"ocr"}
    assert "T01" in [t.table_code for t in doc.tables]


def test_picture_of_a_table_without_ocr_is_partial_naming_the_sheet(tmp_path: Path, monkeypatch):
    without_ocr(monkeypatch)
    doc = process(_workbook(tmp_path))
    assert doc.status == "partial"
    assert any(e.reason.startswith(f"OCR not installed: pictures in sheets “{SHEET}” (sheet 1) may be tables")
               for e in doc.errors), doc.errors
    assert all(b.prov.origin == "xlsx" for b in doc.blocks)
    assert doc.blocks[0].text == SHEET


def test_workbook_of_pictures_without_ocr_fails_with_the_reason(tmp_path: Path, monkeypatch):
    without_ocr(monkeypatch)
    doc = process(_workbook(tmp_path, text=False))
    assert doc.status == "failed"
    reason = doc.errors[0].reason
    assert f"holds only pictures (“{SHEET}” (sheet 1, 2 picture(s)))" in reason, reason
    assert "OCR not installed" in reason, reason


def _fake_reader(path: Path):
    """What the OCR path gives for a picture of a table: a caption and a 2×2 table (bbox-free)."""
    from extractors.base import new_document
    from pipeline.model import Block, Cell, Grid, Provenance

    prov = Provenance(origin="ocr", page=1)
    cells = [Cell(row=r, col=c, text=t, prov=prov) for (r, c), t in
             {(0, 0): "项目", (0, 1): "金额", (1, 0): "合计", (1, 1): "1.00"}.items()]
    blocks = [Block(index=0, kind="paragraph", text="图中的表", prov=prov),
              Block(index=1, kind="table", text="", grid=Grid(n_rows=2, n_cols=2, cells=cells), prov=prov)]
    return new_document(path, "pdf").model_copy(update={"blocks": blocks})


def test_pictures_go_between_the_rows_they_are_drawn_on(tmp_path: Path, monkeypatch):
    """A picture anchored on rows 3-20 goes after the title in row 1, before the note in row 30;
    two pictures side by side on row 40 both stay; the reading is placed on the sheet."""
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor

    monkeypatch.setattr(docx_pictures, "_default_reader", lambda: _fake_reader)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"], ws["A30"] = "一、收入支出决算总表", "注：本表为图片。"
    first = XlImage(io.BytesIO(_page_png(T01_PAGE, dpi=60)))
    first.anchor = TwoCellAnchor(_from=AnchorMarker(col=0, row=2), to=AnchorMarker(col=8, row=19))
    ws.add_image(first)
    ws.add_image(XlImage(io.BytesIO(_page_png(T01_PAGE, dpi=60))), "A40")
    ws.add_image(XlImage(io.BytesIO(_page_png(T01_PAGE, dpi=60))), "K40")  # beside it: both kept
    p = tmp_path / "between.xlsx"
    wb.save(p)
    from extractors import extract

    doc = extract(p)
    got = [(b.prov.origin, b.kind, b.text, b.prov.page, b.prov.line_start, b.prov.line_end) for b in doc.blocks]
    assert got == [("xlsx", "paragraph", "一、收入支出决算总表", 1, 1, 1),
                   ("ocr", "paragraph", "图中的表", 1, 3, 20), ("ocr", "table", "", 1, 3, 20),
                   ("xlsx", "paragraph", "注：本表为图片。", 1, 30, 30),
                   *[("ocr", "paragraph", "图中的表", 1, 40, 40), ("ocr", "table", "", 1, 40, 40)] * 2]
    assert [b.index for b in doc.blocks] == list(range(8))
    assert {(c.prov.page, c.prov.line_start) for c in doc.blocks[2].grid.cells} == {(1, 3)}


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_xls_pictures_survive_the_conversion(tmp_path: Path, monkeypatch):
    """xlrd does not read pictures: an .xls holding some goes through LibreOffice to .xlsx and
    this same path (here without OCR: the reason names the sheet); one without stays on xlrd."""
    import xlrd

    from extractors.office.xlsx import has_pictures
    from tests.test_legacy import _soffice_convert

    without_ocr(monkeypatch)
    xls = _soffice_convert(_workbook(tmp_path), "xls", tmp_path / "out")
    book = xlrd.open_workbook(str(xls), on_demand=True)
    assert has_pictures(book.mem)
    doc = process(xls)
    assert doc.status == "partial" and doc.source.format == "xls"
    assert any(e.reason.startswith(f"OCR not installed: pictures in sheets “{SHEET}” (sheet 1) ")
               for e in doc.errors), doc.errors
    wb = openpyxl.Workbook()
    wb.active["A1"] = "项目"
    wb.save(tmp_path / "plain.xlsx")
    plain = _soffice_convert(tmp_path / "plain.xlsx", "xls", tmp_path / "out2")
    assert not has_pictures(xlrd.open_workbook(str(plain), on_demand=True).mem)
