"""Stage `validate`: the contract's `findings` and the document's quality summary.

Pure: returns a copy with `findings` (its own replace an earlier run's; other stages' are kept)
and `quality` set; every extracted value stays as it was.
The rules and their tolerances live in `pipeline/validate/`.
"""
from __future__ import annotations

from pipeline.model import Document
from pipeline.validate import validate

OTHER_STAGES = ("ocr.",)  # rule-id prefixes of findings made by other stages: kept as they are


def run(doc: Document) -> Document:
    findings, quality = validate(doc)
    kept = [f for f in doc.findings if f.rule_id.startswith(OTHER_STAGES)]
    return doc.model_copy(update={"findings": kept + findings, "quality": quality})
