"""A department name read by OCR, checked against the other places the document prints it.

The metadata stage takes the department from a title line (usually the cover).  When that line
was read by OCR, one misread glyph gives a wrong name that nothing else would catch, so the
name is compared with the other mentions of the document: title lines "<部门>2024年度部门决算"
on other pages, "第一部分 <部门>概况", captions "编制单位：<部门>" (text lines and table cells).

- a mention equal to it (or a short form it ends with) confirms it: kept as read;
- else, when the other mentions agree on one full name (AGREE_MIN of them, or all of them):
  that name replaces it, with a warning finding keeping the OCR reading;
- else (no other mention, or mentions that disagree): a cover read by OCR with nothing to
  confirm it is kept with an info finding; mentions that contradict it and do not agree among
  themselves make the department null, with a warning finding.  Never a garbled name silently.
"""
from __future__ import annotations

import re
from collections import Counter

from pipeline.model import Block, Document, Metadata
from pipeline.records import Finding
from pipeline.regions import region_code, split_region

RULE_ID = "ocr.department_name"
AGREE_MIN = 2  # other mentions that must name one department for it to replace the OCR reading
SHORT_MIN = 4  # a short form (region left out) confirms the name when at least this long

_NAME = r"(?P<dept>[\u4e00-\u9fff（）()]{2,40}?)"
_PATTERNS = (
    re.compile(r"^" + _NAME + r"20\d\d年度?(?:部门|单位)(?:决算|预算)"),
    re.compile(r"^第一部分[:：、]?" + _NAME + r"(?:20\d\d年度?)?(?:部门|单位)?(?:基本)?概况"),
    re.compile(r"编制(?:单位|部门)[:：]" + r"(?P<dept>[\u4e00-\u9fff（）()]{2,40})"),
)
_LEAD = re.compile(r"^(?:第[二三四五六七八九十]+部分[:：、]?)+")  # 第一部分 … 概况 keeps its lead


def check(doc: Document) -> tuple[Metadata, list[Finding]]:
    """The metadata with its department confirmed, replaced or nulled, and what was found."""
    meta = doc.metadata
    dept = meta.department
    where = meta.evidence.get("department", "")
    page = _page_of(where)
    if not dept or page is None or not _ocr_page(doc, page):
        return meta, []
    others = [n for b in doc.blocks for n in _mentions(b) if b.prov.page != page]
    if any(_confirms(n, dept) for n in others):
        return meta, []
    full = Counter(n for n in others if len(n) >= len(dept) - 2)
    if full:
        name, count = full.most_common(1)[0]
        if count >= AGREE_MIN and count > sum(full.values()) / 2 or len(full) == 1 and count == len(others):
            fixed = _with_department(meta, name, f"{count} mention(s) elsewhere (OCR cover read {dept!r})")
            return fixed, [_finding("warning", page, dept, f"the OCR reading {dept!r} of the {where} disagrees "
                                    f"with {count} mention(s) elsewhere, which name {name!r}: taken")]
    if not others:
        return meta, [_finding("info", page, dept, f"the department {dept!r} was read by OCR on the {where} and "
                               "is printed nowhere else to confirm it: check it against the page")]
    fixed = _with_department(meta, None, f"OCR reading {dept!r} contradicted")
    names = ", ".join(sorted(set(others)))
    return fixed, [_finding("warning", page, dept, f"the OCR reading {dept!r} of the {where} disagrees with the "
                            f"names printed elsewhere ({names}), which do not agree: department left empty")]


def _page_of(where: str) -> int | None:
    if where == "cover page":
        return 1
    m = re.fullmatch(r"page (\d+)", where)
    return int(m.group(1)) if m else None


def _ocr_page(doc: Document, page: int) -> bool:
    info = next((p for p in doc.pages if p.number == page), None)
    return bool(info and info.ocr)


def _mentions(block: Block) -> list[str]:
    texts = [c.text for c in block.grid.cells] if block.grid is not None else [block.text]
    out = []
    for text in texts:
        compact = _LEAD.sub("", re.sub(r"\s+", "", text or ""))
        for rx in _PATTERNS:
            for m in rx.finditer(compact):
                name = m.group("dept")
                if len(name) >= 2 and not name.startswith(("本", "我")):
                    out.append(name)
    return out


def _confirms(name: str, dept: str) -> bool:
    return name == dept or len(name) >= SHORT_MIN and dept.endswith(name)


def _with_department(meta: Metadata, dept: str | None, evidence: str) -> Metadata:
    old = meta.department or ""
    region = split_region(dept) if dept else None
    title = meta.title.replace(old, dept) if meta.title and old and dept else (meta.title if dept else None)
    return meta.model_copy(update={
        "department": dept, "region": region, "region_code": region_code(region) if region else None,
        "title": title, "evidence": {**meta.evidence, "department": evidence}})


def _finding(severity: str, page: int, dept: str, message: str) -> Finding:
    return Finding(rule_id=RULE_ID, severity=severity, page=page, evidence=dept,  # type: ignore[arg-type]
                   message=message)
