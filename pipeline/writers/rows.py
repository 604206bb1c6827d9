"""A Document as rows of each contract table (plain dicts keyed by the columns)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from pipeline.department_key import department_key
from pipeline.model import Document
from pipeline.version import PIPELINE_VERSION

Row = dict[str, Any]


def _records(doc: Document, items: Iterable[BaseModel]) -> list[Row]:
    return [{"doc_id": doc.doc_id, **item.model_dump()} for item in items]


def document_row(doc: Document) -> Row:
    m, s, q = doc.metadata, doc.source, doc.quality
    return {
        "doc_id": doc.doc_id, "source_name": s.name, "source_format": s.format, "doc_kind": m.doc_kind,
        "fiscal_year": m.fiscal_year, "region": m.region, "region_code": m.region_code, "department": m.department,
        "source_unit": m.source_unit,
        "department_key": department_key(m.region_code, m.department, m.doc_kind),
        "pages": s.pages, "ocr": doc.ocr, "status": doc.status,
        "error": "; ".join(f"{e.stage}: {e.reason}" for e in doc.errors) or None,
        "schema_version": doc.version, "pipeline_version": PIPELINE_VERSION, "title": m.title,
        "encoding": s.encoding, "size_bytes": s.size, "checks": q.checks, "checks_passed": q.passed,
        "checks_failed": q.failed, "aliases": list(s.aliases),
    }


def _cells(doc: Document) -> list[Row]:
    out = []
    for t in doc.tables:
        for c in t.grid.cells:
            p = c.prov
            out.append({"doc_id": doc.doc_id, "table_id": t.table_id, "row": c.row, "col": c.col,
                        "row_span": c.row_span, "col_span": c.col_span, "text": c.text,
                        "page": p.page if p else None, "line": p.line_start if p else None,
                        "confidence": p.confidence if p else None})
    return out


def table_rows(doc: Document) -> dict[str, list[Row]]:
    """Rows for every contract table; a table the document has nothing for gets []."""
    return {
        "documents": [document_row(doc)],
        "sections": [{"doc_id": doc.doc_id, **s.model_dump(exclude={"block_indices"})} for s in doc.sections],
        "tables": [{"doc_id": doc.doc_id, "table_id": t.table_id, "table_code": t.table_code, "title": t.title,
                    "page_start": t.page_start, "page_end": t.page_end, "n_rows": t.grid.n_rows,
                    "n_cols": t.grid.n_cols, "unit": t.unit, "note": t.note,
                    "checks": t.checks, "checks_failed": t.checks_failed} for t in doc.tables],
        "cells": _cells(doc),
        "line_items": _records(doc, doc.line_items),
        "facts": _records(doc, doc.facts),
        "budget_execution": _records(doc, doc.budget_execution),
        "perf_subjects": _records(doc, doc.perf_subjects),
        "perf_funds": _records(doc, doc.perf_funds),
        "perf_indicators": _records(doc, doc.perf_indicators),
        "findings": _records(doc, doc.findings),
        "glossary": _records(doc, doc.glossary),
    }
