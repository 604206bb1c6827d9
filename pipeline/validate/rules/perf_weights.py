"""perf.weights — a 绩效自评表's indicator weights (分值) with the 预算执行 points add to 100, and no
indicator scores more than its weight.

The 预算执行 points (10) are added unless the table lists 预算执行 among its indicators; a table
whose indicators alone weigh 100 has no separate 预算执行 part and is accepted as well.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import Finding, PerfIndicator, PerfSubject
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.perf import is_execution_row

RULE_ID = "perf.weights"
EPS = 1e-6


def _weights(ctx: Context, subj: PerfSubject | None, inds: list[PerfIndicator], code: str) -> Outcome | None:
    if not inds or any(i.weight is None for i in inds):
        return None
    total = sum(i.weight or 0.0 for i in inds)
    extra = 0.0 if any(is_execution_row(i) for i in inds) else ctx.tol.execution_points
    if abs(total + extra - ctx.tol.total_points) < 0.005 + EPS or abs(total - ctx.tol.total_points) < 0.005 + EPS:
        return Passed(RULE_ID)  # a table without a 预算执行 part scores its indicators out of 100
    name = (subj.subject if subj else None) or code
    return Finding(rule_id=RULE_ID, severity="error", table_code=code, expected=ctx.tol.total_points - extra,
                   actual=total, page=subj.page if subj else None, evidence=f"{code} {name} 分值",
                   message=f"{name}：各指标分值之和{total:g}，加预算执行{extra:g}分为{total + extra:g}，"
                           f"应为{ctx.tol.total_points:g}分")


def _score(subj: PerfSubject | None, ind: PerfIndicator, code: str) -> Outcome | None:
    if ind.score is None or ind.weight is None:
        return None
    if ind.score <= ind.weight + EPS:
        return Passed(RULE_ID)
    name = (subj.subject if subj else None) or code
    return Finding(rule_id=RULE_ID, severity="error", table_code=code, expected=ind.weight, actual=ind.score,
                   page=ind.page, evidence=f"{code} {name} 指标 {ind.indicator}",
                   message=f"{name} 指标“{ind.indicator}”得分{ind.score:g}超过其分值{ind.weight:g}")


def check(ctx: Context) -> Iterator[Outcome]:
    for subj, _funds, inds, code in ctx.perf_tables:
        outcomes = [_weights(ctx, subj, inds, code), *(_score(subj, i, code) for i in inds)]
        yield from (o for o in outcomes if o is not None)
