"""Facts from the 情况说明: each stated figure under its contract key, with change and reason.

Paragraphs are read in order.  Each has a subject (what it is about: income, 本年支出, the
general budget, 三公 …) taken from its headings and updated by the labels it states
(patterns.py).  Within a sentence every amount, percentage and count is labelled by the words
before it (labels.py) and classified.  A change ("较2023年度减少…万元, 下降…%", "…持平") or a
reason ("主要原因是…") attaches to the figure its words name ("收入支出总计减少…",
"三公经费支出决算数小于预算数的主要原因"), else to the figure stated last.  One fact per key
survives: the first, completed by later statements of the same value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.narrative import budget_patterns as bp
from pipeline.narrative import counts
from pipeline.narrative.amounts import Mention, find_mentions
from pipeline.narrative.budget_execution import item_spans
from pipeline.narrative.folded import Folded, fold, sentence_spans
from pipeline.narrative.labels import CHANGE_VERB, change_sign, clean_label, compared_to, is_change, label_before
from pipeline.narrative.paras import Para
from pipeline.narrative.patterns import MONEY_RULES, PERCENT_RULES, TRANSIENT, classify, title_subject
from pipeline.records import Fact

REASON = re.compile(r"(?:主要)?原因(?:主要)?(?:是|为|在于|如下)?:?")
LEVEL_TALK = re.compile(r"持平")
RELATIVE_TOLERANCE = 0.005


@dataclass
class Draft:
    key: str
    value: float
    unit: str
    evidence: str
    page: int | None
    line: int | None
    section_id: str | None
    compared_to: str | None = None
    change_value: float | None = None
    change_ratio: float | None = None
    reason: str | None = None

    def fact(self) -> Fact:
        return Fact(key=self.key, value=self.value, unit=self.unit, compared_to=self.compared_to,  # type: ignore[arg-type]
                    change_value=self.change_value, change_ratio=self.change_ratio, reason=self.reason,
                    page=self.page, evidence=self.evidence, section_id=self.section_id, line=self.line)


@dataclass
class _State:
    """What persists while reading: subjects stated per section, and the drafts so far."""

    overrides: dict[str, str] = field(default_factory=dict)
    drafts: list[Draft] = field(default_factory=list)
    awaiting_reason: list[Draft] = field(default_factory=list)
    budget: bool = False  # a 部门预算 / 单位预算: figures are budget amounts (budget_patterns.py)
    year: int | None = None  # the budget year


@dataclass
class _Sentence:
    para: Para
    folded: Folded
    start: int
    end: int
    subject: str
    subject_stated: bool = False  # a figure of this sentence already named its subject
    budget: bool = False
    year: int | None = None

    @property
    def text(self) -> str:
        return self.folded.text[self.start:self.end]

    @property
    def evidence(self) -> str:
        return self.folded.printed_span(self.start, self.end)


def para_subject(para: Para, overrides: dict[str, str]) -> str:
    """The subject of `para`: its headings' (outermost first), then what its sections stated."""
    subject = ""
    for h in para.path:
        if h.level > 1 and not find_mentions(h.title):
            subject = title_subject(h.title) or subject
        subject = overrides.get(h.section_id, subject)
    return subject


def extract_facts(paras: list[Para], *, budget: bool = False, year: int | None = None) -> list[Fact]:
    """The facts of `paras`; `budget` for a 部门预算 / 单位预算 of budget year `year`."""
    state = _State(budget=budget, year=year)
    for para in paras:
        _read_para(para, state)
    return [d.fact() for d in merge_drafts(state.drafts)]


def _read_para(para: Para, state: _State) -> None:
    subject = para_subject(para, state.overrides)
    if subject == "skip":
        return
    folded = fold(para.text)
    if state.awaiting_reason:
        _take_reason(folded, state)
    masked = item_spans(folded.text)
    last: list[Draft] = []  # the figure stated last in this paragraph: changes and reasons attach here
    for start, end in sentence_spans(folded.text):
        sent = _Sentence(para, folded, start, end, subject, budget=state.budget, year=state.year)
        last = _read_sentence(sent, masked, last, state)
        if para.section_id and sent.subject not in TRANSIENT and sent.subject != subject:
            subject = sent.subject
            state.overrides[para.section_id] = subject


def _read_sentence(sent: _Sentence, masked: list[tuple[int, int]], last: list[Draft], state: _State) -> list[Draft]:
    text = sent.folded.text
    reason_m = REASON.search(text, sent.start, sent.end)
    stop = reason_m.start() if reason_m else sent.end
    persistent = sent.subject
    floor = sent.start
    for m in _events(text, sent.start, stop, masked):
        label = label_before(text, m.start, floor)
        floor = m.end
        if isinstance(m, _Level) or (m.kind != "count" and is_change(label)):
            comparison = "上年" if sent.budget else text[_comparison_start(text, sent.start, m.start):m.start]
            last = _attach_change(_change_targets(sent, label, last, state), m, label, comparison)
            continue
        drafts = _classify(sent, m, label)
        state.drafts.extend(drafts)
        if drafts and m.kind != "percent":  # a rate never takes the change or reason of its figure
            last = drafts
    targets = _reason_targets(sent, reason_m.start(), last, state) if reason_m else []
    if reason_m and targets:
        reason = _reason(sent, reason_m.end())
        if not reason:
            state.awaiting_reason = targets  # "主要原因：" ends the paragraph; the reason is the next one
        for d in targets:
            d.reason = d.reason or reason
    if sent.subject in TRANSIENT:
        sent.subject = persistent if persistent not in TRANSIENT else ""
    return last


@dataclass(frozen=True)
class _Level:
    """"…持平" after a comparison: a change of zero, read like a figure."""

    start: int
    end: int
    kind: str = "level"
    value: Decimal = Decimal(0)


def _events(text: str, start: int, stop: int, masked: list[tuple[int, int]]) -> list[Mention | _Level]:
    """The figures and 持平 statements of a sentence in reading order, outside budget items."""
    found: list[Mention | _Level] = [m for m in find_mentions(text[:stop]) if m.start >= start]
    for m in LEVEL_TALK.finditer(text, start, stop):
        if _comparison_start(text, 0, m.start()) >= 0:  # "与2023年度持平。其中：…支出决算持平"
            found.append(_Level(m.start(), m.end()))
    return sorted((m for m in found if not any(a <= m.start < b for a, b in masked)), key=lambda m: m.start)


def _reason_targets(sent: _Sentence, pos: int, last: list[Draft], state: _State) -> list[Draft]:
    """The facts a reason explains: "三公经费支出决算数小于预算数的主要原因" names its figure."""
    label = re.sub(r"的?(?:主要)?$", "", label_before(sent.folded.text, pos, sent.start))
    label = re.sub(r"(?:\([^)]*\))+$", "", label)  # "减少（增加）"
    return _change_targets(sent, label, last, state)


def _change_targets(sent: _Sentence, label: str, last: list[Draft], state: _State) -> list[Draft]:
    """The facts a change is about: those its label names ("收入支出总计减少"), else the last stated."""
    base = clean_label(CHANGE_VERB.sub("", re.split(r"较|比|与|同比|大于|小于|高于|低于|超过|少于|多于", label)[0]))
    hit = _money_hit(sent, base) if base else None
    named: list[Draft] = []
    for key in hit[0] if hit else ():
        latest = next((d for d in reversed(state.drafts) if d.key == key), None)
        if latest is not None:
            named.append(latest)
    return named or last


def _money_hit(sent: _Sentence, label: str) -> tuple[tuple[str, ...], str | None] | None:
    """Keys of a money label: a budget's own labels first, then the 决算 ones (budget keys mapped)."""
    if not sent.budget:
        return classify(MONEY_RULES, label, sent.subject)
    if bp.other_year(label, sent.year):
        return None  # "2024年预算数…": last year's figure, not this budget's
    hit = (classify(bp.BUDGET_MONEY_RULES, label, sent.subject) or classify(MONEY_RULES, label, sent.subject)
           or classify(MONEY_RULES, bp.strip_budget_word(label), sent.subject))
    return (tuple(bp.budget_key(k) for k in hit[0]), hit[1]) if hit else None


def _budget_only(sent: _Sentence, m: Mention, label: str) -> list[Draft] | None:
    """What only budgets state: 绩效目标 coverage and vehicles to buy; None when it is none of them."""
    targets = bp.PERF_TARGETS.search(sent.text) and not counts.SELF_EVALUATION.search(sent.text)
    if targets and m.kind == "count" and m.unit == "个" and bp.target_projects(sent.text, m.start - sent.start, label):
        return [_draft(sent, "perf.targets_projects", Decimal(m.value), "count")]
    if targets and m.kind == "money" and counts.PROJECT_COUNT.search(sent.text) and bp.TARGET_FUNDS_LABEL.search(label):
        return [_draft(sent, "perf.targets_funds", m.value, "yuan")]
    three_public = sent.subject == "tp" or sent.subject.startswith("tp.")
    if m.kind == "count" and m.unit == "辆" and not three_public and bp.VEHICLE_PURCHASE_LABEL.search(label):
        return [_draft(sent, "assets.vehicles_purchase", Decimal(m.value), "vehicles")]
    return None


def _classify(sent: _Sentence, m: Mention, label: str) -> list[Draft]:
    if sent.budget:
        found_budget = _budget_only(sent, m, label)
        if found_budget is not None:
            return found_budget
    if m.kind == "count":
        found = counts.classify(sent.text, m.start - sent.start, label, m.unit, sent.subject)
        return [_draft(sent, key, Decimal(m.value), unit) for key, unit in found]
    if counts.perf_funds(sent.text, label, m):
        return [_draft(sent, "perf.funds_evaluated", m.value, "yuan")]
    if sent.subject == "perf" or label.startswith("涉及"):
        return []  # budgets of evaluated projects are no contract key
    if m.kind == "money":
        hit = _money_hit(sent, label)
    else:
        hit = None if sent.budget and bp.other_year(label, sent.year) else classify(PERCENT_RULES, label, sent.subject)
    if hit is None:
        return []
    keys, sets = hit
    if sets in TRANSIENT:
        sent.subject = sets
    elif sets and not sent.subject_stated:  # "本年支出合计…其中:一般公共预算财政拨款支出…": still 本年支出
        sent.subject, sent.subject_stated = sets, True
    unit = "yuan" if m.kind == "money" else "ratio"
    return [_draft(sent, key, m.value, unit) for key in keys]


def _draft(sent: _Sentence, key: str, value: Decimal, unit: str) -> Draft:
    p = sent.para
    return Draft(key, float(value), unit, sent.evidence, p.page, p.line, p.section_id)


def _comparison_start(text: str, start: int, pos: int) -> int:
    """Where the comparison holding `pos` starts: the last 较/比/与/同比 of its sentence (-1: none)."""
    return max(text.rfind(w, start, pos) for w in ("较", "比", "与", "同比"))


def _attach_change(targets: list[Draft], m: Mention | _Level, label: str, comparison: str) -> list[Draft]:
    comp = compared_to(comparison)
    sign = change_sign(label)
    for d in targets:
        if m.kind == "level":
            _set_change(d, comp, Decimal(0), Decimal(0))
        elif m.kind == "money":
            _set_change(d, comp, m.value * sign, None)
        else:
            _set_change(d, d.compared_to or comp, None, m.value * sign)
    return targets


def _set_change(d: Draft, comp: str, value: Decimal | None, ratio: Decimal | None) -> None:
    if d.compared_to not in (None, comp):
        return
    if d.compared_to == comp and ((value is not None and d.change_value is not None)
                                  or (ratio is not None and d.change_ratio is not None)):
        return
    d.compared_to = comp
    if value is not None:
        d.change_value = float(value)
    if ratio is not None:
        d.change_ratio = float(ratio)


def _take_reason(folded: Folded, state: _State) -> None:
    """The paragraph after a bare "主要原因：" is that reason, unless it states figures itself."""
    waiting, state.awaiting_reason = state.awaiting_reason, []
    if find_mentions(folded.text):
        return
    spans = sentence_spans(folded.text)
    reason = folded.printed_span(*spans[0]).rstrip("。；;.") if spans else ""
    for d in waiting:
        d.reason = d.reason or reason or None


def _reason(sent: _Sentence, start: int) -> str | None:
    text = sent.folded.printed_span(start, sent.end).rstrip("。；;.")
    return text or None


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.01, RELATIVE_TOLERANCE * abs(b))


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One draft per key: the first, with change and reason filled from later equal statements."""
    first: dict[str, Draft] = {}
    for d in drafts:
        kept = first.get(d.key)
        if kept is None:
            first[d.key] = d
        elif same_value(kept.value, d.value):
            if kept.compared_to is None and d.compared_to is not None:
                kept.compared_to, kept.change_value, kept.change_ratio = d.compared_to, d.change_value, d.change_ratio
            kept.reason = kept.reason or d.reason
    return list(first.values())
