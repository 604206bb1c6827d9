"""Stage tables.parse: standard-table grids → line items (codes, sides, measures, yuan)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.model import Table
from pipeline.stages import classify_tables, standard_tables
from pipeline.stages.standard_tables import table_items
from tests.conftest import ROOT, SAMPLES
from tests.test_classify_tables import L, U, make_doc, make_grid

GOLD = ROOT.parent / "shared" / "eval" / "gold"


def items_of(code: str, rows: list, unit: str | None = "万元", page: int = 1) -> list:
    grid = make_grid(rows, page=page)
    table = Table(table_id="t01", table_code=code, unit=unit, page_start=page, page_end=page,
                  block_indices=[0], grid=grid)
    return table_items(table, unit)


def tidy(items) -> set[tuple]:
    return {(i.side, i.row_label, i.subject_code, i.subject_level, i.measure, i.amount_yuan) for i in items}


def test_joined_seven_digit_codes_in_yuan():
    rows = [
        ["项目", L, "本年支出合计", "基本支出", "项目支出"],
        ["功能分类科目编码", "科目名称", U, U, U],
        ["合计", L, "1,234,567.89", "1,000,000", "234,567.89"],
        ["205", "教育支出", "1,234,567.89", "1,000,000", "234,567.89"],
        ["20502", "普通教育", "1,234,567.89", "1,000,000", "234,567.89"],
        ["2050205", "高等教育", "1,234,567.89", "1,000,000.00", "—"],
    ]
    got = items_of("T03", rows, unit="元")
    assert len(got) == 11  # the dash makes no item
    high = {i.measure: i for i in got if i.subject_code == "2050205"}
    assert set(high) == {"本年支出合计", "基本支出"}
    assert high["本年支出合计"].amount_yuan == Decimal("1234567.89") and high["本年支出合计"].subject_level == 3
    assert high["本年支出合计"].amount_text == "1,234,567.89" and high["本年支出合计"].row_label == "高等教育"
    total = [i for i in got if i.row_label == "合计"]
    assert {(i.subject_code, i.measure, i.amount_yuan) for i in total} == {
        (None, "本年支出合计", Decimal("1234567.89")), (None, "基本支出", Decimal("1000000")),
        (None, "项目支出", Decimal("234567.89"))}
    assert {i.subject_level for i in got if i.subject_code == "20502"} == {2}


def test_three_code_columns_with_header_fused_to_total_and_wrapped_headers():
    rows = [
        ["项目", L, L, L, "本年收入合\n计", "财政拨款收\n入", "附属单\n位上\n缴收入", "其他收\n入"],
        ["支出功能分类\n科目编码", L, L, "科目名称", U, U, U, U],
        ["类", "款", "项", "合计", "30.00", "20.00", "0.00", "10.00"],
        ["201", "", "", "一般公共服务支出", "30.00", "20.00", "", "10.00"],
        ["", "06", "", "财政事务", "30.00", "20.00", "", "10.00"],
        ["", "", "01", "行政运行", "25.00", "20.00", "", "5.00"],
        ["", "", "02", "一般行政管理事\n务", "5.00", "", "", "5.00"],
        ["", "11", "", "纪检监察事务", "", "", "", ""],
    ]
    got = items_of("T02", rows)
    codes = {i.row_label: (i.subject_code, i.subject_level) for i in got}
    assert codes["行政运行"] == ("2010601", 3) and codes["一般行政管理事务"] == ("2010602", 3)
    assert codes["财政事务"] == ("20106", 2) and codes["一般公共服务支出"] == ("201", 1)
    assert codes["合计"] == (None, None)
    total = {i.measure: i.amount_yuan for i in got if i.row_label == "合计"}
    assert total == {"本年收入合计": Decimal("300000.00"), "财政拨款收入": Decimal("200000.00"),
                     "附属单位上缴收入": Decimal("0.00"), "其他收入": Decimal("100000.00")}
    assert "纪检监察事务" not in codes  # a row of blanks makes nothing


def test_t06_halves_keep_their_own_codes_and_names():
    rows = [
        ["人员经费", L, L, "公用经费", L, L],
        ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "100.00", "302", "商品和服务支出", "20.00"],
        ["30101", "基本工资", "60.00", "30201", "办公费", "5.00"],
        ["30102", "津贴补贴", "", "30202", "印 刷 费", "1.50"],
        ["", "", "", "30299", "其 他 商 品 和 服 务 支\n出", "13.50"],
        ["人员经费合计", L, "100.00", "公用经费合计", L, "20.00"],
    ]
    got = tidy(items_of("T06", rows))
    w = Decimal(10000)
    assert got == {
        (None, "工资福利支出", "301", 1, "决算数", 100 * w), (None, "商品和服务支出", "302", 1, "决算数", 20 * w),
        (None, "基本工资", "30101", 2, "决算数", 60 * w), (None, "办公费", "30201", 2, "决算数", 5 * w),
        (None, "印刷费", "30202", 2, "决算数", Decimal("15000.00")),
        (None, "其他商品和服务支出", "30299", 2, "决算数", Decimal("135000.00")),
        (None, "人员经费合计", None, None, "决算数", 100 * w), (None, "公用经费合计", None, None, "决算数", 20 * w),
    }


def test_t06_two_code_columns_per_half():
    rows = [
        ["经济分类科目编码", L, "科目名称", "决算数", "经济分类科目编码", L, "科目名称", "决算数"],
        ["类", "款", U, U, "类", "款", U, U],
        ["301", "", "工资福利支出", "2.00", "302", "", "商品和服务支出", "1.00"],
        ["301", "01", "基本工资", "2.00", "", "01", "办公费", "1.00"],
    ]
    got = {(i.row_label, i.subject_code) for i in items_of("T06", rows)}
    assert got == {("工资福利支出", "301"), ("商品和服务支出", "302"), ("基本工资", "30101"), ("办公费", "30201")}


def test_t06_as_one_list_with_personnel_and_public_columns():
    rows = [
        ["部门经济分类科目", L, "决算数", L, L],
        ["编码", "名称", "合计", "人员经费", "公用经费"],
        ["", "合计", "150.00", "120.00", "30.00"],
        ["301", "工资福利支出", "120.00", "120.00", ""],
        ["30101", "基本工资", "120.00", "120.00", ""],
        ["302", "商品和服务支出", "30.00", "", "30.00"],
    ]
    got = items_of("T06", rows)
    assert {(i.subject_code, i.measure) for i in got if i.row_label != "合计"} == {
        ("301", "决算数"), ("301", "人员经费"), ("30101", "决算数"), ("30101", "人员经费"),
        ("302", "决算数"), ("302", "公用经费")}
    assert len(got) == 9


def test_two_sided_summary_tables_get_sides():
    rows = [
        ["收入", L, "支出", L, L, L, L],
        ["项目", "决算数", "项目", "合计", "一般公共预算\n财\n政拨款", "政府性基金预\n算\n财政拨款",
         "国有资本经营预算财政拨款"],
        ["一、一般公共预算财政拨款", "8.00", "一、一般公共服务支出", "8.00", "8.00", "-", ""],
        ["二、政府性基金预算财政拨\n款", "0.00", "", "", "", "", ""],
        ["本年收入合计", "8.00", "本年支出合计", "8.00", "8.00", "", ""],
    ]
    got = tidy(items_of("T04", rows))
    w = Decimal(10000)
    assert got == {
        ("income", "一、一般公共预算财政拨款", None, None, "决算数", 8 * w),
        ("income", "二、政府性基金预算财政拨款", None, None, "决算数", Decimal("0.00")),
        ("income", "本年收入合计", None, None, "决算数", 8 * w),
        ("expenditure", "一、一般公共服务支出", None, None, "合计", 8 * w),
        ("expenditure", "一、一般公共服务支出", None, None, "一般公共预算财政拨款", 8 * w),
        ("expenditure", "本年支出合计", None, None, "合计", 8 * w),
        ("expenditure", "本年支出合计", None, None, "一般公共预算财政拨款", 8 * w),
    }


def test_t01_sides_without_banner_follow_halves_and_金额_is_决算数():
    rows = [["收入项目", "金额", "支出项目", "金额"], ["一、财政拨款收入", "3.00", "一、一般公共服务支出", "2.50"]]
    got = tidy(items_of("T01", rows))
    assert got == {("income", "一、财政拨款收入", None, None, "决算数", Decimal("30000.00")),
                   ("expenditure", "一、一般公共服务支出", None, None, "决算数", Decimal("25000.00"))}


def test_t09_with_all_values():
    rows = [
        ["财政拨款“三公”经费", L, L, L, L, L, L, L, L, L, L, L],
        ["合计", L, "因公出国（境）费", L, "公务用车购置及运行维护费", L, L, L, L, L, "公务接待费", L],
        [U, U, U, U, "小计", L, "公务用车购置费", L, "公务用车运行维护费", L, U, U],
        ["预算数", "决算数"] * 6,
        ["12.00", "10.50", "2.00", "1.50", "8.00", "7.00", "5.00", "4.50", "3.00", "2.50", "2.00", "2.00"],
    ]
    got = items_of("T09", rows)
    assert len(got) == 12 and all(i.row_label is None and i.subject_code is None for i in got)
    m = {i.measure: i.amount_yuan for i in got}
    assert m["合计/预算数"] == Decimal("120000.00") and m["合计/决算数"] == Decimal("105000.00")
    assert m["因公出国（境）费/决算数"] == Decimal("15000.00")
    assert m["公务用车购置及运行费/小计/预算数"] == Decimal("80000.00")
    assert m["公务用车购置及运行费/公务用车购置费/决算数"] == Decimal("45000.00")
    assert m["公务用车购置及运行费/公务用车运行费/预算数"] == Decimal("30000.00")
    assert m["公务接待费/决算数"] == Decimal("20000.00")


def test_t09_with_budget_and_outturn_as_rows():
    rows = [["项目", "合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费"],
            ["预算数", "3.00", "1.00", "1.00", "1.00"], ["决算数", "2.00", "", "1.00", "1.00"]]
    m = {(i.row_label, i.measure): i.amount_yuan for i in items_of("T09", rows)}
    assert m[(None, "合计/预算数")] == Decimal("30000.00") and m[(None, "合计/决算数")] == Decimal("20000.00")
    assert (None, "因公出国（境）费/决算数") not in m and len(m) == 7


def test_t07_measures():
    rows = [
        ["项目", L, "年初结转和\n结余", "本年收入", "本年支出", L, L, "年末结转和\n结余"],
        ["科目编码", "科目名称", U, U, "合计", "基本支出", "项目支出", U],
        ["229", "其他支出", "1.00", "2.00", "3.00", "0.00", "3.00", "0.00"],
    ]
    assert {i.measure for i in items_of("T07", rows)} == {
        "年初结转和结余", "本年收入", "本年支出/小计", "本年支出/基本支出", "本年支出/项目支出", "年末结转和结余"}


def test_t05_budget_column_and_rate_column():
    rows = [["科目编码", "科目名称", "年初预算数", "合计", "基本支出", "项目支出", "决算数为预算数的%"],
            ["2010101", "行政运行", "10.00", "9.00", "9.00", "", "90%"]]
    assert {i.measure for i in items_of("T05", rows)} == {"年初预算数", "合计", "基本支出"}


def test_code_and_name_in_one_cell():
    rows = [["项目", "合计", "基本支出"], ["2010101 行政运行", "1.00", "1.00"], ["合计", "1.00", "1.00"]]
    got = {(i.row_label, i.subject_code, i.subject_level) for i in items_of("T05", rows)}
    assert got == {("行政运行", "2010101", 3), ("合计", None, None)}


def test_unknown_unit_falls_back_to_document_unit():
    grid = make_grid([["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "1.50"]], page=1)
    doc = make_doc(("p", 1, "一般公共预算财政拨款支出决算表"), ("t", 1, grid))
    doc = classify_tables.run(doc)
    doc = doc.model_copy(update={"metadata": doc.metadata.model_copy(update={"source_unit": "万元"})})
    [item] = standard_tables.run(doc).line_items
    assert item.amount_yuan == Decimal("15000.00") and item.table_id == "t01" and (item.row, item.col) == (1, 2)


def test_three_pages_end_to_end_with_pages():
    head = [["科目编码", "科目名称", "合计"]]
    doc = make_doc(
        ("p", 1, "一般公共预算财政拨款支出决算表"), ("p", 1, "单位：万元"),
        ("t", 1, make_grid(head + [["201", "一般公共服务支出", "3.00"]], page=1)),
        ("t", 2, make_grid(head + [["20101", "人大事务", "3.00"]], page=2)),
        ("t", 3, make_grid([["2010101", "行政运行", "3.00"]], page=3)),
    )
    items = standard_tables.run(classify_tables.run(doc)).line_items
    assert [(i.subject_code, i.page, i.row) for i in items] == [("201", 1, 1), ("20101", 2, 2), ("2010101", 3, 3)]


def test_other_tables_make_no_items():
    grid = make_grid([["项目", "预算数"], ["一、财政拨款收入", "5.00"]], page=1)
    doc = make_doc(("p", 1, "2025年部门政府采购预算表"), ("t", 1, grid))
    assert standard_tables.run(classify_tables.run(doc)).line_items == []


def _score(doc, gold_path: Path):
    import sys
    sys.path.insert(0, str(gold_path.parent.parent))
    import score  # the shared scorer's matching rules

    gold = json.loads(gold_path.read_text(encoding="utf-8"))["line_items"]
    pred = [i.model_dump(mode="json") for i in doc.line_items]
    prf, _ = score.score_line_items(gold, pred)
    return prf


def test_sample_pdf_against_gold():
    pytest.importorskip("pdfplumber")
    gold = GOLD / "上海市普陀区财政局2024年度部门决算.json"
    if not gold.exists():
        pytest.skip("shared/eval gold not beside the repository")
    from extractors import extract
    from pipeline.stages import metadata

    doc = metadata.run(extract(SAMPLES / "上海市普陀区财政局2024年度部门决算.pdf"))
    doc = standard_tables.run(classify_tables.run(doc))
    prf = _score(doc, gold)
    assert prf.f1 >= 0.995, prf.as_dict()
    # the right half of T06 is read against its own names (page 16: 302 01 办公费 21.21)
    office = [i for i in doc.line_items if i.table_code == "T06" and i.subject_code == "30201"]
    assert [(i.row_label, i.amount_text, i.page) for i in office] == [("办公费", "21.21", 16)]


def test_integer_yuan_amounts_without_separators():
    rows = [["科目编码", "科目名称", "决算数"], ["301", "工资福利支出", "123456"], ["30101", "基本工资", "100"]]
    got = {(i.subject_code, i.amount_yuan) for i in items_of("T06", rows, unit="元")}
    assert got == {("301", Decimal("123456.00")), ("30101", Decimal("100.00"))}


def test_header_row_with_an_unknown_word_is_still_header():
    rows = [["项目", L, "本年支出", L, L],
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出（含专项）"],
            ["2010101", "行政运行", "3.00", "2.00", "1.00"]]
    assert {i.measure for i in items_of("T03", rows)} == {"本年支出合计", "基本支出", "项目支出（含专项）"}


def test_national_layout_with_numbering_row_and_line_number_columns():
    rows = [
        ["收入", L, L, "支出", L, L],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、一般公共预算财政拨款收入", "1", "100.00", "一、一般公共服务支出", "32", "80.00"],
        ["本年收入合计", "6", "100.00", "本年支出合计", "57", "80.00"],
    ]
    got = tidy(items_of("T01", rows, unit="万元"))
    assert got == {
        ("income", "一、一般公共预算财政拨款收入", None, None, "决算数", Decimal("1000000.00")),
        ("expenditure", "一、一般公共服务支出", None, None, "决算数", Decimal("800000.00")),
        ("income", "本年收入合计", None, None, "决算数", Decimal("1000000.00")),
        ("expenditure", "本年支出合计", None, None, "决算数", Decimal("800000.00")),
    }


def test_numbering_row_under_a_coded_table():
    rows = [
        ["项目", L, "本年收入合计", "财政拨款收入", "事业收入"],
        ["功能分类科目编码", "科目名称", U, U, U],
        ["栏次", L, "1", "2", "3"],
        ["合计", L, "5.00", "5.00", "0.00"],
        ["2010101", "行政运行", "5.00", "5.00", ""],
    ]
    got = tidy(items_of("T02", rows))
    assert (None, "合计", None, None, "事业收入", Decimal("0.00")) in got
    assert (None, "行政运行", "2010101", 3, "财政拨款收入", Decimal("50000.00")) in got
    assert len(got) == 5


def test_t09_with_budget_and_outturn_over_the_categories():
    cats = ["合计", "因公出国（境）费", "公务用车购置及运行费", L, L, "公务接待费"]
    sub = [U, U, "小计", "公务用车购置费", "公务用车运行费", U]
    rows = [["预算数", L, L, L, L, L, "决算数", L, L, L, L, L], cats + cats, sub + sub,
            ["6.00", "1.00", "3.00", "1.00", "2.00", "2.00", "5.00", "1.00", "2.50", "0.50", "2.00", "1.50"]]
    m = {i.measure: i.amount_yuan for i in items_of("T09", rows)}
    assert len(m) == 12
    assert m["合计/预算数"] == Decimal("60000.00") and m["合计/决算数"] == Decimal("50000.00")
    assert m["公务用车购置及运行费/公务用车购置费/决算数"] == Decimal("5000.00")
    assert m["公务用车购置及运行费/小计/预算数"] == Decimal("30000.00")


def test_t05_national_layout_under_本年支出():
    rows = [["项目", L, "本年支出", L, L], ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
            ["2010101", "行政运行", "3.00", "2.00", "1.00"]]
    assert {i.measure for i in items_of("T05", rows)} == {"合计", "基本支出", "项目支出"}
