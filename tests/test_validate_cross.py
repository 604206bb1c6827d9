"""Rules across tables: each fires on a disagreement and stays quiet when the tables agree."""
from __future__ import annotations

from tests.test_validate_builders import doc, findings, flat, li

INC, EXP = "income", "expenditure"


def t01(total_in: str = "2,946.25", total_out: str = "2,940.05", social: str = "326.71") -> list:
    return [li("T01", "一、一般公共预算财政拨款收入", "决算数", "2,940.05", side=INC, row=1),
            li("T01", "八、其他收入", "决算数", "6.20", side=INC, row=8),
            li("T01", "八、社会保障和就业支出", "决算数", social, side=EXP, row=8),
            li("T01", "本年收入合计", "决算数", total_in, side=INC, row=20),
            li("T01", "本年支出合计", "决算数", total_out, side=EXP, row=20)]


def test_t02_against_t01():
    t02 = [li("T02", "合计", "本年收入合计", "2,946.25", row=1), li("T02", "合计", "财政拨款收入", "2,940.05", row=1),
           li("T02", "合计", "其他收入", "6.20", row=1)]
    assert findings(doc(items=[*t01(), *t02]), "cross.t02_t01") == []
    found = findings(doc(items=[*t01(total_in="2,956.25"), *t02]), "cross.t02_t01")
    assert flat(found) == [("error", "T02", None)] and found[0].expected == 29562500.0


def test_t03_against_t01_total_and_class_rows():
    t03 = [li("T03", "合计", "本年支出合计", "2,940.05", row=1),
           li("T03", "社会保障和就业支出", "本年支出合计", "326.72", "208", row=2)]
    found = findings(doc(items=[*t01(), *t03]), "cross.t03_t01")
    assert flat(found) == [("warning", "T03", "208")]  # 326.71 vs 326.72: rounding
    found = findings(doc(items=[*t01(social="336.71"), *t03]), "cross.t03_t01")
    assert flat(found) == [("error", "T03", "208")]


def test_t04_income_against_t01():
    t04 = [li("T04", "一、一般公共预算财政拨款", "决算数", "2,940.05", side=INC, row=1),
           li("T04", "本年收入合计", "决算数", "2,940.05", side=INC, row=2)]
    assert findings(doc(items=[*t01(), *t04]), "cross.t04_t01") == []
    t04[0] = li("T04", "一、一般公共预算财政拨款", "决算数", "2,930.05", side=INC, row=1)
    assert flat(findings(doc(items=[*t01(), *t04]), "cross.t04_t01")) == [("error", "T04", None)]


def test_t05_against_t04():
    t04 = [li("T04", "八、社会保障和就业支出", "一般公共预算财政拨款", "326.72", side=EXP, row=1),
           li("T04", "本年支出合计", "一般公共预算财政拨款", "2,940.05", side=EXP, row=2)]
    t05 = [li("T05", "合计", "合计", "2,940.05", row=1),
           li("T05", "社会保障和就业支出", "合计", "326.72", "208", row=2)]
    assert findings(doc(items=[*t04, *t05]), "cross.t05_t04") == []
    t05[1] = li("T05", "社会保障和就业支出", "合计", "426.72", "208", row=2)
    assert flat(findings(doc(items=[*t04, *t05]), "cross.t05_t04")) == [("error", "T05", "208")]


def test_fund_tables_against_t04():
    t04 = [li("T04", "本年支出合计", "政府性基金预算财政拨款", "100.00", side=EXP, row=2)]
    t07 = [li("T07", "合计", "本年支出/小计", "100.00", row=1)]
    assert findings(doc(items=[*t04, *t07]), "cross.fund_tables_t04") == []
    t07 = [li("T07", "合计", "本年支出/小计", "90.00", row=1)]
    assert flat(findings(doc(items=[*t04, *t07]), "cross.fund_tables_t04")) == [("error", "T07", None)]


def test_t05_basic_against_t06():
    t05 = [li("T05", "合计", "基本支出", "2,336.91", row=1)]
    t06 = [li("T06", "人员经费合计", "决算数", "2,152.26", row=9), li("T06", "公用经费合计", "决算数", "184.65", row=9)]
    assert findings(doc(items=[*t05, *t06]), "cross.t05_t06") == []
    t06[1] = li("T06", "公用经费合计", "决算数", "194.65", row=9)
    assert flat(findings(doc(items=[*t05, *t06]), "cross.t05_t06")) == [("error", "T05", None)]


def test_t05_never_exceeds_t03_per_code():
    t03 = [li("T03", "合计", "本年支出合计", "200.00", row=1),
           li("T03", "行政运行", "本年支出合计", "150.00", "2010601", row=2)]
    t05 = [li("T05", "合计", "合计", "120.00", row=1), li("T05", "行政运行", "合计", "100.00", "2010601", row=2)]
    assert findings(doc(items=[*t03, *t05]), "cross.t05_t03") == []
    t05[1] = li("T05", "行政运行", "合计", "160.00", "2010601", row=2)
    assert flat(findings(doc(items=[*t03, *t05]), "cross.t05_t03")) == [("error", "T05", "2010601")]


def test_t05_equals_t03_per_code_when_totals_agree():
    t03 = [li("T03", "合计", "本年支出合计", "200.00", row=1),
           li("T03", "行政运行", "本年支出合计", "150.00", "2010601", row=2)]
    t05 = [li("T05", "合计", "合计", "200.00", row=1), li("T05", "行政运行", "合计", "140.00", "2010601", row=2)]
    assert flat(findings(doc(items=[*t03, *t05]), "cross.t05_t03")) == [("error", "T05", "2010601")]


def test_t05_t03_blames_the_table_whose_subtotal_breaks():
    def rows(table: str, item: str) -> list:
        m = "本年支出合计" if table == "T03" else "合计"
        return [li(table, "合计", m, "200.00", row=1), li(table, "一般公共服务支出", m, "200.00", "201", row=2),
                li(table, "财政事务", m, "200.00", "20106", row=3), li(table, "行政运行", m, item, "2010601", row=4),
                li(table, "信息化建设", m, "50.00", "2010607", row=5)]
    found = findings(doc(items=[*rows("T03", "160.00"), *rows("T05", "150.00")]), "cross.t05_t03")
    assert flat(found) == [("error", "T03", "2010601")]
