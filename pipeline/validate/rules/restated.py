"""narrative.restated — a figure the 情况说明 states more than once is stated the same each time.

"其中：基本支出958.24万元" in one section and "一般公共预算财政拨款基本支出1055.06万元" in the next
cannot both be right.  Facts are read paragraph by paragraph (pipeline.narrative, with each
paragraph's headings), so a later restatement is compared with the first.  The reading of an
isolated paragraph can mislabel a figure, so a disagreement is a warning.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.narrative import extract_facts, paras_from_document
from pipeline.records import Fact, Finding
from pipeline.validate.amounts import from_fact
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Term, compare

RULE_ID = "narrative.restated"


def statements_by_key(ctx: Context) -> dict[str, list[Fact]]:
    """Every money figure as stated, paragraph by paragraph, by contract key."""
    out: dict[str, list[Fact]] = {}
    for para in paras_from_document(ctx.doc):
        for fact in extract_facts([para]):
            if fact.unit == "yuan":
                out.setdefault(fact.key, []).append(fact)
    return out


def check(ctx: Context) -> Iterator[Outcome]:
    for key, stated in statements_by_key(ctx).items():
        first = from_fact(stated[0], ctx.tol, f"情况说明 {key}（首次）")
        for later in stated[1:]:
            if later.evidence == stated[0].evidence:
                continue
            again = from_fact(later, ctx.tol, f"情况说明 {key}（再次）")
            out = compare(RULE_ID, again, [Term(first)], ctx.tol, table_code=None, expected_name=first.name,
                          what=f"同一数字前后表述应一致（{key}）")
            yield out.model_copy(update={"severity": "warning"}) if isinstance(out, Finding) else out
