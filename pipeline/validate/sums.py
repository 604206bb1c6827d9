"""Shared shape of the table rules: a row's amount against the sum of other rows' amounts."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from pipeline.validate.amounts import Amount
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed, Term, compare
from pipeline.validate.tables import Row, TableView


def row_name(row: Row) -> str:
    return " ".join(x for x in (row.code, row.label) if x) or "数据行"


def rows_sum(ctx: Context, rule_id: str, total: Row, parts: Sequence[Row], measure: str, *,
             what: str, parts_name: str, subject_code: str | None = None) -> Outcome | None:
    """total[measure] = Σ parts[measure]; a part printing nothing there is 0; None if not checkable."""
    actual = ctx.cell(total, measure)
    terms = [Term(a) for a in (ctx.cell(p, measure) for p in parts) if a is not None]
    if actual is None or not terms:
        return None
    return compare(rule_id, actual, terms, ctx.tol, what=what, expected_name=f"{parts_name}（{len(terms)}项）",
                   table_code=total.table_code, subject_code=subject_code)


def columns_sum(ctx: Context, rule_id: str, row: Row, total: str, parts: Sequence[str], *, what: str,
                signs: Sequence[int] | None = None) -> Iterator[Outcome]:
    """row[total] = Σ ± row[parts]; parts printing nothing are 0; not checked without total or parts."""
    actual = ctx.cell(row, total)
    signs = signs or [1] * len(parts)
    terms = [Term(a, s) for a, s in ((ctx.cell(row, p), s) for p, s in zip(parts, signs, strict=True))
             if a is not None]
    if actual is None or not terms:
        return
    names = "".join(("＋" if s > 0 else "－") + p.split("/")[-1] for p, s in zip(parts, signs, strict=True))
    yield compare(rule_id, actual, terms, ctx.tol, what=what, expected_name=names.lstrip("＋"),
                  table_code=row.table_code, subject_code=row.code)


def sum_holds(ctx: Context, view: TableView, row: Row, measure: str) -> bool:
    """Does `row`'s parent still equal the sum of its children (row among them) in `measure`?"""
    parent = view.parent(row)
    if parent is None:
        return True
    kids = view.children(parent) if parent.code else [r for r in view.coded() if len(r.code or "") == 3]
    out = rows_sum(ctx, "", parent, kids, measure, what="", parts_name="")
    return out is None or isinstance(out, Passed) or out.severity != "error"


def equal(ctx: Context, rule_id: str, actual: Amount | None, reference: Amount | None, *, what: str,
          table_code: str, subject_code: str | None = None) -> Iterator[Outcome]:
    """actual = reference (two printings of one figure); nothing when either is missing."""
    if actual is None or reference is None:
        return
    yield compare(rule_id, actual, [Term(reference)], ctx.tol, what=what, expected_name=reference.name,
                  table_code=table_code, subject_code=subject_code)


def budget_parts(measures: set[str], total: str) -> tuple[str, ...]:
    """The columns a budget table's `total` column sums, from the measures it prints.

    Every measure but the total and 其中 breakdowns; where a column is split into levels
    (基本支出/人员经费, 基本支出/公用经费), its own total (基本支出, or 基本支出/小计 / 合计) when printed,
    else its columns.  No part when the table prints no total: nothing to check.
    """
    if total not in measures:
        return ()
    kept = [m for m in measures if m != total and not m.split("/")[-1].startswith("其中")]
    out: list[str] = []
    for m in sorted(kept):
        levels = m.split("/")
        group_totals = [f"{'/'.join(levels[:i])}/{t}" for i in range(1, len(levels)) for t in ("小计", "合计")]
        if any("/".join(levels[:i]) in kept for i in range(1, len(levels))):
            continue  # 基本支出 is printed: its levels are inside it
        if m not in group_totals and any(g in kept for g in group_totals):
            continue  # 基本支出/小计 is printed
        out.append(m)
    return tuple(out)
