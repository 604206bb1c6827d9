"""narrative.budget_direction — the stated comparison of 决算 with 预算 agrees with the figures.

"年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数的主要原因…" is wrong: 1511.89 < 1560.05.
大于 / 小于 contradicted by the printed figures: error.  等于 when they differ: error, or a warning
when within the 基本持平 margin.  持平 (roughly equal) beyond that margin: warning.  Not checked
for a zero budget (narrative.completion_rate reports those).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import Finding, Severity
from pipeline.validate.budget_subject import figures, subject_of
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.statements import Statement

RULE_ID = "narrative.budget_direction"


def _severity(st: Statement, level: float) -> Severity | None:
    diff, gap = st.final - st.initial, abs(float(st.final / st.initial) - 1)
    if st.direction == "大于":
        return None if diff > 0 else "error"
    if st.direction == "小于":
        return None if diff < 0 else "error"
    if st.direction == "等于":
        return None if diff == 0 else "warning" if gap <= level else "error"
    return None if gap <= level else "warning"  # 持平


def _actual(st: Statement) -> str:
    return "大于" if st.final > st.initial else "小于" if st.final < st.initial else "等于"


def check(ctx: Context) -> Iterator[Outcome]:
    for st in ctx.statements:
        if st.direction is None or st.initial == 0:
            continue
        sev = _severity(st, ctx.tol.level_ratio)
        if sev is None:
            yield Passed(RULE_ID)
            continue
        subj = subject_of(ctx, st)
        yield Finding(rule_id=RULE_ID, severity=sev, table_code=subj.table_code, subject_code=subj.subject_code,
                      expected=float(st.initial), actual=float(st.final), page=st.page, evidence=st.evidence,
                      message=f"{subj.name}：{figures(st)}，决算数{_actual(st)}预算数，"
                              f"文中却称“决算数{st.direction}预算数”{_margin(ctx, st)}")


def _margin(ctx: Context, st: Statement) -> str:
    return f"（基本持平容差±{ctx.tol.level_ratio:.0%}）" if st.direction in ("等于", "持平") else ""
