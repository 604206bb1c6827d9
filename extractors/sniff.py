"""Decide a file's format from its bytes first, its extension second."""
from __future__ import annotations

from pathlib import Path

from extractors.base import ExtractionError

_EXT = {
    ".txt": "txt", ".text": "txt", ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "wps",
    ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".xls": "xls", ".et": "xls",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(path: Path) -> str:
    """The format of `path` as one of the contract's source_format values."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise ExtractionError(f"cannot read {path.name}: {e.strerror or e}") from e
    if not head:
        raise ExtractionError(f"{path.name} is empty (0 bytes)")
    ext = _EXT.get(path.suffix.lower())
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return ext if ext in ("docx", "xlsx") else "docx"
    if head.startswith(_OLE):
        return ext if ext in ("doc", "wps", "xls") else "doc"
    low = head.lower()
    if b"<html" in low or b"<!doctype html" in low or b"<table" in low:
        return "html"
    return ext or "txt"
