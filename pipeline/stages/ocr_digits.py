"""OCR digits that break a table identity, repaired only when exactly one reading restores it.

The identities are the validate stage's own: each row's total column = Σ its part columns
(validate.rules.row_sum.ROW_SUMS) and 合计 = Σ类, 类 = Σ款, 款 = Σ项 (validate.rules.hierarchy_sum),
each within the rounding allowance of its printed amounts.  For an identity broken beyond that
allowance, every amount of it read by OCR is tried with each single-character confusion of the
recogniser (CONFUSIONS: 3↔8, 1↔7, 0/6/8, 5↔6 …); a reading is a candidate when every identity
the amount takes part in then holds.  Exactly one candidate among all the amounts of the broken
identity → the grid cell is rewritten, its confidence capped, and an info finding keeps the
original reading (evidence: "original OCR text …").  None, or several → a warning finding
naming the identity's OCR cells; nothing is changed (never guessed).

An OCR amount printed with other decimals than the rest of its column ("42.7" among "x.xx": a
digit lost) widens the rounding allowance of every identity it is in, so it may break none;
it is flagged by a warning finding of its own (`unfit`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipeline.model import Cell, Document
from pipeline.records import Finding, LineItem
from pipeline.validate.amounts import decimals, unit_factor
from pipeline.validate.context import Context
from pipeline.validate.identity import EXACT, allowance
from pipeline.validate.rules.hierarchy_sum import TABLES as HIERARCHY_TABLES
from pipeline.validate.rules.row_sum import ROW_SUMS
from pipeline.values import parse_amount

REPAIRED_RULE = "ocr.digit_repaired"
UNRESOLVED_RULE = "ocr.digit_unresolved"
FORMAT_RULE = "ocr.amount_format"
FORMAT_SHARE = 0.75  # share of a column's OCR amounts that set its number of decimals
FORMAT_MIN = 3  # … and how many of them at least
REPAIRED_CONFIDENCE = 0.5  # a repaired cell stays below ocr_review.LOW_CONFIDENCE: a person checks it
CONFUSIONS = {"0": "689", "1": "7", "2": "7", "3": "8", "5": "6", "6": "058", "7": "12", "8": "0369", "9": "08"}


@dataclass(frozen=True)
class Identity:
    total: LineItem
    parts: tuple[LineItem, ...]
    name: str


@dataclass(frozen=True)
class Repair:
    item: LineItem
    text: str
    yuan: Decimal


def identities(ctx: Context) -> Iterator[Identity]:
    """Row sums and hierarchy sums of the coded standard tables, as validate states them."""
    for code, (total, parts) in ROW_SUMS.items():
        view = ctx.view(code)
        for row in view.rows if view else []:
            t = row.get(total)
            ps = tuple(p for m in parts if (p := row.get(m)) is not None)
            if t is not None and ps and (code != "T04" or row.side == "expenditure"):
                yield Identity(t, ps, f"{code} {row.label or row.code} {total} = Σ parts")
    for code in HIERARCHY_TABLES:
        view = ctx.view(code)
        if view is None:
            continue
        pairs = [(p, view.children(p)) for p in view.coded()]
        total = view.total()
        if total is not None:
            pairs.append((total, [r for r in view.coded() if len(r.code or "") == 3]))
        for parent, kids in pairs:
            for measure, t in parent.items.items():
                ps = tuple(k.items[measure] for k in kids if measure in k.items)
                if ps:
                    yield Identity(t, ps, f"{code} {parent.code or parent.label} {measure} = Σ below")


class Checker:
    """Identities over line items, evaluated with some items' values replaced."""

    def __init__(self, ctx: Context, ids: list[Identity]) -> None:
        self.ctx, self.ids = ctx, ids
        self.of: dict[int, list[Identity]] = {}
        for ident in ids:
            for li in (ident.total, *ident.parts):
                self.of.setdefault(id(li), []).append(ident)

    def holds(self, ident: Identity, swap: Repair | None = None) -> bool:
        def value(li: LineItem) -> Decimal:
            return swap.yuan if swap is not None and li is swap.item else li.amount_yuan

        amounts = [self.ctx.amount(li) for li in (ident.total, *ident.parts)]
        diff = value(ident.total) - sum((value(p) for p in ident.parts), Decimal(0))
        return abs(diff) <= allowance(amounts, self.ctx.tol) + EXACT

    def restores(self, r: Repair) -> bool:
        return all(self.holds(i, r) for i in self.of.get(id(r.item), []))


def readings(li: LineItem, unit: str | None) -> Iterator[Repair]:
    """`li` read with one character swapped for a usual confusion (same format, an amount)."""
    text = li.amount_text
    old = parse_amount(text)
    if old is None or old == 0 and li.amount_yuan != 0:
        return
    factor = unit_factor(li, unit)
    for i, ch in enumerate(text):
        for alt in CONFUSIONS.get(ch, ""):
            new = text[:i] + alt + text[i + 1:]
            value = parse_amount(new)
            if value is not None:
                yield Repair(li, new, (value * factor).quantize(Decimal("0.01")))


def repair(doc: Document) -> tuple[Document, list[Finding]]:
    """`doc` with its OCR cells repaired where one reading restores a broken identity (its line
    items then need reading again: standard_tables.run), and the findings to add."""
    cells = {(t.table_id, c.row, c.col): c for t in doc.tables for c in t.grid.cells
             if c.prov is not None and c.prov.origin == "ocr"}
    if not cells or not doc.line_items:
        return doc, []
    ctx = Context(doc)
    checker = Checker(ctx, list(identities(ctx)))
    units = {t.table_id: t.unit or doc.metadata.source_unit for t in doc.tables}
    findings: list[Finding] = []
    fixes: dict[tuple[str | None, int | None, int | None], Repair] = {}
    for ident in checker.ids:
        if checker.holds(ident):
            continue
        ocr = [li for li in (ident.total, *ident.parts) if (li.table_id, li.row, li.col) in cells]
        if not ocr:
            continue
        found = {(id(r.item), r.text): r for li in ocr for r in readings(li, units.get(li.table_id or ""))
                 if checker.restores(r)}
        if len(found) == 1:
            (r,) = found.values()
            fixes[(r.item.table_id, r.item.row, r.item.col)] = r
        else:
            findings.append(_unresolved(ident, ocr, len(found)))
    fixes = _apart(checker, fixes, findings)
    if not fixes:
        return doc, findings
    doc = doc.model_copy(deep=True)
    new_cells = {(t.table_id, c.row, c.col): c for t in doc.tables for c in t.grid.cells}
    for where, r in fixes.items():
        cell = new_cells[where]  # type: ignore[index]
        findings.append(_repaired(r, cell))
        _rewrite(cell, r.text)
    return doc, findings


def _apart(checker: Checker, fixes: dict[tuple[str | None, int | None, int | None], Repair],
           findings: list[Finding]) -> dict[tuple[str | None, int | None, int | None], Repair]:
    """The repairs that share no identity with another repair: each was found with the others'
    cells as read, so two in one identity are no longer each the only reading (both flagged)."""
    fixed = {id(r.item) for r in fixes.values()}
    out = {}
    for where, r in fixes.items():
        shared = [i for i in checker.of.get(id(r.item), [])
                  if any(id(li) in fixed and li is not r.item for li in (i.total, *i.parts))]
        if shared:
            findings.append(_unresolved(shared[0], [r.item], 2))
        else:
            out[where] = r
    return out


def unfit(doc: Document) -> list[Finding]:
    """Warnings for OCR amounts whose decimals differ from those of their column's other amounts."""
    ocr = {(t.table_id, c.row, c.col) for t in doc.tables for c in t.grid.cells
           if c.prov is not None and c.prov.origin == "ocr"}
    columns: dict[tuple[str | None, int | None], list[LineItem]] = {}
    for li in doc.line_items:
        if (li.table_id, li.row, li.col) in ocr:
            columns.setdefault((li.table_id, li.col), []).append(li)
    out = []
    for items in columns.values():
        places = Counter(decimals(li.amount_text) for li in items)
        top, n = places.most_common(1)[0]
        if n < FORMAT_MIN or n < FORMAT_SHARE * len(items):
            continue
        for li in items:
            if decimals(li.amount_text) != top and li.amount_yuan != 0:
                out.append(Finding(
                    rule_id=FORMAT_RULE, severity="warning", table_code=li.table_code, subject_code=li.subject_code,
                    page=li.page, evidence=li.amount_text,
                    message=(f"{li.table_code} {li.row_label or li.subject_code or ''} {li.measure}: OCR read "
                             f"{li.amount_text!r}, with {decimals(li.amount_text)} decimals where its column prints "
                             f"{top}: a digit may be lost or added; check it against the page")))
    return out


def _rewrite(cell: Cell, text: str) -> None:
    cell.text = text
    if cell.prov is not None:
        conf = cell.prov.confidence
        cell.prov.confidence = REPAIRED_CONFIDENCE if conf is None else min(conf, REPAIRED_CONFIDENCE)


def _repaired(r: Repair, cell: Cell) -> Finding:
    li = r.item
    return Finding(
        rule_id=REPAIRED_RULE, severity="info", table_code=li.table_code, subject_code=li.subject_code,
        message=(f"{li.table_code} {li.row_label or li.subject_code or ''} {li.measure}: OCR read "
                 f"{li.amount_text!r}, which breaks the table's sums; {r.text!r} is the only one-character "
                 "reading that restores them, and was taken: check it against the page"),
        expected=float(r.yuan), actual=float(li.amount_yuan), page=li.page,
        evidence=f"original OCR text {cell.text!r} → {r.text!r}",
    )


def _unresolved(ident: Identity, ocr: list[LineItem], candidates: int) -> Finding:
    why = "no one-character reading" if candidates == 0 else f"{candidates} different readings"
    names = "; ".join(f"{li.row_label or li.subject_code} {li.measure} {li.amount_text}" for li in ocr)
    return Finding(
        rule_id=UNRESOLVED_RULE, severity="warning", table_code=ident.total.table_code,
        subject_code=ident.total.subject_code, page=ident.total.page,
        message=f"{ident.name} fails on amounts read by OCR and {why} of them restores it: left as read",
        evidence=names,
    )
