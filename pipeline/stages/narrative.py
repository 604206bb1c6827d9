"""Stage `narrative`: facts and budget execution rows from the 情况说明 (pipeline.narrative)."""
from __future__ import annotations

from pipeline.model import Document
from pipeline.narrative import extract_budget_execution, extract_facts, paras_from_document


def run(doc: Document) -> Document:
    paras = paras_from_document(doc)
    return doc.model_copy(update={
        "facts": extract_facts(paras),
        "budget_execution": extract_budget_execution(paras, doc.line_items),
    })
