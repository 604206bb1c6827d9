"""Which cells a finding points at: findings → (table_id, row, col) of the line items they concern.

A finding names a table_code and, when the identity is about one subject, its subject_code; its
`actual` (and `expected`) are in yuan.  Matching, within the finding's document:
1. the line items of that table_code (and the finding's page, when it has one and some match it);
2. with a subject_code: those of that subject, narrowed to the ones whose amount equals the
   finding's `actual` (or else `expected`) when any does — the failing column, not the whole row;
3. without a subject_code: only the line items whose amount equals `actual` (or else `expected`),
   e.g. a printed total that does not equal the sum of its parts.
A finding that matches no line item is still listed on the page, just not drawn on a cell.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pipeline.analysis.report.units import is_rounding

Row = dict[str, Any]
CellKey = tuple[str, int, int]  # (table_id, row, col)

_TOLERANCE = Decimal("0.5")  # yuan: amounts are printed to the fen or to 0.01 万元


def _same_amount(amount: Any, value: Any) -> bool:
    if amount is None or value is None:
        return False
    return abs(Decimal(str(amount)) - Decimal(str(value))) <= _TOLERANCE


def _by_amount(items: list[Row], finding: Row) -> list[Row]:
    for key in ("actual", "expected"):
        hit = [li for li in items if _same_amount(li.get("amount_yuan"), finding.get(key))]
        if hit:
            return hit
    return []


def matching_items(finding: Row, line_items: Iterable[Row]) -> list[Row]:
    """The line items (of the finding's document) that `finding` points at, per the module rules."""
    code = finding.get("table_code")
    if not code:
        return []
    items = [li for li in line_items if li.get("table_code") == code and li.get("table_id") is not None]
    page = finding.get("page")
    if page is not None and any(li.get("page") == page for li in items):
        items = [li for li in items if li.get("page") == page]
    subject = finding.get("subject_code")
    if subject:
        items = [li for li in items if li.get("subject_code") == subject]
        return _by_amount(items, finding) or items
    return _by_amount(items, finding)


def flag_cells(findings: Iterable[Row], line_items: list[Row]) -> dict[CellKey, list[Row]]:
    """(table_id, row, col) → the findings that point at that cell, most severe first (rounding
    within tolerance, `units.is_rounding`, points at no cell)."""
    flagged: dict[CellKey, list[Row]] = {}
    for f in findings:
        if is_rounding(f):  # within the printed precision: listed, never painted
            continue
        for li in matching_items(f, line_items):
            if li.get("row") is None or li.get("col") is None:
                continue
            flagged.setdefault((li["table_id"], int(li["row"]), int(li["col"])), []).append(f)
    order = {"error": 0, "warning": 1, "info": 2}
    for fs in flagged.values():
        fs.sort(key=lambda f: order.get(f.get("severity") or "", 3))
    return flagged
