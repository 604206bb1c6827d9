"""`budget_vs_final`: a generated budget/final pair of one department, through the writer and the view."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.analysis.examples import EXAMPLES
from pipeline.analysis.query import run
from pipeline.model import Document, Metadata, Source
from pipeline.records import LineItem
from pipeline.writers.dataset import write_document

DEPT = "上海市普陀区商务委员会"


def _doc(n: int, kind: str, year: int, items: list[tuple], dept: str = DEPT) -> Document:
    line_items = [LineItem(table_code=t, side=side, row_label=label, subject_code=code, measure=m,
                           amount_yuan=Decimal(a), amount_text=a, page=p, table_id=f"{t}-x", row=i, col=2)
                  for i, (t, side, label, code, m, a, p) in enumerate(items)]
    return Document(doc_id=f"{n:064x}", source=Source(name=f"{kind}{year}.pdf", sha256=f"{n:064x}", format="pdf",
                                                      size=1, pages=9),
                    metadata=Metadata(department=dept, region="上海市普陀区", region_code="310107",
                                      doc_kind=kind, fiscal_year=year),
                    line_items=line_items)


BUDGET = [
    ("B01", "income", "一、财政拨款收入", None, "预算数", "100.00", 1),
    ("B02", None, "一般公共服务支出", "201", "合计", "100.00", 2),
    ("B03", None, "行政运行", "2010101", "合计", "70.00", 3),
    ("B04", "expenditure", "一般公共服务支出", None, "一般公共预算", "100.00", 4),
    ("B05", None, "一般公共服务支出", "201", "合计", "1000.00", 5),
    ("B05", None, "一般公共服务支出", "201", "项目支出", "300.00", 5),
    ("B06", None, "基本工资", "30101", "合计", "40.00", 6),
    ("B07", None, "其他支出", "229", "合计", "5.00", 7),
    ("B09", None, None, None, "合计/预算数", "50.00", 8),
]
FINAL = [
    ("T01", "income", "一、财政拨款收入", None, "决算数", "90.00", 1),
    ("T02", None, "一般公共服务支出", "201", "本年收入合计", "95.00", 2),
    ("T03", None, "行政运行", "2010101", "本年支出合计", "72.50", 3),
    ("T04", "expenditure", "一般公共服务支出", None, "一般公共预算财政拨款", "99.00", 4),
    ("T05", None, "一般公共服务支出", "201", "合计", "950.00", 5),
    ("T05", None, "一般公共服务支出", "201", "年初预算数", "990.00", 5),
    ("T05", None, "人大事务", "20101", "基本支出", "12.00", 5),
    ("T06", None, "基本工资", "30101", "决算数", "41.00", 6),
    ("T07", None, "其他支出", "229", "本年支出/小计", "4.00", 7),
    ("T09", None, None, None, "合计/决算数", "40.00", 8),
    ("T09", None, None, None, "合计/预算数", "48.00", 8),
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bvf")
    write_document(_doc(1, "budget_department", 2025, BUDGET), out)
    write_document(_doc(2, "final_department", 2025, FINAL), out)
    # the department's own unit budget (another key) and a final of another year: no partners
    write_document(_doc(3, "budget_unit", 2025, BUDGET), out)
    write_document(_doc(4, "final_department", 2024, FINAL), out)
    return out


def _rows(out: Path) -> dict[tuple, dict]:
    res = run(out, "SELECT * FROM budget_vs_final")
    rows = [dict(zip(res.columns, r, strict=True)) for r in res.rows]
    keyed = {(r["table_no"], r["side"], r["subject_code"] or r["row_label"], r["budget_measure"], r["final_measure"]): r
             for r in rows}
    assert len(keyed) == len(rows), "one row per item pair"
    return keyed


def test_each_budget_item_stands_beside_its_final_item(pair):
    rows = _rows(pair)
    want = {  # key: (budget, final, difference, restated)
        ("01", "income", "一、财政拨款收入", "预算数", "决算数"): ("100.00", "90.00", "-10.00", None),
        ("02", None, "201", "合计", "本年收入合计"): ("100.00", "95.00", "-5.00", None),
        ("03", None, "2010101", "合计", "本年支出合计"): ("70.00", "72.50", "2.50", None),
        ("04", "expenditure", "一般公共服务支出", "一般公共预算", "一般公共预算财政拨款"):
            ("100.00", "99.00", "-1.00", None),
        ("05", None, "201", "合计", "合计"): ("1000.00", "950.00", "-50.00", "990.00"),
        ("05", None, "201", "项目支出", None): ("300.00", None, None, None),
        ("05", None, "20101", None, "基本支出"): (None, "12.00", None, None),
        ("06", None, "30101", "合计", "决算数"): ("40.00", "41.00", "1.00", None),
        ("07", None, "229", "合计", "本年支出/小计"): ("5.00", "4.00", "-1.00", None),
        ("09", None, None, "合计/预算数", "合计/决算数"): ("50.00", "40.00", "-10.00", "48.00"),
    }
    assert set(rows) == set(want)
    for key, (b, f, d, r) in want.items():
        got = rows[key]
        dec = [None if v is None else Decimal(v) for v in (b, f, d, r)]
        assert [got["budget_yuan"], got["final_yuan"], got["difference_yuan"], got["restated_budget_yuan"]] == dec, key
        assert got["department_key"] == "310107:商务委员会:部门" and got["fiscal_year"] == 2025
    assert rows[("05", None, "201", "合计", "合计")]["budget_doc_id"] == f"{1:064x}"
    assert rows[("05", None, "201", "合计", "合计")]["final_doc_id"] == f"{2:064x}"
    assert rows[("05", None, "201", "合计", "合计")]["budget_page"] == 5


def test_restated_budget_is_no_final_item(pair):
    res = run(pair, "SELECT count(*) FROM budget_vs_final WHERE final_measure LIKE '%预算数'")
    assert res.rows == [(0,)]


def test_unit_budget_and_other_years_do_not_pair(pair):
    res = run(pair, "SELECT DISTINCT department_key, fiscal_year FROM budget_vs_final")
    assert res.rows == [("310107:商务委员会:部门", 2025)]


def test_example_lists_the_largest_gaps_first(pair):
    res = run(pair, EXAMPLES["budget_vs_final_gaps"].sql)
    gaps = [r[res.columns.index("difference_yuan")] for r in res.rows]
    assert gaps[0] == Decimal("-50.00") and len(gaps) == 8
    assert [abs(g) for g in gaps] == sorted((abs(g) for g in gaps), reverse=True)


def test_view_on_an_empty_dataset(tmp_path):
    assert run(tmp_path, "SELECT count(*) FROM budget_vs_final").rows == [(0,)]


def test_report_has_a_budget_against_final_page(pair, tmp_path):
    """Issue 11 item 8: budget documents and a budget-vs-final page per department with both."""
    from pipeline.analysis.report import build_report
    from pipeline.analysis.report.budget_page import dept_href

    site = build_report(pair, tmp_path / "site").parent
    page = site / dept_href("310107:商务委员会:部门")
    html = page.read_text(encoding="utf-8")
    assert "B05 ↔ T05" in html and "B09 ↔ T09" in html and "2025 年度" in html
    assert "<td class=\"n\">1,000.00</td>" in html and "-50.00" in html and "<td class=\"n\">990.00</td>" in html
    assert f'href="../doc/{1:064x}.html"' in html and f'href="../doc/{2:064x}.html"' in html
    assert len(list((site / "dept").glob("*.html"))) == 1  # the unit budget and the 2024 final have no partner
    index = (site / "index.html").read_text(encoding="utf-8")
    assert dept_href("310107:商务委员会:部门") in index
    budget_doc = (site / "doc" / f"{1:064x}.html").read_text(encoding="utf-8")
    assert "部门预算" in budget_doc and f"../{dept_href('310107:商务委员会:部门')}" in budget_doc
    unit_doc = (site / "doc" / f"{3:064x}.html").read_text(encoding="utf-8")
    assert "单位预算" in unit_doc and "dept/" not in unit_doc
