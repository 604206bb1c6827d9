"""The document's printed lines (headings, paragraphs, 目录 entries, table titles) for the
document-level rules, folded (NFKC, no whitespace) and with their page.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Document
from pipeline.validate.labels import fold


@dataclass(frozen=True)
class Line:
    text: str  # folded
    page: int | None
    toc: bool  # a 目录 entry


def lines(doc: Document) -> list[Line]:
    out = [Line(fold(b.text), b.prov.page, b.style == "toc") for b in doc.blocks
           if b.kind in ("heading", "paragraph") and b.text.strip()]
    out += [Line(fold(t.title), t.page_start, False) for t in doc.tables if t.title]
    if doc.metadata.title:
        out.append(Line(fold(doc.metadata.title), 1 if doc.pages else None, False))
    return out
