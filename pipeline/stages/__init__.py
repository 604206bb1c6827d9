"""The stages, in order.  Each is `run(doc: Document) -> Document` in its own module.

`run_stages` is the only place that calls them: a stage that raises leaves the document as
it was before that stage, with a StageError naming the stage and the reason, and the next
stage runs on what succeeded.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.model import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stage:
    slug: str
    run: Callable[[Document], Document]


def _stages() -> list[Stage]:
    from pipeline.stages import (
        classify_tables,
        content,
        glossary,
        metadata,
        narrative,
        ocr_review,
        perf,
        sections,
        standard_tables,
        validate,
    )

    return [
        Stage("metadata", metadata.run),
        Stage("sections", sections.run),
        Stage("tables.classify", classify_tables.run),
        Stage("tables.parse", standard_tables.run),
        Stage("perf", perf.run),
        Stage("narrative", narrative.run),
        Stage("glossary", glossary.run),
        Stage("ocr.review", ocr_review.run),
        Stage("content", content.run),
        Stage("validate", validate.run),
    ]


def run_stages(doc: Document, stages: list[Stage] | None = None) -> Document:
    for stage in stages if stages is not None else _stages():
        try:
            doc = stage.run(doc)
        except Exception as e:  # noqa: BLE001 - a stage failure becomes data on the document
            log.exception("stage %s failed on %s", stage.slug, doc.source.name)
            doc = doc.with_error(stage.slug, f"{type(e).__name__}: {e}")
    return doc
