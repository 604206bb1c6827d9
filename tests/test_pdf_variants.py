"""Layout variants the samples lack, as real PDFs through the real path (`process(path)`).

Each test draws a small 决算 page set with reportlab — a title line, a 编制单位 … 单位 line and
a ruled table (platypus `Table` with a GRID, merged cells as SPANs) in a CID Chinese font, a
page number at the foot — and asserts the exact line items: joined 7-digit codes in 元, T06 as
one list, a T02 running over three pages, T09 with all twelve values, 类/款/项 columns where a
项 row prints only its own digits, and a document that is no 决算 at all.  The same tables
typeset by LibreOffice (Word tables → PDF) must give the same records.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from pipeline.model import Document
from pipeline.runner import process
from tests.variants.render import spans

CJK = "STSong-Light"  # reportlab's built-in CID font: UniGB-UCS2-H, no ToUnicode map
pdfmetrics.registerFont(UnicodeCIDFont(CJK))

PAGE_W, PAGE_H = 595.0, 842.0
L = None  # in a row spec: covered by the cell to the left (column span)
U = "^"  # covered by the cell above (row span)
COVER = "上海市测试局2024年度部门决算"
W = Decimal(10000)  # yuan per 万元

Row = list[str | None]
Draw = Callable[[canvas.Canvas], None]
Item = tuple  # (table_code, row_label, subject_code, subject_level, measure, amount_yuan[, page])


# ---------------------------------------------------------------- drawing

def draw_pdf(path: Path, pages: list[Draw]) -> Path:
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    for n, fn in enumerate(pages, start=1):
        fn(c)
        c.setFont(CJK, 9)
        c.drawCentredString(PAGE_W / 2, 30, f"- {n} -")  # a page number: furniture, dropped
        c.showPage()
    c.save()
    return path


def heading(c: canvas.Canvas, title: str | None, unit: str | None, top: float = 800, cover: bool = False) -> float:
    """The lines above a table (cover line, title, 编制单位 … 单位); returns the table's top."""
    y = top
    if cover:
        c.setFont(CJK, 12)
        c.drawString(50, y, COVER)
        y -= 28
    if title:
        c.setFont(CJK, 16)
        c.drawCentredString(PAGE_W / 2, y, title)
        y -= 26
    if unit:
        c.setFont(CJK, 9)
        c.drawString(50, y, "编制单位：上海市测试局")
        c.drawRightString(PAGE_W - 50, y, f"单位：{unit}")
        y -= 10
    return y


def ruled(c: canvas.Canvas, rows: list[Row], widths: list[float], top: float, header_rows: int,
          amount_from: int, size: float = 9, row_h: float = 18) -> float:
    """`rows` as a GRID-ruled table centred under `top`; returns its bottom.

    Header rows are centred, amount columns from `amount_from` right-aligned; a "\\n" in a
    cell is a wrapped line.
    """
    data = [["" if t is None or t == U else t for t in row] for row in rows]
    merged = [("SPAN", (col, r), (col + cs - 1, r + rs - 1)) for r, col, rs, cs in spans(rows) if rs > 1 or cs > 1]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), CJK), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), size + 2), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("ALIGN", (amount_from, header_rows), (-1, -1), "RIGHT"), *merged,
    ]
    heights = [row_h * max(t.count("\n") + 1 for t in row) for row in data]
    table = Table(data, colWidths=widths, rowHeights=heights)
    table.setStyle(TableStyle(style))
    w, h = table.wrapOn(c, PAGE_W, PAGE_H)
    table.drawOn(c, (PAGE_W - w) / 2, top - h)
    return top - h


def records(doc: Document, code: str | None = None, pages: bool = True) -> list[Item]:
    return [(i.table_code, i.row_label, i.subject_code, i.subject_level, i.measure, i.amount_yuan)
            + ((i.page,) if pages else ()) for i in doc.line_items if code is None or i.table_code == code]


def tables(doc: Document) -> list[tuple]:
    return [(t.table_code, t.title, t.unit, t.page_start, t.page_end) for t in doc.tables]


def on_page(items: list[Item], page: int) -> list[Item]:
    return [(*it, page) for it in items]


def yuan(text: str, unit: str) -> Decimal:
    return Decimal(text.replace(",", "")) * (W if unit == "万元" else 1)


# ---------------------------------------------------------------- 1. T03, joined codes, 元

T03_ROWS: list[Row] = [
    ["科目编码", "科目名称", "本年支出合\n计", "基本支出", "项目支出"],
    ["合计", L, "1,234,567.00", "1,000,000.00", "234,567.00"],
    ["201", "一般公共服务支出", "1,034,567.00", "800,000.00", "234,567.00"],
    ["20106", "财政事务", "1,034,567.00", "800,000.00", "234,567.00"],
    ["2010601", "行政运行", "800,000.00", "800,000.00", ""],
    ["2010602", "一般行政管理事务", "234,567.00", "", "234,567.00"],
    ["208", "社会保障和就业支出", "200,000.00", "200,000.00", "-"],
    ["20805", "行政事业单位养老支出", "200,000.00", "200,000.00", ""],
    ["2080505", "机关事业单位基本养老保险缴费支出", "200,000.00", "200,000.00", "0.00"],
]
_T03_M = ["本年支出合计", "基本支出", "项目支出"]
T03_ITEMS: list[Item] = [
    ("T03", "合计", None, None, _T03_M[0], Decimal("1234567.00")),
    ("T03", "合计", None, None, _T03_M[1], Decimal("1000000.00")),
    ("T03", "合计", None, None, _T03_M[2], Decimal("234567.00")),
    ("T03", "一般公共服务支出", "201", 1, _T03_M[0], Decimal("1034567.00")),
    ("T03", "一般公共服务支出", "201", 1, _T03_M[1], Decimal("800000.00")),
    ("T03", "一般公共服务支出", "201", 1, _T03_M[2], Decimal("234567.00")),
    ("T03", "财政事务", "20106", 2, _T03_M[0], Decimal("1034567.00")),
    ("T03", "财政事务", "20106", 2, _T03_M[1], Decimal("800000.00")),
    ("T03", "财政事务", "20106", 2, _T03_M[2], Decimal("234567.00")),
    ("T03", "行政运行", "2010601", 3, _T03_M[0], Decimal("800000.00")),
    ("T03", "行政运行", "2010601", 3, _T03_M[1], Decimal("800000.00")),
    ("T03", "一般行政管理事务", "2010602", 3, _T03_M[0], Decimal("234567.00")),
    ("T03", "一般行政管理事务", "2010602", 3, _T03_M[2], Decimal("234567.00")),
    ("T03", "社会保障和就业支出", "208", 1, _T03_M[0], Decimal("200000.00")),  # "-": no item
    ("T03", "社会保障和就业支出", "208", 1, _T03_M[1], Decimal("200000.00")),
    ("T03", "行政事业单位养老支出", "20805", 2, _T03_M[0], Decimal("200000.00")),
    ("T03", "行政事业单位养老支出", "20805", 2, _T03_M[1], Decimal("200000.00")),
    ("T03", "机关事业单位基本养老保险缴费支出", "2080505", 3, _T03_M[0], Decimal("200000.00")),
    ("T03", "机关事业单位基本养老保险缴费支出", "2080505", 3, _T03_M[1], Decimal("200000.00")),
    ("T03", "机关事业单位基本养老保险缴费支出", "2080505", 3, _T03_M[2], Decimal("0.00")),  # 0.00 is an item
]


def draw_t03(c: canvas.Canvas) -> None:
    top = heading(c, "支出决算表", "元", cover=True)
    ruled(c, T03_ROWS, [70, 170, 95, 95, 95], top, header_rows=1, amount_from=2)


def test_t03_with_joined_seven_digit_codes_in_yuan(tmp_path: Path):
    doc = process(draw_pdf(tmp_path / "t03.pdf", [draw_t03]))
    assert doc.status == "ok" and doc.metadata.doc_kind == "final_department"
    assert tables(doc) == [("T03", "支出决算表", "元", 1, 1)]
    assert doc.metadata.source_unit == "元"
    assert records(doc) == on_page(T03_ITEMS, 1)
    assert {i.amount_text for i in doc.line_items if i.subject_code == "2010601"} == {"800,000.00"}


# ---------------------------------------------------------------- 2. T06 as one list

T06_ROWS: list[Row] = [
    ["经济分类科目编码", "科目名称", "决算数"],
    ["301", "工资福利支出", "150.00"],
    ["30101", "基本工资", "60.00"],
    ["30102", "津贴补贴", "50.00"],
    ["30108", "机关事业单位基本养老保险缴费", "40.00"],
    ["302", "商品和服务支出", "25.50"],
    ["30201", "办公费", "5.25"],
    ["30299", "其他商品和服务支出", "20.25"],
    ["303", "对个人和家庭的补助", "0.00"],
    ["人员经费合计", L, "150.00"],
    ["公用经费合计", L, "25.50"],
]
T06_ITEMS: list[Item] = [
    ("T06", "工资福利支出", "301", 1, "决算数", Decimal("1500000.00")),
    ("T06", "基本工资", "30101", 2, "决算数", Decimal("600000.00")),
    ("T06", "津贴补贴", "30102", 2, "决算数", Decimal("500000.00")),
    ("T06", "机关事业单位基本养老保险缴费", "30108", 2, "决算数", Decimal("400000.00")),
    ("T06", "商品和服务支出", "302", 1, "决算数", Decimal("255000.00")),
    ("T06", "办公费", "30201", 2, "决算数", Decimal("52500.00")),
    ("T06", "其他商品和服务支出", "30299", 2, "决算数", Decimal("202500.00")),
    ("T06", "对个人和家庭的补助", "303", 1, "决算数", Decimal("0.00")),
    ("T06", "人员经费合计", None, None, "决算数", Decimal("1500000.00")),
    ("T06", "公用经费合计", None, None, "决算数", Decimal("255000.00")),
]


def draw_t06(c: canvas.Canvas) -> None:
    top = heading(c, "一般公共预算财政拨款基本支出决算表", "万元")
    ruled(c, T06_ROWS, [100, 220, 120], top, header_rows=1, amount_from=2)


def test_t06_printed_as_one_list(tmp_path: Path):
    doc = process(draw_pdf(tmp_path / "t06.pdf", [draw_t06]))
    assert tables(doc) == [("T06", "一般公共预算财政拨款基本支出决算表", "万元", 1, 1)]
    assert records(doc) == on_page(T06_ITEMS, 1)


# ---------------------------------------------------------------- 3. T02 over three pages

T02_HEAD: list[Row] = [
    ["项目", L, "本年收入合计", "财政拨款收入", "事业收入", "其他收入"],
    ["科目编码", "科目名称", U, U, U, U],
]
T02_MEASURES = ["本年收入合计", "财政拨款收入", "事业收入", "其他收入"]
T02_WIDTHS = [65.0, 170, 80, 80, 70, 70]
_CLASSES = [("201", "一般公共服务支出"), ("205", "教育支出"), ("206", "科学技术支出"),
            ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"), ("210", "卫生健康支出"),
            ("212", "城乡社区支出"), ("213", "农林水支出")]
_CN = "一二三四五六七八九"


def t02_rows() -> list[Row]:
    """The 合计 row, then 类, 款 and 项 rows with joined codes: 8 × (1 + 2 × (1 + 3)) = 72 rows;
    amounts with thousands separators, blank 事业收入 and dashed 其他收入 cells."""
    body: list[Row] = []
    for cls, name in _CLASSES:
        rows = [(cls, name)]
        for k in range(1, 3):
            rows.append((f"{cls}{k:02d}", f"{name[:2]}第{_CN[k - 1]}款"))
            rows += [(f"{cls}{k:02d}{x:02d}", f"{name[:2]}第{_CN[k - 1]}款第{_CN[x - 1]}项") for x in range(1, 4)]
        for code, label in rows:
            n = len(body) + 1
            fiscal = Decimal(n * 1373 % 4000) + Decimal("0.25")
            other = Decimal(n % 7) * Decimal("1.5")
            business = Decimal(0) if n % 3 else Decimal("12.00")
            total = fiscal + other + business
            body.append([code, label, f"{total:,.2f}", f"{fiscal:,.2f}", f"{business:,.2f}" if business else "",
                         f"{other:,.2f}" if other else "-"])
    sums = [sum((yuan(r[c] or "0", "元") for r in body if r[c] != "-" and len(r[0] or "") == 3), Decimal(0))
            for c in range(2, 6)]
    return [["合计", L, *(f"{v:,.2f}" for v in sums)], *body]


def t02_items(rows: list[Row]) -> list[Item]:
    out: list[Item] = []
    for code, label, *amounts in rows:
        level = {3: 1, 5: 2, 7: 3}.get(len(code or "")) if code != "合计" else None
        subject = code if level else None
        name = label if code != "合计" else "合计"
        out += [("T02", name, subject, level, m, yuan(a, "万元")) for m, a in zip(T02_MEASURES, amounts, strict=True)
                if a not in ("", "-")]
    return out


def test_t02_running_over_three_pages(tmp_path: Path):
    """Title and unit only on page 1, the header repeated on page 2, no header on page 3."""
    rows = t02_rows()
    first, second, third = rows[:31], rows[31:65], rows[65:]

    def page1(c: canvas.Canvas) -> None:
        top = heading(c, "收入决算表", "万元", cover=True)
        ruled(c, T02_HEAD + first, T02_WIDTHS, top, header_rows=2, amount_from=2)

    def page2(c: canvas.Canvas) -> None:
        ruled(c, T02_HEAD + second, T02_WIDTHS, 800, header_rows=2, amount_from=2)

    def page3(c: canvas.Canvas) -> None:
        bottom = ruled(c, third, T02_WIDTHS, 800, header_rows=0, amount_from=2)
        c.setFont(CJK, 9)
        c.drawString(50, bottom - 20, "注：本表反映部门本年度取得的各项收入情况。")

    doc = process(draw_pdf(tmp_path / "t02.pdf", [page1, page2, page3]))
    assert tables(doc) == [("T02", "收入决算表", "万元", 1, 3)]
    [table] = doc.tables
    assert table.grid.n_rows == len(T02_HEAD) + len(rows)  # one grid: repeated header dropped
    assert table.note == "注：本表反映部门本年度取得的各项收入情况。"
    want = on_page(t02_items(first), 1) + on_page(t02_items(second), 2) + on_page(t02_items(third), 3)
    assert len(want) == 234
    assert records(doc) == want


# ---------------------------------------------------------------- 4. T09, all twelve values

T09_ROWS: list[Row] = [
    ["合计", L, "因公出国（境）费", L, "公务用车购置及运行费", L, L, L, L, L, "公务接待费", L],
    [U, U, U, U, "小计", L, "公务用车购置费", L, "公务用车运行费", L, U, U],
    ["预算数", "决算数"] * 6,
    ["12.00", "10.50", "2.00", "1.50", "8.00", "7.00", "5.00", "4.50", "3.00", "2.50", "2.00", "2.00"],
]
_T09_CATS = ["合计", "因公出国（境）费", "公务用车购置及运行费/小计", "公务用车购置及运行费/公务用车购置费",
             "公务用车购置及运行费/公务用车运行费", "公务接待费"]
T09_ITEMS: list[Item] = [
    ("T09", None, None, None, m, yuan(a, "万元"))
    for m, a in zip([f"{c}/{leaf}" for c in _T09_CATS for leaf in ("预算数", "决算数")], T09_ROWS[-1], strict=True)
]


def draw_t09(c: canvas.Canvas) -> None:
    top = heading(c, "财政拨款“三公”经费支出决算表", "万元")
    ruled(c, T09_ROWS, [45] * 12, top, header_rows=3, amount_from=0, size=8)


def test_t09_with_two_level_header_and_all_twelve_values(tmp_path: Path):
    doc = process(draw_pdf(tmp_path / "t09.pdf", [draw_t09]))
    assert tables(doc) == [("T09", "财政拨款“三公”经费支出决算表", "万元", 1, 1)]
    assert records(doc) == on_page(T09_ITEMS, 1)
    assert T09_ITEMS[7][4:] == ("公务用车购置及运行费/公务用车购置费/决算数", Decimal("45000.00"))


# ---------------------------------------------------------------- 5. 类/款/项 columns

T05_ROWS: list[Row] = [
    ["科目编码", L, L, "科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", U, U, U, U],
    ["合计", L, L, L, "115.00", "85.00", "30.00"],
    ["201", "06", "01", "行政运行", "60.00", "60.00", ""],
    ["", "", "02", "一般行政管理事务", "30.00", "", "30.00"],
    ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "15.00", "15.00", ""],
    ["", "", "06", "机关事业单位职业年金缴费支出", "5.00", "5.00", ""],
    ["210", "11", "01", "行政单位医疗", "4.00", "4.00", ""],
    ["", "", "03", "公务员医疗补助", "1.00", "1.00", ""],
]
T05_ITEMS: list[Item] = [
    ("T05", "合计", None, None, "合计", 115 * W), ("T05", "合计", None, None, "基本支出", 85 * W),
    ("T05", "合计", None, None, "项目支出", 30 * W),
    ("T05", "行政运行", "2010601", 3, "合计", 60 * W), ("T05", "行政运行", "2010601", 3, "基本支出", 60 * W),
    ("T05", "一般行政管理事务", "2010602", 3, "合计", 30 * W),
    ("T05", "一般行政管理事务", "2010602", 3, "项目支出", 30 * W),
    ("T05", "机关事业单位基本养老保险缴费支出", "2080505", 3, "合计", 15 * W),
    ("T05", "机关事业单位基本养老保险缴费支出", "2080505", 3, "基本支出", 15 * W),
    ("T05", "机关事业单位职业年金缴费支出", "2080506", 3, "合计", 5 * W),
    ("T05", "机关事业单位职业年金缴费支出", "2080506", 3, "基本支出", 5 * W),
    ("T05", "行政单位医疗", "2101101", 3, "合计", 4 * W), ("T05", "行政单位医疗", "2101101", 3, "基本支出", 4 * W),
    ("T05", "公务员医疗补助", "2101103", 3, "合计", 1 * W), ("T05", "公务员医疗补助", "2101103", 3, "基本支出", 1 * W),
]


def draw_t05(c: canvas.Canvas) -> None:
    top = heading(c, "一般公共预算财政拨款支出决算表", "万元")
    ruled(c, T05_ROWS, [35, 35, 35, 180, 70, 70, 70], top, header_rows=2, amount_from=4)


def test_class_section_item_columns_where_item_rows_print_only_their_digits(tmp_path: Path):
    doc = process(draw_pdf(tmp_path / "t05.pdf", [draw_t05]))
    assert tables(doc) == [("T05", "一般公共预算财政拨款支出决算表", "万元", 1, 1)]
    assert records(doc) == on_page(T05_ITEMS, 1)


# ---------------------------------------------------------------- 6. not a 决算

MEETING_ROWS: list[Row] = [
    ["序号", "议题", "汇报部门", "金额（万元）", "时长（分钟）"],
    ["1", "2025年度重点工作安排", "办公室", "120.00", "30"],
    ["2", "信息化项目立项", "信息中心", "85.50", "20"],
    ["3", "办公用房维修", "后勤服务中心", "12.30", "15"],
]


def meeting_note(lines: list[str], rows: list[Row]) -> Draw:
    def page(c: canvas.Canvas) -> None:
        c.setFont(CJK, 16)
        c.drawCentredString(PAGE_W / 2, 790, "上海市测试局局务会议纪要")
        c.setFont(CJK, 11)
        y = 760.0
        for ln in lines:
            c.drawString(60, y, ln)
            y -= 20
        bottom = ruled(c, rows, [40, 170, 90, 90, 80][: len(rows[0])], y - 6, header_rows=1, amount_from=3)
        c.setFont(CJK, 11)
        c.drawString(60, bottom - 30, "出席：局领导班子成员。列席：各处室负责人。")
    return page


def test_a_meeting_note_is_not_a_final_account(tmp_path: Path):
    lines = ["2025年3月12日，局长主持召开局务会议，研究以下事项：", "一、审议2025年度重点工作安排。",
             "二、研究信息化项目立项和办公用房维修事项。", "议题安排如下："]
    doc = process(draw_pdf(tmp_path / "meeting.pdf", [meeting_note(lines, MEETING_ROWS)]))
    assert doc.status == "ok" and doc.metadata.doc_kind == "unknown"
    assert [t.table_code for t in doc.tables] == ["OTHER"]
    assert doc.tables[0].grid.text_matrix()[2] == ["2", "信息化项目立项", "信息中心", "85.50", "20"]
    assert doc.line_items == []


# ---------------------------------------------------------------- the same tables typeset by LibreOffice

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="LibreOffice (soffice) is not installed")


def word_table(doc, rows: list[Row], widths_cm: list[float], header_rows: int, amount_from: int,
               size: float = 8, repeat_header: bool = False) -> None:
    """`rows` as a Word table (style Table Grid, merged cells), 宋体, header rows repeated on
    each page when `repeat_header`."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, c, rs, cs in spans(rows):
        text = rows[r][c] or ""
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                table.cell(rr, cc).width = Cm(widths_cm[cc])
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            for extra in cell.paragraphs[1:]:
                extra._element.getparent().remove(extra._element)
        para = cell.paragraphs[0]
        run = para.add_run(text.replace("\n", ""))
        run.font.size = Pt(size)
        run.font.name = "宋体"
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
        if r < header_rows:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif c >= amount_from:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if repeat_header:
        for r in range(header_rows):
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            table.rows[r]._tr.get_or_add_trPr().append(mark)


@needs_soffice
def test_the_same_tables_typeset_by_libreoffice(tmp_path: Path):
    """Word tables (merged header cells, a T02 whose header repeats on its second page) turned
    into a PDF by LibreOffice read as the same records as the reportlab drawings."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from extractors.office.legacy import converted

    word = Docx()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = Cm(3)  # unit lines below the running-header zone (see the regression test below)

    def line(text: str, size: float, centred: bool = False) -> None:
        run = word.add_paragraph().add_run(text)
        run.font.size = Pt(size)
        if centred:
            word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    line(COVER, 18, centred=True)
    t02 = t02_rows()
    parts = [
        ("支出决算表", "元", T03_ROWS, [2.2, 6, 3, 3, 3], 1, 2),
        ("收入决算表", "万元", T02_HEAD + t02, [2.2, 5.6, 2.8, 2.8, 2.2, 2.2], 2, 2),
        ("一般公共预算财政拨款基本支出决算表", "万元", T06_ROWS, [3.5, 8, 4], 1, 2),
        ("财政拨款“三公”经费支出决算表", "万元", T09_ROWS, [1.45] * 12, 3, 0),
        ("一般公共预算财政拨款支出决算表", "万元", T05_ROWS, [1.2, 1.2, 1.2, 6.5, 2.5, 2.5, 2.5], 2, 4),
    ]
    for title, unit, rows, widths, header_rows, amount_from in parts:
        word.add_page_break()
        line(title, 16, centred=True)
        line(f"编制单位：上海市测试局{' ' * 40}单位：{unit}", 9)
        word_table(word, rows, widths, header_rows, amount_from, size=7 if len(widths) > 8 else 8,
                   repeat_header=len(rows) > 40)
    source = tmp_path / "决算.docx"
    word.save(str(source))
    with converted(source, "pdf") as pdf:
        doc = process(pdf)

    assert doc.status == "ok" and doc.metadata.doc_kind == "final_department"
    codes = ["T03", "T02", "T06", "T09", "T05"]
    assert [(t.table_code, t.title, t.unit) for t in doc.tables] == [
        (code, title, unit) for code, (title, unit, *_) in zip(codes, parts, strict=True)]
    t02_table = doc.tables[1]
    assert t02_table.page_end == t02_table.page_start + 1  # one table over two pages, header repeated
    want = {"T03": T03_ITEMS, "T02": t02_items(t02), "T06": T06_ITEMS, "T09": T09_ITEMS, "T05": T05_ITEMS}
    for code, items in want.items():
        assert records(doc, code, pages=False) == items, code
    for t in doc.tables:
        assert {i.page for i in doc.line_items if i.table_id == t.table_id} <= set(range(t.page_start, t.page_end + 1))


# ---------------------------------------------------------------- regressions (bugs found by these tests)

def test_unit_line_repeated_over_every_table_page_stays_with_its_table(tmp_path: Path):
    doc = process(draw_pdf(tmp_path / "units.pdf", [draw_t03, draw_t06, draw_t09, draw_t05]))
    assert [(t.table_code, t.unit) for t in doc.tables] == [("T03", "元"), ("T06", "万元"), ("T09", "万元"),
                                                             ("T05", "万元")]
    assert records(doc, pages=False) == T03_ITEMS + T06_ITEMS + T09_ITEMS + T05_ITEMS


def test_a_meeting_note_that_mentions_a_final_account_is_not_one(tmp_path: Path):
    lines = ["2025年3月12日，局长主持召开局务会议，审议本局2024年度部门决算。", "议题安排如下："]
    doc = process(draw_pdf(tmp_path / "meeting2.pdf", [meeting_note(lines, MEETING_ROWS)]))
    assert [t.table_code for t in doc.tables] == ["OTHER"] and doc.line_items == []
    assert (doc.metadata.doc_kind, doc.metadata.department) == ("unknown", None)
