"""Format extractors: a package per format family (pdf, ocr, office, web), each format's module
exposing `extract(path) -> Document`.

`extract` below is the single entry point: it sniffs the bytes (an extension can lie) and
dispatches through `EXTRACTORS`.  Nothing outside this package imports a format library.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.base import ExtractionError, new_document
from extractors.sniff import sniff_format

if TYPE_CHECKING:  # `import extractors` (the batch's planner) must not load the pydantic model
    from pipeline.model import Document

log = logging.getLogger(__name__)

# format → module holding its `extract(path) -> Document`, imported on first use so a batch of
# text files never loads pdfminer or python-docx
EXTRACTORS: dict[str, str] = {
    "txt": "extractors.web.text", "html": "extractors.web.html", "pdf": "extractors.pdf.document",
    "docx": "extractors.office.docx", "doc": "extractors.office.legacy", "wps": "extractors.office.legacy",
    "xlsx": "extractors.office.xlsx", "xls": "extractors.office.xlsx",
}


def extract(path: Path) -> Document:
    """Extract `path` with the extractor of its sniffed format; raises ExtractionError."""
    fmt = sniff_format(path)
    module = EXTRACTORS.get(fmt)
    if module is None:
        raise ExtractionError(f"no extractor for format {fmt!r} (file {path.name})")
    extractor: Callable[[Path], Document] = importlib.import_module(module).extract
    try:
        return extractor(path)
    except ExtractionError:
        raise
    except Exception as e:  # noqa: BLE001 - a reader's internal error becomes a sentence about the file
        log.warning("extractor %s failed on %s", module, path.name, exc_info=True)
        raise ExtractionError(internal_error_sentence(e, fmt)) from e


_KIND = {"pdf": "PDF", "docx": "Word document", "doc": "Word document", "wps": "WPS document",
         "xlsx": "spreadsheet", "xls": "spreadsheet", "html": "web page", "txt": "text file"}


def internal_error_sentence(e: BaseException, fmt: str) -> str:
    """What a reader's unexpected exception means for the document, for a person (the traceback
    goes to the log): never a bare "TypeError: 'NoneType' object is not iterable"."""
    kind = _KIND.get(fmt, "file")
    name = type(e).__name__
    if isinstance(e, MemoryError):
        return f"the {kind} needs more memory than this worker may use"
    if isinstance(e, RecursionError):
        return f"the {kind} is nested too deeply to read"
    if name == "PdfiumError" or type(e).__module__.startswith("pypdfium2"):
        said = str(e).split("(")[0].strip() or name
        return f"the {kind} is damaged or uses a structure PDFium cannot read (PDFium: {said})"
    return (f"the {kind} is damaged or built in a way the {fmt} reader does not understand; nothing could be "
            f"extracted from it (internal error: {name})")


__all__ = ["EXTRACTORS", "ExtractionError", "extract", "internal_error_sentence", "new_document", "sniff_format"]
