"""The report's index.html: the batch at a glance and a link to every document's page."""
from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.analysis.report.budget_page import dept_href
from pipeline.analysis.report.charts import Bar, bar_chart
from pipeline.analysis.report.data import MAIN_FIGURES, Row
from pipeline.analysis.report.html import esc, page, table
from pipeline.analysis.report.labels import KINDS, doc_title, status_text


def doc_href(doc_id: str) -> str:
    return f"doc/{doc_id}.html"


def _stat(label: str, value: Any, note: str = "") -> str:
    extra = f'<span class="muted">{esc(note)}</span>' if note else ""
    return f'<div class="stat"><b>{esc(value)}</b>{esc(label)} {extra}</div>'


def _stats(rows: list[Row]) -> str:
    status = Counter(r.get("status") for r in rows)
    pages = sum(r.get("pages") or 0 for r in rows)
    ocr_pages = sum(r.get("pages") or 0 for r in rows if r.get("ocr"))
    ocr_docs = sum(bool(r.get("ocr")) for r in rows)
    share = f"{ocr_pages / pages:.0%}" if pages else "–"
    return '<div class="stats">' + "".join([
        _stat("文档 documents", len(rows)),
        _stat("成功 ok", status.get("ok", 0)),
        _stat("部分 partial", status.get("partial", 0)),
        _stat("失败 failed", status.get("failed", 0)),
        _stat("页 pages", pages),
        _stat("OCR 页占比 OCR share", share, f"{ocr_docs} 个文档"),
        _stat("勾稽不符 failed identities", sum(r.get("checks_failed") or 0 for r in rows),
              f"共检查 {sum(r.get('checks') or 0 for r in rows)}"),
        _stat("错误 / 警告 errors / warnings", f"{sum(r['n_errors'] for r in rows)} / "
              f"{sum(r['n_warnings'] for r in rows)}",
              f"另有舍入差异 {sum(r.get('n_info') or 0 for r in rows)} 条（容差内）/ rounding within tolerance"),
    ]) + "</div>"


def _by_kind(docs: list[Row]) -> str:
    counts = Counter((d.get("doc_kind") or "unknown", d.get("status") or "") for d in docs)
    kinds = sorted({k for k, _ in counts})
    rows = [[esc(f"{KINDS.get(k, k)} {k}")] + [str(counts.get((k, s), 0)) for s in ("ok", "partial", "failed")]
            for k in kinds]
    return table(["类型 kind", "ok", "partial", "failed"], rows, numeric={1, 2, 3})


def _documents(docs: list[Row]) -> str:
    rows = []
    for r in docs:
        status = esc(r.get("status"))
        shown = esc(status_text(r))
        warn = " has-errors" if r.get("n_errors") else ""
        rows.append([
            f'<a href="{doc_href(r["doc_id"])}">{esc(doc_title(r))}</a>', esc(r.get("region")),
            esc(KINDS.get(r.get("doc_kind") or "", r.get("doc_kind"))), esc(r.get("source_format")),
            esc(r.get("pages")), "是" if r.get("ocr") else "", f'<span class="status-{status}{warn}">{shown}</span>',
            esc(r.get("checks_failed")), esc(r["n_errors"]), esc(r.get("source_name")),
        ])
    return table(["文档 document", "地区 region", "类型 kind", "格式", "页 pages", "OCR", "状态 status",
                  "勾稽不符", "错误 errors", "源文件 source"], rows, numeric={4, 7, 8})


def _charts(docs: list[Row], figures: dict[str, dict[str, float]]) -> str:
    by_id = {d["doc_id"]: d for d in docs}
    parts = []
    for key, title in MAIN_FIGURES:
        values = figures.get(key, {})
        bars = [Bar(doc_title(by_id[i]), by_id[i].get("source_name") or "", v, doc_href(i))
                for i, v in values.items() if i in by_id]
        bars.sort(key=lambda b: (-b.value, b.label, b.source))
        if bars:
            caption = f"facts.{esc(key)}（情况说明所述 / as stated in the narrative）"
            parts.append(f'<figure id="chart-{esc(key)}">{bar_chart(title, bars)}'
                         f"<figcaption>{caption}</figcaption></figure>")
    return "\n".join(parts) or '<p class="muted">没有可比较的数字 / no figures to compare.</p>'


def _compared(depts: dict[str, list[Row]]) -> str:
    if not depts:
        return '<p class="muted">没有同时有预算和决算的部门 / no department has both a budget and a final account.</p>'
    rows = []
    for key, items in depts.items():
        name = next((r["department"] for r in items if r.get("department")), key)
        years = sorted({r["fiscal_year"] for r in items})
        paired = [r for r in items if r.get("budget_yuan") is not None and r.get("final_yuan") is not None]
        rows.append([f'<a href="{esc(dept_href(key))}">{esc(name)}</a>', esc(", ".join(map(str, years))),
                     str(len(paired)), str(len(items) - len(paired)), esc(key)])
    return table(["部门 department", "年度 years", "对齐项目 paired items", "仅一方 one side only", "department_key"],
                 rows, numeric={2, 3})


def render_index(docs: list[Row], figures: dict[str, dict[str, float]], title: str,
                 depts: dict[str, list[Row]] | None = None) -> str:
    """index.html of the site: `docs` are document rows (with n_errors, n_warnings), `figures`
    fact key → doc_id → value, `depts` department_key → its budget_vs_final rows."""
    body = (f"<h1>{esc(title)}</h1>\n"
            f"{_stats(docs)}\n<h2>按类型与状态 By kind and status</h2>\n{_by_kind(docs)}\n"
            f"<h2>主要数字 Main figures</h2>\n{_charts(docs, figures)}\n"
            f"<h2>预算与决算 Budget against final accounts</h2>\n{_compared(depts or {})}\n"
            f"<h2>文档 Documents</h2>\n{_documents(docs)}")
    return page(title, body)
