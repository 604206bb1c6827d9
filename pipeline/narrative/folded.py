"""Narrative text folded for matching, with a map back to the printed characters.

Matching runs on a folded copy of each paragraph: full-width forms become half-width (NFKC:
（ → (, ， → ",", ％ → %), and whitespace is dropped ("本年收入 1964.05万元", "36.37 %").
Every folded character remembers which printed character it came from, so evidence and
reasons are cut from the text as printed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SENTENCE_END = "。;!?"  # after folding: ； → ;  ！ → !
CLAUSE_END = ",:;。!?"
QUOTES = "“”‘’\"'「」『』"


@dataclass(frozen=True)
class Folded:
    """`text` is the folded string; `origin[i]` is the index in `printed` of text[i]."""

    printed: str
    text: str
    origin: tuple[int, ...]

    def printed_span(self, start: int, end: int) -> str:
        """The printed text covering folded [start, end), whitespace runs collapsed."""
        if start >= end or start >= len(self.text):
            return ""
        lo = self.origin[start]
        hi = self.origin[min(end, len(self.origin)) - 1] + 1
        return re.sub(r"\s+", " ", self.printed[lo:hi]).strip()


def fold(printed: str) -> Folded:
    forms = {ch: _form(ch) for ch in set(printed)}
    widest = max(map(len, forms.values()), default=1)
    if widest <= 1:  # nothing unfolds into two: one translate, and the origin of what is left
        text = printed.translate(_TABLE)
        if len(text) == len(printed):
            return Folded(printed, text, tuple(range(len(printed))))
        gone = {ch for ch, f in forms.items() if not f}
        return Folded(printed, text, tuple(i for i, ch in enumerate(printed) if ch not in gone))
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(printed):
        f = _FOLDED[ch]
        if f:
            chars.append(f)
            origin.extend([i] * len(f))
    return Folded(printed, "".join(chars), tuple(origin))


_FOLDED: dict[str, str] = {}  # a printed character → its folded form ("" for whitespace)
_TABLE: dict[int, str] = {}  # the same for str.translate, only the characters that change


def _form(ch: str) -> str:
    f = _FOLDED.get(ch)
    if f is None:
        f = _FOLDED[ch] = "" if ch.isspace() else "".join(
            x for x in unicodedata.normalize("NFKC", ch) if not x.isspace())
        if f != ch:
            _TABLE[ord(ch)] = f
    return f


def fold_text(printed: str) -> str:
    return fold(printed).text


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of folded `text`; the end punctuation is included."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in SENTENCE_END:
            if i + 1 > start:
                spans.append((start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def drop_quotes(text: str) -> str:
    return text.translate(dict.fromkeys(map(ord, QUOTES), None))
