"""Typed records whose fields are the dataset contract's columns (docs: dataset-contract.md).

Writers only map these to Arrow/JSON; they add `doc_id`.  Fields past the contract's
(`table_id`, `row`, `col`, `origin`, `line` …) are provenance: where a person checks the value.
Money is `Decimal` in yuan with two places; ratios are fractions.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

Side = Literal["income", "expenditure"]
Scope = Literal["project", "department"]
Severity = Literal["error", "warning", "info"]
FactUnit = Literal["yuan", "count", "ratio", "persons", "vehicles", "batches"]
ComparedTo = Literal["prior_year", "initial_budget"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="constants")  # as `json` spells NaN, Infinity


class LineItem(Record):
    table_code: str
    side: Side | None = None
    row_label: str | None = None
    subject_code: str | None = None
    subject_level: int | None = None
    measure: str
    amount_yuan: Decimal
    amount_text: str
    page: int | None = None
    table_id: str | None = None
    row: int | None = None
    col: int | None = None


class Fact(Record):
    key: str
    value: float
    unit: FactUnit
    compared_to: ComparedTo | None = None
    change_value: float | None = None
    change_ratio: float | None = None
    reason: str | None = None
    page: int | None = None
    evidence: str
    section_id: str | None = None
    line: int | None = None


class BudgetExecution(Record):
    path: str
    subject_code: str | None = None
    initial_budget_yuan: Decimal | None = None
    final_yuan: Decimal | None = None
    completion_rate: float | None = None
    reason: str | None = None
    page: int | None = None
    evidence: str | None = None


class PerfSubject(Record):
    scope: Scope
    subject: str | None = None
    code: str | None = None
    implementing_unit: str | None = None
    authority: str | None = None
    total_score: float | None = None
    execution_score: float | None = None
    goal: str | None = None
    page: int | None = None
    table_id: str | None = None


class PerfFund(Record):
    scope: Scope
    subject: str | None = None
    fund_source: str
    initial_yuan: Decimal | None = None
    adjustment_yuan: Decimal | None = None
    adjusted_yuan: Decimal | None = None
    actual_yuan: Decimal | None = None
    execution_rate: float | None = None
    page: int | None = None
    table_id: str | None = None
    row: int | None = None


class PerfIndicator(Record):
    scope: Scope
    subject: str | None = None
    level1: str | None = None
    level2: str | None = None
    indicator: str
    target_text: str | None = None
    target_op: Literal["≥", "≤", "=", ">", "<"] | None = None
    target_value: float | None = None
    target_unit: str | None = None
    weight: float | None = None
    actual_text: str | None = None
    actual_value: float | None = None
    score: float | None = None
    completion_note: str | None = None
    deviation_note: str | None = None
    page: int | None = None
    table_id: str | None = None
    row: int | None = None


class GlossaryEntry(Record):
    term: str
    definition: str
    page: int | None = None


class Finding(Record):
    rule_id: str
    severity: Severity
    message: str
    table_code: str | None = None
    subject_code: str | None = None
    expected: float | None = None
    actual: float | None = None
    page: int | None = None
    evidence: str | None = None
