"""Validation (勾稽): accounting identities within and across the tables, the narrative against
the tables and itself, 绩效 arithmetic and document consistency — as the contract's `findings`.

`validate(doc)` runs every registered rule (rules/) over a read-only `Context` and returns the
findings and the quality summary: identities checked, passed, failed (an error finding is a
failed identity; a rounding-level warning still passes).  Nothing here changes an extracted value.
"""
from __future__ import annotations

from pipeline.model import Document, Quality
from pipeline.records import Finding
from pipeline.validate.context import Context
from pipeline.validate.identity import Passed
from pipeline.validate.rules import RULES, Rule
from pipeline.validate.settings import DEFAULT, Tolerances

__all__ = ["RULES", "Rule", "Tolerances", "validate"]


def validate(doc: Document, tol: Tolerances = DEFAULT, rules: tuple[Rule, ...] = RULES
             ) -> tuple[list[Finding], Quality]:
    ctx = Context(doc, tol)
    findings: list[Finding] = []
    checks = failed = 0
    for rule in rules:
        for outcome in rule.check(ctx):
            if isinstance(outcome, Passed):
                checks += 1
                continue
            findings.append(outcome)
            if outcome.severity != "info":
                checks += 1
                failed += outcome.severity == "error"
    return findings, Quality(checks=checks, passed=checks - failed, failed=failed)
