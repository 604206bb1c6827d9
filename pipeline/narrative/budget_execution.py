"""Budget execution: each 功能分类 item's 年初预算 against its 决算, as the narrative states it.

Items name their 类/款/项 with markers — "社会保障和就业支出(类)行政事业单位养老支出(款)
行政单位离退休(项)年初预算为0.64万元,支出决算为2.59万元,完成年初预算的404.69%。预决算存有
差异原因是…" — or, Shanghai style, "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：
…。年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：…".  An item
whose figures follow in the next paragraph (the path printed as a heading) is joined to it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.narrative.amounts import find_mentions
from pipeline.narrative.classes import trim_function_prefix
from pipeline.narrative.folded import Folded, fold
from pipeline.narrative.labels import label_before
from pipeline.narrative.paras import Para
from pipeline.records import BudgetExecution, LineItem
from pipeline.values import CENT

_NAME = r"[\u4e00-\u9fff、\d]+?"
PATH = re.compile(rf"(?:(?P<lei>[\u4e00-\u9fff]+)\(类\))?(?P<kuan>{_NAME})\(款\)(?:(?P<xiang>{_NAME})\(项\))?")
# "1.一般公共服务（类）" on its own, its 款/项 items following (the 财政部 template's nesting)
CLASS_LINE = re.compile(r"^(?:\d{1,2}[、.]|\(?[一二三四五六七八九十]+\)?[、.]?)?"
                        r"(?P<lei>[\u4e00-\u9fff]+)\(类\)(?:支出)?[:。]?$")
CODE = re.compile(r"(?<!\d)(2\d{2}(?:\d{2}){1,2})(?!\d)")
INITIAL = re.compile(r"(?:^|年初|全年)预算数?$|预算数$")
FINAL = re.compile(r"决算数?$|^(?:实际)?支出$")
RATE = re.compile(r"(?:完成|为)(?:年初)?预算数?的?$|(?:完成|执行)率$")
REASON = re.compile(r"原因(?:主要)?(?:是|为|在于)?:?")
SENTENCE_END = "。;"


@dataclass(frozen=True)
class Item:
    path: tuple[str, ...]  # 类/款/项 names; 类 may be "" until the class line above supplies it
    code: str | None

    def under(self, lei: str | None) -> Item:
        return Item((lei, *self.path[1:]), self.code) if not self.path[0] and lei else self


def item_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each item in folded `text`: from its path to the next item's path."""
    starts = [m.start() for m in PATH.finditer(text)]
    return list(zip(starts, [*starts[1:], len(text)], strict=False))


def _item(text: str, start: int) -> Item:
    m = PATH.match(text, start)
    assert m is not None
    names = [m.group("kuan"), m.group("xiang")]
    lei = trim_function_prefix(m.group("lei")) if m.group("lei") else ""
    path = (lei, *(re.sub(r"\d+", "", n).strip("、") for n in names if n))
    code = CODE.search(text, max(0, start - 9), m.end())
    return Item(path, code.group(1) if code else None)


def extract_budget_execution(paras: list[Para], line_items: Sequence[LineItem] = ()) -> list[BudgetExecution]:
    codes = CodeIndex(line_items)
    out: list[BudgetExecution] = []
    pending: tuple[Item, Para] | None = None
    lei: str | None = None
    for para in paras:
        folded = fold(para.text)
        if (cls := CLASS_LINE.match(folded.text)) is not None:
            lei, pending = trim_function_prefix(cls.group("lei")), None
            continue
        spans = item_spans(folded.text)
        if pending and not spans and find_mentions(folded.text):
            row = _row(pending[0], folded, 0, len(folded.text), pending[1], codes)
            if row:
                out.append(row)
            pending = None
            continue
        pending = None
        for start, end in spans:
            item = _item(folded.text, start).under(lei)
            lei = item.path[0] or lei
            row = _row(item, folded, start, end, para, codes)
            if row:
                out.append(row)
            elif end == len(folded.text):
                pending = (item, para)  # figures may follow in the next paragraph
    return out


def _row(item: Item, folded: Folded, start: int, end: int, para: Para, codes: CodeIndex) -> BudgetExecution | None:
    text = folded.text
    initial = final = rate = None
    floor = start
    last_end = start
    for m in find_mentions(text[:end]):
        if m.start < start:
            continue
        label = label_before(text, m.start, floor)
        floor = m.end
        if m.kind == "money" and initial is None and INITIAL.search(label):
            initial, last_end = m.value, m.end
        elif m.kind == "money" and final is None and FINAL.search(label):
            final, last_end = m.value, m.end
        elif m.kind == "percent" and rate is None and RATE.search(label):
            rate, last_end = m.value, m.end
    if final is None and initial is None:
        return None
    return BudgetExecution(
        path="/".join(n for n in item.path if n), subject_code=item.code or codes.lookup(item.path),
        initial_budget_yuan=_yuan(initial), final_yuan=_yuan(final),
        completion_rate=_rate(rate, initial, final), reason=_reason(folded, last_end, end),
        page=para.page, evidence=folded.printed_span(start, end))


def _yuan(v: Decimal | None) -> Decimal | None:
    return None if v is None else v.quantize(CENT)


def _rate(stated: Decimal | None, initial: Decimal | None, final: Decimal | None) -> float | None:
    if stated is not None:
        return float(stated)
    if initial and final is not None:
        return round(float(final / initial), 6)
    return None


def _reason(folded: Folded, start: int, end: int) -> str | None:
    m = REASON.search(folded.text, start, end)
    if not m:
        return None
    stop = m.end()
    while stop < end and folded.text[stop] not in SENTENCE_END:
        stop += 1
    return folded.printed_span(m.end(), stop).rstrip("。；;.") or None


class CodeIndex:
    """功能分类 codes by name, from the line items of the standard tables (T05 first)."""

    def __init__(self, line_items: Sequence[LineItem] = ()) -> None:
        self.names: dict[str, str] = {}
        order = sorted(line_items, key=lambda li: li.table_code != "T05")
        for li in order:
            if li.subject_code and li.row_label and li.subject_code not in self.names:
                self.names[li.subject_code] = _norm(li.row_label)

    def lookup(self, path: tuple[str, ...]) -> str | None:
        """The code whose 类/款/项 labels equal the path's names; None unless exactly one fits."""
        want = [_norm(n) for n in path]  # "" for a 类 not printed
        size = {1: 3, 2: 5, 3: 7}.get(len(want))
        parents = [(n, w) for n, w in zip((3, 5), want[:-1], strict=False) if w]
        hits = [c for c, name in self.names.items()
                if len(c) == size and name == want[-1] and all(self.names.get(c[:n]) in (None, w) for n, w in parents)]
        strict = [c for c in hits if all(self.names.get(c[:n]) == w for n, w in parents)]
        hits = strict or hits
        return hits[0] if len(hits) == 1 else None


def _norm(label: str) -> str:
    t = fold(label).text
    return re.sub(r"^(?:\d+[、.]|[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\))", "", t)
