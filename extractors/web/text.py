"""Plain-text sources (what scraping a web page yields): paragraphs and pipe-delimited tables.

Encoding is detected, never guessed silently: a BOM, then strict UTF-8, then UTF-16 by its
NUL pattern, then GB18030 (a superset of GBK) — each accepted only when the whole file decodes
and reads as text.  Anything else is an ExtractionError naming what was tried.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.web.pipe_table import read_table, rebuild_grid, starts_table
from pipeline.model import Block, Document, Provenance, StageError

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
_MAX_CONTROL_SHARE = 0.01
_END_PUNCT = "。；;：:！？!?"
_MARKER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]"
    r"|\d+[、.．](?!\d)|[(（]\d+[)）]|[①-⑳]|表[一二三四五六七八九十\d]+|附表|目\s*录)")
_WRAP_MIN_CHARS = 20  # a line shorter than this is a title or list item, never a wrapped sentence


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with; ExtractionError if none fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(enc), enc, name), enc
    if _looks_utf16(data):
        order = ("utf-16-le", "utf-16-be") if data[1::2].count(0) >= data[0::2].count(0) else ("utf-16-be", "utf-16-le")
        for enc in order:
            try:
                return _checked(data.decode(enc), enc, name), enc
            except UnicodeDecodeError:
                continue
    for enc in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(enc), enc, name), enc
        except UnicodeDecodeError:
            continue
    raise ExtractionError(f"{name} is not text in UTF-8, UTF-16 or GBK/GB18030 (binary or unknown encoding)")


def _looks_utf16(data: bytes) -> bool:
    """UTF-8 and GBK text never holds a NUL byte; UTF-16 holds one in every ASCII character."""
    return len(data) % 2 == 0 and 0 in data[:65536]


def _checked(text: str, enc: str, name: str) -> str:
    """Reject decodings that produce control characters or private-use garbage."""
    if not text.strip():
        raise ExtractionError(f"{name} holds no text")
    bad = sum(1 for ch in text if (unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t\f"))
    if bad > max(2, _MAX_CONTROL_SHARE * len(text)):
        raise UnicodeDecodeError(enc, b"", 0, 1, f"{bad} control or unassigned characters")
    return text


def _joins(prev: str, line: str) -> bool:
    """Does `line` continue the sentence that `prev` left unfinished (a line wrap)?"""
    p, s = prev.rstrip(), line.strip()
    if not p or not s or p[-1] in _END_PUNCT or _MARKER.match(s):
        return False
    if len(p) < _WRAP_MIN_CHARS:
        return False
    return not (_MARKER.match(p) and not re.search(r"[，,。；;：:]", p))


def _paragraph_blocks(lines: list[tuple[int, str]], start_index: int) -> list[Block]:
    blocks: list[Block] = []
    text, first, last = "", 0, 0
    for no, line in lines:
        if not line.strip():
            continue
        if text and _joins(text, line):
            text, last = text + line.strip(), no
            continue
        if text:
            blocks.append(_para(start_index + len(blocks), text, first, last))
        text, first, last = line.strip(), no, no
    if text:
        blocks.append(_para(start_index + len(blocks), text, first, last))
    return blocks


def _para(index: int, text: str, first: int, last: int) -> Block:
    return Block(index=index, kind="paragraph", text=text,
                 prov=Provenance(origin="text", line_start=first, line_end=last))


def lines_to_blocks(lines: list[str]) -> tuple[list[Block], list[str]]:
    """Blocks in reading order and the problems met (cut-off tables, over-wide rows)."""
    blocks: list[Block] = []
    problems: list[str] = []
    pending: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        if not starts_table(lines[i]):
            pending.append((i + 1, lines[i]))
            i += 1
            continue
        blocks += _paragraph_blocks(pending, len(blocks))
        pending = []
        table, i = read_table(lines, i)
        problems += table.problems
        if table.rows:
            grid = rebuild_grid(table.rows, problems)
            prov = Provenance(origin="text", line_start=table.rows[0].line_start, line_end=table.rows[-1].line_end)
            blocks.append(Block(index=len(blocks), kind="table", grid=grid, prov=prov))
    blocks += _paragraph_blocks(pending, len(blocks))
    return blocks, problems


def extract(path: Path) -> Document:
    data = path.read_bytes()
    if not data:
        raise ExtractionError(f"{path.name} is empty (0 bytes)")
    text, encoding = decode(data, path.name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = new_document(path, "txt", data=data, encoding=encoding)
    blocks, problems = lines_to_blocks(lines)
    errors = [StageError(stage="extract", reason=p) for p in problems]
    return doc.model_copy(update={"blocks": blocks, "errors": errors})
