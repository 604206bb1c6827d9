"""Counted things in the narrative: vehicles, 三公 receptions and trips, evaluated projects.

Unlike money, a count's meaning is spread over its sentence ("国内公务接待批次19次,人次180次",
"对2024年度6个一般公共预算项目支出全面开展绩效自评"), so these are read with the sentence.
"""
from __future__ import annotations

import re

from pipeline.narrative.amounts import Mention
from pipeline.narrative.folded import CLAUSE_END

SELF_EVALUATION = re.compile(r"自评|(?<!跟踪)绩效评价")
PROJECT_COUNT = re.compile(r"\d+个[^,;。:]{0,12}?项目|项目(?:共|数量?|数)?(?:为)?\d+个")
FUNDS_LABEL = re.compile(r"涉及.*(?:资金|金额|支出)$|^(?:项目)?(?:资金|金额)(?:合计|总额)?$")
VEHICLES_LABEL = re.compile(r"(?:共有|拥有|实有|现有|占有|保有)(?:各类)?(?:车辆|公务用车)(?:总数|数量)?(?:共)?$"
                            r"|^(?:车辆|公务用车)(?:总数|数量)$")  # not "购置车辆1辆"



def classify(sentence: str, pos: int, label: str, unit: str, subject: str) -> list[tuple[str, str]]:
    """(key, unit) for the count printed at `pos` of folded `sentence`; [] when it is none."""
    three_public = subject == "tp" or subject.startswith("tp.")
    if unit == "辆" and not three_public and VEHICLES_LABEL.search(label):
        return [("assets.vehicles", "vehicles")]
    if unit == "个" and SELF_EVALUATION.search(_clause(sentence, pos)) and counts_projects(sentence, pos, label):
        return [("perf.projects_evaluated", "count")]
    if three_public:
        return _three_public(sentence[:pos], label, unit)
    return []


def _clause(sentence: str, pos: int) -> str:
    """The clause of `sentence` holding `pos` ("对6个项目开展了绩效目标完成情况自评")."""
    start = max(sentence.rfind(c, 0, pos) for c in CLAUSE_END) + 1
    ends = [i for i in (sentence.find(c, pos) for c in CLAUSE_END) if i >= 0]
    return sentence[start:min(ends, default=len(sentence))]


def counts_projects(sentence: str, pos: int, label: str) -> bool:
    """Is the count at `pos` a number of projects ("49个项目", "编报绩效目标的项目49个")?"""
    return label.endswith("项目") or bool(re.match(r"\d+个[^,;。:]{0,12}?项目", sentence[pos:]))


def _three_public(before: str, label: str, unit: str) -> list[tuple[str, str]]:
    topic = max(("接待", "出国"), key=before.rfind)
    if before.rfind(topic) < 0:
        return []
    persons = unit == "人次" or (unit in ("次", "人") and re.search(r"人次$|人数$", label)) or unit == "人"
    if topic == "接待":
        if unit in ("批次", "批") or (unit == "次" and re.search(r"批次?$", label)):
            return [("three_public.reception_batches", "batches")]
        return [("three_public.reception_persons", "persons")] if persons else []
    if unit == "个" and "团组" in label:
        return [("three_public.outbound_groups", "count")]
    return [("three_public.outbound_persons", "persons")] if persons else []


def perf_funds(sentence: str, label: str, m: Mention) -> bool:
    """Is this money the funds covered by the projects evaluated in this sentence?"""
    return (m.kind == "money" and bool(SELF_EVALUATION.search(sentence)) and bool(PROJECT_COUNT.search(sentence))
            and bool(FUNDS_LABEL.search(label)))
