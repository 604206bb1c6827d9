"""Text-layer PDFs to a `Document`: per-page verdicts and blocks in reading order.

`extract(path)` reads the file once, then goes page by page (caches flushed after each page,
so memory stays bounded on long documents), keeping only lines and table grids; a page whose
text is turned by a right angle is read in its upright frame (pdf.rotate).  Across the
document it then drops page furniture, sets 目录 pages apart, rebuilds paragraphs, joins a
paragraph that runs over a page break, and numbers the blocks.

Modules: pdf.reader (PDFium: a page's chars, paths and images as pdfplumber shapes them, built
in pdf.glyphs, pdf.paths and pdf.space; pdf.finder finds the ruled tables on them),
pdf.plumber (pdfminer: pages PDFium loses text on, and the parity test's second reader),
pdf.text (chars → lines), pdf.tables (ruling → grids), pdf.rotate (turned pages),
pdf.pages (one page → PageLayout, page furniture), pdf.layout (lines → paragraphs).

Block contract (what the stages read):
- `paragraph` / `heading`: text of a paragraph, wrapped lines joined without separator;
  `heading` only for a whole heading line (第X部分 …, or a short numbered line such as
  "一、收入支出决算总体情况说明"); 目录 lines are `paragraph` with style "toc", one per entry.
- `table`: one per ruled table per page (continuations are not joined), `text` "", `grid` with
  exact spans; its title and unit lines are the paragraph blocks just before it.
- Provenance: origin "pdf" ("ocr" on pages read by OCR, with the recognition confidence),
  page, bbox (x0, top, x1, bottom) in page coordinates (also on turned pages), on every block
  and cell.  A paragraph continued over a page break has `page_end` and the bbox of its part
  on the first page.
- A garbled page (mostly unmapped glyphs) or a scanned page is read by OCR (extractors.ocr.reader)
  into the same lines and grids, and so are the large images of a text page that carry text
  (a table pasted as a picture); a page without chars and without an image has no blocks.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from statistics import median

from extractors.base import ExtractionError, new_document
from extractors.ocr.reader import PageOcr, missing_reason
from extractors.pdf.layout import (
    RICH_PAGE_LINES,
    Margins,
    Para,
    is_heading,
    is_toc_entry,
    is_toc_title,
    measure_margins,
    paragraphs,
    toc_entries,
)
from extractors.pdf.pages import PageLayout, drop_furniture, image_regions, needs_ocr, read_page
from extractors.pdf.plumber import PDF_ERRORS, PdfminerException, PlumberPages, open_plumber
from extractors.pdf.plumber import reason as _reason
from extractors.pdf.reader import ReaderError, ReadPage, open_pdf
from extractors.pdf.tables import PageTable
from extractors.pdf.text import Line
from pipeline.model import Block, BlockKind, Document, Origin, PageInfo, Provenance

SIZE_TOL = 1.0  # pt: a paragraph continues on the next page only in the same font size
READERS = ("pdfium", "pdfminer")  # pdfminer only to prove the two equal (tests/test_pdfium_reader.py)
_PDF_ERRORS = (*PDF_ERRORS, ReaderError)
__all__ = ["READERS", "PdfminerException", "extract"]


def extract(path: Path, reader: str = "pdfium") -> Document:
    """The Document of the PDF at `path`, its pages read by PDFium (pdf.reader) or, with
    reader="pdfminer", by pdfplumber; raises ExtractionError when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ExtractionError(f"cannot read {path.name}: {e.strerror or e}") from e
    layouts, failures, problems = _read_pages(data, path.name, reader)
    doc = new_document(path, "pdf", data=data, pages=len(layouts))
    drop_furniture(layouts)
    blocks = _blocks(layouts)
    doc = doc.model_copy(update={"pages": [p.info for p in layouts], "blocks": blocks})
    for number, reason in failures:
        doc = doc.with_error("extract", f"page {number} could not be read: {reason}")
    for reason in problems:
        doc = doc.with_error("extract", reason)
    return doc


def _read_pages(
    data: bytes, name: str, reader: str = "pdfium"
) -> tuple[list[PageLayout], list[tuple[int, str]], list[str]]:
    """Every page's layout, (page, reason) for pages that could not be read, and the
    problems of pages read by OCR (extractors.ocr.reader)."""
    if reader not in READERS:
        raise ValueError(f"unknown PDF reader {reader!r}: one of {READERS}")
    layouts: list[PageLayout] = []
    failures: list[tuple[int, str]] = []
    opener = open_pdf if reader == "pdfium" else open_plumber
    try:
        with opener(data) as pdf, PageOcr(data) as ocr, PlumberPages(data) as fallback:
            for page in pdf.pages:
                if isinstance(page, ReaderError):
                    failures.append((page.page, str(page)))
                    layouts.append(_blank(page.page, *page.size, f"page could not be read: {page}"))
                    continue
                try:
                    if isinstance(page, ReadPage) and page.needs_pdfminer:  # text PDFium lost: pdfminer reads it
                        page = fallback.page(page.page_number)
                    layout = read_page(page)
                    if needs_ocr(page, layout.info):
                        layout = ocr.read(layout)
                    elif layout.frame is None and (regions := image_regions(page, layout.info)):
                        layout = ocr.read_regions(layout, regions)
                    layouts.append(layout)
                except _PDF_ERRORS as e:
                    failures.append((page.page_number, _reason(e)))
                    note = f"page could not be read: {_reason(e)}"
                    layouts.append(_blank(page.page_number, float(page.width), float(page.height), note))
    except ReaderError as e:
        raise _open_error(e, name) from e
    except PDF_ERRORS as e:  # pdfminer failing on the document itself (reader="pdfminer")
        raise _open_error(ReaderError(_reason(e)), name) from e
    if not layouts:
        raise ExtractionError(f"{name}: PDF has no pages")
    if len(failures) == len(layouts):
        raise ExtractionError(f"{name}: no page could be read (first error: {failures[0][1]})")
    problems = [*ocr.problems, *([missing_reason(ocr.missing)] if ocr.missing else [])]
    return layouts, failures, problems


def _blank(number: int, width: float, height: float, note: str) -> PageLayout:
    info = PageInfo(number=number, text_layer="absent", note=note)
    return PageLayout(info, width, height)


def _open_error(e: ReaderError, name: str) -> ExtractionError:
    if e.encrypted:
        return ExtractionError(f"encrypted PDF: {name} needs a password to open ({e})")
    return ExtractionError(f"corrupt or truncated PDF: {name}: {e}")


def _blocks(layouts: Sequence[PageLayout]) -> list[Block]:
    """All blocks in reading order, numbered 0..n-1."""
    margins = _margins(layouts)
    toc = _toc_pages(layouts)
    items = [item for i, page in enumerate(layouts) for item in _page_items(page, margins[i], i in toc)]
    by_number = {p.info.number: p for p in layouts}
    return [_block(n, item, by_number[item.page]) for n, item in enumerate(_join_across_pages(items))]


def _page_items(page: PageLayout, m: Margins, toc: bool) -> list[Para | PageTable]:
    """The page's paragraphs and tables in reading order."""
    out: list[Para | PageTable] = []
    run: list[Line] = []
    for item in [*page.items, None]:
        if isinstance(item, Line):
            run.append(item)
            continue
        if run:
            n = page.info.number
            out.extend(toc_entries(run, n) if toc else paragraphs(run, m, n))
            run = []
        if item is not None:
            out.append(item)
    return out


def _margins(layouts: Sequence[PageLayout]) -> list[Margins]:
    """Per page margins; a page with few lines borrows the median of rich pages of its width."""
    own = [measure_margins(p.lines) if p.lines else None for p in layouts]
    by_width: dict[int, list[Margins]] = defaultdict(list)
    for p, m in zip(layouts, own, strict=True):
        if m is not None and len(p.lines) >= RICH_PAGE_LINES:
            by_width[round(p.width)].append(m)
    out = []
    for p, m in zip(layouts, own, strict=True):
        rich = by_width.get(round(p.width))
        if m is None or (len(p.lines) < RICH_PAGE_LINES and rich):
            if rich:
                m = Margins(left=median(r.left for r in rich), right=median(r.right for r in rich))
            else:
                m = Margins(left=0.0, right=p.width)
        out.append(m)
    return out


def _toc_pages(layouts: Sequence[PageLayout]) -> set[int]:
    """Indices of 目录 pages: one whose first line is 目录, and the pages right after it that
    hold nothing but 目录 entries."""
    out: set[int] = set()
    for i, page in enumerate(layouts):
        lines = page.lines
        if lines and is_toc_title(lines[0].text):
            out.add(i)
        elif i - 1 in out and lines and len(lines) == len(page.items):
            if all(is_toc_entry(ln.text) for ln in lines):
                out.add(i)
    return out


def _join_across_pages(items: Sequence[Para | PageTable]) -> list[Para | PageTable]:
    """Paragraphs that run over a page break joined into their first part."""
    out: list[Para | PageTable] = []
    for item in items:
        prev = out[-1] if out else None
        if isinstance(item, Para) and isinstance(prev, Para) and _continues(prev, item):
            if prev.first_count is None:
                prev.first_count = len(prev.lines)
            prev.lines.extend(item.lines)
            prev.pages.append(item.page)
            prev.open_end = item.open_end
            continue
        out.append(item)
    return out


def _continues(prev: Para, nxt: Para) -> bool:
    """Whether `nxt`, first on its page, continues `prev`, last on the page before: `prev` runs
    to the right margin without ending a sentence, `nxt` does not start a paragraph of its own
    (heading, indent) and is set in the same size; 目录 lines never join."""
    last_page = prev.pages[-1] if prev.pages else prev.page
    if nxt.page != last_page + 1 or prev.style or nxt.style:
        return False
    if not prev.open_end or nxt.fresh_start:
        return False
    return abs(prev.lines[-1].size - nxt.lines[0].size) <= SIZE_TOL


def _block(index: int, item: Para | PageTable, page: PageLayout) -> Block:
    """The Block of a paragraph or table on `page`; a paragraph's bbox is that of its part on
    its first page."""
    origin = _origin(item)
    if isinstance(item, PageTable):
        prov = Provenance(origin=origin, page=item.page, bbox=_round(page.page_bbox(item.bbox)))
        return Block(index=index, kind="table", text="", grid=item.grid, prov=prov)
    own = item.lines[: item.first_count or len(item.lines)]
    bbox = (
        min(ln.x0 for ln in own), min(ln.top for ln in own), max(ln.x1 for ln in own), max(ln.bottom for ln in own)
    )
    page_end = item.pages[-1] if item.pages else None
    confidence = min((c for ln in item.lines if (c := getattr(ln, "confidence", None)) is not None), default=None)
    prov = Provenance(origin=origin, page=item.page, page_end=page_end, bbox=_round(page.page_bbox(bbox)),
                      confidence=confidence)
    text = item.text
    kind: BlockKind = "heading" if item.style is None and is_heading(text) else "paragraph"
    return Block(index=index, kind=kind, text=text, prov=prov, style=item.style)


def _origin(item: Para | PageTable) -> Origin:
    """"ocr" for a paragraph or table read by OCR (extractors.ocr.reader), else "pdf"."""
    if isinstance(item, PageTable):
        return "ocr" if any(c.prov is not None and c.prov.origin == "ocr" for c in item.grid.cells) else "pdf"
    return "ocr" if any(getattr(ln, "confidence", None) is not None for ln in item.lines) else "pdf"


def _round(b: Sequence[float]) -> tuple[float, float, float, float]:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))
