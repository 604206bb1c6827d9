"""A document's page of the report: summary, findings, and every reported table beside its page images.

Anchors: the image of page N beside table T has id "T-pN"; the first image of page N on the page
is also what "#pN"-style links from findings resolve to (`PageAnchors.first`).  A page a finding
cites that no table shows is drawn in a gallery at the end with id "pN".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.analysis.report.boxes import Box, box_id
from pipeline.analysis.report.budget_page import dept_href
from pipeline.analysis.report.data import DocData
from pipeline.analysis.report.grid import render_grid
from pipeline.analysis.report.highlight import CellKey, flag_cells, matching_items
from pipeline.analysis.report.html import esc, page, table
from pipeline.analysis.report.labels import KINDS, doc_label, status_text
from pipeline.analysis.report.units import is_rounding, shown_severity, shown_value

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
             ("OCR", "是 yes" if doc.get("ocr") else "否 no"), ("状态 status", status_text(doc)),
             ("错误 error", doc.get("error")),
             ("勾稽 identities", f"{doc.get('checks') or 0} 检查, {doc.get('checks_failed') or 0} 不符")]
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items if v not in (None, ""))
    note = f'<p class="note">{esc(source_note)}</p>' if source_note else ""
    return f'<dl class="facts">{dl}</dl>{note}'


def _where(f: Row, anchors: PageAnchors, lines: dict[int, int]) -> str:
    """Page link, 'p.N', 'line N' (text sources) or ''."""
    if f.get("page") is not None:
        href = anchors.href(f["page"])
        return f'<a href="{href}">p.{f["page"]}</a>' if href else esc(f"p.{f['page']}")
    return esc(f"line {lines[id(f)]}") if id(f) in lines else ""


def _finding_rows(findings: list[Row], placed: set[int], anchors: PageAnchors, table_of: dict[str, str],
                  units: tuple[dict[str, str], str | None], lines: dict[int, int]) -> list[list[str]]:
    rows = []
    for f in findings:
        sev = esc(shown_severity(f))
        code = f.get("table_code")
        code_html = f'<a href="#table-{esc(table_of[code])}">{esc(code)}</a>' if code in table_of else esc(code)
        rows.append([f'<span class="sev-{sev}">{sev}</span>', esc(f.get("rule_id")), esc(f.get("message")),
                     code_html, esc(f.get("subject_code")), esc(shown_value(f, "expected", *units)),
                     esc(shown_value(f, "actual", *units)), _where(f, anchors, lines),
                     "✔" if id(f) in placed else "", esc(f.get("evidence"))])
    return rows


_FINDING_HEAD = ["级别", "规则 rule", "说明 message", "表 table", "科目 subject",
                 "应为 expected（按页面单位 as printed）", "实为 actual（按页面单位 as printed）", "位置 where",
                 "已标注 marked", "依据 evidence"]


def _findings(findings: list[Row], flags: dict[CellKey, list[Row]], anchors: PageAnchors,
              table_of: dict[str, str], units: tuple[dict[str, str], str | None], lines: dict[int, int]) -> str:
    if not findings:
        return '<p class="muted">没有发现问题 / no findings.</p>'
    placed = {id(f) for fs in flags.values() for f in fs}
    real = [f for f in findings if not is_rounding(f)]
    rounding = [f for f in findings if is_rounding(f)]
    parts = [table(_FINDING_HEAD, _finding_rows(real, placed, anchors, table_of, units, lines), numeric={5, 6})
             if real else '<p class="muted">没有错误或警告 / no errors or warnings.</p>']
    if rounding:
        parts.append(f'<details class="rounding"><summary>舍入差异（在容差内，不是错误）{len(rounding)} 条 / '
                     f"{len(rounding)} rounding differences within tolerance (info)</summary>"
                     + table(_FINDING_HEAD, _finding_rows(rounding, placed, anchors, table_of, units, lines),
                             numeric={5, 6}) + "</details>")
    return "".join(parts)


def _finding_lines(findings: list[Row], dd: DocData) -> dict[int, int]:
    """id(finding) → the first source line of the cells it concerns (text sources have no pages)."""
    line_of = {(c["table_id"], c["row"], c["col"]): c.get("line") for cells in dd.cells.values() for c in cells}
    out: dict[int, int] = {}
    for f in findings:
        if f.get("page") is not None:
            continue
        found = [line_of.get((li["table_id"], li.get("row"), li.get("col"))) for li in matching_items(f, dd.line_items)]
        found = [x for x in found if x is not None]
        if found:
            out[id(f)] = int(min(found))
    return out


def where_span(t: Row, cells: list[Row]) -> str:
    """'p.3', 'p.3–4', 'line 120–160' (text sources) or ''."""
    start, end = t.get("page_start"), t.get("page_end")
    if start is not None:
        return f"p.{start}" + (f"–{end}" if end not in (None, start) else "")
    lines = [int(c["line"]) for c in cells if c.get("line") is not None]
    if not lines:
        return ""
    return f"line {min(lines)}" + (f"–{max(lines)}" if max(lines) != min(lines) else "")


WIDE_COLS = 7  # a table of more columns is drawn above its page images, each as wide as the page allows


def _figure(anchor_id: str, src: str, p: int, boxes: list[tuple[CellKey, tuple[float, ...]]] = ()) -> str:
    """A page image with a box over every cell of `boxes` (targets of the numbers' links) and a
    link to the full-size image for zooming."""
    marks = "".join(f'<a class="box" id="{esc(box_id(key))}" href="#{esc(box_id(key))}" '
                    f'style="left:{x:.3f}%;top:{y:.3f}%;width:{w:.3f}%;height:{h:.3f}%"></a>'
                    for key, (x, y, w, h) in boxes)
    return (f'<figure id="{esc(anchor_id)}"><div class="pimg"><img src="{esc(src)}" alt="第 {p} 页 page {p}">'
            f'{marks}</div><figcaption>第 {p} 页 / page {p} · <a href="{esc(src)}" target="_blank">'
            f"原尺寸放大 / full size</a></figcaption></figure>")


def _table_section(t: Row, dd: DocData, flags: dict[CellKey, list[Row]], items: dict[CellKey, Row],
                   anchors: PageAnchors, boxes: dict[CellKey, Box]) -> str:
    tid = t["table_id"]
    pages = anchors.table_pages(t)
    for p in pages:
        anchors.first.setdefault(p, f"{tid}-p{p}")
    mine = {k: b for k, b in boxes.items() if k[0] == tid and b[0] in pages}

    def anchor(p: int | None) -> str | None:
        return f"#{tid}-p{p}" if p in pages else anchors.href(p)

    def cell_href(key: CellKey) -> str | None:
        return f"#{box_id(key)}" if key in mine else None

    grid = render_grid(t, dd.cells.get(tid, []), flags, items, anchor, cell_href)
    span = where_span(t, dd.cells.get(tid, []))
    head = (f'<h2>{esc(t.get("table_code"))} {esc(t.get("title"))} <span class="muted">{esc(span)} '
            f'{esc(t.get("unit") or "")} · {esc(t.get("n_rows"))}×{esc(t.get("n_cols"))}</span></h2>')
    note = f'<p class="note">{esc(t.get("note"))}</p>' if t.get("note") else ""
    images = "".join(_figure(f"{tid}-p{p}", anchors.images[p], p,
                             [(k, b[1]) for k, b in sorted(mine.items()) if b[0] == p]) for p in pages)
    side = f'<div class="page-images">{images}</div>' if images else ""
    layout = "pair wide" if (t.get("n_cols") or 0) > WIDE_COLS else "pair"
    return (f'<section class="tbl" id="table-{esc(tid)}">{head}{note}<div class="{layout}">'
            f'<div class="grid-wrap">{grid}</div>{side}</div></section>')


def render_doc(dd: DocData, images: dict[int, str], source_note: str | None = None, compared: bool = False,
               boxes: dict[CellKey, Box] | None = None) -> str:
    """The HTML of one document's page; `images` maps page numbers to image paths relative to it;
    `compared`: its department has a budget-against-final page; `boxes`: each cell's box on its
    page image (`boxes.cell_boxes`)."""
    flags = flag_cells(dd.findings, dd.line_items)
    items = {(li["table_id"], int(li["row"]), int(li["col"])): li for li in dd.line_items
             if li.get("table_id") is not None and li.get("row") is not None and li.get("col") is not None}
    anchors = PageAnchors(images)
    sections = [_table_section(t, dd, flags, items, anchors, boxes or {}) for t in dd.tables]
    extra = sorted({f["page"] for f in dd.findings if f.get("page") in images and f["page"] not in anchors.first})
    for p in extra:
        anchors.first[p] = f"p{p}"
    gallery = ("<h2>其他页面 Other pages</h2><div class=\"gallery\">"
               + "".join(_figure(f"p{p}", images[p], p) for p in extra) + "</div>") if extra else ""
    table_of: dict[str, str] = {}
    table_units: dict[str, str] = {}
    for t in dd.tables:
        table_of.setdefault(t.get("table_code") or "", t["table_id"])
        if t.get("unit"):
            table_units.setdefault(t.get("table_code") or "", t["unit"])
    units = (table_units, dd.doc.get("source_unit"))
    label = doc_label(dd.doc)
    link = (f'<p><a class="dept" href="../{esc(dept_href(dd.doc["department_key"]))}">预算与决算对比 / budget '
            f"against final accounts of this department</a></p>" if compared else "")
    body = (f"<h1>{esc(label)}</h1>\n{_summary(dd.doc, source_note)}\n{link}\n"
            f"<h2 id=\"findings\">校验发现 Findings ({len(dd.findings)})</h2>\n"
            f"{_findings(dd.findings, flags, anchors, table_of, units, _finding_lines(dd.findings, dd))}\n"
            + ("\n".join(sections) or '<p class="muted">没有标准表 / no standard tables.</p>') + gallery)
    return page(label, body, depth=1)
