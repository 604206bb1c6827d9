"""Format extractors: one module per format, each `extract(path) -> Document`.

`extract` below is the single entry point: it sniffs the bytes (an extension can lie) and
dispatches through `EXTRACTORS`.  Nothing outside this package imports a format library.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.sniff import sniff_format
from pipeline.model import Document

Extractor = Callable[[Path], Document]


def _text(path: Path) -> Document:
    from extractors import text

    return text.extract(path)


def _pdf(path: Path) -> Document:
    from extractors import pdf

    return pdf.extract(path)


def _docx(path: Path) -> Document:
    from extractors import docx

    return docx.extract(path)


def _legacy(path: Path) -> Document:
    from extractors import legacy

    return legacy.extract(path)


def _html(path: Path) -> Document:
    from extractors import html

    return html.extract(path)


def _xlsx(path: Path) -> Document:
    from extractors import xlsx

    return xlsx.extract(path)


EXTRACTORS: dict[str, Extractor] = {
    "txt": _text, "pdf": _pdf, "docx": _docx, "doc": _legacy, "wps": _legacy,
    "html": _html, "xlsx": _xlsx, "xls": _xlsx,
}


def extract(path: Path) -> Document:
    """Extract `path` with the extractor of its sniffed format; raises ExtractionError."""
    fmt = sniff_format(path)
    extractor = EXTRACTORS.get(fmt)
    if extractor is None:
        raise ExtractionError(f"no extractor for format {fmt!r} (file {path.name})")
    return extractor(path)


__all__ = ["EXTRACTORS", "ExtractionError", "extract", "new_document", "sniff_format"]
