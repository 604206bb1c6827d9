"""Writers: a finished Document → OUT/json/<doc_id>.json and the contract's Parquet datasets.

`write_document` is imported on first use: a batch's parent process writes only its manifest
(pipeline.writers.atomic) and must not load pyarrow and the model for that.
"""
from __future__ import annotations

from typing import Any

__all__ = ["write_document"]


def __getattr__(name: str) -> Any:
    if name == "write_document":
        from pipeline.writers.dataset import write_document

        return write_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
