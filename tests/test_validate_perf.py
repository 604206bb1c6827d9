"""绩效自评表 rules, on records shaped like the Yulin project table."""
from __future__ import annotations

from decimal import Decimal

from pipeline.records import PerfFund, PerfIndicator, PerfSubject
from tests.test_validate_builders import doc, findings, flat

SUBJECT = "玉林市市级政务信息化系统建设和运维项目"


def subject(total: float = 93.64, execution: float = 3.64) -> PerfSubject:
    return PerfSubject(scope="project", subject=SUBJECT, total_score=total, execution_score=execution, table_id="t1")


def indicators(last_score: float = 10.0, last_weight: float = 10.0) -> list[PerfIndicator]:
    rows = [("数量指标", 20, 20), ("质量指标", 10, 10), ("时效指标", 10, 10), ("成本指标", 10, 10),
            ("社会效益", 30, 30), ("满意度", last_weight, last_score)]
    return [PerfIndicator(scope="project", subject=SUBJECT, level2=l2, indicator=l2, weight=w, score=s, table_id="t1")
            for l2, w, s in rows]


def fund(source: str, initial: str, change: str, adjusted: str, actual: str, rate: float | None) -> PerfFund:
    return PerfFund(scope="project", subject=SUBJECT, fund_source=source, initial_yuan=Decimal(initial),
                    adjustment_yuan=Decimal(change), adjusted_yuan=Decimal(adjusted), actual_yuan=Decimal(actual),
                    execution_rate=rate, table_id="t1")


def funds(total_actual: str = "7108078.00", rate: float = 0.3637) -> list[PerfFund]:
    return [fund("合计", "20000000", "-455900", "19544100", total_actual, rate),
            fund("一般公共预算拨款/上级", "0", "0", "0", "0", 0.0),
            fund("一般公共预算拨款/本级", "0", "0", "0", "0", 0.0),
            fund("政府性基金", "20000000", "-455900", "19544100", "7108078.00", 0.3637)]


def test_total_score():
    assert findings(doc(subjects=[subject()], indicators=indicators()), "perf.total_score") == []
    found = findings(doc(subjects=[subject(total=95.64)], indicators=indicators()), "perf.total_score")
    assert flat(found) == [("error", "PERF_PROJECT", None)] and found[0].expected == 93.64


def test_weights_and_scores():
    assert findings(doc(subjects=[subject()], indicators=indicators()), "perf.weights") == []
    found = findings(doc(subjects=[subject()], indicators=indicators(last_weight=15)), "perf.weights")
    assert flat(found) == [("error", "PERF_PROJECT", None)]
    found = findings(doc(subjects=[subject()], indicators=indicators(last_score=12)), "perf.weights")
    assert flat(found) == [("error", "PERF_PROJECT", None)] and "超过其分值" in found[0].message


def test_execution_rate():
    assert findings(doc(subjects=[subject()], funds=funds()), "perf.execution_rate") == []
    found = findings(doc(subjects=[subject()], funds=funds(rate=0.4637)), "perf.execution_rate")
    assert flat(found) == [("error", "PERF_PROJECT", None)] and round(found[0].expected, 4) == 0.3637


def test_fund_sources_and_adjustment():
    assert findings(doc(subjects=[subject()], funds=funds()), "perf.funds") == []
    found = findings(doc(subjects=[subject()], funds=funds(total_actual="8108078.00")), "perf.funds")
    assert flat(found) == [("error", "PERF_PROJECT", None)] and "全年执行数" in found[0].message
    bad = funds()
    bad[3] = fund("政府性基金", "20000000", "-455900", "19644100", "7108078.00", 0.3618)
    assert "error" in [f.severity for f in findings(doc(subjects=[subject()], funds=bad), "perf.funds")]
