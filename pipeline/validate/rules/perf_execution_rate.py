"""perf.execution_rate — each fund row's 执行率 = 全年执行数 ÷ 全年预算数 (adjusted budget).

Within the precision of the printed rate and amounts; a row with a zero adjusted budget is not
checked (its rate is undefined).
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import Finding
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.perf import fund_amount
from pipeline.validate.rates import pct, rate_severity, ratio_interval

RULE_ID = "perf.execution_rate"


def _half(rate: float) -> float:
    """Half a unit of the last digit the rate was printed with (0.3637 → 36.37% → 0.00005)."""
    text = f"{rate * 100:.6f}".rstrip("0")
    d = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -(min(d, 4) + 2)


def check(ctx: Context) -> Iterator[Outcome]:
    for _subj, funds, _inds, code in ctx.perf_tables:
        for f in funds:
            actual, adjusted = fund_amount(f, "actual_yuan", code), fund_amount(f, "adjusted_yuan", code)
            if f.execution_rate is None or actual is None or adjusted is None or adjusted.yuan <= 0:
                continue
            interval = ratio_interval(actual.yuan, actual.half, adjusted.yuan, adjusted.half)
            if interval is None:
                continue
            half = _half(f.execution_rate)
            sev = rate_severity(f.execution_rate, half, interval, ctx.tol)
            if sev is None:
                yield Passed(RULE_ID)
                continue
            computed = float(actual.yuan / adjusted.yuan)
            yield Finding(rule_id=RULE_ID, severity=sev, table_code=code, expected=computed, actual=f.execution_rate,
                          page=f.page, evidence=f"{code} {f.subject or ''} {f.fund_source} 执行率",
                          message=f"{f.subject or code} {f.fund_source}：执行数{actual.yuan / 10000:,.4f}万元÷"
                                  f"全年预算数{adjusted.yuan / 10000:,.4f}万元＝{pct(computed)}，表中执行率为"
                                  f"{pct(f.execution_rate)}（容差±{pct(half, 4)}）")
