"""What the progress bar of `juesuan extract` shows after each document (counting only).

Paged sources (PDF, Word, scans) count their pages; sources without pages (text, HTML, Excel)
count as documents under `text`, so a batch of text sources never reads pages=0 forever.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class _Done(Protocol):
    status: str
    pages: int | None


def postfix(done: Iterable[_Done], seconds: float) -> dict[str, object]:
    """The bar's postfix: pages and pages/s (when any paged source finished), text (finished
    sources without pages), failed."""
    done = list(done)
    pages = sum(d.pages or 0 for d in done)
    text = sum(d.pages is None and d.status != "failed" for d in done)
    out: dict[str, object] = {}
    if pages or not text:
        out.update(pages=pages, pages_s=f"{pages / max(seconds, 1e-6):.1f}")
    if text:
        out["text"] = text
    out["failed"] = sum(d.status == "failed" for d in done)
    return out
