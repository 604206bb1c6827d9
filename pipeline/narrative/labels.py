"""The label of a figure: the words printed just before it in its clause.

"其中:基本支出958.24万元" → "基本支出"; "年初预算为0.64万元" → "年初预算";
"较2023年度决算数减少657.33万元" → "较2023年度决算数减少".  Labels are read on folded text.
"""
from __future__ import annotations

import re

from pipeline.narrative.folded import CLAUSE_END, drop_quotes

_ENUM = re.compile(r"^(?:第?[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)[、.]?|\d{1,2}[、.](?!\d)"
                   r"|\(\d{1,2}\)[、.]?|[①-⑳])")
_LEAD = re.compile(r"^(?:其中|包括|分别为|分别是|具体为|主要为|以及|和|及|、)+")
_TRAIL = re.compile(r"(?:为|是|达到|达|约|共计|各|均)+$")
_NOTE = re.compile(r"\((?:含|不含|包括|包含|以)[^)]*\)$")  # "使用非财政拨款结余(含专用结余)"
_JOINED = [(re.compile(r"收入、支出"), "收入支出"), (re.compile(r"收、支"), "收支"),
           (re.compile(r"\(类\)支出"), "支出(类)")]  # "一般公共服务（类）支出" → "一般公共服务支出(类)"
CHANGE_VERB = re.compile(r"(?<!新)(?:增加|减少|增长|下降|降低|上升|节约|节省|超支|减|增|多|少)了?$")
NEGATIVE_VERB = re.compile(r"(?:减少|下降|降低|节约|节省|减|少)了?$")


def clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding `pos` begins: after the last clause mark before it, ≥ floor."""
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_END:
        i -= 1
    return i


def clean_label(raw: str) -> str:
    """Quotes, leading numbering / 其中, and trailing copulas (为, 是 …) removed."""
    t = drop_quotes(raw).strip("、")
    for rx, repl in _JOINED:
        t = rx.sub(repl, t)
    for _ in range(3):
        t2 = _LEAD.sub("", _ENUM.sub("", t))
        if t2 == t:
            break
        t = t2
    return _NOTE.sub("", _TRAIL.sub("", t))


def label_before(text: str, start: int, floor: int) -> str:
    """The cleaned label of a figure that starts at `start`, looking back no further than `floor`."""
    return clean_label(text[clause_start(text, start, floor):start])


def is_change(label: str) -> bool:
    """Does the figure state a change ("较上年减少", "下降") rather than a level?"""
    return bool(CHANGE_VERB.search(label))


def change_sign(label: str) -> int:
    return -1 if NEGATIVE_VERB.search(label) else 1


_BASELINE = re.compile(r"(?P<prior>上年|上一年|同期|\d{4}年)|(?P<budget>年初预算|预算数|调整预算|预算安排)")


def compared_to(prefix: str) -> str:
    """What a change is measured against, from the text before it: the baseline named last.

    "比年初预算数减少…" → initial_budget; "较2023年度决算数减少…", "比上年…" → prior_year
    (also the default: "一般公共预算…支出减少" names a budget type, not a baseline).
    """
    named = list(_BASELINE.finditer(prefix))
    return "initial_budget" if named and named[-1].group("budget") else "prior_year"
