"""Page notes set by OCR (shared by the OCR reader and the page reader; no OCR package needed)."""
from __future__ import annotations

from pipeline.model import PageInfo


def with_note(info: PageInfo, note: str, ocr: bool = True) -> PageInfo:
    """`info` marked as read by OCR (or not), `note` added to its note."""
    joined = f"{info.note}; {note}" if info.note else note
    return info.model_copy(update={"ocr": ocr, "note": joined})
