"""`juesuan search OUT 公务接待`: Chinese full-text search over the dataset's narrative text.

Searched: sections (title + text), facts (evidence + reason, one entry per sentence), the
reasons of budget_execution, and findings (message + evidence).  Each entry's text is segmented
with jieba (`cut_for_search`, which also emits the short words inside long ones, so 公务接待 finds
公务接待费) into space-joined tokens stored in a DuckDB table `search_docs`; `search_terms`
(entry, term, tf) is derived from it in SQL.

DuckDB's `fts` extension is not in the duckdb wheel (it is downloaded by `INSTALL fts`, which
needs the network, not allowed at run time), so ranking is Okapi BM25 written in SQL over
`search_terms` (k1 = 1.2, b = 0.75, the fts extension's defaults; idf = ln((N − df + ½)/(df + ½) + 1)).
A query matches an entry that has any of its tokens (`require_all` for every token).

The index is cached in OUT/.search/index.duckdb, rebuilt whenever the Parquet files it was built
from change (a fingerprint of their names, sizes and mtimes in OUT/.search/meta.json).  A rebuild
segments only text the old index does not hold (entries are keyed by the MD5 of their text, and
each distinct text is segmented once), so adding documents costs their own text.  When OUT is not
writable the index is built in memory for the one search.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import jieba
import pyarrow as pa

from pipeline.analysis.query import Result, width
from pipeline.analysis.views import add_views, connect, literal, parquet_files

INDEX_VERSION = "1"
K1, B = 1.2, 0.75
SNIPPET_CHARS = 36
TOKENIZE_BATCH = 2000  # distinct texts segmented and written per UPDATE
SOURCE_TABLES = ("sections", "facts", "budget_execution", "findings", "documents")

_ENTRIES = """
SELECT doc_id, 'section' AS kind, section_id AS ref, section_id, page_start AS page, page_end, NULL::BIGINT AS line,
       concat_ws(' ', number, title) || chr(10) || coalesce(text, '') AS text
FROM sections
UNION ALL
SELECT doc_id, 'fact', string_agg(key, ', ' ORDER BY key), min(section_id), min(page), max(page), min(line),
       concat_ws(chr(10), evidence, reason)
FROM facts WHERE evidence IS NOT NULL OR reason IS NOT NULL
GROUP BY doc_id, evidence, reason
UNION ALL
SELECT doc_id, 'budget_execution', path, NULL, page, page, NULL, path || chr(10) || reason
FROM budget_execution WHERE reason IS NOT NULL
UNION ALL
SELECT doc_id, 'finding', rule_id, NULL, page, page, NULL, concat_ws(chr(10), message, evidence)
FROM findings
"""


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def _keep(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def tokens(text: str) -> list[str]:
    """Search tokens of `text`: jieba cut_for_search, lower-cased, without spaces and punctuation."""
    return [t.lower() for t in (w.strip() for w in _tokenizer().cut_for_search(text or "")) if t and _keep(t)]


def _versions() -> str:
    return f"{INDEX_VERSION}|{duckdb.__version__}|{jieba.__version__}"


def _fingerprint(out: Path) -> str:
    h = hashlib.sha256(_versions().encode())
    for table in SOURCE_TABLES:
        for p in parquet_files(out, table):
            st = p.stat()
            h.update(f"|{table}/{p.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _tokenize_missing(con: duckdb.DuckDBPyConnection, schema: str) -> int:
    """Fill `tokens`/`len` of the entries that have none, each distinct text segmented once."""
    todo = con.execute(f"SELECT h, any_value(text) FROM {schema}.search_docs WHERE tokens IS NULL GROUP BY h"
                       ).fetchall()
    for i in range(0, len(todo), TOKENIZE_BATCH):
        chunk = todo[i:i + TOKENIZE_BATCH]
        toks = [tokens(text) for _, text in chunk]
        con.register("_tok", pa.table({"h": [h for h, _ in chunk], "tokens": [" ".join(t) for t in toks],
                                       "len": pa.array([len(t) for t in toks], pa.int32())}))
        con.execute(f"UPDATE {schema}.search_docs s SET tokens = t.tokens, len = t.len FROM _tok t WHERE s.h = t.h")
        con.unregister("_tok")
    return len(todo)


def _build(con: duckdb.DuckDBPyConnection, schema: str, old: str | None) -> None:
    """Create `schema`.search_docs and .search_terms from the views of `con`; texts already in the
    index attached as `old` (same versions) keep their tokens, so only new text goes through jieba."""
    con.execute(f"""CREATE OR REPLACE TABLE {schema}.search_docs AS
        SELECT (row_number() OVER (ORDER BY doc_id, kind, ref, page) - 1)::BIGINT AS id, e.*, md5(e.text) AS h,
               CAST(NULL AS VARCHAR) AS tokens, CAST(NULL AS INTEGER) AS len
        FROM ({_ENTRIES}) e""")
    if old:
        con.execute(f"""UPDATE {schema}.search_docs s SET tokens = o.tokens, len = o.len
            FROM (SELECT h, any_value(tokens) AS tokens, any_value(len) AS len FROM {old}.search_docs GROUP BY h) o
            WHERE s.h = o.h""")
    _tokenize_missing(con, schema)
    con.execute(f"""CREATE OR REPLACE TABLE {schema}.search_terms AS
        SELECT id, term, count(*)::INTEGER AS tf
        FROM (SELECT id, unnest(string_split(tokens, ' ')) AS term FROM {schema}.search_docs) WHERE term <> ''
        GROUP BY id, term""")


def _read_meta(meta: Path) -> dict[str, str]:
    try:
        return json.loads(meta.read_text())
    except (OSError, ValueError):
        return {}


def _rebuild(con: duckdb.DuckDBPyConnection, folder: Path, fp: str) -> None:
    """Build the index into a temporary file beside index.duckdb, then rename it into place."""
    db, meta = folder / "index.duckdb", folder / "meta.json"
    folder.mkdir(exist_ok=True)
    tmp = folder / f".index.{os.getpid()}.duckdb"
    tmp.unlink(missing_ok=True)
    reuse = db.is_file() and _read_meta(meta).get("versions") == _versions()
    con.execute(f"ATTACH {literal(str(tmp))} AS fresh")
    try:
        if reuse:
            con.execute(f"ATTACH {literal(str(db))} AS old (READ_ONLY)")
        _build(con, "fresh", "old" if reuse else None)
    finally:
        if reuse:
            con.execute("DETACH old")
        con.execute("DETACH fresh")
    os.replace(tmp, db)
    meta.write_text(json.dumps({"fingerprint": fp, "versions": _versions()}) + "\n")


def _index(con: duckdb.DuckDBPyConnection, out: Path) -> str:
    """Attach the on-disk index (rebuilt first when stale) as `idx` and return "idx"; when OUT
    is not writable, build it in memory and return "main"."""
    folder = out / ".search"
    fp = _fingerprint(out)
    if not ((folder / "index.duckdb").is_file() and _read_meta(folder / "meta.json").get("fingerprint") == fp):
        add_views(con, out, SOURCE_TABLES)
        try:
            _rebuild(con, folder, fp)
        except (OSError, duckdb.IOException):
            _build(con, "main", None)  # OUT is read-only: an index for this search only
            return "main"
    con.execute(f"ATTACH {literal(str(folder / 'index.duckdb'))} AS idx (READ_ONLY)")
    return "idx"


def _bm25_sql(schema: str, require_all: bool) -> str:
    having = "HAVING count(*) = (SELECT count(*) FROM q)" if require_all else ""
    return f"""
WITH q(term) AS (SELECT DISTINCT unnest(?::VARCHAR[])),
stats AS (SELECT count(*) AS n, greatest(avg(len), 1) AS avgdl FROM {schema}.search_docs),
df AS (SELECT t.term, count(*) AS df FROM {schema}.search_terms t JOIN q USING (term) GROUP BY t.term),
scored AS (
  SELECT t.id, sum(ln((s.n - df.df + 0.5) / (df.df + 0.5) + 1)
             * t.tf * ({K1} + 1) / (t.tf + {K1} * (1 - {B} + {B} * e.len / s.avgdl))) AS score
  FROM {schema}.search_terms t JOIN df USING (term) JOIN {schema}.search_docs e ON e.id = t.id CROSS JOIN stats s
  GROUP BY t.id {having})
SELECT round(sc.score, 3) AS score, coalesce(d.department, d.source_name) AS document, d.fiscal_year,
       d.doc_kind, d.source_name, e.kind, e.ref, e.page, e.page_end, e.line, e.text, e.doc_id
FROM scored sc JOIN {schema}.search_docs e ON e.id = sc.id LEFT JOIN documents d ON d.doc_id = e.doc_id
ORDER BY sc.score DESC, e.doc_id, e.id
LIMIT ?"""


def snippet(text: str, terms: list[str], chars: int = SNIPPET_CHARS) -> str:
    """A window of `text` around the first occurrence of the longest matching term, every term
    occurrence inside it marked 【…】 (whitespace collapsed)."""
    flat = " ".join((text or "").split())
    ordered = sorted(set(terms), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE) if ordered else None
    hits = [flat.lower().find(t) for t in ordered]
    at = next((h for h in hits if h >= 0), -1)
    if pattern is None or at < 0:
        return flat[: 2 * chars] + ("…" if len(flat) > 2 * chars else "")
    start, end = max(0, at - chars), min(len(flat), at + chars + max(len(t) for t in ordered))
    body = pattern.sub(lambda m: f"【{m.group(0)}】", flat[start:end]).replace("】【", "")
    return ("…" if start else "") + body + ("…" if end < len(flat) else "")


def _where(page: Any, page_end: Any, line: Any) -> str:
    if page is not None:
        return f"p.{page}" if page_end in (None, page) else f"p.{page}–{page_end}"
    return f"line {line}" if line is not None else ""


def search(out: Path | str, query: str, limit: int = 20, require_all: bool = False) -> Result:
    """The best `limit` entries for `query`: score, document, year, doc_kind, source_name, kind (of
    entry), where, snippet, ref, doc_id."""
    out = Path(out).resolve()
    terms = list(dict.fromkeys(tokens(query)))
    columns = ["score", "document", "fiscal_year", "doc_kind", "source_name", "kind", "where", "snippet", "ref",
               "doc_id"]
    if not terms:
        return Result(columns, [])
    con = connect(out, ["documents"], locked=False)  # fixed SQL; attaches the index. Others: at rebuild
    try:
        schema = _index(con, out)
        rows = con.execute(_bm25_sql(schema, require_all), [terms, limit]).fetchall()
    finally:
        con.close()
    marks = [" ".join(query.split()).lower(), *terms]
    return Result(columns, [(s, doc, year, dk, src, kind, _where(p, pe, ln), snippet(text, marks), ref, did)
                            for s, doc, year, dk, src, kind, ref, p, pe, ln, text, did in rows])


def _wrap(text: str, cols: int, indent: str) -> list[str]:
    """`text` in lines of at most `cols` terminal columns (CJK counted two), each after `indent`."""
    lines, cur = [], ""
    room = max(10, cols - width(indent))
    for ch in text:
        if width(cur + ch) > room:
            lines.append(indent + cur)
            cur = ""
        cur += ch
    if cur or not lines:
        lines.append(indent + cur)
    return lines


def render_hits(result: Result, cols: int = 100) -> str:
    """The hits for a terminal of `cols` columns: per hit a head line (rank, score, department, year,
    kind, where), the source file, the snippet wrapped, and what it is (entry kind and ref)."""
    from pipeline.analysis.report.labels import doc_title

    out = []
    for n, row in enumerate(result.rows, 1):
        r = dict(zip(result.columns, row, strict=True))
        title = doc_title({"department": r["document"], "fiscal_year": r["fiscal_year"], "doc_kind": r["doc_kind"]})
        head = f"{n}. [{r['score']}] {title}" + (f" · {r['where']}" if r["where"] else "")
        out += _wrap(head, cols, "")
        out += _wrap(f"{r['source_name'] or ''} · {r['kind']} {r['ref'] or ''}".rstrip(), cols, "   ")
        out += _wrap(r["snippet"] or "", cols, "   ")
        out.append("")
    n = len(result.rows)
    out.append(f"({n} hit{'s' if n != 1 else ''})")
    return "\n".join(line.rstrip() for line in out) + "\n"
