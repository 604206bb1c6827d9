"""PDF pages read with pdfminer through pdfplumber: the reader juesuan used before PDFium.

Kept for one job: tests/test_pdfium_reader.py runs both readers over the same files and asserts
the same documents (`extract(path, reader="pdfminer")`).  pdf.reader is what extraction uses.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractors.pdf.reader import ReaderError

FONT_CACHE_MAX = 64  # parsed fonts kept across pages; more (a font copy per page) are dropped
PDF_ERRORS = (PdfminerException, MalformedPDFException, PSException)


class PlumberPdf:
    """An open PDF whose `pages` releases each page's caches once the next one is asked for."""

    def __init__(self, pdf: PDF) -> None:
        self._pdf = pdf

    @property
    def pages(self) -> Iterator[Page]:
        for page in self._pdf.pages:
            try:
                yield page
            finally:
                _release(page, self._pdf)


class PlumberPages:
    """pdfminer pages of a PDF opened only when one is asked for: the pages PDFium cannot serve
    (pdf.reader.ReadPage.unread).  Each page's caches are released when the next one is asked."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pdf: PDF | None = None
        self._last: Page | None = None

    def page(self, number: int) -> Page:
        if self._pdf is None:
            self._pdf = pdfplumber.open(io.BytesIO(self._data), password="")
        if self._last is not None:
            _release(self._last, self._pdf)
        self._last = self._pdf.pages[number - 1]
        return self._last

    def __enter__(self) -> PlumberPages:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            self._pdf.close()


@contextmanager
def open_plumber(data: bytes) -> Iterator[PlumberPdf]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password="")
    except PDF_ERRORS as e:
        inner = cause(e)
        raise ReaderError(reason(e), encrypted=isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError))) from e
    with pdf:
        yield PlumberPdf(pdf)


def cause(e: BaseException) -> BaseException:
    """The pdfminer exception pdfplumber wrapped, or `e` itself."""
    return e.args[0] if e.args and isinstance(e.args[0], BaseException) else e


_BUG_ERRORS = (TypeError, AttributeError, KeyError, IndexError, ZeroDivisionError, AssertionError)


def reason(e: BaseException) -> str:
    """Why a page failed, for a person: pdfminer's own messages as they are; a Python error inside
    its interpreter ("'float' object is not iterable") as what it means for the page."""
    inner = cause(e)
    if isinstance(inner, _BUG_ERRORS) or not str(inner):
        return f"its content is damaged or uses a construct the PDF reader does not handle ({type(inner).__name__})"
    return str(inner)


def _release(page: Page, pdf: PDF) -> None:
    """Free what a processed page holds so memory does not grow with page count: pdfplumber's
    caches, the page's decoded content streams (pdfminer keeps them on the page object, which
    pdfplumber keeps for the whole document) and pdfminer's parsed-object cache.  Parsed fonts
    (with their decoded font programs) stay cached unless there are more than FONT_CACHE_MAX."""
    page.close()
    if hasattr(page.page_obj, "contents"):
        page.page_obj.contents = []
    objects = getattr(pdf.doc, "_cached_objs", None)
    if isinstance(objects, dict):
        objects.clear()
    fonts = getattr(pdf.rsrcmgr, "_cached_fonts", None)
    if isinstance(fonts, dict) and len(fonts) > FONT_CACHE_MAX:
        fonts.clear()
