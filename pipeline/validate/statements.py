"""Budget statements of the 情况说明: "年初预算为X万元，支出决算为Y万元，完成年初预算的Z%。决算数小于预算数…".

Read from the narrative paragraphs (pipeline.narrative's reading of the document), one section at
a time so a statement wrapped over paragraphs or pages stays whole.  Each statement keeps the
printed precision of its figures, the stated rate and the stated direction (大于 / 小于 / 等于 /
持平), the sentence it came from and its page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.model import Document
from pipeline.narrative import paras_from_document
from pipeline.narrative.amounts import Mention, find_mentions
from pipeline.narrative.folded import Folded, fold
from pipeline.narrative.labels import label_before
from pipeline.validate.amounts import decimals

INITIAL = re.compile(r"(?:^|年初|全年)预算数?$|预算数$")
FINAL = re.compile(r"决算数?$|^(?:实际)?支出$|执行数$")
RATE = re.compile(r"完成(?:年初)?预算数?的?$|(?:完成|执行)率$|为(?:年初)?预算数?的$")
DIRECTION = re.compile(r"决算数?(大于|小于|等于|高于|低于|超过|少于|多于)(?:\((?:大于|小于|等于)\))?(?:年初)?预算数?"
                       r"|(?:决算数?与(?:年初)?预算数?|预决算数?|决算与预算)(?:基本)?(持平|相等|一致)")
SENTENCE_END = "。;!?"
TEMPLATE = re.compile(r"(?:大于|小于)\((?:大于|小于|等于)\)")  # "大于（小于）": an unfilled template
WORDS = {"高于": "大于", "超过": "大于", "多于": "大于", "低于": "小于", "少于": "小于", "相等": "等于",
         "一致": "等于"}


@dataclass(frozen=True)
class Statement:
    initial: Decimal  # yuan
    initial_decimals: tuple[str, int]  # (unit, decimals) as printed
    final: Decimal
    final_decimals: tuple[str, int]
    rate: float | None  # stated completion rate, a fraction
    rate_decimals: int | None
    direction: str | None  # 大于 / 小于 / 等于 / 持平, as stated
    subject: str  # the words before the budget figure: what the statement is about
    evidence: str
    page: int | None


@dataclass(frozen=True)
class _Text:
    folded: Folded
    paras: list[tuple[int, int | None]]  # (folded offset where a paragraph starts, its page)

    def para_at(self, pos: int) -> tuple[int, int | None]:
        found: tuple[int, int | None] = (0, None)
        for start, page in self.paras:
            if start <= pos:
                found = (start, page)
        return found

    def para_end(self, pos: int) -> int:
        return next((start for start, _ in self.paras if start > pos), len(self.folded.text))


def _texts(doc: Document) -> list[_Text]:
    """The narrative one section at a time, paragraphs joined."""
    grouped: dict[str | None, list[tuple[str, int | None]]] = {}
    for para in paras_from_document(doc):
        grouped.setdefault(para.section_id, []).append((para.text, para.page))
    out = []
    for paras in grouped.values():
        printed, starts = "", []
        for text, page in paras:
            starts.append((len(fold(printed).text), page))
            printed += text + "\n"
        out.append(_Text(fold(printed), starts))
    return out


def _printed(text: str, m: Mention) -> tuple[str, int]:
    return m.unit.replace("万", "万元").replace("万元元", "万元"), decimals(text[m.start:m.end])


def _direction(text: str, start: int, end: int, others: list[Mention]) -> tuple[str | None, int]:
    """The direction stated in text[start:end] about this statement, and where it ends.

    Not when another 决算 figure is stated first (the phrase would be about that one), nor an
    unfilled template ("大于（小于）").
    """
    m = DIRECTION.search(text, start, end)
    if not m or TEMPLATE.search(text, start, m.end()) or any(start <= o.start < m.start() for o in others):
        return None, start
    word = m.group(1) or m.group(2)
    return WORDS.get(word, word), m.end()


def _sentence_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in SENTENCE_END:
        i -= 1
    return i


def _sentence_end(text: str, pos: int, ceiling: int) -> int:
    i = pos
    while i < ceiling and text[i] not in SENTENCE_END:
        i += 1
    return min(i + 1, ceiling)


def _read(t: _Text) -> list[Statement]:
    text = t.folded.text
    ms = [m for m in find_mentions(text) if m.kind in ("money", "percent")]
    labels = [label_before(text, m.start, ms[i - 1].end if i else 0) for i, m in enumerate(ms)]
    starts = [i for i, m in enumerate(ms) if m.kind == "money" and INITIAL.search(labels[i])]
    out = []
    for n, i in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(ms)
        fin = next((j for j in range(i + 1, stop) if ms[j].kind == "money" and FINAL.search(labels[j])), None)
        if fin is None:
            continue
        rate = next((j for j in range(fin + 1, stop) if ms[j].kind == "percent" and RATE.search(labels[j])), None)
        last = ms[rate] if rate is not None else ms[fin]
        end = ms[stop].start if stop < len(ms) else len(text)
        later = [ms[j] for j in range(fin + 1, stop) if ms[j].kind == "money" and FINAL.search(labels[j])]
        direction, said = _direction(text, last.end, end, later)
        floor, page = t.para_at(ms[i].start)
        begin = _sentence_start(text, ms[i].start, floor)
        stop_at = _sentence_end(text, max(last.end, said), t.para_end(max(last.end, said) - 1))
        out.append(Statement(
            ms[i].value, _printed(text, ms[i]), ms[fin].value, _printed(text, ms[fin]),
            float(ms[rate].value) if rate is not None else None,
            decimals(text[ms[rate].start:ms[rate].end]) if rate is not None else None,
            direction, text[begin:ms[i].start],
            t.folded.printed_span(begin, stop_at), page))
    return out


def statements(doc: Document) -> list[Statement]:
    return [s for t in _texts(doc) for s in _read(t)]
