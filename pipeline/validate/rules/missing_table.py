"""document.missing_table — every standard table the 目录 lists is printed.

For documents that print tables (at least one standard table found, or table grids that none
was recognised among): a standard table (T01–T09 of a 决算, B01–B09 of a 预算) listed in the 目录
but absent is a warning (a disclosure gap, or a table extraction did not find; the validate stage
marks the document partial for it).  Without a 目录 to go by, a document printing most of the
nine tables gets an info for each one it lacks.

A publisher may split one budget (or 决算) into a 表 file and a 说明 file ("XX局2025年部门预算说明",
"…部门预算编制说明", "关于XX局2025年部门预算的说明"): the 说明, titled so on its first line or in its
file name and printing no standard table, has its tables in the other file, so what its 目录 lists
is one info, not a warning (nor a partial document).  A document printing any standard table, or
whose title is not such a 说明 (a 第三部分 …情况说明 heading is a section, not the title), is
checked as above.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.model import Document
from pipeline.records import Finding
from pipeline.tables.titles import code_from_title
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.labels import fold
from pipeline.validate.lines import lines

RULE_ID = "document.missing_table"
FINAL = {f"T0{i}" for i in range(1, 10)}
BUDGET = {f"B0{i}" for i in range(1, 10)}
STANDARD = FINAL | BUDGET
MOST = 6  # standard tables printed before a missing one is worth a note
NARRATIVE_TITLE = re.compile(r"^(?!第[一二三四五六七八九十]+部分)\S*?(?:预算|决算)的?(?:编制|情况)?说明书?$")


def listed(doc: Document) -> dict[str, tuple[str, int | None]]:
    """Standard table code → (目录 line, page) for each standard table the 目录 lists."""
    out: dict[str, tuple[str, int | None]] = {}
    kind = doc.metadata.doc_kind
    budget = True if kind.startswith("budget_") else False if kind.startswith("final_") else None
    for line in lines(doc):
        code = code_from_title(line.text, budget) if line.toc else None
        if code in STANDARD and code not in out:
            out[code] = (line.text, line.page)
    return out


def narrative_part(doc: Document) -> bool:
    """Is the document the 说明 half of a split publication: titled so, printing no standard table?"""
    if {t.table_code for t in doc.tables} & STANDARD:
        return False
    first = next((b.text for b in doc.blocks if b.kind in ("heading", "paragraph") and b.text.strip()), "")
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", doc.source.name)
    return any(NARRATIVE_TITLE.match(fold(text)) for text in (first, stem) if text)


def prints_tables(doc: Document) -> bool:
    """Does the document print its tables: a standard one found, or any table grid with rows?"""
    return bool({t.table_code for t in doc.tables} & STANDARD) or any(t.grid.n_rows > 1 for t in doc.tables)


def listed_missing(doc: Document) -> list[tuple[str, str, int | None]]:
    """(code, 目录 line, page) of each listed standard table the document does not print."""
    if not prints_tables(doc) or narrative_part(doc):
        return []
    present = {t.table_code for t in doc.tables}
    return [(code, title, page) for code, (title, page) in sorted(listed(doc).items()) if code not in present]


def check(ctx: Context) -> Iterator[Outcome]:
    present = {t.table_code for t in ctx.doc.tables}
    if not prints_tables(ctx.doc):
        return
    found = listed(ctx.doc)
    if narrative_part(ctx.doc):
        if found:
            codes = "、".join(sorted(found))
            yield Finding(rule_id=RULE_ID, severity="info", page=min((p for _, p in found.values() if p), default=None),
                          message=f"说明文件目录列有{codes}，本文件未印表（表另文件公开）")
        return
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
