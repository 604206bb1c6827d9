"""The numbering styles of 决算 headings: 第X部分 → 一、→（一）→ 1. → (1)."""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十百零〇"
# level, pattern; group "num" is the number as printed, group "title" the rest
_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^(?P<num>第[{_CN}\d]+部分)[\s:：、.．]*(?P<title>.*)$")),
    (2, re.compile(rf"^(?P<num>[{_CN}]+)\s*[、.．]\s*(?P<title>.+)$")),
    (3, re.compile(rf"^(?P<num>[(（][{_CN}]+[)）])\s*[、.．]?\s*(?P<title>.+)$")),
    (4, re.compile(r"^(?P<num>\d{1,2})\s*[、.．](?!\d)\s*(?P<title>.+)$")),
    (5, re.compile(r"^(?P<num>[(（]\d{1,2}[)）]|[①-⑳])\s*[、.．]?\s*(?P<title>.+)$")),
]
_TOC = re.compile(r"^目\s*录$")
_MAX_TITLE = 48  # a numbered line longer than this, or with clause punctuation, is body text
_CLAUSE = re.compile(r"[，,；;。:：](?!$)")


@dataclass(frozen=True)
class Heading:
    level: int
    number: str
    title: str


def numbering(text: str) -> Heading | None:
    """The numbering of a line, whatever its length (a numbered paragraph counts)."""
    t = text.strip()
    for level, pat in _PATTERNS:
        m = pat.match(t)
        if m:
            num = m.group("num")
            return Heading(level, num, m.group("title").strip())
    return None


def heading(text: str) -> Heading | None:
    """The heading a line is, or None for body text (long or multi-clause numbered lines)."""
    h = numbering(text)
    if h is None:
        return None
    title = h.title.rstrip("。.:：")
    if h.level > 1 and (len(title) > _MAX_TITLE or _CLAUSE.search(title)):
        return None
    return Heading(h.level, h.number, title)


def is_toc_title(text: str) -> bool:
    return bool(_TOC.match(text.strip()))


def toc_key(text: str) -> str:
    """A heading line reduced for comparing TOC entries with body headings."""
    t = re.sub(r"[.…·\-—_\s]+\d*\s*$", "", text.strip())  # dot leaders and page numbers
    return re.sub(r"[\s:：、.．]", "", t)
