"""Furniture that is never an amount, and header wording that differs from the national one."""
from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.model import Table
from pipeline.stages.standard_tables import table_items
from pipeline.tables.layout import _numbering_row, find_header, header_word, note_rows
from pipeline.tables.measures import measure
from tests.test_classify_tables import L, U, make_grid


def items(code: str, rows: list, unit: str = "万元") -> list:
    grid = make_grid(rows)
    table = Table(table_id="t", table_code=code, unit=unit, page_start=1, page_end=1, block_indices=[0], grid=grid)
    return table_items(table, unit)


def tidy(got) -> set[tuple]:
    return {(i.side, i.row_label, i.subject_code, i.measure, i.amount_yuan) for i in got}


@pytest.mark.parametrize(("row", "numbering"), [
    (["栏次", "", "1", "2", "3"], True),
    (["甲", "乙", "1", "2", "3"], True),
    (["栏次", "", "1", "栏次", "", "2"], True),  # T01: one 栏次 per half
    (["", "", "1", "2", "3"], True),  # numbers alone, counting from 1
    (["项目", "行次", "决算数", "项目", "行次", "决算数"], False),  # names a 行次 column: header, not 栏次
    (["", "", "0", "0", "0"], False),  # zeros printed as integers are amounts
    (["", "", "5", "3", "2"], False),
    (["201", "06", "01"], False),
    (["", "", "1", "2"], False),  # two bare numbers: too little to tell
])
def test_numbering_rows(row, numbering):
    assert _numbering_row(row) is numbering


def test_a_table_title_is_no_header_word():
    # a title printed as the grid's first row (pipe text, Excel) was read as the header: no data rows
    assert not header_word("2025年部门一般公共预算支出功能分类预算表")
    assert not header_word("一般公共预算财政拨款支出决算表（续）")
    matrix = [["2025年一般公共预算支出功能分类预算表"] * 4, ["科目编码", "科目名称", "合计", "基本支出"],
              ["201", "一般公共服务支出", "100", "100"]]
    assert find_header(matrix) == (1, 2)
    assert header_word("科目名称") and header_word("一般公共预算")


def test_caption_cells_are_no_header_words():
    assert not header_word("金额单位：万元") and not header_word("编制单位：某某局") and not header_word("单位：元")
    assert header_word("金额") and header_word("公务接待") and header_word("基本经费") and header_word("决算数（万元）")


def test_a_unit_row_inside_the_grid_is_a_caption():
    matrix = [["收入决算表", "收入决算表", "收入决算表"], ["编制单位：某某局", "金额单位：万元", "金额单位：万元"],
              ["项目", "本年收入合计", "财政拨款收入"], ["合计", "3.00", "2.00"]]
    assert find_header(matrix) == (2, 3)


def test_t01_line_number_columns_are_never_amounts():
    rows = [
        ["收入", L, L, "支出", L, L],
        ["项目", "行次", "决算数", "项目", "行次", "决算数"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、一般公共预算财政拨款收入", "1", "100.00", "一、一般公共服务支出", "29", "80.00"],
        ["二、其他收入", "2", "—", "二、教育支出", "30", "20.00"],
        ["本年收入合计", "3", "100.00", "本年支出合计", "31", "100.00"],
        ["注：本表反映部门本年度的总收支。", L, L, L, L, L],
    ]
    w = Decimal(10000)
    assert tidy(items("T01", rows)) == {
        ("income", "一、一般公共预算财政拨款收入", None, "决算数", 100 * w),
        ("income", "本年收入合计", None, "决算数", 100 * w),
        ("expenditure", "一、一般公共服务支出", None, "决算数", 80 * w),
        ("expenditure", "二、教育支出", None, "决算数", 20 * w),
        ("expenditure", "本年支出合计", None, "决算数", 100 * w),
    }


def test_serial_column_numbers_and_notes_make_no_items():
    rows = [
        ["序号", "项目", L, "本年支出合计", "基本支出", "项目支出"],
        [U, "科目编码", "科目名称", U, U, U],
        ["甲", "乙", "丙", "1", "2", "3"],
        ["1", "", "合计", "30.00", "20.00", "10.00"],
        ["2", "201", "一般公共服务支出", "30.00", "20.00", "10.00"],
        ["3", "2010601", "行政运行", "20.00", "20.00", "-"],
        ["注：1.本表金额单位为万元；2.本表含2024年数据。", L, L, L, L, L],
        ["本部门无项目支出结转。", L, L, L, L, L],
    ]
    got = items("T03", rows)
    assert {(i.subject_code, i.measure) for i in got} == {
        (None, "本年支出合计"), (None, "基本支出"), (None, "项目支出"), ("201", "本年支出合计"), ("201", "基本支出"),
        ("201", "项目支出"), ("2010601", "本年支出合计"), ("2010601", "基本支出")}
    assert all(i.row_label in ("合计", "一般公共服务支出", "行政运行") for i in got)


def test_notes_rows():
    matrix = [["项目", "决算数"], ["收入", "收入"], ["一、财政拨款", "3.00"], ["注：无", ""],
              ["本表无数据。", "本表无数据。"], ["说明：单位万元", "说明：单位万元"]]
    # a banner spanning its row above the last amount is a row (sides come from it), not a note
    assert note_rows(matrix, 1) == frozenset({3, 4, 5})


@pytest.mark.parametrize(("table", "levels", "side", "want"), [
    ("T02", ["收入合计"], None, "本年收入合计"),
    ("T02", ["本年收入"], None, "本年收入合计"),
    ("T02", ["本年收入", "合计"], None, "本年收入合计"),
    ("T02", ["财政拨款"], None, "财政拨款收入"),
    ("T03", ["支出合计"], None, "本年支出合计"),
    ("T03", ["本年支出", "合计"], None, "本年支出合计"),
    ("T03", ["基本经费"], None, "基本支出"),
    ("T03", ["项目经费"], None, "项目支出"),
    ("T05", ["本年支出合计"], None, "合计"),
    ("T05", ["本年支出", "小计"], None, "合计"),
    ("T05", ["基本经费"], None, "基本支出"),
    ("T01", ["收入", "金额"], "income", "决算数"),
    ("T01", ["本年决算数"], "income", "决算数"),
    ("T04", ["支出", "一般公共预算"], "expenditure", "一般公共预算财政拨款"),
    ("T04", ["支出", "政府性基金"], "expenditure", "政府性基金预算财政拨款"),
    ("T04", ["支出", "合计"], "expenditure", "合计"),
    ("T06", ["金额"], None, "决算数"),
    ("T06", ["合计"], None, "决算数"),
    ("T09", ["公务用车购置及运行维护", "公务用车运行维护", "决算"], None, "公务用车购置及运行费/公务用车运行费/决算数"),
    ("T09", ["因公出国(境)", "预算"], None, "因公出国（境）费/预算数"),
    ("T09", ["年初预算数", "公务接待"], None, "公务接待费/预算数"),
])
def test_header_synonyms_map_to_the_contract_measure(table, levels, side, want):
    assert measure(table, levels, side) == want


def test_a_line_number_column_beside_coded_labels_keeps_the_header():
    """A header row naming a 行次 column was once taken for a 栏次 row and dropped with all its
    measures (issue 12): the amounts then came out under no measure at all."""
    rows = [
        ["项目", L, "行次", "本年支出合计", "基本支出", "项目支出"],
        ["支出功能分类科目编码", "科目名称", U, U, U, U],
        ["", "合计", "1", "30.00", "20.00", "10.00"],
        ["201", "一般公共服务支出", "2", "30.00", "20.00", "10.00"],
    ]
    w = Decimal(10000)
    assert tidy(items("T03", rows)) == {
        (None, "合计", None, "本年支出合计", 30 * w), (None, "合计", None, "基本支出", 20 * w),
        (None, "合计", None, "项目支出", 10 * w), (None, "一般公共服务支出", "201", "本年支出合计", 30 * w),
        (None, "一般公共服务支出", "201", "基本支出", 20 * w), (None, "一般公共服务支出", "201", "项目支出", 10 * w)}


def test_t06_halves_with_line_number_columns():
    rows = [
        ["人员经费", L, L, L, "公用经费", L, L, L],
        ["科目编码", "科目名称", "行次", "决算数", "科目编码", "科目名称", "行次", "决算数"],
        ["301", "工资福利支出", "1", "100.00", "302", "商品和服务支出", "8", "20.00"],
        ["30101", "基本工资", "2", "60.00", "30201", "办公费", "9", "5.00"],
    ]
    w = Decimal(10000)
    assert tidy(items("T06", rows)) == {
        (None, "工资福利支出", "301", "决算数", 100 * w), (None, "基本工资", "30101", "决算数", 60 * w),
        (None, "商品和服务支出", "302", "决算数", 20 * w), (None, "办公费", "30201", "决算数", 5 * w)}
