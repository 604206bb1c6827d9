"""PDF pages read with PDFium (pypdfium2), handed over as pdfplumber hands them.

`open_pdf(data)` yields a `PdfiumPdf` whose `pages` are `ReadPage`s: `page_number`,
`width`, `height`, `bbox`, `rotation` and the object lists `chars`, `lines`, `rects`, `curves`,
`images` as pdfplumber dicts, in pdfplumber's coordinates (x from the left, `top` from the top
of the displayed page, after /Rotate, with pdfplumber's MediaBox offsets), and pdf.finder runs
pdfplumber's TableFinder on them.  So pdf.pages, pdf.tables and all geometry work
unchanged whichever reader fed them; tests/test_pdfium_reader.py proves both give the same
documents.

How each object is built so that it equals what pdfminer builds: chars in pdf.glyphs, paths
and images in pdf.paths, coordinates and rounding in pdf.space.
Where PDFium loses text pdfminer keeps, the page says so (`needs_pdfminer`) and pdf.document
reads that page with pdfminer: a text object of a non-embedded font PDFium's text page dropped,
and glyphs PDFium cannot map to Unicode (Type3 glyph names pdfminer maps; a really garbled page
then goes to OCR exactly as before).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pr

from extractors.pdf.glyphs import UNMAPPED, chars, unread
from extractors.pdf.paths import objects
from extractors.pdf.space import Frame, Obj, rnd


class ReaderError(Exception):
    """A PDF PDFium cannot open (`encrypted` when it needs a password), or one page of it
    that it cannot load (`page`, 1-based, with the page's size when known)."""

    def __init__(self, message: str, encrypted: bool = False, page: int = 0,
                 size: tuple[float, float] = (0.0, 0.0)) -> None:
        super().__init__(message)
        self.encrypted = encrypted
        self.page = page
        self.size = size


@dataclass(slots=True)
class ReadPage:
    """One page as pdfplumber would show it (the attributes pdf.pages and pdf.tables read)."""

    page_number: int
    width: float
    height: float
    bbox: tuple[float, float, float, float]
    rotation: int
    chars: list[Obj] = field(default_factory=list)
    lines: list[Obj] = field(default_factory=list)
    rects: list[Obj] = field(default_factory=list)
    curves: list[Obj] = field(default_factory=list)
    images: list[Obj] = field(default_factory=list)
    unread: int = 0  # text objects in a non-embedded font of which PDFium's text page kept no glyph
    unmapped: int = 0  # glyphs PDFium could not map to Unicode (pdfminer may: Type3 glyph names)

    @property
    def needs_pdfminer(self) -> bool:
        """Whether pdfminer must read this page: PDFium lost text on it (see pdf.document)."""
        return bool(self.unread or self.unmapped)

    @property
    def edges(self) -> list[Obj]:
        from pdfplumber.utils import obj_to_edges

        return [e for o in (*self.lines, *self.rects, *self.curves) for e in obj_to_edges(o)]

    def close(self) -> None:
        """Nothing is cached: a ReadPage holds only its lists."""


class PdfiumPdf:
    """An open PDF; `pages` reads each page when iterated and frees PDFium's copy at once,
    yielding a ReaderError in place of a page PDFium cannot load."""

    def __init__(self, doc: pdfium.PdfDocument) -> None:
        self._doc = doc

    def __len__(self) -> int:
        return len(self._doc)

    @property
    def pages(self) -> Iterator[ReadPage | ReaderError]:
        for i in range(len(self._doc)):
            try:
                yield read_page(self._doc, i)
            except pdfium.PdfiumError as e:
                yield ReaderError(str(e) or type(e).__name__, page=i + 1, size=_page_size(self._doc, i))


def _page_size(doc: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    size = pr.FS_SIZEF()
    if pr.FPDF_GetPageSizeByIndexF(doc.raw, index, size):
        return (float(size.width), float(size.height))
    return (0.0, 0.0)


@contextmanager
def open_pdf(data: bytes) -> Iterator[PdfiumPdf]:
    """The PDF in `data` (the empty user password tried); ReaderError when PDFium cannot open it."""
    try:
        doc = pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as e:
        encrypted = getattr(e, "err_code", None) == pr.FPDF_ERR_PASSWORD
        raise ReaderError(str(e), encrypted=encrypted) from e
    try:
        yield PdfiumPdf(doc)
    finally:
        doc.close()


def read_page(doc: pdfium.PdfDocument, index: int) -> ReadPage:
    """Page `index` (0-based) with its chars, paths and images."""
    page = doc[index]
    try:
        rotation = page.get_rotation() % 360
        mediabox = page.get_mediabox()
        frame = Frame.of(mediabox, rotation)
        out = ReadPage(page_number=index + 1, width=rnd(frame.width), height=rnd(frame.height),
                       bbox=(frame.mb_x0, frame.mb_top, frame.mb_x0 + frame.width, frame.mb_top + frame.height),
                       rotation=rotation)
        order = objects(page.raw, frame, out)
        textpage = page.get_textpage()
        try:
            out.chars, seen = chars(textpage.raw, frame, order)
            out.unmapped = sum(1 for c in out.chars if c["text"] == UNMAPPED)
            out.unread = unread(order, seen)
        finally:
            textpage.close()
        return out
    finally:
        page.close()
