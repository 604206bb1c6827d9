"""Stage `content`: a document with nothing a disclosure is made of is `partial`, not `ok`.

2,000 blank pages, a system text file renamed .txt, an empty nested HTML page: each is read
without an error, but calling it `ok` would count it as a disclosure.  A document counts as
having disclosure content when any stage found something (a standard table, a line item, a
fact, a performance table, a glossary entry, a department or year) or its text speaks of
budgets at all (预算, 决算, 财政, 收入, 支出 …).  Otherwise the stage adds the partial error
"no disclosure content found", with what was seen, so a person can look.
"""
from __future__ import annotations

import re

from pipeline.model import Document

REASON = "no disclosure content found"
_FISCAL_WORDS = re.compile(r"预算|决算|财政|收入|支出|拨款|经费|绩效|资金|部门|单位")
_SCAN_CHARS = 200_000


def has_content(doc: Document) -> bool:
    if (doc.line_items or doc.facts or doc.budget_execution or doc.perf_subjects or doc.perf_funds
            or doc.perf_indicators or doc.glossary):
        return True
    if any(t.table_code != "OTHER" for t in doc.tables):
        return True
    m = doc.metadata
    if m.department or m.fiscal_year or m.doc_kind != "unknown":
        return True
    seen = 0
    for b in doc.blocks:
        texts = [b.text] if b.grid is None else [c.text for c in b.grid.cells]
        for text in texts:
            if _FISCAL_WORDS.search(text):
                return True
            seen += len(text)
        if seen > _SCAN_CHARS:
            break
    return False


def run(doc: Document) -> Document:
    if doc.status == "failed" or has_content(doc):
        return doc
    chars = sum(len(b.text) for b in doc.blocks)
    pages = f" on {len(doc.pages)} pages" if doc.pages else ""
    seen = f"{len(doc.blocks)} text blocks ({chars} characters){pages}" if doc.blocks else f"no text{pages}"
    return doc.with_error("content", f"{REASON}: {seen}, none about budgets or final accounts")
