"""Unruled tables in PDFs: no ruling at all, or only horizontal rules (three-line tables).

The tables of tests/test_pdf_variants.py drawn again without their GRID — once with no rule at
all, once with a rule above the header, under the header and under the last row — must give the
exact same line items through `process(path)` as the ruled drawings.  Pages that are no table
(prose, a 目录, lines whose numbers do not line up) must give no table.  The word-alignment
reader itself is checked on synthetic pages (hypothesis) for its exact grid.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from extractors.pdf.unruled import unruled_tables
from pipeline.model import Document
from pipeline.runner import process
from tests.test_pdf_variants import (
    CJK,
    PAGE_H,
    PAGE_W,
    T02_HEAD,
    T02_WIDTHS,
    T03_ITEMS,
    T03_ROWS,
    T05_ITEMS,
    T05_ROWS,
    T06_ITEMS,
    T06_ROWS,
    T09_ITEMS,
    T09_ROWS,
    Row,
    U,
    W,
    draw_pdf,
    heading,
    on_page,
    records,
    spans,
    t02_items,
    t02_rows,
    tables,
)

L = None
STYLES = ["none", "three", "rows", "boxed"]
# no rules at all; three-line (above and under the header, under the last row); a rule under every
# row; the same in a frame (a lattice of one column)


def unruled(c: canvas.Canvas, rows: list[Row], widths: list[float], top: float, header_rows: int,
            amount_from: int, style: str, size: float = 9, row_h: float = 18, valign: str = "MIDDLE") -> float:
    """`rows` drawn like tests.test_pdf_variants.ruled but without vertical rules: `style`
    "none" has no rule at all, "three" only the three horizontal rules; a "\\n" in a cell is a
    wrapped line, set in a row that much taller, its other cells at `valign`.  Returns the bottom."""
    data = [["" if t is None or t == U else t for t in row] for row in rows]
    merged = [("SPAN", (col, r), (col + cs - 1, r + rs - 1)) for r, col, rs, cs in spans(rows) if rs > 1 or cs > 1]
    look = [
        ("FONTNAME", (0, 0), (-1, -1), CJK), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), size + 2), ("VALIGN", (0, 0), (-1, -1), valign),
        ("ALIGN", (amount_from, header_rows), (-1, -1), "RIGHT"), *merged,
    ]
    if header_rows:
        look.append(("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"))
    if style == "rows":
        look.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black))
    if style == "boxed":
        look += [("BOX", (0, 0), (-1, -1), 1.0, colors.black), ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]
    if style == "three":
        look += [("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black), ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black)]
        if header_rows:
            look.append(("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.5, colors.black))
    heights = [row_h * max(t.count("\n") + 1 for t in row) for row in data]
    table = Table(data, colWidths=widths, rowHeights=heights)
    table.setStyle(TableStyle(look))
    w, h = table.wrapOn(c, PAGE_W, PAGE_H)
    table.drawOn(c, (PAGE_W - w) / 2, top - h)
    return top - h


def one_table(title: str, unit: str, rows: list[Row], widths: list[float], header_rows: int, amount_from: int,
              style: str, cover: bool = False, size: float = 9):
    def page(c: canvas.Canvas) -> None:
        top = heading(c, title, unit, cover=cover)
        unruled(c, rows, widths, top, header_rows, amount_from, style, size=size)
    return page


# ---------------------------------------------------------------- standard tables, both styles

@pytest.mark.parametrize("style", STYLES)
def test_t03_with_joined_codes_and_a_wrapped_header(tmp_path: Path, style: str):
    page = one_table("支出决算表", "元", T03_ROWS, [70, 170, 95, 95, 95], 1, 2, style, cover=True)
    doc = process(draw_pdf(tmp_path / "t03.pdf", [page]))
    assert doc.status == "ok" and doc.metadata.doc_kind == "final_department"
    assert tables(doc) == [("T03", "支出决算表", "元", 1, 1)]
    assert records(doc) == on_page(T03_ITEMS, 1)
    assert doc.tables[0].grid.text_matrix()[0] == ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]


@pytest.mark.parametrize("style", STYLES)
def test_t05_with_class_section_item_columns(tmp_path: Path, style: str):
    page = one_table("一般公共预算财政拨款支出决算表", "万元", T05_ROWS, [35, 35, 35, 180, 70, 70, 70], 2, 4, style)
    doc = process(draw_pdf(tmp_path / "t05.pdf", [page]))
    assert tables(doc) == [("T05", "一般公共预算财政拨款支出决算表", "万元", 1, 1)]
    assert records(doc) == on_page(T05_ITEMS, 1)


@pytest.mark.parametrize("style", STYLES)
def test_t06_as_one_list(tmp_path: Path, style: str):
    page = one_table("一般公共预算财政拨款基本支出决算表", "万元", T06_ROWS, [100, 220, 120], 1, 2, style)
    doc = process(draw_pdf(tmp_path / "t06.pdf", [page]))
    assert records(doc) == on_page(T06_ITEMS, 1)


@pytest.mark.parametrize("style", STYLES)
def test_t09_one_data_row_under_a_three_level_header(tmp_path: Path, style: str):
    page = one_table("财政拨款“三公”经费支出决算表", "万元", T09_ROWS, [45] * 12, 3, 0, style, size=8)
    doc = process(draw_pdf(tmp_path / "t09.pdf", [page]))
    assert tables(doc) == [("T09", "财政拨款“三公”经费支出决算表", "万元", 1, 1)]
    assert records(doc) == on_page(T09_ITEMS, 1)


@pytest.mark.parametrize("valign", ["MIDDLE", "TOP", "BOTTOM"])
def test_labels_wrapped_in_a_taller_row(tmp_path: Path, valign: str):
    """A label on two lines, the row's codes and amounts beside its middle, first or last line."""
    rows = [[("机关事业单位基本养老保\n险缴费支出" if t == "机关事业单位基本养老保险缴费支出" else t) for t in row]
            for row in T03_ROWS]
    rows[4][1] = "行政运行（含机关服务\n和后勤保障）"
    items = [(*it[:1], "行政运行（含机关服务和后勤保障）", *it[2:]) if it[2] == "2010601" else it for it in T03_ITEMS]

    def page(c: canvas.Canvas) -> None:
        top = heading(c, "支出决算表", "元", cover=True)
        unruled(c, rows, [70, 110, 95, 95, 95], top, 1, 2, "three", valign=valign)

    doc = process(draw_pdf(tmp_path / "wrapped.pdf", [page]))
    assert tables(doc) == [("T03", "支出决算表", "元", 1, 1)]
    assert records(doc) == on_page(items, 1)
    assert doc.tables[0].grid.n_rows == len(rows)


T01_ROWS: list[Row] = [
    ["收入", L, "支出", L],
    ["项目", "决算数", "项目", "决算数"],
    ["一、一般公共预算财政拨款收入", "2,940.05", "一、一般公共服务支出", "2,500.00"],
    ["二、政府性基金预算财政拨款收入", "", "二、社会保障和就业支出", "300.05"],
    ["三、事业收入", "6.20", "三、卫生健康支出", "146.20"],
    ["", "", "四、住房保障支出", "0.00"],
    ["本年收入合计", "2,946.25", "本年支出合计", "2,946.25"],
]
T01_ITEMS = [
    ("income", "一、一般公共预算财政拨款收入", "2940.05"), ("expenditure", "一、一般公共服务支出", "2500.00"),
    ("expenditure", "二、社会保障和就业支出", "300.05"), ("income", "三、事业收入", "6.20"),
    ("expenditure", "三、卫生健康支出", "146.20"), ("expenditure", "四、住房保障支出", "0.00"),
    ("income", "本年收入合计", "2946.25"), ("expenditure", "本年支出合计", "2946.25"),
]


def sided(doc: Document, code: str) -> list[tuple]:
    return [(i.side, i.row_label, i.subject_code, i.measure, i.amount_yuan, i.page)
            for i in doc.line_items if i.table_code == code]


@pytest.mark.parametrize("style", STYLES)
def test_t01_two_sided(tmp_path: Path, style: str):
    page = one_table("收入支出决算总表", "万元", T01_ROWS, [170, 80, 170, 80], 2, 1, style, cover=True)
    doc = process(draw_pdf(tmp_path / "t01.pdf", [page]))
    assert tables(doc) == [("T01", "收入支出决算总表", "万元", 1, 1)]
    assert sided(doc, "T01") == [(side, label, None, "决算数", Decimal(a) * W, 1) for side, label, a in T01_ITEMS]


@pytest.mark.parametrize("style", STYLES)
def test_t02_over_three_pages(tmp_path: Path, style: str):
    """Title and unit on page 1, the header repeated on page 2, none on page 3, a note under it."""
    rows = t02_rows()
    first, second, third = rows[:31], rows[31:65], rows[65:]

    def page1(c: canvas.Canvas) -> None:
        top = heading(c, "收入决算表", "万元", cover=True)
        unruled(c, T02_HEAD + first, T02_WIDTHS, top, 2, 2, style)

    def page2(c: canvas.Canvas) -> None:
        unruled(c, T02_HEAD + second, T02_WIDTHS, 800, 2, 2, style)

    def page3(c: canvas.Canvas) -> None:
        bottom = unruled(c, third, T02_WIDTHS, 800, 0, 2, style)
        c.setFont(CJK, 9)
        c.drawString(50, bottom - 20, "注：本表反映部门本年度取得的各项收入情况。")

    doc = process(draw_pdf(tmp_path / "t02.pdf", [page1, page2, page3]))
    assert tables(doc) == [("T02", "收入决算表", "万元", 1, 3)]
    assert doc.tables[0].note == "注：本表反映部门本年度取得的各项收入情况。"
    want = on_page(t02_items(first), 1) + on_page(t02_items(second), 2) + on_page(t02_items(third), 3)
    assert records(doc) == want


def test_continuation_page_without_header_and_with_an_empty_column(tmp_path: Path):
    """Page 2 has no header and its 事业收入 column is blank throughout (fewer columns there):
    its columns are placed by position under page 1's."""
    rows = t02_rows()
    first = rows[:31]
    second = [[*r[:4], "", r[5]] for r in rows[31:50]]

    def page1(c: canvas.Canvas) -> None:
        unruled(c, T02_HEAD + first, T02_WIDTHS, heading(c, "收入决算表", "万元", cover=True), 2, 2, "three")

    def page2(c: canvas.Canvas) -> None:
        unruled(c, second, T02_WIDTHS, 800, 0, 2, "three")

    doc = process(draw_pdf(tmp_path / "t02.pdf", [page1, page2]))
    assert tables(doc) == [("T02", "收入决算表", "万元", 1, 2)]
    assert records(doc) == on_page(t02_items(first), 1) + on_page(t02_items(second), 2)


def test_unruled_and_ruled_tables_in_one_document(tmp_path: Path):
    """A ruled page keeps the lattice path; the unruled pages beside it read the same."""
    from tests.test_pdf_variants import draw_t03

    t05 = one_table("一般公共预算财政拨款支出决算表", "万元", T05_ROWS, [35, 35, 35, 180, 70, 70, 70], 2, 4, "three")
    t06 = one_table("一般公共预算财政拨款基本支出决算表", "万元", T06_ROWS, [100, 220, 120], 1, 2, "none")
    doc = process(draw_pdf(tmp_path / "mixed.pdf", [draw_t03, t05, t06]))
    assert [t.table_code for t in doc.tables] == ["T03", "T05", "T06"]
    assert records(doc, pages=False) == T03_ITEMS + T05_ITEMS + T06_ITEMS


def test_two_tables_on_one_page(tmp_path: Path):
    """T09 and T06 one under the other, each under its own title and unit line."""
    def page(c: canvas.Canvas) -> None:
        top = heading(c, "财政拨款“三公”经费支出决算表", "万元")
        bottom = unruled(c, T09_ROWS, [45] * 12, top, 3, 0, "none", size=8)
        top = heading(c, "一般公共预算财政拨款基本支出决算表", "万元", top=bottom - 40)
        unruled(c, T06_ROWS, [100, 220, 120], top, 1, 2, "none")

    doc = process(draw_pdf(tmp_path / "two.pdf", [page]))
    assert [(t.table_code, t.unit) for t in doc.tables] == [("T09", "万元"), ("T06", "万元")]
    assert records(doc) == on_page(T09_ITEMS + T06_ITEMS, 1)


# ---------------------------------------------------------------- pages that are no table

PROSE = [
    "一、部门主要职责",
    "负责本区财政收支管理，2024年度本部门收入合计2,946.25万元，支出合计2,946.25万元。",
    "二、收入支出决算总体情况说明",
    "本年收入2,946.25万元，比上年增加120.50万元，增长4.3%，主要原因是人员经费增加。",
    "本年支出2,946.25万元，其中基本支出2,500.00万元，项目支出446.25万元。",
]


def text_page(lines: list[tuple[float, float, str]], size: float = 11):
    def page(c: canvas.Canvas) -> None:
        c.setFont(CJK, size)
        for x, y, text in lines:
            c.drawString(x, y, text)
    return page


def test_a_prose_page_with_amounts_is_no_table(tmp_path: Path):
    page = text_page([(60, 780 - 22 * i, t) for i, t in enumerate(PROSE)])
    doc = process(draw_pdf(tmp_path / "prose.pdf", [page]))
    assert doc.tables == [] and doc.line_items == []
    assert any("2,946.25万元" in b.text for b in doc.blocks)


def test_lines_whose_numbers_do_not_line_up_are_no_table(tmp_path: Path):
    words = [("办公费", 80, "12.50"), ("印刷费", 230, "3.20"), ("邮电费", 150, "1,204.75"), ("差旅费", 320, "8.00"),
             ("会议费", 110, "16.30")]
    lines = []
    for i, (label, x, amount) in enumerate(words):
        lines += [(60, 760 - 20 * i, label), (60 + x, 760 - 20 * i, amount)]
    doc = process(draw_pdf(tmp_path / "scatter.pdf", [text_page(lines, size=10)]))
    assert doc.tables == [] and doc.line_items == []


def test_a_table_of_contents_is_no_table(tmp_path: Path):
    entries = ["一、收入支出决算总表", "二、收入决算表", "三、支出决算表", "四、财政拨款收入支出决算总表",
               "五、一般公共预算财政拨款支出决算表"]
    lines = [(PAGE_W / 2 - 20, 790, "目  录")]
    for i, e in enumerate(entries):
        lines += [(70, 740 - 24 * i, e), (500, 740 - 24 * i, f"{i + 3}")]
    doc = process(draw_pdf(tmp_path / "toc.pdf", [text_page(lines)]))
    assert doc.tables == []


def test_a_table_of_contents_with_amount_like_page_numbers_is_no_table(tmp_path: Path):
    """Even numbers that look like amounts (section numbers 1.1, 1.2 …) do not make a 目录 a table."""
    lines = [(PAGE_W / 2 - 20, 790, "目录")]
    for i in range(6):
        y = 740 - 24 * i
        lines += [(70, y, f"第{i + 1}节"), (300, y, f"{i + 1}.1"), (500, y, f"{i + 3}.00")]
    doc = process(draw_pdf(tmp_path / "toc2.pdf", [text_page(lines)]))
    assert doc.tables == []


# ---------------------------------------------------------------- the reader on synthetic pages

def chars_of(text: str, x0: float, top: float, size: float = 9.0) -> list[dict]:
    """pdfplumber-like chars of `text` set from x0 (full-width CJK, half-width digits)."""
    out, x = [], x0
    for ch in text:
        w = size if ord(ch) > 0x2E80 else size / 2
        out.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size})
        x += w
    return out


def right(text: str, x1: float, top: float, size: float = 9.0) -> list[dict]:
    width = sum(size if ord(ch) > 0x2E80 else size / 2 for ch in text)
    return chars_of(text, x1 - width, top, size)


labels = st.text(alphabet="收支财政拨款事业经营其他服务教育科学卫生", min_size=2, max_size=10)
amounts = st.one_of(st.just(""), st.just("-"),
                    st.decimals(min_value=0, max_value=10**7, places=2).map(lambda d: f"{d:,.2f}"))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.lists(labels, min_size=3, max_size=12), st.data())
def test_reader_recovers_the_exact_grid(n_amounts: int, row_labels: list[str], data):
    """Left-aligned labels, right-aligned amounts (blanks and dashes allowed): the grid is the
    printed one, cell for cell, with a header row of measure names over the amount columns."""
    head = ["项目", *(f"指标{k + 1}" for k in range(n_amounts))]
    body = [[label, *(data.draw(amounts) for _ in range(n_amounts))] for label in row_labels]
    body[0][1] = "1,234.56"  # at least MIN_AMOUNTS amounts, aligned in one column
    body[1][1] = "7.00"
    body[-1][-1] = "99.99"
    edges = [50.0, 160.0] + [160.0 + 90 * (k + 1) for k in range(n_amounts)]
    chars: list[dict] = []
    for k, h in enumerate(head):
        w = len(h) * 9.0
        chars += chars_of(h, (edges[k] + edges[k + 1] - w) / 2, 100.0)
    for r, row in enumerate(body):
        top = 118.0 + 18 * r
        chars += chars_of(row[0], edges[0] + 4, top)
        for k, a in enumerate(row[1:], start=1):
            chars += right(a, edges[k + 1] - 4, top)
    [table], rest = unruled_tables(chars, 1)
    assert rest == []
    assert table.grid.text_matrix() == [head, *body]


words = st.sampled_from(["项目", "合计", "决算数", "一般公共服务支出", "1,234.56", "7.00", "-", "201", "06", "注：说明",
                         "单位：万元", "收入决算表", "12", "0.00", "（3.50）"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(words, st.floats(0, 500), st.integers(0, 30), st.sampled_from([8.0, 9.0, 16.0])),
                max_size=60))
def test_reader_never_fails_and_keeps_every_char(placed):
    """Any set of words anywhere: no exception, and every visible char ends in a cell or in the rest."""
    chars = [c for text, x, line, size in placed for c in chars_of(text, x, 60 + 14 * line, size)]
    found, rest = unruled_tables(chars, 1)
    in_cells = sum(len(c.text.replace(" ", "")) for t in found for c in t.grid.cells)
    assert in_cells + len(rest) == len(chars)
    for t in found:
        covered = [[0] * t.grid.n_cols for _ in range(t.grid.n_rows)]
        for c in t.grid.cells:
            assert c.row_span == 1 and c.col + c.col_span <= t.grid.n_cols
            for k in range(c.col, c.col + c.col_span):
                covered[c.row][k] += 1
        assert all(v == 1 for row in covered for v in row)


def test_reader_cuts_a_label_set_close_to_its_amount_and_leaves_a_note_under_the_table():
    """A long label ends 2.5 pt (0.28 em) before the amount column's number; a 注 line follows
    the last row as closely as a wrapped label would: it stays page text."""
    rows = [("一般公共服务支出", "1,034.56"), ("机关事业单位基本养老保险缴费", "1,200.00"), ("合计", "2,234.56")]
    edge = 50 + 14 * 9 + 2.5 + 8 * 4.5  # the amounts' right edge: 1,200.00 starts 2.5 pt after its label
    chars = chars_of("项目", 80, 100) + right("决算数", edge, 100)
    for r, (label, amount) in enumerate(rows):
        chars += chars_of(label, 50, 114 + 14 * r) + right(amount, edge, 114 + 14 * r)
    note = chars_of("注：本表无数据的项目以“-”表示。", 50, 114 + 14 * 3 - 3)
    [table], rest = unruled_tables(chars + note, 1)
    assert table.grid.text_matrix() == [["项目", "决算数"], *[list(r) for r in rows]]
    assert rest == note


def test_reader_finds_no_table_in_prose_or_scattered_numbers():
    prose = [c for i, t in enumerate(PROSE) for c in chars_of(t, 60, 100 + 16 * i)]
    assert unruled_tables(prose, 1) == ([], prose)
    scattered = [c for i, x in enumerate([70, 140, 95, 180, 120]) for c in
                 chars_of("办公费", 60, 100 + 16 * i) + chars_of(f"{i + 1}2.50", 60 + x, 100 + 16 * i)]
    assert unruled_tables(scattered, 1)[0] == []


# ---------------------------------------------------------------- cost

def test_fallback_reads_a_full_page(tmp_path: Path):
    """The reader on a full unruled T02 page (36 lines) finds the one table with every row (its cost
    per page is measured by `make bench`, not asserted here)."""
    rows = t02_rows()

    def page(c: canvas.Canvas) -> None:
        unruled(c, T02_HEAD + rows[:34], T02_WIDTHS, 800, 2, 2, "none")

    path = draw_pdf(tmp_path / "cost.pdf", [page])
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
        found, _ = unruled_tables(chars, 1)
    assert len(found) == 1 and found[0].grid.n_rows == 36
