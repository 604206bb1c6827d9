"""Format extractors: a package per format family (pdf, ocr, office, web), each format's module
exposing `extract(path) -> Document`.

`extract` below is the single entry point: it sniffs the bytes (an extension can lie) and
dispatches through `EXTRACTORS`.  Nothing outside this package imports a format library.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.sniff import sniff_format
from pipeline.model import Document

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
    return extractor(path)


__all__ = ["EXTRACTORS", "ExtractionError", "extract", "new_document", "sniff_format"]
