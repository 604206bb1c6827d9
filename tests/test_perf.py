"""绩效自评表 → tidy records, on the Yulin sample's two tables (values checked against the page)."""
from __future__ import annotations

from decimal import Decimal

from pipeline.perf.funds import canonical_source


def test_fund_source_paths():
    assert canonical_source(["其中:一般公共预算拨款", "其中: 上级"]) == "一般公共预算拨款/上级"
    assert canonical_source(["政府性基金", "——"]) == "政府性基金"
    assert canonical_source(["其中：财政拨款"]) == "一般公共预算拨款"
    assert canonical_source(["国有资本经营预算"]) == "国有资本经营预算"


def test_project_table(yulin_doc):
    subj = next(s for s in yulin_doc.perf_subjects if s.scope == "project")
    assert (subj.subject, subj.code, subj.total_score, subj.execution_score) == (
        "玉林市市级政务信息化系统建设和运维项目", "450900220416400005156", 93.64, 3.64)
    assert subj.authority == "164-政务部门" and subj.implementing_unit.startswith("164001-")
    funds = {f.fund_source: f for f in yulin_doc.perf_funds if f.scope == "project"}
    assert set(funds) == {"合计", "一般公共预算拨款/上级", "一般公共预算拨款/本级", "政府性基金", "国有资本经营预算",
                          "其他资金"}
    total = funds["合计"]
    assert (total.initial_yuan, total.adjustment_yuan, total.adjusted_yuan, total.actual_yuan) == (
        Decimal("20000000.00"), Decimal("-455900.00"), Decimal("19544100.00"), Decimal("7108078.00"))
    assert total.execution_rate == 0.3637 and funds["政府性基金"].execution_rate == 0.3637


def test_department_table_mixed_rate_styles(yulin_doc):
    funds = {f.fund_source: f for f in yulin_doc.perf_funds if f.scope == "department"}
    assert funds["合计"].execution_rate == 0.5936 and funds["一般公共预算拨款"].execution_rate == 0.975
    assert funds["一般公共预算拨款"].actual_yuan == Decimal("10537550.00")
    dept = next(s for s in yulin_doc.perf_subjects if s.scope == "department")
    assert dept.subject == "政务部门" and dept.goal.count("\n") == 1


def test_indicators(yulin_doc):
    proj = [i for i in yulin_doc.perf_indicators if i.scope == "project"]
    dept = [i for i in yulin_doc.perf_indicators if i.scope == "department"]
    assert (len(proj), len(dept)) == (6, 18)
    q = next(i for i in proj if i.indicator == "项目验收合格率")
    assert (q.level1, q.level2, q.target_op, q.target_value, q.target_unit, q.weight, q.score) == (
        "产出指标", "质量指标", "=", 100.0, "%", 10.0, 10.0)
    date = next(i for i in proj if i.level2 == "时效指标")
    assert (date.target_text, date.target_value, date.actual_value) == ("2024年12月31日止", None, None)
    assert sum(i.weight for i in proj) + 10 == 100  # with the 预算执行 10 points
    cost = next(i for i in dept if i.indicator == "刻章服务费用")
    assert (cost.level1, cost.level2, cost.target_op, cost.target_unit) == ("产出指标", "成本指标", "≤", "元/套")
