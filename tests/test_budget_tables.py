"""Budget tables B01–B09: titles, headers, kind gating, measures, metadata, the shared 2025 budget."""
from __future__ import annotations

import json
import sys
from decimal import Decimal

import pytest

from pipeline.records import LineItem
from pipeline.stages import classify_tables, standard_tables
from pipeline.tables.budget_measures import b09_row_measure, budget_measure
from pipeline.tables.titles import code_from_title
from tests.conftest import BUDGET, GOLD
from tests.test_classify_tables import L, U, make_doc, make_grid
from tests.test_metadata import doc_with


@pytest.mark.parametrize("title,code", [
    ("2025年部门财务收支预算总表", "B01"), ("部门收支预算总表", "B01"), ("收支总表", "B01"),
    ("表一 收入支出预算总表", "B01"),
    ("2025年部门收入预算总表", "B02"), ("收入总表", "B02"), ("公开02表 单位收入预算表", "B02"),
    ("2025年部门支出预算总表", "B03"), ("支出总表", "B03"),
    ("2025年部门财政拨款收支预算总表", "B04"), ("财政拨款收支总表", "B04"),
    ("一般公共预算支出功能分类预算表", "B05"), ("附表5 一般公共预算支出表", "B05"), ("一般公共预算支出预算表", "B05"),
    ("一般公共预算基本支出部门预算经济分类预算表", "B06"), ("一般公共预算基本支出(经济分类)预算表", "B06"),
    ("基本支出表", "B06"),
    ("政府性基金预算支出功能分类预算表", "B07"), ("政府性基金预算支出表", "B07"),
    ("国有资本经营预算支出(功能分类)预算表", "B08"),
    ("“三公”经费和机关运行经费预算表", "B09"), ("财政拨款“三公”经费支出预算表", "B09"), ("“三公”经费预算表", "B09"),
    ("机关运行经费预算表", "OTHER"), ("政府采购预算表", "OTHER"), ("财政拨款支出预算表", "OTHER"),
    ("项目支出预算表", "OTHER"),
    ("项目支出绩效自评表", "PERF_PROJECT"),
    ("收入支出决算总表", "T01"),  # a title that says 决算 is never a budget table
    ("公开01表", None),
])
def test_budget_titles(title, code):
    assert code_from_title(title, budget=True) == code


@pytest.mark.parametrize("title", ["2025年部门收支预算总表", "一般公共预算支出功能分类预算表", "“三公”经费预算表"])
def test_a_final_account_never_gets_budget_codes(title):
    assert code_from_title(title) is None  # the default: a 决算
    assert code_from_title(title, budget=False) is None
    assert code_from_title(title, budget=None).startswith("B")  # unknown kind: the title says 预算


def test_bare_titles_count_only_in_a_budget():
    assert code_from_title("收支总表", budget=None) is None
    assert code_from_title("收支总表", budget=True) == "B01"


B03_GRID = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["201", "一般公共服务支出", "5", "3", "2"]]
B05_GRID = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["201", "一般公共服务支出", "5", "3", "2"]]


def _codes(*items, doc_kind="budget_department"):
    return [t.table_code for t in classify_tables.run(make_doc(*items, doc_kind=doc_kind)).tables]


def test_numbering_and_order_do_not_decide():
    got = _codes(
        ("p", 1, "附表3"), ("p", 1, "部门一般公共预算支出表"), ("t", 1, make_grid(B05_GRID, page=1)),
        ("p", 2, "附表1"), ("p", 2, "部门支出总表"), ("t", 2, make_grid(B03_GRID, page=2)),
        ("p", 3, "表九"), ("p", 3, "政府采购预算表"), ("t", 3, make_grid([["项目", "金额"], ["设备", "1"]], page=3)),
    )
    assert got == ["B05", "B03", "OTHER"]


def test_empty_tables_keep_their_code():
    empty = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["", "", "", "", ""], ["合计", L, "", "", ""]]
    got = _codes(
        ("p", 1, "政府性基金预算支出预算表"), ("p", 1, "此表为空"), ("t", 1, make_grid(empty, page=1)),
        ("p", 2, "国有资本经营预算支出预算表"), ("t", 2, make_grid(empty, page=2)), ("p", 2, "本部门无该项目"),
    )
    assert got == ["B07", "B08"]


def test_untitled_budget_tables_by_header():
    b01 = [["本年收入", L, "本年支出", L], ["项目", "预算数", "项目", "预算数"],
           ["一、财政拨款收入", "5", "一、教育支出", "5"]]
    b09 = [["合计", "因公出国(境)费", "公务接待费"], ["3", "1", "2"]]
    got = _codes(("t", 1, make_grid(b01, page=1)), ("p", 2, "x"), ("t", 2, make_grid(B03_GRID, page=2)),
                 ("p", 3, "y"), ("t", 3, make_grid(B05_GRID, page=3)), ("p", 4, "z"), ("t", 4, make_grid(b09, page=4)))
    assert got == ["B01", "B03", "B05", "B09"]


def test_decided_by_kind_and_title_words():
    b = ("p", 1, "2025年部门支出预算总表"), ("t", 1, make_grid(B03_GRID, page=1))
    t = ("p", 1, "支出决算表"), ("t", 1, make_grid(B03_GRID, page=1))
    assert _codes(*b) == ["B03"] and _codes(*b, doc_kind="final_department") == ["OTHER"]
    assert _codes(*t) == ["OTHER"] and _codes(*t, doc_kind="final_unit") == ["T03"]


@pytest.mark.parametrize("code,levels,side,n,expected", [
    ("B01", ["本年收入", "预算数"], "income", 1, "预算数"),
    ("B01", ["预算数", "合计"], "expenditure", 4, "预算数"),
    ("B01", ["预算数", "基本支出", "人员经费"], "expenditure", 4, "预算数/基本支出/人员经费"),
    ("B01", ["人员经费"], "expenditure", 4, "预算数/基本支出/人员经费"),
    ("B01", ["预算数", "项目支出"], "expenditure", 4, "预算数/项目支出"),
    ("B02", ["收入预算", "合计"], None, 5, "合计"), ("B02", ["金额"], None, 1, "预算数"),
    ("B02", ["财政拨款"], None, 3, "财政拨款收入"), ("B02", ["事业单位经营收入"], None, 3, "事业单位经营收入"),
    ("B03", ["支出预算", "小计"], None, 3, "合计"), ("B03", ["预算数"], None, 1, "合计"),
    ("B04", ["预算数"], "income", 1, "预算数"), ("B04", ["财政拨款支出", "小计"], "expenditure", 4, "合计"),
    ("B04", ["一般公共预算财政拨款"], "expenditure", 4, "一般公共预算"),
    ("B04", ["政府性基金预算"], "expenditure", 4, "政府性基金预算"),
    ("B04", ["国有资本经营预算"], "expenditure", 4, "国有资本经营预算"),
    ("B05", ["一般公共预算支出", "基本支出"], None, 3, "基本支出"),
    ("B06", ["一般公共预算基本支出", "合计"], None, 3, "合计"), ("B06", ["公用经费"], None, 3, "公用经费"),
    ("B09", ["“三公”经费预算数", "公务用车购置及运行费", "运行费"], None, 7,
     "公务用车购置及运行费/公务用车运行费/预算数"),
    ("B09", ["机关运行经费预算数"], None, 7, "机关运行经费/预算数"),
    ("B09", ["公务用车购置及运行维护费"], None, 5, "公务用车购置及运行费/预算数"),
])
def test_budget_measures(code, levels, side, n, expected):
    assert budget_measure(code, levels, side, n, [levels]) == expected


def test_b09_printed_by_rows():
    assert [b09_row_measure(x) for x in ("1.因公出国（境）费", "公务用车购置费", "合计", "其他")] == [
        "因公出国（境）费/预算数", "公务用车购置及运行费/公务用车购置费/预算数", "合计/预算数", None]


def _parse(title, rows, doc_kind="budget_department", unit_line="单位：元"):
    doc = make_doc(("p", 1, title), ("p", 1, unit_line), ("t", 1, make_grid(rows, page=1)), doc_kind=doc_kind)
    return standard_tables.run(classify_tables.run(doc))


def test_unbalanced_b01_is_extracted_as_printed():
    rows = [["收入", L, "支出", L], ["项目", "预算数", "项目", "预算数"],
            ["收入总计", "100", "支出总计", "90"]]
    doc = _parse("收支预算总表", rows)
    assert [(i.side, i.amount_yuan) for i in doc.line_items] == [("income", Decimal("100.00")),
                                                                  ("expenditure", Decimal("90.00"))]


def test_three_public_in_wan_inside_a_yuan_document_keeps_its_unit():
    b01 = [["收入", L, "支出", L], ["项目", "预算数", "项目", "预算数"], ["收入总计", "100", "支出总计", "100"]]
    b09 = [["合计", "因公出国(境)费", "公务接待费"], ["0.03", "0.01", "0.02"]]
    b03 = [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "100"]]
    doc = make_doc(("p", 1, "收支预算总表"), ("p", 1, "单位：元"), ("t", 1, make_grid(b01, page=1)),
                   ("p", 2, "支出预算总表"), ("p", 2, "单位：元"), ("t", 2, make_grid(b03, page=2)),
                   ("p", 3, "“三公”经费预算表"), ("p", 3, "单位：万元"), ("t", 3, make_grid(b09, page=3)),
                   doc_kind="budget_department")
    doc = standard_tables.run(classify_tables.run(doc))
    assert [(t.table_code, t.unit) for t in doc.tables] == [("B01", "元"), ("B03", "元"), ("B09", "万元")]
    assert doc.metadata.source_unit == "元"
    b09_items = [(i.measure, i.amount_yuan) for i in doc.line_items if i.table_code == "B09"]
    assert b09_items == [("合计/预算数", Decimal("300.00")), ("因公出国（境）费/预算数", Decimal("100.00")),
                         ("公务接待费/预算数", Decimal("200.00"))]


def test_split_code_columns_with_the_class_repeated():
    rows = [["科目编码", L, L, "科目名称", "合计"], ["类", "款", "项", U, U],
            ["212", "", "", "城乡社区支出", "9"], ["212", "01", "", "城乡社区管理事务", "9"],
            ["212", "01", "04", "城管执法", "9"]]
    doc = _parse("支出预算总表", rows)
    assert [(i.subject_code, i.subject_level, i.measure) for i in doc.line_items] == [
        ("212", 1, "合计"), ("21201", 2, "合计"), ("2120104", 3, "合计")]
    assert all(isinstance(i, LineItem) and i.table_id == "t01" for i in doc.line_items)


# ------------------------------------------------------------------ metadata
@pytest.mark.parametrize("lines,expected", [
    (["上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区人民政府万里街道办事处"],
     ("budget_department", 2025, "上海市普陀区人民政府万里街道办事处", "310107")),
    (["封面", "上海市测试局2024年度单位决算"], ("final_unit", 2024, "上海市测试局", "310000")),
    (["Sheet1", "上海市测试中心2026年单位预算", "2025年12月"], ("budget_unit", 2026, "上海市测试中心", "310000")),
    (["上海市2025年市级部门预算", "编制部门：上海市测试局单位：元"],
     ("budget_department", 2025, "上海市测试局", "310000")),
    (["上海市2025年市级部门预算", "编制部门：上海市测试局  金额单位：元"],
     ("budget_department", 2025, "上海市测试局", "310000")),
])
def test_budget_and_unit_metadata(tmp_path, lines, expected):
    m = __import__("pipeline.stages.metadata", fromlist=["read_metadata"]).read_metadata(
        doc_with(tmp_path, "x.pdf", lines, page=1))
    assert (m.doc_kind, m.fiscal_year, m.department, m.region_code) == expected


# ------------------------------------------------------------------ the shared 2025 budget
def test_shared_budget_against_gold(processed):
    gold_path = GOLD / "上海市普陀区人民政府万里街道办事处2025年部门预算.json"
    if not gold_path.exists() or not BUDGET.exists():
        pytest.skip("shared budget sample or gold not available")
    pytest.importorskip("pdfplumber")
    sys.path.insert(0, str(gold_path.parent.parent))
    import score  # the shared scorer's matching rules

    doc = processed(BUDGET)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    prf, _ = score.score_line_items(gold["line_items"], [i.model_dump(mode="json") for i in doc.line_items])
    assert (prf.tp, prf.fp, prf.fn) == (875, 0, 0)
    m = doc.metadata
    g = gold["documents"]
    assert (m.doc_kind, m.fiscal_year, m.department, m.source_unit) == (
        g["doc_kind"], g["fiscal_year"], g["department"], g["source_unit"])
    assert [t.table_code for t in doc.tables] == ["B01", "B02", "B03", "B04", "B05", "B07", "B08", "B06", "B09"]
    three = {t.table_code: t.unit for t in doc.tables}
    assert three["B09"] == "万元" and three["B01"] == "元"
