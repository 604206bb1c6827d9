"""Pages without a usable text layer (scans, unmapped fonts) read by OCR into the same layout.

`PageOcr.read(layout)` turns the verdict of a page that needs OCR (pdf.pages.needs_ocr) into a
`PageLayout` holding the very same items a text page has — `Line`s and `PageTable`s — so pdf.py
builds paragraphs, headings and table blocks from them with the text-page code, and the stages
classify and parse the tables with no second parser.  `read_regions` adds to a text page what
its large images hold (pdf.pages.image_regions: a table pasted as a picture).  How one page is
read: ocr_page.

Importing this module needs no OCR package: rapidocr-onnxruntime and OpenCV (the `ocr` extra)
are imported on the first page that needs them.  Without them the page keeps no items, its
note says "OCR not installed" and it is listed in `missing` (pdf.py turns that into a partial
status: "OCR not installed: pages …").  Pages are rendered one at a time (pypdfium2, opened on
first use), so memory does not grow with the number of scanned pages.
"""
from __future__ import annotations

from types import TracebackType
from typing import Any

from extractors.ocr.engine import Engine, OcrUnavailable, Timings
from extractors.ocr.notes import with_note
from extractors.pdf.pages import PageLayout


class PageOcr:
    """OCR for the pages of one PDF that need it (a context manager: closes its pdfium copy)."""

    def __init__(self, data: bytes, engine: Engine | None = None, scale: float | None = None) -> None:
        self._data = data
        self._scale = scale  # px per pt; None: ocr_render.RENDER_SCALE
        self._pdf: Any = None
        self._engine = engine
        self._pages: Any = None  # ocr_page.PageReader, once the `ocr` extra is loaded
        self.stats = Timings()
        self.problems: list[str] = []  # reasons that make the document partial
        self.missing: list[int] = []  # pages that needed OCR when it was not installed

    def __enter__(self) -> PageOcr:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def read(self, layout: PageLayout) -> PageLayout:
        """The page of `layout` read by OCR (its verdict says why it needs it)."""
        try:
            pages = self._reader()
        except OcrUnavailable:
            self.missing.append(layout.info.number)
            return PageLayout(with_note(layout.info, "OCR not installed", ocr=False), layout.width, layout.height)
        try:
            return pages.read(self._document(), layout)
        except Exception as e:  # noqa: BLE001 - one page's OCR failure becomes the page's note and a reason
            reason = f"page {layout.info.number}: OCR failed: {type(e).__name__}: {e}"
            self.problems.append(reason)
            return PageLayout(with_note(layout.info, "OCR failed", ocr=False), layout.width, layout.height)

    def read_regions(self, layout: PageLayout, regions: list[tuple[float, float, float, float]]) -> PageLayout:
        """A text page with what OCR reads in `regions` (images holding text, pdf.pages.image_regions)."""
        try:
            pages = self._reader()
        except OcrUnavailable:
            self.missing.append(layout.info.number)
            return PageLayout(with_note(layout.info, "OCR not installed", ocr=False), layout.width, layout.height,
                              layout.items, layout.frame)
        try:
            return pages.read_regions(self._document(), layout, regions)
        except Exception as e:  # noqa: BLE001 - one page's OCR failure becomes a reason; its text layer stays
            self.problems.append(f"page {layout.info.number}: OCR of its images failed: {type(e).__name__}: {e}")
            return layout

    def _reader(self) -> Any:
        """The ocr_page.PageReader; raises OcrUnavailable without the `ocr` extra."""
        if self._pages is None:
            try:
                from extractors.ocr import page as ocr_page
            except ImportError as e:  # OpenCV comes with the `ocr` extra
                raise OcrUnavailable(f"OCR not installed ({e.name})") from e
            engine = self._engine or ocr_page.load()
            self._pages = ocr_page.PageReader(engine, self.stats, self.problems, self._scale)
        return self._pages

    def _document(self) -> Any:
        if self._pdf is None:
            import pypdfium2 as pdfium

            self._pdf = pdfium.PdfDocument(self._data)
        return self._pdf


def missing_reason(pages: list[int]) -> str:
    """The partial-status reason for pages that needed OCR when it was not installed."""
    listed = ", ".join(str(p) for p in pages)
    return f"OCR not installed: pages {listed} need OCR (install the `ocr` extra: rapidocr-onnxruntime)"
