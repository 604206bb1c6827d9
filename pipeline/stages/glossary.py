"""Stage `glossary`: 名词解释 → doc.glossary (term, definition as printed, page).

Entries are "一、财政拨款收入:指…", "1.财政拨款收入：是指…", "（一）基本支出 指…" paragraphs
under a section titled 名词解释 (any level), or a heading naming the term whose body is the
definition.  A paragraph that starts no entry continues the one before (a wrapped definition).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Block, Document, Section
from pipeline.records import GlossaryEntry

GLOSSARY_TITLE = re.compile(r"名词解释|名词说明|术语解释")
_ENUM = r"(?:第?[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）][、.．]?|\d{1,2}[、.．](?!\d)|[①-⑳])"
ENTRY = re.compile(rf"^\s*{_ENUM}?\s*(?P<term>[^:：，,。；;]{{1,30}}?)\s*(?:[:：]|(?=是指|系指|指))\s*(?P<def>\S.*)$",
                   re.S)
TERM_ONLY = re.compile(rf"^\s*{_ENUM}\s*(?P<term>[^:：，,。；;]{{1,30}})\s*$")
DEFINITION_START = re.compile(r"^\s*(?:是指|系指|指|即)")
MAX_TERM = 30


@dataclass
class _Entry:
    term: str
    definition: str
    page: int | None


def _glossary_sections(sections: list[Section]) -> set[str]:
    """Sections titled 名词解释 and everything below them."""
    ids: set[str] = set()
    for s in sections:
        if s.title != "目录" and (GLOSSARY_TITLE.search(s.title) or (s.parent_id in ids)):
            ids.add(s.section_id)
    return ids


def _blocks_in(doc: Document, ids: set[str]) -> list[Block]:
    wanted = {i for s in doc.sections if s.section_id in ids for i in s.block_indices}
    return [b for b in doc.blocks if b.index in wanted and b.kind != "table" and b.text.strip()]


def _titled_run(doc: Document) -> list[Block]:
    """Without a 名词解释 section: the blocks after a bare "名词解释" line that an entry follows.

    (A 目录 line "三、名词解释" is followed by the next 目录 line, not by an entry.)
    """
    blocks = [b for b in doc.blocks if b.kind == "table" or b.text.strip()]
    for pos, b in enumerate(blocks[:-1]):
        text = b.text.strip()
        if b.kind != "table" and GLOSSARY_TITLE.search(text) and len(text) < 24 and ENTRY.match(blocks[pos + 1].text):
            rest = blocks[pos + 1:]
            end = next((k for k, nb in enumerate(rest) if nb.kind == "table"), len(rest))
            return rest[:end]
    return []


def read_entries(blocks: list[Block], stop_at_gap: bool = False) -> list[GlossaryEntry]:
    """Entries of `blocks`; with `stop_at_gap`, reading ends at the first block that is none."""
    entries: list[_Entry] = []
    pending_term: tuple[str, int | None] | None = None
    for b in blocks:
        text = re.sub(r"\s*\n\s*", "", b.text).strip()
        if GLOSSARY_TITLE.search(text) and len(text) < 24:
            continue  # the section's own heading
        m = ENTRY.match(text)
        if m and len(m.group("term").strip()) <= MAX_TERM:
            entries.append(_Entry(m.group("term").strip(), m.group("def").strip(), b.prov.page))
            pending_term = None
        elif (t := TERM_ONLY.match(text)) is not None:
            pending_term = (t.group("term").strip(), b.prov.page)
        elif pending_term and DEFINITION_START.match(text):
            entries.append(_Entry(pending_term[0], text, pending_term[1]))
            pending_term = None
        elif entries and not entries[-1].definition.endswith(("。", ".")):
            entries[-1].definition += text  # a definition wrapped into a new paragraph
        elif stop_at_gap:
            break
    return [GlossaryEntry(term=e.term, definition=e.definition, page=e.page) for e in entries]


def run(doc: Document) -> Document:
    ids = _glossary_sections(doc.sections)
    found = read_entries(_blocks_in(doc, ids)) if ids else read_entries(_titled_run(doc), stop_at_gap=True)
    return doc.model_copy(update={"glossary": found}) if found else doc
