"""The validate stage: pure, never alters extracted values, counts identities; tolerances."""
from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from pipeline.stages.validate import run
from pipeline.validate import Tolerances, validate
from pipeline.validate.amounts import from_fact, from_item, printed_precision, show
from tests.test_validate_builders import doc, fact, li


def _doc():
    return doc(items=[li("T05", "合计", "合计", "120.00", row=1),
                      li("T05", "行政运行", "合计", "100.00", "2010601", row=2),
                      li("T05", "一般公共服务支出", "合计", "100.00", "201", row=3)],
               facts=[fact("general_budget_expenditure", "120.00")])


def test_run_sets_findings_and_quality_and_leaves_values_alone():
    before = _doc()
    snapshot = before.model_dump()
    after = run(before)
    assert before.model_dump() == snapshot  # the input is not mutated
    assert after.line_items == before.line_items and after.facts == before.facts
    assert [f.rule_id for f in after.findings] == ["table.hierarchy_sum"]  # 合计 120 ≠ Σ类 100
    q = after.quality
    assert q.checks >= 2 and q.failed == 1 and q.passed == q.checks - 1


def test_an_empty_document_has_nothing_to_check():
    after = run(doc())
    assert after.findings == [] and (after.quality.checks, after.quality.failed) == (0, 0)


def test_tolerances_are_validated_and_used():
    with pytest.raises(ValidationError):
        Tolerances(half_units_per_amount=Decimal(-1))
    with pytest.raises(ValidationError):
        Tolerances(level_ratio=2)
    d = doc(items=[li("T02", "合计", "本年收入合计", "100.01", row=1),
                   li("T02", "一般公共服务支出", "本年收入合计", "100.00", "201", row=2)])
    assert [f.severity for f in validate(d)[0]] == ["warning"]
    assert [f.severity for f in validate(d, Tolerances(half_units_per_amount=Decimal(0)))[0]] == ["error"]


def test_precision_is_read_from_what_was_printed():
    assert from_item(li("T01", "总计", "决算数", "2,995.39"), "万元", Tolerances()).half == Decimal(50)
    yuan_item = li("T01", "总计", "决算数", "2,995.39").model_copy(update={"amount_yuan": Decimal("2995.39")})
    assert from_item(yuan_item, "元", Tolerances()).half == Decimal("0.005")
    assert from_fact(fact("income.other", "6.2", "其他收入6.2万元，占0.21%"), Tolerances()).half == Decimal(500)
    assert printed_precision("本年收入合计2,946.25万元", Decimal("29462500")) == ("万元", 2)
    assert show(Decimal("29462500")) == "2,946.25万元" and show(Decimal("7108078"), "万元") == "710.8078万元"
