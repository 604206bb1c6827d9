"""Excel workbooks: numbers as printed, merges, several tables per sheet, sheets and bad input."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from extractors import ExtractionError, extract  # noqa: E402
from extractors.office.xlsx_numbers import render_number, render_value  # noqa: E402
from extractors.sniff import sniff_format  # noqa: E402
from pipeline.runner import process  # noqa: E402

ACCOUNTING = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '


@pytest.mark.parametrize(("value", "fmt", "printed"), [
    (1954.41, "General", "1954.41"),
    (1954.4100000000001, "General", "1954.41"),  # float noise from a formula
    (0.1 + 0.2, "General", "0.3"),
    (2000.0, "General", "2000"),  # integers stay integers
    (710.8078, "General", "710.8078"),
    (1e-7, "General", "0.0000001"),
    (1954.41, "0.00", "1954.41"),
    (710.8078, "0.00", "710.81"),
    (1031.24, "#,##0.00", "1,031.24"),
    (0.3637, "0.00%", "36.37%"),
    (0.975, "0%", "98%"),
    (0, ACCOUNTING, "-"),
    (-45.59, ACCOUNTING, "-45.59"),
    (1234.5, ACCOUNTING, "1,234.50"),
    (-3.5, "#,##0.00;(#,##0.00)", "(3.50)"),
    (-3.5, "#,##0.00;[Red]-#,##0.00", "-3.50"),
    (-3.5, "0.00", "-3.50"),
    (1234567, "#,##0,", "1,235"),
    (12, '0"项"', "12"),
    (5, "@", "5"),
    (6, "00", "06"),
    (2010601, "0000000", "2010601"),
    (1.5, "0.##", "1.5"),
    (2.0, "0.##", "2"),
    (0.5, "#,##0.00", "0.50"),
    (0.5, "#.00", ".50"),
])
def test_numbers_as_printed(value, fmt, printed):
    assert render_number(value, fmt) == printed


def test_values_as_printed():
    assert render_value(dt.datetime(2024, 12, 31), "yyyy-mm-dd") == "2024-12-31"
    assert render_value(dt.datetime(2024, 12, 31, 9, 30), "yyyy-mm-dd hh:mm") == "2024-12-31 09:30:00"
    assert render_value(True, "General") == "TRUE"
    assert render_value(" 合计\r\n ", "General") == "合计"
    assert render_value(None, "General") == ""


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表一"
    ws["A1"] = "收入支出决算总表"
    ws.merge_cells("A1:E1")  # a title row touching the table: stays in the grid
    ws.append(["项目", "本年收入", None, "本年支出", None])
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:E2")
    ws.append([None, "金额", "执行率", "金额", "日期"])
    ws.merge_cells("A2:A3")
    ws.append(["合计", 1954.41, 0.3637, 1031.24, dt.date(2024, 12, 31)])
    ws["C4"].number_format = "0.00%"
    ws["D4"].number_format = "#,##0.00"
    ws.append(["其他", 0, None, -45.59, None])
    ws["B5"].number_format = ACCOUNTING
    ws["A7"] = "注：本表金额单位为万元。"  # after a blank row: a paragraph
    ws["A9"] = "表二 部门整体绩效自评表"  # a second table on the sheet, title apart
    ws["A11"], ws["C11"] = "部门名称", "政务部门"
    ws["A12"], ws["C12"] = "自评得分", 95.94
    ws.column_dimensions["B"].width = 3  # column B of the second table is empty: dropped
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "不应出现"
    hidden.sheet_state = "hidden"
    blank = wb.create_sheet("空白")
    blank["A1"].number_format = "0.00"
    path = path / "附表.xlsx"
    wb.save(path)
    return path


@pytest.fixture()
def workbook_doc(tmp_path: Path):
    return extract(_workbook(tmp_path))


def test_sheet_blocks_split_at_blank_rows(workbook_doc):
    blocks = workbook_doc.blocks
    # the sheet name 表一 says where the sheet is, not what it holds: no block
    assert [(b.kind, b.text) for b in blocks if b.kind != "table"] == [
        ("paragraph", "注：本表金额单位为万元。"), ("paragraph", "表二 部门整体绩效自评表")]
    assert [b.kind for b in blocks] == ["table", "paragraph", "paragraph", "table"]
    assert workbook_doc.source.format == "xlsx"
    assert all(b.prov.origin == "xlsx" and b.prov.page == 1 for b in blocks)
    assert (blocks[0].prov.line_start, blocks[0].prov.line_end) == (1, 5)
    assert blocks[3].prov.line_start == 11


def test_merged_cells_and_printed_values(workbook_doc):
    grid = workbook_doc.blocks[0].grid
    assert grid.text_matrix() == [
        ["收入支出决算总表"] * 5,
        ["项目", "本年收入", "本年收入", "本年支出", "本年支出"],
        ["项目", "金额", "执行率", "金额", "日期"],
        ["合计", "1954.41", "36.37%", "1,031.24", "2024-12-31"],
        ["其他", "-", "", "-45.59", ""],
    ]
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in grid.cells}
    assert spans[(0, 0)] == (1, 5) and spans[(1, 0)] == (2, 1) and spans[(1, 1)] == (1, 2)
    assert grid.cells[0].prov.line_start == 1


def test_empty_columns_dropped(workbook_doc):
    assert workbook_doc.blocks[3].grid.text_matrix() == [["部门名称", "政务部门"], ["自评得分", "95.94"]]


def test_huge_styled_range_costs_nothing(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["A2"], ws["B2"] = "项目", "金额", "合计", 1.5
    ws["A1048576"].number_format = "0.00"  # a stored but empty cell at the last row
    wb.save(tmp_path / "big.xlsx")
    doc = extract(tmp_path / "big.xlsx")
    assert [b.kind for b in doc.blocks] == ["table"]  # the sheet's name "Sheet" is no title
    assert doc.blocks[0].grid.n_rows == 2


def test_formula_cached_values(tmp_path: Path):
    p = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["a", 1])
    ws.append(["合计", "=B2*2"])  # openpyxl stores no cached value: the cell prints nothing
    wb.save(p)
    assert extract(p).blocks[0].grid.text_matrix()[2] == ["合计", ""]


# --------------------------------------------------------------------------- bad input
def test_zip_bomb_xlsx(tmp_path: Path):
    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "spreadsheetml.sheet.main+xml")
        z.writestr("xl/worksheets/sheet1.xml", b" " * (210 * 1024 * 1024))
    doc = process(p)
    assert doc.status == "failed" and "zip bomb" in doc.errors[0].reason


def test_xlsx_named_docx_and_broken_zip(tmp_path: Path):
    real = _workbook(tmp_path)
    lying = tmp_path / "附表.docx"
    lying.write_bytes(real.read_bytes())
    assert sniff_format(lying) == "xlsx"
    assert process(lying).source.format == "xlsx"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(real.read_bytes()[:2000])
    doc = process(broken)
    assert doc.status == "failed" and "not a valid zip" in doc.errors[0].reason


def test_not_a_workbook(tmp_path: Path):
    p = tmp_path / "x.xlsx"
    p.write_bytes(b"\x00\x11garbage" * 50)
    with pytest.raises(ExtractionError, match="not an Excel workbook"):
        extract(p)


# --------------------------------------------------------------------------- sheets that are not titles
T01_ROWS = [["收入", None, "支出", None], ["项目", "决算数", "项目", "决算数"],
            ["一、一般公共预算财政拨款收入", 2940.05, "一、一般公共服务支出", 2106.66],
            ["本年收入合计", 2940.05, "本年支出合计", 2106.66]]


def _cover_workbook(path: Path, table_sheet: str) -> Path:
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A3"] = "上海市普陀区财政局"
    cover["A5"] = "2024年度部门决算"
    ws = wb.create_sheet(table_sheet)
    ws["A1"] = "收入支出决算总表"
    ws["A3"] = "单位：万元"
    for i, row in enumerate(T01_ROWS, start=5):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    p = path / f"book-{table_sheet}.xlsx"
    wb.save(p)
    return p


@pytest.mark.parametrize("table_sheet", ["Sheet1", "表1", "附表1-1"])
def test_sheet_names_never_reach_the_department_or_a_title(tmp_path: Path, table_sheet: str):
    # the bug: the cover sheet's name led the department ("封面上海市普陀区财政局")
    doc = process(_cover_workbook(tmp_path, table_sheet))
    assert doc.metadata.department == "上海市普陀区财政局"
    assert doc.metadata.fiscal_year == 2024 and doc.metadata.doc_kind == "final_department"
    texts = " ".join(b.text for b in doc.blocks)
    assert "封面" not in texts and table_sheet not in texts
    assert [t.table_code for t in doc.tables] == ["T01"]


def test_a_sheet_named_as_its_table_keeps_its_name(tmp_path: Path):
    doc = extract(_cover_workbook(tmp_path, "收入支出决算总表"))
    assert any(b.style == "sheet" and b.text == "收入支出决算总表" for b in doc.blocks)


def _picture(path: Path) -> Path:
    from PIL import Image

    p = path / "table.png"
    Image.new("RGB", (120, 60), "white").save(p)
    return p


def test_a_sheet_with_only_a_picture_read_to_no_table_is_named_in_a_partial_reason(tmp_path: Path):
    """A picture too small to be a table (read by OCR otherwise: tests/test_xlsx_pictures.py)."""
    from openpyxl.drawing.image import Image as XlImage

    wb = openpyxl.Workbook()
    wb.active.title = "收入支出决算总表"
    wb.active["A1"], wb.active["B1"] = "项目", "决算数"
    wb.active["A2"], wb.active["B2"] = "合计", 10
    pic = wb.create_sheet("支出决算表")
    pic.add_image(XlImage(str(_picture(tmp_path))), "A1")
    p = tmp_path / "pic.xlsx"
    wb.save(p)
    doc = process(p)
    assert doc.status == "partial"
    assert any("“支出决算表” (sheet 2, 1 picture(s))" in e.reason and "no table was read" in e.reason
               for e in doc.errors), doc.errors


def test_a_workbook_of_pictures_holding_no_table_fails_with_the_reason(tmp_path: Path):
    from openpyxl.drawing.image import Image as XlImage

    wb = openpyxl.Workbook()
    wb.active.add_image(XlImage(str(_picture(tmp_path))), "B2")
    p = tmp_path / "pics.xlsx"
    wb.save(p)
    doc = process(p)
    assert doc.status == "failed" and "holds only pictures" in doc.errors[0].reason
    assert "no table was read from them" in doc.errors[0].reason


@pytest.mark.parametrize("note, is_table", [
    ("此表为空", True), ("注：本单位2024年度无政府性基金预算财政拨款收支，故本表为空。", True), ("本表无数据", True),
    ("本部门无该项支出", True), ("合计为本年度数", False),
])
def test_an_empty_table_is_a_header_over_an_empty_note(note, is_table):
    from extractors.office.xlsx import _is_table

    header = [(0, c, 1, 1, t) for c, t in enumerate(["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"])]
    assert _is_table([*header, (1, 0, 1, 1, note)]) is is_table


def test_a_signature_line_is_no_table():
    from extractors.office.xlsx import _is_table

    line = [(0, 0, 1, 1, "单位负责人：张三"), (0, 2, 1, 1, "财务负责人：李四"), (0, 4, 1, 1, "填表人：王五")]
    assert not _is_table([*line, (1, 0, 1, 1, "报送日期：2025年1月")])
