"""narrative.shares — a stated share ("占99.79%") equals its figure over the whole it is a share of.

"本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%" — the whole is the figure heading
the list (…万元，其中 / 主要用于 / 包括); "占本年支出合计的100.00%" names it (本年支出合计 →
expenditure_current_year).  Shares are presentation figures derived from the amounts, so a wrong
one is a warning, never an error.  A share whose whole cannot be identified is not checked.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from pipeline.narrative import paras_from_document
from pipeline.narrative.amounts import Mention, find_mentions
from pipeline.narrative.folded import fold
from pipeline.records import Finding
from pipeline.validate.amounts import decimals, half_unit
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.rates import pct, rate_severity, ratio_interval

RULE_ID = "narrative.shares"
SHARE = re.compile(r"^,?占(?P<target>[^,;。%\d]{0,24}?)的?$")
HEAD = re.compile(r"^[,:]?(?:其中|主要用于|包括|具体(?:情况)?如下)")
NAMED_WHOLES = ((r"一般公共预算.*项目支出", "general_budget_expenditure.project"),
                (r"一般公共预算.*基本支出", "general_budget_expenditure.basic"),
                (r"一般公共预算财政拨款支出", "general_budget_expenditure"),
                (r"本年支出", "expenditure_current_year"), (r"本年收入", "income_current_year"),
                (r"中小企业", "procurement.sme"), (r"政府采购", "procurement.total"))


def _half(text: str, m: Mention) -> Decimal:
    return Decimal(0) if m.value == 0 else half_unit(m.unit, decimals(text[m.start:m.end]))


def _whole(ctx: Context, text: str, target: str, head: Mention | None) -> tuple[Decimal, Decimal] | None:
    if not target:
        return (head.value, _half(text, head)) if head else None
    key = next((k for rx, k in NAMED_WHOLES if re.search(rx, target)), None)
    amount = ctx.money(key) if key else None
    return (amount.yuan, amount.half) if amount else None


def _shares(ctx: Context, text: str) -> Iterator[tuple[Mention, Mention, tuple[Decimal, Decimal]]]:
    ms = find_mentions(text)
    head: Mention | None = None
    for prev, m in zip(ms, ms[1:], strict=False):
        if prev.kind == "money" and HEAD.match(text[prev.end:prev.end + 8]):
            head = prev
        share = SHARE.match(text[prev.end:m.start]) if m.kind == "percent" and prev.kind == "money" else None
        if share is None:
            continue
        whole = _whole(ctx, text, share.group("target"), head if head is not prev else None)
        if whole is not None and whole[0] > 0:
            yield prev, m, whole


def check(ctx: Context) -> Iterator[Outcome]:
    for para in paras_from_document(ctx.doc):
        folded = fold(para.text)
        text = folded.text
        for part, share, (whole, whole_half) in _shares(ctx, text):
            half = 0.5 * 10 ** -(decimals(text[share.start:share.end]) + 2)
            interval = ratio_interval(part.value, _half(text, part), whole, whole_half)
            if interval is None:
                continue
            if rate_severity(float(share.value), half, interval, ctx.tol) is None:
                yield Passed(RULE_ID)
                continue
            computed = float(part.value / whole)
            keys = [f.key for f in ctx.facts() if f.unit == "yuan" and Decimal(str(f.value)) == part.value]
            named = f"（{keys[0]}）" if keys else ""
            yield Finding(rule_id=RULE_ID, severity="warning", expected=computed, actual=float(share.value),
                          page=para.page, evidence=folded.printed_span(max(0, part.start - 30), share.end),
                          message=f"占比不符：{text[part.start:part.end]}{named}占{whole / 10000:,.2f}万元"
                                  f"应为{pct(computed)}，"
                                  f"文中称{pct(float(share.value), decimals(text[share.start:share.end]))}"
                                  f"（按打印精度容差±{pct(half, 4)}）")
