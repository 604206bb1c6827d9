"""Within-table rules: each fires on a broken identity and stays quiet on a sound one."""
from __future__ import annotations

from tests.test_validate_builders import doc, findings, flat, li


def _t05(item_2010601: str = "1,511.89") -> list:
    return [
        li("T05", "合计", "合计", "1,521.89", row=1),
        li("T05", "一般公共服务支出", "合计", "1,521.89", "201", row=2),
        li("T05", "财政事务", "合计", "1,521.89", "20106", row=3),
        li("T05", "行政运行", "合计", item_2010601, "2010601", row=4),
        li("T05", "一般行政管理事务", "合计", "10.00", "2010602", row=5),
    ]


def test_hierarchy_sum_quiet_when_levels_add_up():
    assert findings(doc(items=_t05()), "table.hierarchy_sum") == []


def test_hierarchy_sum_fires_on_the_parent_of_a_changed_item():
    found = findings(doc(items=_t05("1,611.89")), "table.hierarchy_sum")
    assert flat(found) == [("error", "T05", "20106")]
    assert found[0].expected == 16218900.0 and found[0].actual == 15218900.0
    assert "1,521.89万元" in found[0].message and "容差" in found[0].message


def test_hierarchy_sum_rounding_is_a_warning():
    items = [li("T02", "合计", "本年收入合计", "2,946.25", row=1),
             li("T02", "一般公共服务支出", "本年收入合计", "2,112.86", "201", row=2),
             li("T02", "社会保障和就业支出", "本年收入合计", "833.40", "208", row=3)]
    found = findings(doc(items=items), "table.hierarchy_sum")
    assert flat(found) == [("warning", "T02", None)]
    assert "舍入容差±0.015万元" in found[0].message


def test_hierarchy_sum_economic_classes_of_t06():
    items = [li("T06", "工资福利支出", "决算数", "100.00", "301", row=1),
             li("T06", "基本工资", "决算数", "60.00", "30101", row=2),
             li("T06", "津贴补贴", "决算数", "30.00", "30102", row=3)]
    assert flat(findings(doc(items=items), "table.hierarchy_sum")) == [("error", "T06", "301")]


def test_row_sum_fires_on_the_row_whose_columns_disagree():
    items = [li("T05", "行政运行", "合计", "1,511.89", "2010601", row=4),
             li("T05", "行政运行", "基本支出", "1,503.52", "2010601", row=4),
             li("T05", "行政运行", "项目支出", "18.37", "2010601", row=4)]
    assert flat(findings(doc(items=items), "table.row_sum")) == [("error", "T05", "2010601")]
    items[2] = li("T05", "行政运行", "项目支出", "8.37", "2010601", row=4)
    assert findings(doc(items=items), "table.row_sum") == []


def test_row_sum_t03_blank_columns_are_zero():
    items = [li("T03", "合计", "本年支出合计", "100.00", row=1), li("T03", "合计", "基本支出", "100.00", row=1)]
    assert findings(doc(items=items), "table.row_sum") == []
    items.append(li("T03", "合计", "经营支出", "1.00", row=1))
    assert flat(findings(doc(items=items), "table.row_sum")) == [("error", "T03", None)]


def test_fund_balance_t07():
    items = [li("T07", "合计", "年初结转和结余", "10.00", row=1), li("T07", "合计", "本年收入", "100.00", row=1),
             li("T07", "合计", "本年支出/小计", "90.00", row=1), li("T07", "合计", "年末结转和结余", "20.00", row=1)]
    assert findings(doc(items=items), "table.fund_balance") == []
    items[3] = li("T07", "合计", "年末结转和结余", "25.00", row=1)
    assert flat(findings(doc(items=items), "table.fund_balance")) == [("error", "T07", None)]


def _t06(personnel: str = "150.00") -> list:
    return [li("T06", "工资福利支出", "决算数", "140.00", "301", row=1),
            li("T06", "商品和服务支出", "决算数", "40.00", "302", row=1),
            li("T06", "对个人和家庭的补助", "决算数", "10.00", "303", row=2),
            li("T06", "人员经费合计", "决算数", personnel, row=9), li("T06", "公用经费合计", "决算数", "40.00", row=9)]


def test_t06_personnel_public_split():
    assert findings(doc(items=_t06()), "t06.personnel_public") == []
    assert flat(findings(doc(items=_t06("160.00")), "t06.personnel_public")) == [("warning", "T06", None)]


def test_t06_total_row_is_an_identity():
    items = [*_t06(), li("T06", "合计", "决算数", "200.00", row=10)]
    found = findings(doc(items=items), "t06.personnel_public")
    assert flat(found) == [("error", "T06", None)] and found[0].expected == 1900000.0


def test_t09_parts():
    items = [li("T09", None, "合计/决算数", "3.00"), li("T09", None, "因公出国（境）费/决算数", "1.00"),
             li("T09", None, "公务用车购置及运行费/小计/决算数", "1.50"),
             li("T09", None, "公务用车购置及运行费/公务用车购置费/决算数", "1.00"),
             li("T09", None, "公务用车购置及运行费/公务用车运行费/决算数", "0.50"),
             li("T09", None, "公务接待费/决算数", "0.50")]
    assert findings(doc(items=items), "t09.parts") == []
    items[5] = li("T09", None, "公务接待费/决算数", "0.80")
    assert flat(findings(doc(items=items), "t09.parts")) == [("error", "T09", None)]


def _t01(other: str = "6.20", carry: str = "49.14") -> list:
    inc, exp = "income", "expenditure"
    return [li("T01", "一、一般公共预算财政拨款收入", "决算数", "2,940.05", side=inc, row=1),
            li("T01", "一、一般公共服务支出", "决算数", "2,106.66", side=exp, row=1),
            li("T01", "八、其他收入", "决算数", other, side=inc, row=8),
            li("T01", "八、社会保障和就业支出", "决算数", "833.39", side=exp, row=8),
            li("T01", "本年收入合计", "决算数", "2,946.25", side=inc, row=20),
            li("T01", "本年支出合计", "决算数", "2,940.05", side=exp, row=20),
            li("T01", "年初结转和结余", "决算数", carry, side=inc, row=22),
            li("T01", "年末结转和结余", "决算数", "55.34", side=exp, row=22),
            li("T01", "总计", "决算数", "2,995.39", side=inc, row=23),
            li("T01", "总计", "决算数", "2,995.39", side=exp, row=23)]


def test_t01_totals():
    assert findings(doc(items=_t01()), "t01.totals") == []
    assert flat(findings(doc(items=_t01(other="16.20")), "t01.totals")) == [("error", "T01", None)]


def test_t01_balance():
    assert findings(doc(items=_t01()), "t01.balance") == []
    found = findings(doc(items=_t01(carry="59.14")), "t01.balance")
    assert flat(found) == [("error", "T01", None)] and "年初结转和结余" in found[0].message


def _t04(carry_part: str = "21.63") -> list:
    inc, exp = "income", "expenditure"
    return [li("T04", "一、一般公共预算财政拨款", "决算数", "2,940.05", side=inc, row=1),
            li("T04", "一、一般公共服务支出", "合计", "2,940.05", side=exp, row=1),
            li("T04", "一、一般公共服务支出", "一般公共预算财政拨款", "2,940.05", side=exp, row=1),
            li("T04", "本年收入合计", "决算数", "2,940.05", side=inc, row=20),
            li("T04", "本年支出合计", "合计", "2,940.05", side=exp, row=20),
            li("T04", "年初财政拨款结转和结余", "决算数", "21.63", side=inc, row=21),
            li("T04", "年末财政拨款结转和结余", "合计", "21.63", side=exp, row=21),
            li("T04", "一、一般公共预算财政拨款", "决算数", carry_part, side=inc, row=22),
            li("T04", "总计", "决算数", "2,961.68", side=inc, row=25),
            li("T04", "总计", "合计", "2,961.68", side=exp, row=25)]


def test_t04_totals_reads_the_carry_over_breakdown_apart():
    assert findings(doc(items=_t04()), "t04.totals") == []
    assert flat(findings(doc(items=_t04("20.63")), "t04.totals")) == [("error", "T04", None)]


def test_t04_balance():
    assert findings(doc(items=_t04()), "t04.balance") == []
    items = _t04()
    items[-1] = li("T04", "总计", "合计", "2,971.68", side="expenditure", row=25)
    assert [f.severity for f in findings(doc(items=items), "t04.balance")] == ["error", "error"]
