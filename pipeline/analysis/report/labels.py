"""How a document is named to a person: department, year, kind and source file — never a cut doc_id.

Two documents of one department, year and kind (an original and a corrected file, a budget split
into 表 and 说明) are told apart by their source file names, which every label carries.
"""
from __future__ import annotations

from typing import Any

KINDS = {"final_department": "部门决算", "final_unit": "单位决算", "budget_department": "部门预算",
         "budget_unit": "单位预算", "unknown": "未识别"}


def kind_name(kind: str | None) -> str:
    return KINDS.get(kind or "unknown", kind or "")


def doc_title(doc: dict[str, Any]) -> str:
    """'上海市普陀区财政局 2024 部门决算'; the source file name when the department is unknown."""
    name = doc.get("department") or doc.get("source_name") or "(未命名 unnamed)"
    parts = [str(name)]
    if doc.get("fiscal_year"):
        parts.append(str(doc["fiscal_year"]))
    if doc.get("doc_kind") and doc["doc_kind"] != "unknown":
        parts.append(kind_name(doc["doc_kind"]))
    return " ".join(parts)


def doc_label(doc: dict[str, Any]) -> str:
    """doc_title plus the source file: '上海市普陀区财政局 2024 部门决算 · a.pdf'."""
    title, source = doc_title(doc), doc.get("source_name")
    return f"{title} · {source}" if source and source != title else title


def status_text(doc: dict[str, Any]) -> str:
    """The status, saying so when an ok document has error findings."""
    status, errors = doc.get("status") or "", doc.get("n_errors") or 0
    if status == "ok" and errors:
        return f"ok — 但有 {errors} 个错误发现 / but {errors} error finding{'s' if errors != 1 else ''}"
    return status
