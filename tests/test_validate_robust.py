"""Validation never raises and never changes a record, whatever the extracted records look like."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import Fact, LineItem
from pipeline.stages.validate import run
from tests.test_validate_builders import doc

TABLES = ["T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"]
MEASURES = ["决算数", "合计", "基本支出", "项目支出", "本年收入合计", "本年支出合计", "财政拨款收入",
            "其他收入", "一般公共预算财政拨款", "本年支出/小计", "年末结转和结余", "合计/决算数", "公务接待费/决算数"]
LABELS = ["合计", "总计", "本年收入合计", "本年支出合计", "年初结转和结余", "人员经费合计", "一、一般公共服务支出",
          None]
CODES = [None, "201", "20106", "2010601", "2010602", "301", "30101", "208"]
KEYS = ["total_income", "income_current_year", "expenditure.basic", "general_budget_expenditure",
        "general_budget_expenditure.completion_rate", "three_public.total", "procurement.total",
        "basic.econ.工资福利支出"]

amounts = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("100000"), places=2, allow_nan=False)
items = st.builds(lambda t, lab, code, m, a, side, row: LineItem(
    table_code=t, row_label=lab, subject_code=code, subject_level={3: 1, 5: 2, 7: 3}.get(len(code or "")),
    measure=m, amount_yuan=a * 10000, amount_text=f"{a:,.2f}", side=side, row=row, table_id=t.lower(), page=1),
    st.sampled_from(TABLES), st.sampled_from(LABELS), st.sampled_from(CODES), st.sampled_from(MEASURES), amounts,
    st.sampled_from([None, "income", "expenditure"]), st.integers(0, 6))
facts = st.builds(lambda k, v, c, r: Fact(key=k, value=float(v), unit="ratio" if k.endswith("rate") else "yuan",
                                          evidence=f"{k}{v}万元", change_value=c, change_ratio=r),
                  st.sampled_from(KEYS), amounts, st.none() | st.floats(-1e7, 1e7), st.none() | st.floats(-2, 2))


@settings(max_examples=150, deadline=None)
@given(st.lists(items, max_size=25), st.lists(facts, max_size=6))
def test_validate_is_total_and_pure(line_items, stated):
    before = doc(items=line_items, facts=stated)
    snapshot = before.model_dump()
    after = run(before)
    assert before.model_dump() == snapshot
    assert after.line_items == before.line_items and after.facts == before.facts
    q = after.quality
    assert q.passed + q.failed == q.checks and q.failed == sum(f.severity == "error" for f in after.findings)
