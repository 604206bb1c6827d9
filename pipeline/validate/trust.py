"""When a document's numbers cannot be trusted although each was read: the reasons to mark it partial.

Two signs that extraction, not the publisher, went wrong: a standard table most of whose own
identities fail (its columns or rows were misread), and a standard table the 目录 lists that the
document does not yield.  Each reason names the table.  A table with a single identity is not
judged on it (one failure is as likely a printing error as a misreading).
"""
from __future__ import annotations

from collections import Counter

from pipeline.model import Document
from pipeline.validate.rules.missing_table import STANDARD, listed_missing

MIN_CHECKS = 2  # identities a table needs before "most of them fail" means anything


def untrusted_tables(checks: Counter[str], failed: Counter[str]) -> list[str]:
    """Reasons for the standard tables most of whose own identities fail."""
    out = []
    for code in sorted(checks):
        n, bad = checks[code], failed[code]
        if code in STANDARD and n >= MIN_CHECKS and bad * 2 > n:
            out.append(f"{code}表内勾稽{n}项中{bad}项不符，疑为表格读取有误")
    return out


def missing_tables(doc: Document) -> list[str]:
    """A reason naming the standard tables the 目录 lists that were not found, or none."""
    missing = listed_missing(doc)
    if not missing:
        return []
    names = "、".join(f"{code}（{title}）" for code, title, _ in missing)
    return [f"目录列有而文档中未找到的标准表：{names}"]
