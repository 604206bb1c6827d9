"""Stage `validate`: the contract's `findings` and the document's quality summary.

Pure: returns a copy with `findings` and `quality` set; every extracted value stays as it was.
The rules and their tolerances live in `pipeline/validate/`.
"""
from __future__ import annotations

from pipeline.model import Document
from pipeline.validate import validate


def run(doc: Document) -> Document:
    findings, quality = validate(doc)
    return doc.model_copy(update={"findings": findings, "quality": quality})
