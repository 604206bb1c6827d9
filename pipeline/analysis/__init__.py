"""Analysis and review of an output directory (issue #8).

- `views`: DuckDB views named as the contract's tables; `query` + `examples`: `juesuan query`
- `search`: `juesuan search`, Chinese full-text search (jieba tokens, BM25 in SQL)
- `datapackage` + `descriptions`: OUT/datapackage.json (`write_datapackage`, `juesuan package`)
- `report`: `juesuan report`, a static HTML site; `serve`: `juesuan serve`
"""
from __future__ import annotations

from pipeline.analysis.datapackage import write_datapackage

__all__ = ["write_datapackage"]
