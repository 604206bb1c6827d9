"""perf.funds — the money block of a 绩效自评表 adds up.

Each fund row: 全年预算数 (adjusted) = 年初预算数 + 调整数, where all three are printed.  Each column:
合计 = 一般公共预算拨款 (or its 上级 + 本级 rows when it is not printed itself) + 政府性基金 +
国有资本经营预算 + 其他资金, and 一般公共预算拨款 = 上级 + 本级 when all three are printed.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import PerfFund
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare
from pipeline.validate.perf import MONEY_COLUMNS, fund_amount

RULE_ID = "perf.funds"
GENERAL = "一般公共预算拨款"


def _adjusted(ctx: Context, f: PerfFund, code: str) -> Iterator[Outcome]:
    adjusted, initial, change = (fund_amount(f, c, code) for c in ("adjusted_yuan", "initial_yuan", "adjustment_yuan"))
    if adjusted and initial and change:
        yield compare(RULE_ID, adjusted, [Term(initial), Term(change)], ctx.tol, table_code=code,
                      expected_name="年初预算数＋调整数",
                      what=f"{code} {f.fund_source} 全年预算数应等于年初预算数＋调整数")


def _column(ctx: Context, funds: list[PerfFund], column: str, code: str) -> Iterator[Outcome]:
    rows = {f.fund_source: f for f in funds}
    subs = [s for s in rows if s.startswith(GENERAL + "/")]
    tops = [s for s in rows if s != "合计" and "/" not in s]
    if GENERAL not in rows:
        tops += subs
    for whole, parts, name in (("合计", tops, "各资金来源"), (GENERAL, subs if GENERAL in rows else [], "上级＋本级")):
        total = fund_amount(rows[whole], column, code) if whole in rows else None
        terms = [Term(a) for a in (fund_amount(rows[p], column, code) for p in parts) if a is not None]
        if total is not None and len(terms) >= 2:
            yield compare(RULE_ID, total, terms, ctx.tol, table_code=code, expected_name=f"{name}之和",
                          what=f"{code} {whole}（{MONEY_COLUMNS[column]}）应等于{name}之和")


def check(ctx: Context) -> Iterator[Outcome]:
    for _subj, funds, _inds, code in ctx.perf_tables:
        for f in funds:
            yield from _adjusted(ctx, f, code)
        for column in MONEY_COLUMNS:
            yield from _column(ctx, funds, column, code)
