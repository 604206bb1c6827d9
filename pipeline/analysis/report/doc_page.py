"""A document's page of the report: summary, findings, and every reported table beside its page images.

Anchors: the image of page N beside table T has id "T-pN"; the first image of page N on the page
is also what "#pN"-style links from findings resolve to (`PageAnchors.first`).  A page a finding
cites that no table shows is drawn in a gallery at the end with id "pN".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.analysis.report.data import DocData
from pipeline.analysis.report.grid import render_grid
from pipeline.analysis.report.highlight import CellKey, flag_cells
from pipeline.analysis.report.html import esc, number, page, table
from pipeline.analysis.report.labels import KINDS, doc_label

Row = dict[str, Any]


@dataclass
class PageAnchors:
    images: dict[int, str]  # page -> image src relative to the document page
    first: dict[int, str] = field(default_factory=dict)  # page -> id of its first image

    def table_pages(self, t: Row) -> list[int]:
        start, end = t.get("page_start"), t.get("page_end") or t.get("page_start")
        if start is None:
            return []
        return [p for p in range(int(start), int(end) + 1) if p in self.images]

    def href(self, p: int | None) -> str | None:
        return f"#{self.first[p]}" if p is not None and p in self.first else None


def _summary(doc: Row, source_note: str | None) -> str:
    items = [("源文件 source", doc.get("source_name")), ("doc_id", doc["doc_id"]),
             ("类型 kind", KINDS.get(doc.get("doc_kind") or "", doc.get("doc_kind"))),
             ("地区 region", f"{doc.get('region') or ''} {doc.get('region_code') or ''}".strip()),
             ("单位 unit", doc.get("source_unit")), ("页 pages", doc.get("pages")),
             ("OCR", "是 yes" if doc.get("ocr") else "否 no"), ("状态 status", doc.get("status")),
             ("错误 error", doc.get("error")),
             ("勾稽 identities", f"{doc.get('checks') or 0} 检查, {doc.get('checks_failed') or 0} 不符")]
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items if v not in (None, ""))
    note = f'<p class="note">{esc(source_note)}</p>' if source_note else ""
    return f'<dl class="facts">{dl}</dl>{note}'


def _findings(findings: list[Row], flags: dict[CellKey, list[Row]], anchors: PageAnchors,
              table_of: dict[str, str]) -> str:
    if not findings:
        return '<p class="muted">没有发现问题 / no findings.</p>'
    placed = {id(f) for fs in flags.values() for f in fs}
    rows = []
    for f in findings:
        sev = esc(f.get("severity"))
        code = f.get("table_code")
        code_html = f'<a href="#table-{esc(table_of[code])}">{esc(code)}</a>' if code in table_of else esc(code)
        href = anchors.href(f.get("page"))
        page_html = f'<a href="{href}">p.{f["page"]}</a>' if href else esc(f.get("page"))
        rows.append([f'<span class="sev-{sev}">{sev}</span>', esc(f.get("rule_id")), esc(f.get("message")),
                     code_html, esc(f.get("subject_code")), number(f.get("expected")), number(f.get("actual")),
                     page_html, "✔" if id(f) in placed else "", esc(f.get("evidence"))])
    return table(["级别", "规则 rule", "说明 message", "表 table", "科目 subject", "应为 expected", "实为 actual",
                  "页 page", "已标注 marked", "依据 evidence"], rows, numeric={5, 6})


def _figure(anchor_id: str, src: str, p: int) -> str:
    return (f'<figure id="{esc(anchor_id)}"><img src="{esc(src)}" alt="第 {p} 页 page {p}">'
            f"<figcaption>第 {p} 页 / page {p}</figcaption></figure>")


def _table_section(t: Row, dd: DocData, flags: dict[CellKey, list[Row]], items: dict[CellKey, Row],
                   anchors: PageAnchors) -> str:
    tid = t["table_id"]
    pages = anchors.table_pages(t)
    for p in pages:
        anchors.first.setdefault(p, f"{tid}-p{p}")

    def anchor(p: int | None) -> str | None:
        return f"#{tid}-p{p}" if p in pages else anchors.href(p)

    grid = render_grid(t, dd.cells.get(tid, []), flags, items, anchor)
    span = f"p.{t.get('page_start')}" + (f"–{t['page_end']}" if t.get("page_end") not in (None, t.get("page_start"))
                                         else "")
    head = (f'<h2>{esc(t.get("table_code"))} {esc(t.get("title"))} <span class="muted">{esc(span)} '
            f'{esc(t.get("unit") or "")} · {esc(t.get("n_rows"))}×{esc(t.get("n_cols"))}</span></h2>')
    note = f'<p class="note">{esc(t.get("note"))}</p>' if t.get("note") else ""
    images = "".join(_figure(f"{tid}-p{p}", anchors.images[p], p) for p in pages)
    side = f'<div class="page-images">{images}</div>' if images else ""
    return (f'<section class="tbl" id="table-{esc(tid)}">{head}{note}<div class="pair">'
            f'<div class="grid-wrap">{grid}</div>{side}</div></section>')


def render_doc(dd: DocData, images: dict[int, str], source_note: str | None = None) -> str:
    """The HTML of one document's page; `images` maps page numbers to image paths relative to it."""
    flags = flag_cells(dd.findings, dd.line_items)
    items = {(li["table_id"], int(li["row"]), int(li["col"])): li for li in dd.line_items
             if li.get("table_id") is not None and li.get("row") is not None and li.get("col") is not None}
    anchors = PageAnchors(images)
    sections = [_table_section(t, dd, flags, items, anchors) for t in dd.tables]
    extra = sorted({f["page"] for f in dd.findings if f.get("page") in images and f["page"] not in anchors.first})
    for p in extra:
        anchors.first[p] = f"p{p}"
    gallery = ("<h2>其他页面 Other pages</h2><div class=\"gallery\">"
               + "".join(_figure(f"p{p}", images[p], p) for p in extra) + "</div>") if extra else ""
    table_of: dict[str, str] = {}
    for t in dd.tables:
        table_of.setdefault(t.get("table_code") or "", t["table_id"])
    label = doc_label(dd.doc)
    body = (f"<h1>{esc(label)}</h1>\n{_summary(dd.doc, source_note)}\n"
            f"<h2 id=\"findings\">校验发现 Findings ({len(dd.findings)})</h2>\n"
            f"{_findings(dd.findings, flags, anchors, table_of)}\n"
            + ("\n".join(sections) or '<p class="muted">没有标准表 / no standard tables.</p>') + gallery)
    return page(label, body, depth=1)
