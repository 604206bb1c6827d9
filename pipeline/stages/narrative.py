"""Stage `narrative`: facts and budget execution rows from the 情况说明 (pipeline.narrative).

A 部门预算 / 单位预算 (doc_kind budget_*) is read with the budget's own labels, its figures under the
contract's keys as budget amounts (pipeline/narrative/budget_patterns.py).
"""
from __future__ import annotations

from pipeline.model import Document
from pipeline.narrative import extract_budget_execution, extract_facts, paras_from_document


def run(doc: Document) -> Document:
    paras = paras_from_document(doc)
    budget = doc.metadata.doc_kind.startswith("budget")
    return doc.model_copy(update={
        "facts": extract_facts(paras, budget=budget, year=doc.metadata.fiscal_year),
        "budget_execution": extract_budget_execution(paras, doc.line_items),
    })
