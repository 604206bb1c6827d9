"""Document rules: fiscal year, department name, units, tables listed but missing."""
from __future__ import annotations

from pipeline.model import Cell, Grid
from tests.test_validate_builders import doc, findings, flat, para, table


def test_fiscal_year_in_titles_and_the_asset_date():
    blocks = [para("第三部分上海市普陀区财政局2024年度部门决算情况说明", kind="heading"),
              para("截至2024年12月31日，上海市普陀区财政局共有车辆0辆。"), para("与2023年度相比，收入减少。")]
    assert findings(doc(blocks=blocks), "document.fiscal_year") == []
    blocks = [para("第三部分上海市普陀区财政局 2023 年度部门决算情况说明", kind="heading"),
              para("截至 2023年 12 月 31 日，上海市普陀区财政局共有车辆0辆。")]
    found = findings(doc(blocks=blocks), "document.fiscal_year")
    assert [(f.severity, f.expected, f.actual) for f in found] == [("error", 2024.0, 2023.0)] * 2


def test_fiscal_year_unknown_is_not_checked():
    blocks = [para("上海市XX局2023年度部门决算")]
    assert findings(doc(blocks=blocks, year=None), "document.fiscal_year") == []


def test_department_name():
    ok = [para("第二部分 上海市普陀区财政局 2024 年度部门决算表", kind="heading"),
          para("纳入上海市普陀区财政局2024年度部门决算编制范围的单位包括："), para("本部门2024年度部门决算如下。")]
    assert findings(doc(blocks=ok), "document.department_name") == []
    found = findings(doc(blocks=[para("第二部分 上海市普陀区XX局 2024 年度部门决算表")]), "document.department_name")
    assert flat(found) == [("error", None, None)] and "XX局" in found[0].message
    found = findings(doc(blocks=[para("上海市普陀区教育局2024年度部门决算")]), "document.department_name")
    assert flat(found) == [("error", None, None)] and "上海市普陀区教育局" in found[0].message


def test_department_name_template_without_a_department_is_quiet():
    assert findings(doc(blocks=[para("上海市XX局2024年度部门决算")], department=None), "document.department_name") == []


def test_table_unit():
    tables = [table("T01"), table("T02"), table("T05", unit="元")]
    found = findings(doc(tables=tables), "document.table_unit")
    assert flat(found) == [("warning", "T05", None)]
    grid = Grid(n_rows=1, n_cols=1, cells=[Cell(row=0, col=0, text="单位：元")])
    mixed = table("T02").model_copy(update={"grid": grid})
    assert flat(findings(doc(tables=[table("T01"), mixed]), "document.table_unit")) == [("warning", "T02", None)]
    assert findings(doc(tables=[table("T01"), table("T02")]), "document.table_unit") == []


def test_missing_table_listed_in_the_toc():
    toc = [para("一、收入支出决算总表", style="toc"), para("三、支出决算表", style="toc")]
    assert findings(doc(blocks=toc, tables=[table("T01"), table("T03")]), "document.missing_table") == []
    found = findings(doc(blocks=toc, tables=[table("T01")]), "document.missing_table")
    assert flat(found) == [("warning", "T03", None)]
    assert findings(doc(blocks=toc, tables=[]), "document.missing_table") == []  # tables printed elsewhere


def test_department_short_forms_are_accepted():
    blocks = [para("中共上海市普陀区委办公室2024年度部门决算"), para("普陀区委办公室2024年度部门决算")]
    d = doc(blocks=blocks, department="中国共产党上海市普陀区委员会办公室")
    assert findings(d, "document.department_name") == []


def test_missing_table_without_a_toc_is_only_noted():
    tables = [table(c) for c in ("T01", "T02", "T03", "T04", "T05", "T06", "T09")]
    found = findings(doc(tables=tables), "document.missing_table")
    assert flat(found) == [("info", "T07", None), ("info", "T08", None)]
