"""Plain-text sources (what scraping a web page yields): paragraphs and pipe-delimited tables.

Encoding is detected, never guessed silently: a BOM, then UTF-16 by its NUL pattern, then
strict UTF-8, then GB18030 (a superset of GBK) — each accepted when the whole file decodes and
reads as text.  Failing that, UTF-8 or GB18030 with a few stray bytes (a 0xFF, a NUL) is read
with them replaced, and the document is partial with a reason naming their lines and byte
offsets.  Anything else is an ExtractionError naming what was tried.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.sniff import utf16_pattern
from extractors.web.pipe_table import is_caption_row, read_table, rebuild_grid, split_tables, starts_table
from pipeline.model import Block, Document, Provenance, StageError

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
_MAX_CONTROL_SHARE = 0.01
MIN_STRAY, STRAY_PER_BYTES = 8, 2000  # stray bytes read past: at least 8, else one per 2000 bytes
MAX_STRAY_SHOWN = 5
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_STRAY_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_END_PUNCT = "。；;：:！？!?"
_MARKER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]"
    r"|\d+[、.．](?!\d)|[(（]\d+[)）]|[①-⑳]|表[一二三四五六七八九十\d]+|附表|目\s*录)")
_WRAP_MIN_CHARS = 20  # a line shorter than this is a title or list item, never a wrapped sentence


@dataclass
class Decoded:
    text: str
    encoding: str
    stray: list[tuple[int, int]]  # (byte offset, byte value) of each byte replaced by U+FFFD

    def problem(self, data: bytes) -> str | None:
        """The partial reason naming where the stray bytes were (line, byte offset)."""
        if not self.stray:
            return None
        shown = ", ".join(f"line {data[:off].count(10) + 1} (byte offset {off}: 0x{b:02X})"
                          for off, b in self.stray[:MAX_STRAY_SHOWN])
        more = f" and {len(self.stray) - MAX_STRAY_SHOWN} more" if len(self.stray) > MAX_STRAY_SHOWN else ""
        return (f"{len(self.stray)} stray byte(s) that are not text in {self.encoding} were replaced "
                f"by U+FFFD: {shown}{more}")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with; ExtractionError if none fits."""
    d = decode_text(data, name)
    return d.text, d.encoding


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode strictly in the order of the module docstring; failing that, a UTF-8 or GB18030
    text with a few stray bytes (0xFF, NUL, …) is read with them replaced and listed."""
    limit = max(MIN_STRAY, len(data) // STRAY_PER_BYTES)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            d = _lenient(data, enc, limit)
            if d is None:
                break
            return _checked(d, name)
    order = []
    if _looks_utf16(data):
        order = ["utf-16-le", "utf-16-be"] if data[1::2].count(0) >= data[0::2].count(0) else ["utf-16-be", "utf-16-le"]
    for enc in [*order, "utf-8", "gb18030"]:  # strict first
        d = _lenient(data, enc, 0)
        if d is not None and _acceptable(d):
            return _checked(d, name)
    for enc in ("utf-8", "gb18030"):  # then with a few stray bytes
        d = _lenient(data, enc, limit)
        if d is not None and _acceptable(d, limit):
            return _checked(d, name)
    if len(data) % 2 == 0 and 0 in data[:65536]:  # UTF-16 with too little ASCII to show the pattern
        for enc in ("utf-16-le", "utf-16-be"):
            d = _lenient(data, enc, 0)
            if d is not None:
                try:
                    return _checked(d, name)
                except ExtractionError:
                    continue
    raise ExtractionError(f"{name} is not text in UTF-8, UTF-16 or GBK/GB18030 (binary or unknown encoding)")


def _lenient(data: bytes, enc: str, limit: int) -> Decoded | None:
    """`data` decoded with at most `limit` undecodable bytes replaced, or None."""
    parts: list[str] = []
    stray: list[tuple[int, int]] = []
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode(enc))
            break
        except UnicodeDecodeError as e:
            parts.append(data[pos:pos + e.start].decode(enc, errors="replace"))
            for off in range(pos + e.start, pos + e.end):
                stray.append((off, data[off]))
            if len(stray) > limit:
                return None
            parts.append("\ufffd")
            pos += e.end
    text = "".join(parts)
    if enc.startswith("utf-8") or enc == "gb18030":
        text, stray = _controls_replaced(text, data, stray)
    return Decoded(text, enc, sorted(stray))


def _controls_replaced(text: str, data: bytes, stray: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Control characters (a NUL, …) in text read as UTF-8/GB18030 are stray bytes too.  In both
    encodings such a byte is always a character of its own, so the bytes give the offsets."""
    if not _STRAY_CONTROL.search(text):
        return text, stray
    found = [(m.start(), data[m.start()]) for m in _STRAY_CONTROL_BYTES.finditer(data)]
    return _STRAY_CONTROL.sub("\ufffd", text), [*stray, *found]


def _acceptable(d: Decoded, limit: int = 2) -> bool:
    """Few enough stray bytes, and not a mis-decoding: text read as UTF-8 with stray bytes must
    hold more well-formed non-ASCII characters than errors (GBK read as UTF-8 fails at each)."""
    if len(d.stray) > max(limit, _MAX_CONTROL_SHARE * len(d.text)):
        return False
    if d.stray and d.encoding == "utf-8":
        wide = sum(1 for ch in d.text if ord(ch) > 0x7F and ch != "\ufffd")
        return wide >= 10 * len(d.stray) or not any(b >= 0x80 for _, b in d.stray)
    return True


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 holds a NUL in every ASCII character, all on one side of the byte pairs; a stray
    NUL in UTF-8 or GBK text is no such pattern."""
    return len(data) % 2 == 0 and utf16_pattern(data[:65536])


def _checked(d: Decoded, name: str) -> Decoded:
    """Reject decodings that produce no text, control characters or private-use garbage."""
    if not d.text.strip():
        raise ExtractionError(f"{name} holds no text")
    bad = sum(1 for ch in d.text if (unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t\f"))
    if bad > max(2, _MAX_CONTROL_SHARE * len(d.text)):
        raise ExtractionError(f"{name} is not text in UTF-8, UTF-16 or GBK/GB18030 "
                              f"({bad} control or unassigned characters in {d.encoding})")
    return d


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


MAX_CAPTION_ROWS = 3  # leading one-cell rows read as a table's title / 单位 lines


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
        for rows in split_tables(table.rows):
            grid = rebuild_grid(rows, problems)
            prov = Provenance(origin="text", line_start=rows[0].line_start, line_end=rows[-1].line_end)
            captions = [r.cells[0].text for r in takewhile(is_caption_row, rows[:MAX_CAPTION_ROWS])]
            # the title / 单位 rows stay the grid's first rows and are also the block's caption text
            blocks.append(Block(index=len(blocks), kind="table", grid=grid, prov=prov, text="\n".join(captions)))
    blocks += _paragraph_blocks(pending, len(blocks))
    return blocks, problems


def extract(path: Path) -> Document:
    data = path.read_bytes()
    if not data:
        raise ExtractionError(f"{path.name} is empty (0 bytes)")
    decoded = decode_text(data, path.name)
    lines = decoded.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = new_document(path, "txt", data=data, encoding=decoded.encoding)
    blocks, problems = lines_to_blocks(lines)
    stray = decoded.problem(data)
    errors = [StageError(stage="extract", reason=p) for p in ([stray] if stray else []) + problems]
    return doc.model_copy(update={"blocks": blocks, "errors": errors})
