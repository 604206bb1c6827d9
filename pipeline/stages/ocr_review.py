"""Stage `ocr.review`: table cells read by OCR with low confidence, listed for a person to check.

Every cell of `doc.tables` whose provenance says origin "ocr" and whose recognition confidence
is below LOW_CONFIDENCE becomes a `Finding` of severity info (rule "ocr.low_confidence") with
the table's code, the cell's page and its text as evidence.  Cells whose amount the extractor
repaired (extractors/ocr_numbers.py) carry a confidence capped below the threshold, and an
empty cell holding ink that could not be read carries that reading's confidence, so both are
listed too.  Pure: returns a copy with these findings added (earlier ones of this rule are
replaced, so running the stage twice lists each cell once).  Before that, OCR digits that break
a table identity are repaired where exactly one one-character reading restores it, else flagged
(ocr_digits), and a department read by OCR is checked against the document's other mentions
of it (ocr_names); every other value is left as read — the identities of the validate stage remain
the final check on the numbers.
"""
from __future__ import annotations

from pipeline.model import Cell, Document, Table
from pipeline.records import Finding
from pipeline.stages import ocr_digits, ocr_names, standard_tables

RULE_ID = "ocr.low_confidence"
LOW_CONFIDENCE = 0.8  # recognition confidence (0..1) below which an OCR'd cell is listed


# findings this stage recomputes on every run; those of a repair or of a department check stay
# (they hold the original reading, which a second run no longer sees)
OWN_RULES = (RULE_ID, ocr_digits.UNRESOLVED_RULE, ocr_digits.FORMAT_RULE)


def run(doc: Document) -> Document:
    fixed, digits = ocr_digits.repair(doc)
    if fixed is not doc:
        doc = standard_tables.run(fixed)  # the repaired cells read again into line items
    digits += ocr_digits.unfit(doc)
    meta, named = ocr_names.check(doc)
    kept = [f for f in doc.findings if f.rule_id not in OWN_RULES]
    new = [f for f in [*named, *digits] if f not in kept]
    found = [_finding(t, c) for t in doc.tables for c in t.grid.cells if _doubtful(c)]
    if not found and not new and meta is doc.metadata and len(kept) == len(doc.findings):
        return doc
    return doc.model_copy(update={"metadata": meta, "findings": [*kept, *new, *found]})


def _doubtful(cell: Cell) -> bool:
    p = cell.prov
    return p is not None and p.origin == "ocr" and p.confidence is not None and p.confidence < LOW_CONFIDENCE


def _finding(table: Table, cell: Cell) -> Finding:
    assert cell.prov is not None and cell.prov.confidence is not None
    conf = cell.prov.confidence
    where = f"{table.table_code} {table.table_id} row {cell.row + 1} column {cell.col + 1}"
    what = "was read by OCR" if cell.text else "holds ink that OCR could not read"
    return Finding(
        rule_id=RULE_ID, severity="info", table_code=table.table_code,
        message=f"{where} {what} (confidence {conf:.2f}, below {LOW_CONFIDENCE}): check it against the page",
        page=cell.prov.page if cell.prov.page is not None else table.page_start,
        evidence=cell.text,
    )
