"""Validation (勾稽): accounting identities within and across the tables, the narrative against
the tables and itself, 绩效 arithmetic and document consistency — as the contract's `findings`.

`validate(doc)` runs every registered rule (rules/) over a read-only `Context` and returns the
findings and the quality summary: identities checked, passed, failed (an error finding is a
failed identity; a rounding-level warning still passes).  `check_document(doc)` also tallies,
per table code, the identities of each table's own (row sums, 类 = Σ款 = Σ项, sides balance) —
the `checks` / `checks_failed` of the `tables` dataset.  Nothing here changes an extracted value.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.model import Document, Quality
from pipeline.records import Finding
from pipeline.validate.context import Context
from pipeline.validate.identity import Passed
from pipeline.validate.rules import RULES, Rule
from pipeline.validate.settings import DEFAULT, Tolerances

__all__ = ["OWN_TABLE_RULES", "RULES", "Report", "Rule", "Tolerances", "check_document", "validate"]

# rules whose identities lie within one table: they make its checks / checks_failed
OWN_TABLE_RULES = frozenset({
    "table.hierarchy_sum", "table.row_sum", "table.fund_balance", "t06.personnel_public", "t09.parts",
    "t01.totals", "t01.balance", "t04.totals", "t04.balance", "budget.balance",
})


@dataclass
class Report:
    findings: list[Finding]
    quality: Quality
    checks: Counter[str] = field(default_factory=Counter)  # table code → own identities evaluated
    failed: Counter[str] = field(default_factory=Counter)  # table code → of them, errors


def check_document(doc: Document, tol: Tolerances = DEFAULT, rules: tuple[Rule, ...] = RULES) -> Report:
    ctx = Context(doc, tol)
    report = Report([], Quality())
    checks = failed = 0
    for rule in rules:
        own = rule.id in OWN_TABLE_RULES
        for outcome in rule.check(ctx):
            if isinstance(outcome, Passed):
                checks += 1
                if own and outcome.table_code:
                    report.checks[outcome.table_code] += 1
                continue
            report.findings.append(outcome)
            if outcome.severity != "info":
                checks += 1
                failed += outcome.severity == "error"
                if own and outcome.table_code:
                    report.checks[outcome.table_code] += 1
                    report.failed[outcome.table_code] += outcome.severity == "error"
    report.quality = Quality(checks=checks, passed=checks - failed, failed=failed)
    return report


def validate(doc: Document, tol: Tolerances = DEFAULT, rules: tuple[Rule, ...] = RULES
             ) -> tuple[list[Finding], Quality]:
    report = check_document(doc, tol, rules)
    return report.findings, report.quality
