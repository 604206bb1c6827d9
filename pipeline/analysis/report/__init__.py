"""`juesuan report OUT [--site DIR]`: a static HTML site for reviewing a dataset in a browser.

SITE/index.html      the batch: documents by status and kind, pages, OCR share, failed identities,
                     SVG charts of the main figures across departments, a link to every document
SITE/doc/<doc_id>.html   each reported table (T01–T09, B01–B09, 绩效自评表) rebuilt from `cells` beside the
                     images of its source pages, cells that findings point at highlighted, the
                     findings with their evidence, every number linked to its page image
SITE/dept/<hash of department_key>.html   budget against final accounts of a department that has
                     both (the `budget_vs_final` view), linked from the index and both documents
SITE/pages/<doc_id>/p<N>-s<scale>.png   page images (PDF sources only), rendered with pypdfium2;
                     a number in a table links to its cell's box on the page image (the bbox of its
                     provenance, read from OUT/json), highlighted when followed

Default SITE is OUT/report.  Pages are plain HTML + inline CSS, no script and nothing fetched from
outside the folder, so the site opens from disk; `juesuan serve` serves it on localhost.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from pipeline.analysis.report.boxes import Box, CellKey, cell_bboxes, cell_boxes, png_size
from pipeline.analysis.report.budget_page import comparisons, dept_href, render_dept
from pipeline.analysis.report.data import VIEWS, DocData, iter_docs, overview
from pipeline.analysis.report.doc_page import render_doc
from pipeline.analysis.report.index_page import doc_href, render_index
from pipeline.analysis.report.pages import DEFAULT_SCALE, find_source, manifest_paths, render_pages
from pipeline.analysis.views import connect

log = logging.getLogger(__name__)

TITLE = "部门决算数据集核对报告 / Dataset review report"


def _needed_pages(dd: DocData) -> set[int]:
    pages: set[int] = set()
    for t in dd.tables:
        start, end = t.get("page_start"), t.get("page_end") or t.get("page_start")
        if start is not None:
            pages.update(range(int(start), int(end) + 1))
    pages.update(int(f["page"]) for f in dd.findings if f.get("page") is not None)
    return pages


def _images(dd: DocData, out: Path, site: Path, recorded: dict[str, str], sources: list[Path],
            scale: float) -> tuple[dict[int, str], str | None]:
    """Page → image src (relative to the document page) and a note when there are none to show."""
    doc = dd.doc
    if doc.get("source_format") != "pdf":
        return {}, None
    source = find_source(doc["doc_id"], recorded.get(doc["doc_id"]), doc.get("source_name"), out, sources)
    if source is None:
        return {}, (f"源文件未找到，无法显示页面图像 / source file not found "
                    f"({recorded.get(doc['doc_id']) or doc.get('source_name')}): no page images")
    done = render_pages(source, _needed_pages(dd), site / "pages" / doc["doc_id"], scale)
    return {p: f"../pages/{doc['doc_id']}/{f.name}" for p, f in done.items()}, None


def _boxes(dd: DocData, out: Path, site: Path, images: dict[int, str], scale: float) -> dict[CellKey, Box]:
    """Each table cell's box on its page image (in % of the page), from the document's JSON."""
    if not images:
        return {}
    sizes = {}
    for p, src in images.items():
        px = png_size((site / "doc" / src).resolve())
        if px:
            sizes[p] = (px[0] / scale, px[1] / scale)
    return cell_boxes(cell_bboxes(out, dd.doc["doc_id"]), sizes)


def build_report(out: Path | str, site: Path | str | None = None, sources: Iterable[Path | str] = (),
                 scale: float = DEFAULT_SCALE) -> Path:
    """Write the site for dataset `out` (default folder OUT/report); returns the index.html path.

    `sources`: extra folders where source files are looked up by name when the manifest's paths
    do not lead to them.
    """
    out = Path(out).resolve()
    site = Path(site).resolve() if site else out / "report"
    (site / "doc").mkdir(parents=True, exist_ok=True)
    recorded = manifest_paths(out)
    folders = [Path(s) for s in sources]
    con = connect(out, [*VIEWS, "budget_vs_final"])
    try:
        docs, figures = overview(con)
        depts = comparisons(con)
        (site / "dept").mkdir(exist_ok=True)
        for key, rows in depts.items():
            (site / dept_href(key)).write_text(render_dept(key, rows), encoding="utf-8")
        for dd in iter_docs(con, docs):
            images, note = _images(dd, out, site, recorded, folders, scale)
            compared = dd.doc.get("department_key") in depts
            boxes = _boxes(dd, out, site, images, scale)
            (site / doc_href(dd.doc["doc_id"])).write_text(render_doc(dd, images, note, compared, boxes),
                                                           encoding="utf-8")
    finally:
        con.close()
    index = site / "index.html"
    index.write_text(render_index(docs, figures, TITLE, depts), encoding="utf-8")
    return index
