"""document.missing_table — every standard table the 目录 lists is printed.

Only for documents that print their tables (at least one standard table found): a table listed
in the 目录 but absent is a warning (a disclosure gap, or a table extraction did not find).
Without a 目录 to go by, a document printing most of the nine tables gets an info for each one
it lacks.
"""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.records import Finding
from pipeline.tables.titles import code_from_title
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.lines import lines

RULE_ID = "document.missing_table"
STANDARD = {f"T0{i}" for i in range(1, 10)}
MOST = 6  # standard tables printed before a missing one is worth a note


def check(ctx: Context) -> Iterator[Outcome]:
    present = {t.table_code for t in ctx.doc.tables}
    if not present & STANDARD:
        return
    listed: dict[str, tuple[str, int | None]] = {}
    for line in lines(ctx.doc):
        code = code_from_title(line.text) if line.toc else None
        if code in STANDARD and code not in listed:
            listed[code] = (line.text, line.page)
    for code, (title, page) in sorted(listed.items()):
        if code in present:
            yield Passed(RULE_ID)
        else:
            yield Finding(rule_id=RULE_ID, severity="warning", table_code=code, page=page, evidence=title,
                          message=f"目录列有“{title}”（{code}），文档中未见该表")
    if not listed and len(present & STANDARD) >= MOST:
        for code in sorted(STANDARD - present):
            yield Finding(rule_id=RULE_ID, severity="info", table_code=code,
                          message=f"文档印有{len(present & STANDARD)}张标准决算表，未见{code}")
