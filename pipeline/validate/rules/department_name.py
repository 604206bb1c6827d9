"""document.department_name — the department is named the same throughout.

Headings, 目录 entries and sentences that name the department before the year ("第二部分 上海市
普陀区XX局 2024年度部门决算表") must name the document's department (documents.department); a
template placeholder (XX局, ××单位) anywhere in them is an error.  A short form of the name
(without the region, contained in the full name, or an abbreviation using its characters) is
accepted.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.records import Finding
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.labels import fold
from pipeline.validate.lines import lines

RULE_ID = "document.department_name"
PLACEHOLDER = re.compile(r"[XＸx×✕]{2,}[\u4e00-\u9fff]{0,3}")
NAMED = re.compile(r"([\u4e00-\u9fff()]{2,40}?)(\d{4})年度?(?:部门|单位)决算")
LEAD = re.compile(r"^(?:第[一二三四五六七八九十]+部分|纳入|关于|根据|现将|以下是|附件\d*)+")
SHORT_FORM = 0.8  # share of a name's characters found in the department's: an abbreviation of it
GENERIC = re.compile(r"^(?:本|我)(?:部门|单位|局|委|办|院|中心)?$|^(?:部门|单位)?$")


def _same(name: str, dept: str, region: str) -> bool:
    """The department, or a short form: region left out, or abbreviated (中共…区委办公室)."""
    core, want = name.replace(region, ""), dept.replace(region, "")
    if not core or dept in name or name in dept or core in want or want in core:
        return True
    return sum(ch in dept for ch in core) >= SHORT_FORM * len(core)


def _finding(line_text: str, page: int | None, dept: str, printed: str, why: str) -> Finding:
    return Finding(rule_id=RULE_ID, severity="error", page=page, evidence=line_text[:200],
                   message=f"部门名称不一致：文中为“{printed}”，文档部门为“{dept}”（{why}）")


def check(ctx: Context) -> Iterator[Outcome]:
    dept = fold(ctx.doc.metadata.department)
    if not dept:
        return
    region = fold(ctx.doc.metadata.region)
    seen: set[str] = set()
    for line in lines(ctx.doc):
        if line.text in seen:
            continue
        seen.add(line.text)
        holder = PLACEHOLDER.search(line.text)
        if holder:
            yield _finding(line.text, line.page, dept, holder.group(0), "模板占位符未替换")
            continue
        for m in NAMED.finditer(line.text):
            name = LEAD.sub("", m.group(1))
            if GENERIC.match(name):
                continue
            if _same(name, dept, region):
                yield Passed(RULE_ID)
            else:
                yield _finding(line.text, line.page, dept, name, "标题或正文中的部门名称与封面不同")
