"""perf.total_score — a 绩效自评表's total score = Σ indicator scores + the 预算执行 score.

Rounding: half a unit of the last printed decimal per score.  Indicators without a score, or a
table without a total, are not checked.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import Finding, Severity
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.perf import is_execution_row, score_places

RULE_ID = "perf.total_score"


def check(ctx: Context) -> Iterator[Outcome]:
    for subj, _funds, inds, code in ctx.perf_tables:
        if subj is None or subj.total_score is None or not inds or any(i.score is None for i in inds):
            continue
        parts = [i.score or 0.0 for i in inds if subj.execution_score is None or not is_execution_row(i)]
        parts.append(subj.execution_score or 0.0)
        total = sum(parts)
        d = score_places(subj.total_score, *parts)
        allowed = 0.5 * 10 ** -d * (len(parts) + 1) if d else 0.0
        diff = abs(total - subj.total_score)
        if diff < 1e-6:
            yield Passed(RULE_ID)
            continue
        sev: Severity = "warning" if diff <= allowed + 1e-9 else "error"
        yield Finding(rule_id=RULE_ID, severity=sev, table_code=code, expected=round(total, 6),
                      actual=subj.total_score, page=subj.page,
                      evidence=f"{code} {subj.subject or ''} 总分 p.{subj.page}",
                      message=f"{subj.subject or code}：总分{subj.total_score:g}，各指标得分之和＋预算执行得分"
                              f"{subj.execution_score or 0:g}为{total:g}（容差±{allowed:g}）")
