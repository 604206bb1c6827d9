"""document.missing_table — every standard table the 目录 lists is printed.

For documents that print tables (at least one standard table found, or table grids that none
was recognised among): a standard table (T01–T09 of a 决算, B01–B09 of a 预算) listed in the 目录
but absent is a warning (a disclosure gap, or a table extraction did not find; the validate stage
marks the document partial for it).  Without a 目录 to go by, a document printing most of the
nine tables gets an info for each one it lacks.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.model import Document
from pipeline.records import Finding
from pipeline.tables.titles import code_from_title
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.lines import lines

RULE_ID = "document.missing_table"
FINAL = {f"T0{i}" for i in range(1, 10)}
BUDGET = {f"B0{i}" for i in range(1, 10)}
STANDARD = FINAL | BUDGET
MOST = 6  # standard tables printed before a missing one is worth a note


def listed(doc: Document) -> dict[str, tuple[str, int | None]]:
    """Standard table code → (目录 line, page) for each standard table the 目录 lists."""
    out: dict[str, tuple[str, int | None]] = {}
    for line in lines(doc):
        code = code_from_title(line.text) if line.toc else None
        if code in STANDARD and code not in out:
            out[code] = (line.text, line.page)
    return out


def prints_tables(doc: Document) -> bool:
    """Does the document print its tables: a standard one found, or any table grid with rows?"""
    return bool({t.table_code for t in doc.tables} & STANDARD) or any(t.grid.n_rows > 1 for t in doc.tables)


def listed_missing(doc: Document) -> list[tuple[str, str, int | None]]:
    """(code, 目录 line, page) of each listed standard table the document does not print."""
    if not prints_tables(doc):
        return []
    present = {t.table_code for t in doc.tables}
    return [(code, title, page) for code, (title, page) in sorted(listed(doc).items()) if code not in present]


def check(ctx: Context) -> Iterator[Outcome]:
    present = {t.table_code for t in ctx.doc.tables}
    if not prints_tables(ctx.doc):
        return
    found = listed(ctx.doc)
    missing = {code for code, _, _ in listed_missing(ctx.doc)}
    for code, (title, page) in sorted(found.items()):
        if code not in missing:
            yield Passed(RULE_ID)
        else:
            yield Finding(rule_id=RULE_ID, severity="warning", table_code=code, page=page, evidence=title,
                          message=f"目录列有“{title}”（{code}），文档中未见该表")
    family = BUDGET if present & BUDGET else FINAL
    if not found and len(present & family) >= MOST:
        kind = "预算" if family is BUDGET else "决算"
        for code in sorted(family - present):
            yield Finding(rule_id=RULE_ID, severity="info", table_code=code,
                          message=f"文档印有{len(present & family)}张标准{kind}表，未见{code}")
