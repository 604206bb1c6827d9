"""Stage `validate`: the contract's `findings`, the document's quality summary, and each table's
own `checks` / `checks_failed`.

Pure: returns a copy with `findings` (its own replace an earlier run's; other stages' are kept),
`quality` and the tables' counts set, and the document marked partial (doc.with_error) when a
standard table's identities mostly fail or a table its 目录 lists is not found
(pipeline/validate/trust.py); every extracted value stays as it was.
The rules and their tolerances live in `pipeline/validate/`.
"""
from __future__ import annotations

from collections import Counter

from pipeline.model import Document, Table
from pipeline.validate import check_document
from pipeline.validate.trust import missing_tables, untrusted_tables

STAGE = "validate"
OTHER_STAGES = ("ocr.",)  # rule-id prefixes of findings made by other stages: kept as they are


def _counted_table(doc: Document, code: str) -> str | None:
    """The table that carries `code`'s counts: the one most of its line items come from."""
    ids = Counter(li.table_id for li in doc.line_items if li.table_code == code and li.table_id)
    if ids:
        return ids.most_common(1)[0][0]
    return next((t.table_id for t in doc.tables if t.table_code == code), None)


def run(doc: Document) -> Document:
    report = check_document(doc)
    kept = [f for f in doc.findings if f.rule_id.startswith(OTHER_STAGES)]
    carriers = {code: _counted_table(doc, code) for code in report.checks}

    def counted(t: Table) -> Table:
        mine = carriers.get(t.table_code) == t.table_id
        return t.model_copy(update={"checks": report.checks[t.table_code] if mine else 0,
                                    "checks_failed": report.failed[t.table_code] if mine else 0})

    out = doc.model_copy(update={"findings": kept + report.findings, "quality": report.quality,
                                 "tables": [counted(t) for t in doc.tables],
                                 "errors": [e for e in doc.errors if e.stage != STAGE]})
    for reason in untrusted_tables(report.checks, report.failed) + missing_tables(doc):
        out = out.with_error(STAGE, reason)
    return out
