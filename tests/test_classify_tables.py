"""Stage tables.classify: codes from titles and headers, continuations joined, units and notes."""
from __future__ import annotations

import pytest

from pipeline.model import Block, Cell, Document, Grid, Metadata, Provenance, Source
from pipeline.stages import classify_tables
from pipeline.tables.titles import code_from_title
from tests.conftest import SAMPLES
from tests.variants.render import spans

L = None  # in a grid spec: covered by the cell to the left (column span)
U = "^"  # covered by the cell above (row span)


def make_grid(rows: list[list[str | None]], page: int | None = None, x0: float | None = None,
              widths: list[float] | None = None) -> Grid:
    """A Grid from rows of texts; None continues the cell on the left, "^" the cell above.

    With `x0` and `widths`, cells get PDF-style bboxes (for column matching across pages).
    """
    cells = []
    for r, c, rs, cs in spans(rows):
        prov = None
        if page is not None:
            bbox = None
            if x0 is not None and widths is not None:
                left = x0 + sum(widths[:c])
                bbox = (left, 100.0 + 20 * r, left + sum(widths[c:c + cs]), 100.0 + 20 * (r + rs))
            prov = Provenance(origin="pdf", page=page, bbox=bbox)
        cells.append(Cell(row=r, col=c, row_span=rs, col_span=cs, text=rows[r][c], prov=prov))
    return Grid(n_rows=len(rows), n_cols=max(len(r) for r in rows), cells=cells)


def make_doc(*items: tuple, doc_kind: str = "unknown") -> Document:
    """A Document from ("p", page, text) paragraph and ("t", page, Grid) table items, in order."""
    blocks = []
    for i, (kind, page, payload) in enumerate(items):
        prov = Provenance(origin="pdf", page=page)
        if kind == "p":
            blocks.append(Block(index=i, kind="paragraph", text=payload, prov=prov))
        else:
            blocks.append(Block(index=i, kind="table", grid=payload, prov=prov))
    src = Source(name="x.pdf", sha256="0" * 64, format="pdf", size=0)
    return Document(doc_id="0" * 64, source=src, blocks=blocks, metadata=Metadata(doc_kind=doc_kind))


T05_HEAD = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
T05_ROWS = [["201", "一般公共服务支出", "10.00", "6.00", "4.00"],
            ["20106", "财政事务", "10.00", "6.00", "4.00"]]


@pytest.mark.parametrize("title,code", [
    ("收入支出决算总表", "T01"),
    ("上海市XX局2024年度部门收支决算总表", "T01"),
    ("表一 收入支出决算总表", "T01"),
    ("收入决算表", "T02"),
    ("公开02表 XX局收入决算表", "T02"),
    ("支出决算表", "T03"),
    ("财政拨款收入支出决算总表", "T04"),
    ("财政拨款收支决算总表", "T04"),
    ("一般公共预算财政拨款支出决算表", "T05"),
    ("一般公共预算财政拨款基本支出决算表", "T06"),
    ("附表6 一般公共预算财政拨款基本支出决算明细表", "T06"),
    ("政府性基金预算财政拨款收入支出决算表", "T07"),
    ("国有资本经营预算财政拨款支出决算表", "T08"),
    ("国有资本经营预算财政拨款收入支出决算表", "T08"),
    ("财政拨款“三公”经费支出决算表", "T09"),
    ('财政拨款"三公"经费支出决算表', "T09"),
    ("财政拨款『三公』经费支出决算表", "T09"),
    ("财政拨款三公经费支出决算表", "T09"),
    ("一般公共预算财政拨款“三公”经费支出决算表", "T09"),
    ("2024年度XX项目支出绩效自评表", "PERF_PROJECT"),
    ("项目绩效自评表", "PERF_PROJECT"),
    ("部门整体支出绩效自评表", "PERF_DEPARTMENT"),
    ("公开01表", None),
    ("2025年部门财务收支预算总表", None),
])
def test_title_names_the_most_specific_table(title, code):
    assert code_from_title(title) == code


def test_title_above_table_with_number_caption_and_unit():
    doc = make_doc(
        ("p", 3, "公开05表"),
        ("p", 3, "一般公共预算财政拨款支出决算表"),
        ("p", 3, "编制单位：XX局                金额单位：元"),
        ("t", 3, make_grid(T05_HEAD + T05_ROWS, page=3)),
    )
    out = classify_tables.run(doc)
    [t] = out.tables
    assert (t.table_id, t.table_code, t.unit, t.page_start, t.page_end) == ("t01", "T05", "元", 3, 3)
    assert t.title == "一般公共预算财政拨款支出决算表"
    assert out.metadata.source_unit == "元"
    assert doc.tables == []  # the input is not changed


def test_wrapped_title_reads_whole_not_its_tail():
    # "基本支出决算表" alone would name T03 (支出决算表); the whole title names T06
    grid = make_grid([["科目编码", "科目名称", "决算数"], ["30101", "基本工资", "1.00"]], page=4)
    doc = make_doc(("p", 4, "上海市XX局2024年度一般公共预算财政拨款"), ("p", 4, "基本支出决算表"), ("t", 4, grid))
    assert classify_tables.run(doc).tables[0].table_code == "T06"


def test_title_and_unit_inside_the_grid():
    grid = make_grid([
        ["财政拨款收入支出决算总表", L, L, L],
        ["编制单位：XX局", L, "单位：万元", L],
        ["收入", L, "支出", L],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款", "5.00", "一、一般公共服务支出", "5.00"],
    ], page=2)
    [t] = classify_tables.run(make_doc(("t", 2, grid))).tables
    assert (t.table_code, t.unit, t.title) == ("T04", "万元", "财政拨款收入支出决算总表")


def test_table_over_three_pages_joined_and_repeated_header_dropped():
    head = [["项目", L, "合计", "基本支出", "项目支出"], ["科目编码", "科目名称", U, U, U]]
    doc = make_doc(
        ("p", 5, "一般公共预算财政拨款支出决算表"),
        ("p", 5, "单位：万元"),
        ("t", 5, make_grid(head + [T05_ROWS[0]], page=5)),
        ("p", 6, "- 6 -"),
        ("t", 6, make_grid(head + [T05_ROWS[1]], page=6)),
        ("t", 7, make_grid([["2010601", "行政运行", "6.00", "6.00", ""]], page=7)),
        ("p", 7, "注：本表金额保留两位小数。"),
    )
    [t] = classify_tables.run(doc).tables
    assert t.table_code == "T05" and (t.page_start, t.page_end) == (5, 7)
    assert t.block_indices == [2, 4, 5]
    labels = [row[1] for row in t.grid.text_matrix()]
    assert labels == ["项目", "科目名称", "一般公共服务支出", "财政事务", "行政运行"]
    assert t.note == "注：本表金额保留两位小数。"


def test_empty_overflow_page_joins_as_nothing():
    t01 = make_grid([["收入", L, "支出", L], ["项目", "决算数", "项目", "决算数"],
                     ["总计", "9.00", "总计", "9.00"]], page=8)
    overflow = make_grid([["", "", "", ""]], page=9)
    doc = make_doc(("p", 8, "收入支出决算总表"), ("t", 8, t01), ("t", 9, overflow),
                   ("p", 10, "收入决算表"), ("t", 10, make_grid([["项目", "本年收入合计"], ["合计", "1.00"]], page=10)))
    tables = classify_tables.run(doc).tables
    assert [t.table_code for t in tables] == ["T01", "T02"]
    assert tables[0].block_indices == [1, 2] and tables[0].grid.n_rows == 3


def test_titled_table_on_next_page_is_not_a_continuation():
    doc = make_doc(
        ("p", 1, "支出决算表"), ("t", 1, make_grid(T05_HEAD + T05_ROWS, page=1)),
        ("p", 2, "一般公共预算财政拨款支出决算表"), ("t", 2, make_grid(T05_HEAD + T05_ROWS, page=2)),
    )
    assert [t.table_code for t in classify_tables.run(doc).tables] == ["T03", "T05"]


def test_untitled_table_with_its_own_header_is_a_new_table():
    perf = make_grid([["一级指标", "二级指标", "三级指标", "分值", "得分"], ["产出指标", "数量指标", "x", "10", "10"]],
                     page=2)
    doc = make_doc(("p", 1, "支出决算表"), ("t", 1, make_grid(T05_HEAD + T05_ROWS, page=1)), ("t", 2, perf))
    tables = classify_tables.run(doc).tables
    assert len(tables) == 2 and tables[0].table_code == "T03" and tables[1].grid.n_cols == 5


def test_continuation_with_other_column_count_mapped_by_position():
    widths = [60.0, 200.0, 80.0, 80.0, 80.0]
    first = make_grid(T05_HEAD + T05_ROWS, page=1, x0=50.0, widths=widths)
    # the next page lost the rule between 合计 and 基本支出: 4 columns
    cont = make_grid([["2010601", "行政运行", "6.00", "6.00"]], page=2, x0=50.0, widths=[60.0, 200.0, 160.0, 80.0])
    doc = make_doc(("p", 1, "一般公共预算财政拨款支出决算表"), ("t", 1, first), ("t", 2, cont))
    [t] = classify_tables.run(doc).tables
    assert t.grid.n_rows == 4 and t.grid.n_cols == 5
    last = [c for c in t.grid.cells if c.row == 3]
    assert [(c.col, c.col_span, c.text) for c in last] == [(0, 1, "2010601"), (1, 1, "行政运行"),
                                                          (2, 2, "6.00"), (4, 1, "6.00")]


def test_header_names_an_untitled_table():
    t09 = make_grid([
        ["合计", L, "因公出国（境）费", L, "公务用车购置及运行维护费", L, L, L, L, L, "公务接待费", L],
        [U, U, U, U, "小计", L, "公务用车购置费", L, "公务用车运行维护费", L, U, U],
        ["预算数", "决算数"] * 6,
        ["1.00"] * 12,
    ], page=3)
    [t] = classify_tables.run(make_doc(("p", 3, "表七"), ("t", 3, t09))).tables
    assert t.table_code == "T09" and t.title == "表七"


def test_budget_document_has_no_standard_tables():
    doc = make_doc(("p", 1, "收入支出决算总表"),
                   ("t", 1, make_grid([["项目", "决算数"], ["总计", "1.00"]], page=1)), doc_kind="budget_department")
    out = classify_tables.run(doc)
    assert [t.table_code for t in out.tables] == ["OTHER"]
    assert out.metadata.source_unit is None


def test_empty_table_keeps_its_note():
    grid = make_grid([["项目", L, "年初结转和结余", "本年收入", "本年支出", L, L, "年末结转和结余"],
                      ["科目编码", "科目名称", U, U, "小计", "基本支出", "项目支出", U],
                      ["合计", L, "", "", "", "", "", ""]], page=19)
    doc = make_doc(("p", 19, "政府性基金预算财政拨款收入支出决算表"), ("p", 19, "单位：万元"), ("t", 19, grid),
                   ("p", 19, "注：本部门无政府性基金预算财政拨款支出，"), ("p", 19, "故本表无数据。"))
    [t] = classify_tables.run(doc).tables
    assert t.table_code == "T07" and t.note == "注：本部门无政府性基金预算财政拨款支出，故本表无数据。"


def test_sample_pdf_nine_tables():
    pytest.importorskip("pdfplumber")
    from extractors import extract
    from pipeline.stages import metadata

    doc = classify_tables.run(metadata.run(extract(SAMPLES / "上海市普陀区财政局2024年度部门决算.pdf")))
    by_code = {t.table_code: t for t in doc.tables}
    assert set(by_code) >= {f"T0{i}" for i in range(1, 10)}
    assert (by_code["T01"].page_start, by_code["T01"].page_end) == (6, 7)  # spills onto page 7
    assert (by_code["T04"].page_start, by_code["T04"].page_end) == (12, 13)
    assert by_code["T09"].title == "财政拨款“三公”经费支出决算表"
    assert "故本表无数据" in (by_code["T07"].note or "") and "故本表无数据" in (by_code["T08"].note or "")
    assert doc.metadata.source_unit == "万元"
    assert all(t.unit == "万元" for t in doc.tables if t.table_code.startswith("T0"))


def test_title_at_the_foot_of_the_previous_page():
    doc = make_doc(("p", 4, "一、收入决算表"), ("p", 4, "单位：万元"),
                   ("t", 5, make_grid([["项目", "本年收入合计"], ["合计", "1.00"]], page=5)))
    [t] = classify_tables.run(doc).tables
    assert (t.table_code, t.unit, t.page_start) == ("T02", "万元", 5)


def test_title_and_unit_in_one_line():
    doc = make_doc(("p", 2, "部门支出决算表 （单位：万元）"), ("t", 2, make_grid(T05_HEAD + T05_ROWS, page=2)))
    [t] = classify_tables.run(doc).tables
    assert (t.table_code, t.unit, t.title) == ("T03", "万元", "部门支出决算表")


def test_sentence_naming_a_table_is_not_a_title():
    grid = make_grid([["序号", "单位名称", "备注"], ["1", "XX局（本级）", ""]], page=5)
    doc = make_doc(("p", 5, "详见收入决算表。纳入本部门2024年度部门决算编制范围的单位包括："), ("t", 5, grid))
    [t] = classify_tables.run(doc).tables
    assert t.table_code == "OTHER" and t.title is None


def test_budget_titles_are_not_final_account_tables_even_without_doc_kind():
    grid = make_grid([["项目", L, "合计", "基本支出", "项目支出"], ["科目编码", "科目名称", U, U, U],
                      ["201", "一般公共服务支出", "5", "3", "2"]], page=1)
    doc = make_doc(("p", 1, "2025年部门支出预算总表"), ("p", 1, "编制部门：XX局 单位：元"), ("t", 1, grid))
    [t] = classify_tables.run(doc).tables
    assert t.table_code == "B03" and t.title == "2025年部门支出预算总表"  # a budget table, never T03


def test_continued_table_with_repeated_title():
    head = [["项目", "决算数", "项目", "决算数"]]
    first = [["一、财政拨款收入", "1.00", "一、一般公共服务支出", "1.00"]]
    doc = make_doc(
        ("p", 1, "收入支出决算总表"), ("t", 1, make_grid(head + first, page=1)),
        ("p", 2, "收入支出决算总表（续）"), ("t", 2, make_grid(head + [["总计", "1.00", "总计", "1.00"]], page=2)),
    )
    [t] = classify_tables.run(doc).tables
    assert t.table_code == "T01" and t.grid.n_rows == 3 and t.page_end == 2


def test_standard_title_repeated_on_each_page_joins_but_perf_titles_do_not():
    head = [["科目编码", "科目名称", "合计"]]
    items = []
    for page, code in ((1, "201"), (2, "20101")):
        grid = make_grid(head + [[code, "x", "1.00"]], page=page)
        items += [("p", page, "一般公共预算财政拨款支出决算表"), ("t", page, grid)]
    perf = [["项目名称", "A", L], ["主管部门", "B", L], ["一级指标", "二级指标", "得分"]]
    for page in (3, 4):
        items += [("p", page, "项目支出绩效自评表"), ("t", page, make_grid(perf, page=page))]
    tables = classify_tables.run(make_doc(*items)).tables
    assert [(t.table_code, t.page_start, t.page_end) for t in tables] == [
        ("T05", 1, 2), ("PERF_PROJECT", 3, 3), ("PERF_PROJECT", 4, 4)]
    assert tables[0].grid.n_rows == 3


def test_number_caption_run_into_the_title_is_cut():
    doc = make_doc(("p", 1, "XX局2024年度部门决算公开02表XX局收入决算表"), ("p", 1, "金额单位：元"),
                   ("t", 1, make_grid([["项目", "本年收入合计"], ["合计", "1.00"]], page=1)))
    [t] = classify_tables.run(doc).tables
    assert (t.table_code, t.title, t.unit) == ("T02", "XX局收入决算表", "元")


@pytest.mark.parametrize("head,code", [
    ([["收入", L, "支出", L], ["项目", "决算数", "项目", "决算数"]], "T01"),
    ([["收入", L, "支出", L, L, L, L],
      ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
       "国有资本经营预算财政拨款"]], "T04"),
    ([["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "事业收入", "其他收入", "", ""]], "T02"),
    ([["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出", "经营支出", "", ""]], "T03"),
])
def test_header_names_untitled_standard_tables(head, code):
    n = len(head[0])
    body = [["一、一般公共预算财政拨款收入", "1.00", "二、政府性基金预算财政拨款收入", "1.00"] + [""] * (n - 4)]
    [t] = classify_tables.run(make_doc(("t", 1, make_grid(head + body, page=1)))).tables
    assert t.table_code == code


# ---------------------------------------------------------------- sources without pages (HTML, Word)
T05_MORE = [["2010601", "行政运行", "6.00", "6.00", ""]]


def _pageless(second: list[list[str | None]], between: tuple = ()) -> list:
    """T05 titled, its grid, then `between` paragraphs and a second grid: no pages anywhere."""
    doc = make_doc(("p", None, "一般公共预算财政拨款支出决算表"), ("p", None, "单位：万元"),
                   ("t", None, make_grid(T05_HEAD + T05_ROWS)),
                   *[("p", None, text) for text in between], ("t", None, make_grid(second)))
    return classify_tables.run(doc).tables


@pytest.mark.parametrize("second,between", [
    (T05_MORE, ()),  # a bare second <table>
    (T05_HEAD + T05_MORE, ()),  # the header printed again
    (T05_MORE, ("续表", "单位：万元")),  # nothing but noise between
    ([["一般公共预算财政拨款支出决算表（续）", L, "", "", ""]] + T05_MORE, ()),  # titled, but 续
])
def test_pageless_continuation_next_in_reading_order_joins(second, between):
    [t] = _pageless(second, between)
    assert t.table_code == "T05" and t.block_indices[0] == 2 and len(t.block_indices) == 2
    assert [row[1] for row in t.grid.text_matrix()] == ["科目名称", "一般公共服务支出", "财政事务", "行政运行"]
    assert (t.page_start, t.page_end) == (None, None)


@pytest.mark.parametrize("second,between", [
    (T05_MORE, ("下表为本单位其他支出情况的说明。",)),  # running text between
    (T05_MORE, ("政府采购支出情况表",)),  # a title of its own above it
    ([["政府采购支出情况表", L, "", "", ""]] + T05_MORE, ()),  # a title of its own inside the grid
    ([["表3", L, "", "", ""]] + T05_MORE, ()),  # a number caption of its own
    ([["一级指标", "二级指标", "三级指标", "分值", "得分"], ["产出指标", "数量指标", "x", "10", "10"]], ()),
    ([["2010601", "行政运行", "6.00"]], ()),  # other columns, and no positions to map them by
    ([["2010601", "行政运行", "六元", "6.00", ""]], ()),  # words where the amounts are
])
def test_pageless_adjacent_different_tables_stay_apart(second, between):
    tables = _pageless(second, between)
    assert len(tables) == 2 and tables[0].block_indices == [2] and tables[0].grid.n_rows == 3


def _render(fmt: str, pieces: list, tmp_path):
    from pipeline.runner import process
    from tests.variants.render import render

    return process(render(pieces, fmt, tmp_path / "测试局2024年度部门决算"))


FMTS = ["html", "docx", "xlsx"]


@pytest.mark.parametrize("fmt", FMTS)
def test_split_table_joins_in_a_file_without_pages(fmt, tmp_path):
    """The second <table> / Word table / rows run on in the sheet: one T05, all rows."""
    pytest.importorskip("docx")
    pytest.importorskip("openpyxl")
    from tests.variants.transforms import GridPiece, Para

    doc = _render(fmt, [Para("一般公共预算财政拨款支出决算表"), Para("单位：万元"),
                        GridPiece(T05_HEAD + T05_ROWS, "T05", 1), GridPiece(T05_MORE, "T05", 0)], tmp_path)
    [t] = [t for t in doc.tables if t.table_code == "T05"]
    assert len(doc.tables) == 1, [(x.table_code, x.title) for x in doc.tables]
    codes = [row[0] for row in t.grid.text_matrix()]
    assert codes == ["科目编码", "201", "20106", "2010601"]


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.parametrize("second", ["titled", "own_header", "other_columns"])
def test_adjacent_different_tables_stay_apart_in_a_file_without_pages(fmt, second, tmp_path):
    pytest.importorskip("docx")
    pytest.importorskip("openpyxl")
    from tests.variants.transforms import GridPiece, Para

    # two data rows at least: an Excel sheet of one row reads as a line of text, not a table;
    # header_rows=1 puts each on a sheet of its own (rows with none run on in the table's sheet)
    rows = {
        "titled": [["政府采购支出情况表", L, L, L, L], *T05_MORE, ["2010602", "一般行政管理事务", "1.00", "", "1.00"]],
        "own_header": [["一级指标", "二级指标", "三级指标", "分值", "得分"], ["产出指标", "数量指标", "x", "10", "10"]],
        "other_columns": [["2010601", "行政运行", "6.00"], ["2010602", "一般行政管理事务", "1.00"]],
    }[second]
    pieces = [GridPiece(rows, "OTHER", 1)]
    doc = _render(fmt, [Para("一般公共预算财政拨款支出决算表"), Para("单位：万元"),
                        GridPiece(T05_HEAD + T05_ROWS, "T05", 1), *pieces], tmp_path)
    assert len(doc.tables) == 2, [(x.table_code, x.title, x.block_indices) for x in doc.tables]
    assert doc.tables[0].table_code == "T05" and doc.tables[0].grid.n_rows == 3
