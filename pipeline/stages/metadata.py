"""Stage `metadata`: department, region, fiscal year and kind from the document's own words.

Sources, most trusted first: a title line "<部门><年份>年(度)<部门决算|单位决算|部门预算|单位预算>"
on the cover or part titles; the 第一部分 "<部门>概况" title; the file name last.  Each field
records where it was read in `metadata.evidence`.  A cover titled by its region alone
("上海市普陀区2025年区级部门预算") names the department on a labelled line (预算主管部门：…,
编制部门：…).  The fiscal year is the one the title names (a budget's year, not the year it was
published).  Sheet and cover words (封面, 目录, Sheet1) are never part of the department, nor the
关于 of "关于XX局2025年部门预算的说明": a publisher that splits one budget into a 表 file
("XX局2025年部门预算（表）") and a 说明 file ("XX局2025年部门预算说明", "…编制说明", "关于XX局…的说明")
gives two documents with the same department, year and kind.
"""
from __future__ import annotations

import re

from pipeline.model import Block, DocKind, Document, Metadata
from pipeline.regions import region_code, split_region

_KINDS: dict[str, DocKind] = {"部门决算": "final_department", "单位决算": "final_unit",
                              "部门预算": "budget_department", "单位预算": "budget_unit"}
_KIND_WORDS = r"(?P<kind>部门决算|单位决算|部门预算|单位预算)"
_LEVEL = r"(?:(?:省|市|区|县|州|盟|旗)级|本级)?"
_TITLE = re.compile(r"(?P<dept>[\u4e00-\u9fff（）()]{2,40}?)\s*(?P<year>20\d\d)\s*年度?\s*" + _LEVEL + _KIND_WORDS)
_YEAR_KIND = re.compile(r"(?P<year>20\d\d)\s*年度?\s*" + _LEVEL + _KIND_WORDS)
_LABELLED = re.compile(r"(?:(?:预算)?主管部门|编制部门|编制单位|预算单位|部门名称|单位名称)\s*[:：]\s*"
                       r"(?P<dept>[\u4e00-\u9fff（）()]{2,40}?)(?=(?:金额)?单位\s*[:：]|[^\u4e00-\u9fff（）()]|$)")
_NOISE = re.compile(r"^(?:封面|目录|首页|封皮|sheet\d*|表\d+)+", re.IGNORECASE)
_ABOUT = re.compile(r"^关于")  # 关于XX局2025年部门预算的说明: the title's 关于 is no part of the department
_OVERVIEW = re.compile(
    r"^第一部分[\s:：、]*(?P<dept>[\u4e00-\u9fff（）()]{2,40}?)(?:\d{4}年度?)?(?:部门|单位)?(?:基本)?概况")
_PART_PREFIX = re.compile(r"^第[一二三四五六七八九十]+部分[\s:：、]*")
_SENTENCE = re.compile(r"[，。；：,;:！？]")  # a title is no sentence: 审议本局2024年度部门决算 is not one
_HEAD_BLOCKS = 80  # the cover, 目录 and first part titles are within the first blocks


def _candidate_lines(blocks: list[Block]) -> list[tuple[str, str]]:
    """(text, where) for the first text blocks; the cover's separate lines joined too."""
    out: list[tuple[str, str]] = []
    # a workbook's sheet names (封面, Sheet1, 收入支出决算总表) are no words of the document
    texts = [b for b in blocks[:_HEAD_BLOCKS] if b.kind != "table" and b.style != "sheet" and b.text.strip()
             and not _NOISE.fullmatch(re.sub(r"\s+", "", b.text))]
    cover = [b for b in texts if b.prov.page == 1]
    if cover:
        out.append(("".join(b.text.strip() for b in cover), "cover page"))
    for b in texts:
        where = f"page {b.prov.page}" if b.prov.page else f"line {b.prov.line_start}"
        out.append((_PART_PREFIX.sub("", b.text.strip()), where))
    return out


def _from_title(lines: list[tuple[str, str]]) -> tuple[re.Match[str], str] | None:
    for text, where in lines:
        compact = re.sub(r"\s+", "", text)
        m = _TITLE.search(compact)
        if m and not _SENTENCE.search(compact[: m.end()]):
            return m, where
    return None


def _department_from_overview(blocks: list[Block]) -> str | None:
    for b in blocks[:_HEAD_BLOCKS * 4]:
        m = _OVERVIEW.match(re.sub(r"\s+", "", b.text)) if b.kind != "table" and b.style != "sheet" else None
        if m:
            return m.group("dept")
    return None


def _labelled_department(blocks: list[Block]) -> tuple[str, str] | None:
    """(department, where) from a labelled line: 预算主管部门：…, 编制部门：… (cover first)."""
    for b in blocks[:_HEAD_BLOCKS * 4]:
        if b.kind == "table":
            continue
        m = _LABELLED.search(b.text)
        if m:
            return m.group("dept"), f"page {b.prov.page}" if b.prov.page else f"line {b.prov.line_start}"
    return None


def _is_region_only(dept: str) -> bool:
    return split_region(dept) == dept


def _clean_department(dept: str | None) -> str | None:
    dept = _ABOUT.sub("", _NOISE.sub("", dept or ""))
    return dept or None


def read_metadata(doc: Document) -> Metadata:
    meta = doc.metadata.model_copy(deep=True)
    found = _from_title(_candidate_lines(doc.blocks))
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", doc.source.name)
    if found:
        m, where = found
        meta.department, meta.title = m.group("dept"), m.group(0)
        meta.evidence.update(department=where, fiscal_year=where, doc_kind=where)
    else:
        dept = _department_from_overview(doc.blocks)
        if dept:
            meta.department, meta.evidence["department"] = dept, "第一部分 title"
        m = _TITLE.search(stem)
        if m:
            meta.department = meta.department or m.group("dept")
            meta.evidence.setdefault("department", "file name")
            meta.evidence.update(fiscal_year="file name", doc_kind="file name")
        else:
            m = _YEAR_KIND.search(stem)
    if m:
        meta.fiscal_year = int(m.group("year"))
        meta.doc_kind = _KINDS[m.group("kind")]
    meta.department = _clean_department(meta.department)
    if meta.department is None or _is_region_only(meta.department):
        labelled = _labelled_department(doc.blocks)
        if labelled:
            meta.department, meta.evidence["department"] = labelled
    if meta.department:
        meta.region = split_region(meta.department)
        meta.region_code = region_code(meta.region) if meta.region else None
    return meta


def run(doc: Document) -> Document:
    return doc.model_copy(update={"metadata": read_metadata(doc)})
