"""Budget (部门预算 / 单位预算) layout variants the shared sample lacks, as real files through `process`.

Each document is generated here — Word (python-docx), HTML, Excel (openpyxl, titles drawn as rows
inside the grid) and PDF (reportlab) — and its line items are asserted exactly: a 单位预算 B01
whose expenditure splits into 基本支出 (人员经费, 公用经费) and 项目支出, a 收入总表 printed transposed,
a 支出总表 of one unlabelled row, a 三公 table with 会议费 and 培训费 in 万元 inside a 元 document,
公开0n numbering with extra tables and an empty one, joined 7-digit and 501… codes, numbers with
and without separators and decimals, split 类 | 款 | 项 columns, and a table over two PDF pages
whose 合计 row stands alone on the last one.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.model import Block, Document, Grid, Provenance
from pipeline.runner import process
from tests.test_classify_tables import L, U, make_grid

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

from tests.test_cross_format import render_docx, render_html, render_xlsx  # noqa: E402

D = Decimal
Item = tuple  # (table_code, side, row_label, subject_code, measure, amount_yuan)


def blocks(*items: str | Grid) -> list[Block]:
    out = []
    for i, x in enumerate(items):
        prov = Provenance(origin="text", line_start=i)
        if isinstance(x, Grid):
            out.append(Block(index=i, kind="table", grid=x, prov=prov))
        else:
            out.append(Block(index=i, kind="paragraph", text=x, prov=prov))
    return out


def items(doc: Document, code: str | None = None) -> list[Item]:
    return [(i.table_code, i.side, i.row_label, i.subject_code, i.measure, i.amount_yuan)
            for i in doc.line_items if code is None or i.table_code == code]


def codes(doc: Document) -> list[tuple[str, str | None]]:
    return [(t.table_code, t.unit) for t in doc.tables]


# ------------------------------------------------------------------ 1. a 单位预算 in Word
UNIT_B01 = make_grid([
    ["本年收入", L, "本年支出", L, L, L, L],
    ["项目", "预算数", "项目", "预算数", L, L, L],
    [U, U, U, "合计", "基本支出", L, "项目支出"],
    [U, U, U, U, "人员经费", "公用经费", U],
    ["一、财政拨款收入", "1,000", "一、一般公共服务支出", "1000", "600", "100", "300"],
    ["二、事业收入", "200.00", "二、教育支出", "200", "200", "0", ""],
    ["收入总计", "1,200", "支出总计", "1,200", "800", "100", "300"],
])
TRANSPOSED_B02 = make_grid([
    ["项目", L, "预算数"],
    ["一般公共预算资金", "小计", "1,000"],
    [U, "基本支出", "700"],
    [U, "项目支出", "300"],
    ["其他资金", "小计", "200"],
    ["合计", L, "1,200"],
])
ONE_ROW_B03 = make_grid([["合计", "基本支出", "项目支出"], ["1,200", "800", "400"]])
FIVE_B09 = make_grid([
    ["总计", "“三公”经费", L, L, L, L, L, "会议费", "培训费"],
    [U, "合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", L, L, U, U],
    [U, U, U, U, "小计", "购置费", "运行维护费", U, U],
    ["5.5", "3.5", "1", "0.5", "2", "0", "2", "1.2", "0.8"],
])
UNIT_DOC = [
    "上海市测试中心2025年单位预算",
    "表一", "2025年单位收支总表", "编制单位：上海市测试中心 单位：元", UNIT_B01,
    "表二", "2025年单位收入总表", "编制单位：上海市测试中心 单位：元", TRANSPOSED_B02,
    "表三", "2025年单位支出总表", "编制单位：上海市测试中心 单位：元", ONE_ROW_B03,
    "表四", "2025年“三公”经费预算表", "编制单位：上海市测试中心 单位：万元", FIVE_B09,
]
UNIT_GOLD: list[Item] = [
    ("B01", "income", "一、财政拨款收入", None, "预算数", D("1000.00")),
    ("B01", "expenditure", "一、一般公共服务支出", None, "预算数", D("1000.00")),
    ("B01", "expenditure", "一、一般公共服务支出", None, "预算数/基本支出/人员经费", D("600.00")),
    ("B01", "expenditure", "一、一般公共服务支出", None, "预算数/基本支出/公用经费", D("100.00")),
    ("B01", "expenditure", "一、一般公共服务支出", None, "预算数/项目支出", D("300.00")),
    ("B01", "income", "二、事业收入", None, "预算数", D("200.00")),
    ("B01", "expenditure", "二、教育支出", None, "预算数", D("200.00")),
    ("B01", "expenditure", "二、教育支出", None, "预算数/基本支出/人员经费", D("200.00")),
    ("B01", "expenditure", "二、教育支出", None, "预算数/基本支出/公用经费", D("0.00")),
    ("B01", "income", "收入总计", None, "预算数", D("1200.00")),
    ("B01", "expenditure", "支出总计", None, "预算数", D("1200.00")),
    ("B01", "expenditure", "支出总计", None, "预算数/基本支出/人员经费", D("800.00")),
    ("B01", "expenditure", "支出总计", None, "预算数/基本支出/公用经费", D("100.00")),
    ("B01", "expenditure", "支出总计", None, "预算数/项目支出", D("300.00")),
    ("B02", None, "一般公共预算资金/小计", None, "预算数", D("1000.00")),
    ("B02", None, "一般公共预算资金/基本支出", None, "预算数", D("700.00")),
    ("B02", None, "一般公共预算资金/项目支出", None, "预算数", D("300.00")),
    ("B02", None, "其他资金/小计", None, "预算数", D("200.00")),
    ("B02", None, "合计", None, "预算数", D("1200.00")),
    ("B03", None, None, None, "合计", D("1200.00")),
    ("B03", None, None, None, "基本支出", D("800.00")),
    ("B03", None, None, None, "项目支出", D("400.00")),
    ("B09", None, None, None, "总计/预算数", D("55000.00")),
    ("B09", None, None, None, "合计/预算数", D("35000.00")),
    ("B09", None, None, None, "因公出国（境）费/预算数", D("10000.00")),
    ("B09", None, None, None, "公务接待费/预算数", D("5000.00")),
    ("B09", None, None, None, "公务用车购置及运行费/小计/预算数", D("20000.00")),
    ("B09", None, None, None, "公务用车购置及运行费/公务用车购置费/预算数", D("0.00")),
    ("B09", None, None, None, "公务用车购置及运行费/公务用车运行费/预算数", D("20000.00")),
    ("B09", None, None, None, "会议费/预算数", D("12000.00")),
    ("B09", None, None, None, "培训费/预算数", D("8000.00")),
]


def test_unit_budget_in_word(tmp_path: Path):
    path, _ = render_docx(blocks(*UNIT_DOC), tmp_path / "测试中心2025年单位预算.docx")
    doc = process(path)
    m = doc.metadata
    assert (m.doc_kind, m.fiscal_year, m.department, m.source_unit) == ("budget_unit", 2025, "上海市测试中心", "元")
    assert codes(doc) == [("B01", "元"), ("B02", "元"), ("B03", "元"), ("B09", "万元")]
    assert items(doc) == UNIT_GOLD


# ------------------------------------------------------------------ 2. 公开0n numbering, extras, HTML
B01_PLAIN = make_grid([
    ["收入", L, "支出", L],
    ["项目", "预算数", "项目", "预算数"],
    ["一、一般公共预算拨款收入", "1,500.50", "一、一般公共服务支出", "1500.5"],
    ["收入总计", "1,500.50", "支出总计", "1,500.50"],
])
B04_FUNDS = make_grid([
    ["收入", L, "支出", L, L, L],
    ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"],
    ["一、一般公共预算资金", "1,500.50", "一、一般公共服务支出", "1,500.50", "1,400.50", "100"],
    ["二、政府性基金预算资金", "100", "", "", "", ""],
])
OTHER_GRID = make_grid([["项目", "金额"], ["办公设备", "10"]])
B05_JOINED = make_grid([
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["201", "一般公共服务支出", "1,500.50", "1000", "500.50"],
    ["20101", "人大事务", "1,500.50", "1000", "500.50"],
    ["2010101", "行政运行", "1000", "1,000.00", "0"],
    ["2010102", "一般行政管理事务", "500.50", "", "500.5"],
])
EMPTY_B07 = make_grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["", "", "", "", ""]])
B06_501 = make_grid([
    ["经济分类科目编码", "经济分类科目名称", "合计", "人员经费", "公用经费"],
    ["501", "机关工资福利支出", "900", "900", ""],
    ["50101", "工资奖金津补贴", "900", "900", ""],
    ["502", "机关商品和服务支出", "100", "", "100"],
])
PUBLIC_DOC = [
    "上海市测试局2025年部门预算",
    "公开01表", "部门收支预算总表", "单位：元", B01_PLAIN,
    "公开02表", "部门财政拨款收支预算总表", "单位：元", B04_FUNDS,
    "公开03表", "部门政府采购预算表", "单位：元", OTHER_GRID,
    "公开04表", "部门一般公共预算支出表", "单位：元", B05_JOINED,
    "公开05表", "部门机关运行经费预算表", "单位：元", make_grid([["项目", "预算数"], ["机关运行经费", "50"]]),
    "公开06表", "部门政府性基金预算支出表", "单位：元", EMPTY_B07, "此表为空",
    "公开07表", "部门一般公共预算基本支出表", "单位：元", B06_501,
    "公开08表", "部门财政拨款支出预算表", "单位：元", make_grid([["项目", "合计"], ["一般公共服务支出", "1"]]),
]
PUBLIC_GOLD: list[Item] = [
    ("B01", "income", "一、一般公共预算拨款收入", None, "预算数", D("1500.50")),
    ("B01", "expenditure", "一、一般公共服务支出", None, "预算数", D("1500.50")),
    ("B01", "income", "收入总计", None, "预算数", D("1500.50")),
    ("B01", "expenditure", "支出总计", None, "预算数", D("1500.50")),
    ("B04", "income", "一、一般公共预算资金", None, "预算数", D("1500.50")),
    ("B04", "expenditure", "一、一般公共服务支出", None, "合计", D("1500.50")),
    ("B04", "expenditure", "一、一般公共服务支出", None, "一般公共预算", D("1400.50")),
    ("B04", "expenditure", "一、一般公共服务支出", None, "政府性基金预算", D("100.00")),
    ("B04", "income", "二、政府性基金预算资金", None, "预算数", D("100.00")),
    ("B05", None, "一般公共服务支出", "201", "合计", D("1500.50")),
    ("B05", None, "一般公共服务支出", "201", "基本支出", D("1000.00")),
    ("B05", None, "一般公共服务支出", "201", "项目支出", D("500.50")),
    ("B05", None, "人大事务", "20101", "合计", D("1500.50")),
    ("B05", None, "人大事务", "20101", "基本支出", D("1000.00")),
    ("B05", None, "人大事务", "20101", "项目支出", D("500.50")),
    ("B05", None, "行政运行", "2010101", "合计", D("1000.00")),
    ("B05", None, "行政运行", "2010101", "基本支出", D("1000.00")),
    ("B05", None, "行政运行", "2010101", "项目支出", D("0.00")),
    ("B05", None, "一般行政管理事务", "2010102", "合计", D("500.50")),
    ("B05", None, "一般行政管理事务", "2010102", "项目支出", D("500.50")),
    ("B06", None, "机关工资福利支出", "501", "合计", D("900.00")),
    ("B06", None, "机关工资福利支出", "501", "人员经费", D("900.00")),
    ("B06", None, "工资奖金津补贴", "50101", "合计", D("900.00")),
    ("B06", None, "工资奖金津补贴", "50101", "人员经费", D("900.00")),
    ("B06", None, "机关商品和服务支出", "502", "合计", D("100.00")),
    ("B06", None, "机关商品和服务支出", "502", "公用经费", D("100.00")),
]


def test_numbered_budget_with_extra_and_empty_tables_in_html(tmp_path: Path):
    doc = process(render_html(blocks(*PUBLIC_DOC), tmp_path / "测试局2025年部门预算.html"))
    assert [t.table_code for t in doc.tables] == ["B01", "B04", "OTHER", "B05", "OTHER", "B07", "B06", "OTHER"]
    assert (doc.metadata.doc_kind, doc.metadata.fiscal_year) == ("budget_department", 2025)
    assert items(doc) == PUBLIC_GOLD


def test_the_same_budget_read_as_a_final_account_gets_no_budget_codes(tmp_path: Path):
    final = ["上海市测试局2024年度部门决算", *PUBLIC_DOC[1:]]
    doc = process(render_html(blocks(*final), tmp_path / "测试局2024年度部门决算.html"))
    assert doc.metadata.doc_kind == "final_department"
    assert not any(t.table_code.startswith("B") for t in doc.tables)
    assert not any(i.table_code.startswith("B") for i in doc.line_items)


# ------------------------------------------------------------------ 3. Excel, titles inside the grid
XLSX_B02 = make_grid([
    ["2025年部门收入预算总表", L, L, L, L, L],
    ["编制部门：上海市测试局", L, L, L, "单位：元", L],
    ["功能分类科目编码", L, L, "功能分类科目名称", "合计", "财政拨款收入"],
    ["类", "款", "项", U, U, U],
    ["208", "", "", "社会保障和就业支出", "12345", "12,345"],
    ["208", "05", "", "行政事业单位养老支出", "12345", "12345.00"],
    ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "12,345", "12345"],
    ["合计", L, L, L, "12345", "12,345"],
])
XLSX_B09 = make_grid([
    ["2025年财政拨款“三公”经费支出预算表", L, L, L, L, L],
    ["单位：万元", L, L, L, L, L],
    ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", L, L],
    [U, U, U, "小计", "公务用车购置费", "公务用车运行维护费"],
    ["3.5", "1", "0.5", "2", "0", "2"],
])
XLSX_B08 = make_grid([
    ["2025年国有资本经营预算支出预算表", L, L, L, L],
    ["单位：元", L, L, L, L],
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["此表为空", L, L, L, L],
])
XLSX_GOLD: list[Item] = [
    ("B02", None, "社会保障和就业支出", "208", "合计", D("12345.00")),
    ("B02", None, "社会保障和就业支出", "208", "财政拨款收入", D("12345.00")),
    ("B02", None, "行政事业单位养老支出", "20805", "合计", D("12345.00")),
    ("B02", None, "行政事业单位养老支出", "20805", "财政拨款收入", D("12345.00")),
    ("B02", None, "机关事业单位基本养老保险缴费支出", "2080505", "合计", D("12345.00")),
    ("B02", None, "机关事业单位基本养老保险缴费支出", "2080505", "财政拨款收入", D("12345.00")),
    ("B02", None, "合计", None, "合计", D("12345.00")),
    ("B02", None, "合计", None, "财政拨款收入", D("12345.00")),
    ("B09", None, None, None, "合计/预算数", D("35000.00")),
    ("B09", None, None, None, "因公出国（境）费/预算数", D("10000.00")),
    ("B09", None, None, None, "公务接待费/预算数", D("5000.00")),
    ("B09", None, None, None, "公务用车购置及运行费/小计/预算数", D("20000.00")),
    ("B09", None, None, None, "公务用车购置及运行费/公务用车购置费/预算数", D("0.00")),
    ("B09", None, None, None, "公务用车购置及运行费/公务用车运行费/预算数", D("20000.00")),
]


def test_budget_workbook_with_titles_inside_the_grid(tmp_path: Path):
    doc = process(render_xlsx([XLSX_B02, XLSX_B09, XLSX_B08], tmp_path / "上海市测试局2025年部门预算.xlsx"))
    # the empty B08 sheet (a header and 此表为空) is a table with its code and no items, as in HTML and PDF
    assert codes(doc) == [("B02", "元"), ("B09", "万元"), ("B08", "元")]
    assert items(doc) == XLSX_GOLD


# ------------------------------------------------------------------ 4. PDF over several pages
def _pdf_pages():
    from tests.test_pdf_variants import CJK, heading, ruled

    head = [["功能分类科目编码", L, L, "功能分类科目名称", "合计", "基本支出", "项目支出"],
            ["类", "款", "项", U, U, U, U]]
    widths = [40, 30, 30, 170, 80, 80, 80]
    page1 = [["201", "", "", "一般公共服务支出", "3,000", "2,000", "1,000"],
             ["201", "01", "", "人大事务", "3,000", "2,000", "1,000"],
             ["201", "01", "01", "行政运行", "2,000", "2,000", "0"]]
    page2 = [["201", "01", "02", "一般行政管理事务", "1,000", "0", "1,000"]]
    b05 = [["205", "", "", "教育支出", "500", "500", "0"], ["205", "01", "", "教育管理事务", "500", "500", "0"]]

    def p1(c):
        c.setFont(CJK, 12)
        c.drawString(50, 800, "上海市测试局2025年部门预算")
        top = heading(c, "2025年部门支出预算总表", "元", top=772)
        ruled(c, head + page1, widths, top, header_rows=2, amount_from=4)

    def p2(c):  # no title, no header: the rows continue
        ruled(c, page2, widths, 800, header_rows=0, amount_from=4)

    def p3(c):  # the 合计 row alone, its label spanning the code and name columns
        ruled(c, [["合计", L, L, L, "3,000", "2,000", "1,000"]], widths, 800, header_rows=0, amount_from=4)

    def p4(c):
        top = heading(c, "2025年部门一般公共预算支出功能分类预算表", "元")
        ruled(c, head + b05[:1], widths, top, header_rows=2, amount_from=4)

    def p5(c):  # the header printed again over the continuation
        ruled(c, head + b05[1:], widths, 800, header_rows=2, amount_from=4)

    return [p1, p2, p3, p4, p5]


def _b03(label, code, amounts, page, table="B03"):
    measures = ("合计", "基本支出", "项目支出")
    return [(table, None, label, code, m, D(a), page) for m, a in zip(measures, amounts, strict=True)]


PDF_GOLD = [
    *_b03("一般公共服务支出", "201", ("3000", "2000", "1000"), 1),
    *_b03("人大事务", "20101", ("3000", "2000", "1000"), 1),
    *_b03("行政运行", "2010101", ("2000", "2000", "0"), 1),
    *_b03("一般行政管理事务", "2010102", ("1000", "0", "1000"), 2),
    *_b03("合计", None, ("3000", "2000", "1000"), 3),
    *_b03("教育支出", "205", ("500", "500", "0"), 4, "B05"),
    *_b03("教育管理事务", "20501", ("500", "500", "0"), 5, "B05"),
]


def test_budget_tables_over_several_pdf_pages(tmp_path: Path):
    from tests.test_pdf_variants import draw_pdf

    path = draw_pdf(tmp_path / "上海市测试局2025年部门预算.pdf", _pdf_pages())
    doc = process(path)
    assert [(t.table_code, t.page_start, t.page_end) for t in doc.tables] == [("B03", 1, 3), ("B05", 4, 5)]
    got = [(i.table_code, i.side, i.row_label, i.subject_code, i.measure, i.amount_yuan, i.page)
           for i in doc.line_items]
    assert got == [tuple(x) for x in PDF_GOLD]
