"""The narrative as the extraction functions see it: paragraphs with their heading path.

`paras_from_document` adapts a Document (blocks + the section tree) to this shape; the
extraction functions never touch a Document, so they can be tested on plain strings.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Document, Section
from pipeline.narrative.amounts import find_mentions
from pipeline.narrative.folded import fold_text
from pipeline.narrative.patterns import SKIP_PARTS

TOC_LINE_MAX = 40  # a 目录 entry is shorter than this; a longer line stating amounts is body text


@dataclass(frozen=True)
class Heading:
    section_id: str
    level: int
    title: str


@dataclass(frozen=True)
class Para:
    """A heading line or paragraph; `path` is its section and the sections above it, outermost first."""

    text: str
    path: tuple[Heading, ...] = ()
    page: int | None = None
    line: int | None = None

    @property
    def section_id(self) -> str | None:
        return self.path[-1].section_id if self.path else None


def _paths(sections: list[Section]) -> dict[str, tuple[Heading, ...]]:
    by_id = {s.section_id: s for s in sections}
    out: dict[str, tuple[Heading, ...]] = {}
    for s in sections:
        chain: list[Heading] = []
        cur: Section | None = s
        while cur is not None and len(chain) < 16:
            chain.append(Heading(cur.section_id, cur.level, cur.title))
            cur = by_id.get(cur.parent_id) if cur.parent_id else None
        out[s.section_id] = tuple(reversed(chain))
    return out


def _skipped(path: tuple[Heading, ...], text: str) -> bool:
    """目录, and the parts 概况, 报表, 名词解释: no narrative figures there.

    Only the 目录 section itself is skipped, not what a heading tree might hang below it, and
    only its entry-like lines: body text that follows it before any heading may land in it.
    """
    if path and path[-1].title == "目录" and not (len(text) > TOC_LINE_MAX and find_mentions(fold_text(text))):
        return True
    return any(h.level == 1 and h.title != "目录" and SKIP_PARTS.search(h.title) for h in path)


def paras_from_document(doc: Document) -> list[Para]:
    """Heading and paragraph blocks in reading order with their section path (tables left out)."""
    paths = _paths(doc.sections)
    section_of: dict[int, str] = {}
    for s in doc.sections:
        for i in s.block_indices:
            section_of[i] = s.section_id
    out: list[Para] = []
    for b in doc.blocks:
        if b.kind == "table" or not b.text.strip() or b.style == "toc":
            continue
        path = paths.get(section_of.get(b.index, ""), ())
        if _skipped(path, b.text):
            continue
        out.append(Para(b.text, path, b.prov.page, b.prov.line_start))
    return out
