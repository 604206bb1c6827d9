"""Validation on the shared samples: the altered Shanghai copy's planted inconsistencies are all
found, and the sound documents carry no error beyond the real ones the gold lists."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.stages.validate import run
from tests.conftest import PUTUO, SAMPLES, YULIN

ALTERED = SAMPLES / "上海市普陀区财政局2024年度部门决算（含错误的修改版）.pdf"
TEMPLATE = SAMPLES / "上海市部门决算模板2024.pdf"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "gold"


def _validated(processed, path: Path):
    if not path.exists():
        pytest.skip(f"sample {path.name} not present")
    return run(processed(path))


def _known_issues(name: str) -> list[dict]:
    gold = GOLD / f"{Path(name).stem}.json"
    if not gold.exists():
        pytest.skip("shared gold not present")
    return json.loads(gold.read_text(encoding="utf-8"))["known_issues"]


def _matches(issue: dict, f) -> bool:
    """The scorer's rule (shared/eval/score.py finding_matches), on a Finding."""
    tc = issue.get("table_code")
    if tc and f.table_code != tc and not (issue.get("fact_key") and not f.table_code):
        return False
    if issue.get("subject_code") and (f.subject_code or "") != issue["subject_code"]:
        return False
    key = issue.get("fact_key")
    if key:
        text = " ".join(x or "" for x in (f.rule_id, f.message, f.evidence))
        values = [float(v) for v in issue.get("values") or []]
        nums = [n for n in (f.expected, f.actual) if n is not None]
        if key not in text and not any(abs(n - v) <= max(0.01, 0.005 * abs(v)) for n in nums for v in values):
            return False
    return True


@pytest.mark.parametrize("path", [PUTUO, YULIN], ids=["putuo", "yulin"])
def test_no_error_beyond_the_known_issues(processed, path):
    doc = _validated(processed, path)
    known = _known_issues(path.name)
    stray = [f for f in doc.findings if f.severity == "error" and not any(_matches(k, f) for k in known)]
    assert stray == []
    assert doc.quality.checks > 40 and doc.quality.failed == sum(f.severity == "error" for f in doc.findings)


def test_template_gets_no_findings(processed):
    assert _validated(processed, TEMPLATE).findings == []


def test_altered_copy_planted_inconsistencies_are_found(processed):
    found = {(f.rule_id, f.severity, f.table_code, f.subject_code) for f in _validated(processed, ALTERED).findings}
    expected = {
        ("document.department_name", "error", None, None),        # 第二部分 上海市普陀区XX局
        ("document.fiscal_year", "error", None, None),            # 2023年度…情况说明; 截至2023年12月31日
        ("narrative.vs_table", "error", "T01", None),             # 收入支出总计0万元 vs T01 总计 2,995.39
        ("narrative.change_ratio", "error", None, None),          # 0万元, 减少56.95万元, 下降1.87%
        ("narrative.budget_direction", "error", "T05", "2010601"),  # 1511.89 < 1560.05 stated 大于
        ("narrative.budget_direction", "error", "T05", "2080506"),  # 80.38 < 80.81 stated 大于
        ("narrative.budget_direction", "warning", "T05", "2101101"),  # 60.99 vs 62.29 stated 等于
        ("document.missing_table", "warning", "T03", None),       # 目录 lists 支出决算表, not printed
        ("narrative.three_public_vs_t09", "warning", "T09", None),  # T09 prints no 预算数 0.95
    }
    assert expected <= found
    years = [f for f in _validated(processed, ALTERED).findings if f.rule_id == "document.fiscal_year"]
    assert len(years) == 2
