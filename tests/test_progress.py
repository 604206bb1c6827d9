"""The progress bar's counting (issue 14 item 20): text sources count, never pages=0 forever."""
from __future__ import annotations

from pipeline.batch.progress import postfix
from pipeline.batch.run import Outcome


def _o(status: str, pages: int | None) -> Outcome:
    return Outcome("x", "d", status, pages=pages)


def test_text_sources_are_counted():
    shown = postfix([_o("ok", None), _o("partial", None)], 2.0)
    assert shown == {"text": 2, "failed": 0}


def test_paged_and_text_sources_together():
    shown = postfix([_o("ok", 20), _o("ok", None), _o("failed", None)], 4.0)
    assert shown == {"pages": 20, "pages_s": "5.0", "text": 1, "failed": 1}


def test_nothing_done_yet_and_only_failures():
    assert postfix([], 1.0) == {"pages": 0, "pages_s": "0.0", "failed": 0}
    assert postfix([_o("failed", None)], 1.0) == {"pages": 0, "pages_s": "0.0", "failed": 1}
