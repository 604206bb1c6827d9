"""Stage `sections`: the heading tree, with the table of contents (目录) set aside.

Headings are recognised by their numbering (pipeline.headings), whatever the format marked
as a heading.  The 目录 becomes one section of its own ("目录", level 1) holding its entries
as text, so its lines are never mistaken for the body's headings; it ends where the body
repeats its first entry, or at the first line that is not an entry.
"""
from __future__ import annotations

from pipeline.headings import Heading, heading, is_toc_title, toc_key
from pipeline.model import Block, Document, Section


def _toc_span(blocks: list[Block]) -> tuple[int, int] | None:
    """Block positions [start, end) of the 目录, or None."""
    start = next((i for i, b in enumerate(blocks) if b.kind != "table" and is_toc_title(b.text)), None)
    if start is None:
        return None
    entries: set[str] = set()
    end = start + 1
    while end < len(blocks):
        b = blocks[end]
        if b.kind == "table":
            break
        key = toc_key(b.text)
        if key in entries:  # the body starts by repeating an entry
            break
        if heading(b.text) is None and len(key) > 40:
            break
        entries.add(key)
        end += 1
    return start, end


def _section(sid: int, h: Heading, parent: str | None, block: Block) -> Section:
    return Section(section_id=f"s{sid:03d}", parent_id=parent, level=h.level, number=h.number, title=h.title,
                   page_start=block.prov.page, page_end=block.prov.page_end or block.prov.page,
                   block_indices=[block.index])


def _add_body(sec: Section, block: Block) -> None:
    sec.block_indices.append(block.index)
    page = block.prov.page_end or block.prov.page
    if page is not None:
        sec.page_end = max(sec.page_end or page, page)
        sec.page_start = sec.page_start or block.prov.page
    if block.kind != "table" and block.text:
        sec.text = f"{sec.text}\n{block.text}" if sec.text else block.text


def build_sections(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = []
    stack: list[Section] = []
    toc = _toc_span(blocks)
    for i, block in enumerate(blocks):
        if toc and toc[0] <= i < toc[1]:
            if i == toc[0]:
                sec = _section(len(sections) + 1, Heading(1, "目录", "目录"), None, block)
                sections.append(sec)
                stack = [sec]
            else:
                _add_body(stack[-1], block)
            if i == toc[1] - 1:
                stack = []  # the body's tree does not hang under the 目录
            continue
        h = heading(block.text) if block.kind != "table" else None
        if h is None:
            if stack:
                _add_body(stack[-1], block)
            continue
        while stack and stack[-1].level >= h.level:
            stack.pop()
        sec = _section(len(sections) + 1, h, stack[-1].section_id if stack else None, block)
        sections.append(sec)
        stack.append(sec)
    return sections


def run(doc: Document) -> Document:
    return doc.model_copy(update={"sections": build_sections(doc.blocks)})
