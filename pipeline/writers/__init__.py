"""Writers: a finished Document → OUT/json/<doc_id>.json and the contract's Parquet datasets."""
from pipeline.writers.dataset import write_document

__all__ = ["write_document"]
