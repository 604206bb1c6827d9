"""`juesuan search`: jieba tokens, BM25 in SQL, snippets, the on-disk index cache."""
from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pytest

import pipeline.analysis.search as search_module
from pipeline.analysis.query import width
from pipeline.analysis.search import K1, B, search, snippet, tokens
from pipeline.cli import main
from tests.test_query import DOC_A, DOC_B, build_tiny, write_rows


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return build_tiny(tmp_path / "out")


def test_tokens_split_chinese_for_search():
    toks = tokens("公务接待费支出2.16万元，主要原因是：公务接待批次增加。")
    assert {"公务", "接待", "接待费", "支出", "2.16", "万元", "原因"} <= set(toks)
    assert "，" not in toks and "：" not in toks and "" not in toks
    assert tokens("公务接待") == ["公务", "接待"]  # matches 公务接待费 through its short words


def _bm25(docs: list[list[str]], query: list[str]) -> list[float]:
    """Okapi BM25 written out, to check the SQL against."""
    n, avgdl = len(docs), sum(len(d) for d in docs) / len(docs)
    scores = []
    for d in docs:
        s = 0.0
        for t in set(query):
            df = sum(t in x for x in docs)
            tf = d.count(t)
            if tf:
                idf = math.log((n - df + 0.5) / (df + 0.5) + 1)
                s += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(d) / avgdl))
        scores.append(s)
    return scores


def test_bm25_ranking_matches_the_formula(tiny: Path):
    result = search(tiny, "公务接待", limit=50)
    con = duckdb.connect(str(tiny / ".search" / "index.duckdb"), read_only=True)
    entries = con.execute("SELECT kind, ref, tokens FROM search_docs ORDER BY id").fetchall()
    con.close()
    expected = _bm25([t.split(" ") for _, _, t in entries], ["公务", "接待"])
    want = sorted(((round(s, 3), k, r) for (k, r, _), s in zip(entries, expected, strict=True) if s > 0), reverse=True)
    got = sorted(((r[0], r[5], r[8]) for r in result.rows), reverse=True)
    assert got == want and len(got) == 3  # A's section and fact (公务接待), B's section (公务用车)
    best = dict(zip(result.columns, result.rows[0], strict=True))
    assert best["kind"] == "section" and best["document"] == "玉林市测试局" and best["where"] == "p.2"
    assert "【公务接待】" in best["snippet"]


def test_search_covers_facts_reasons_and_findings(tiny: Path):
    kinds = {r[5] for r in search(tiny, "会议 增加").rows}
    assert "budget_execution" in kinds
    finding = search(tiny, "各款之和").rows
    assert finding and finding[0][5] == "finding" and finding[0][9] == DOC_A
    other = search(tiny, "人员经费").rows  # 人员 + 经费: B's section has both, A's only 经费
    assert other[0][9] == DOC_B and other[0][6] == "" and len(other) > 1  # a text source: no page
    assert [r[9] for r in search(tiny, "人员经费", require_all=True).rows] == [DOC_B]


def test_require_all_and_no_tokens(tiny: Path):
    any_word = {r[8] for r in search(tiny, "公务 办公费").rows}
    all_words = search(tiny, "公务 办公费", require_all=True).rows
    assert "s002" in any_word and len(any_word) > 1 and all_words == []
    assert search(tiny, "，。").rows == []


def test_index_is_cached_and_rebuilt_when_the_data_changes(tiny: Path, monkeypatch):
    segmented: list[str] = []
    real = search_module.tokens
    monkeypatch.setattr(search_module, "tokens", lambda text: segmented.append(text) or real(text))
    search(tiny, "公务接待")
    db = tiny / ".search" / "index.duckdb"
    first, n_first = db.stat().st_mtime_ns, len(segmented)
    assert n_first == 8  # the seven entry texts (3 sections, 2 facts, 1 reason, 1 finding) and the query
    search(tiny, "机关运行")
    assert db.stat().st_mtime_ns == first and len(segmented) == n_first + 1  # only the query
    write_rows(tiny, "findings", [{"doc_id": DOC_B, "rule_id": "x", "severity": "warning",
                                   "message": "绩效目标未完成"}], DOC_B)
    assert [r[5] for r in search(tiny, "绩效目标").rows] == ["finding"]
    assert db.stat().st_mtime_ns != first
    assert segmented[n_first + 1:] == ["绩效目标", "绩效目标未完成"]  # the query, then only the new text


def test_read_only_dataset_is_searched_in_memory(tiny: Path, monkeypatch):
    def refuse(*_):
        raise OSError("read-only file system")

    monkeypatch.setattr(search_module, "_rebuild", refuse)
    assert search(tiny, "公务接待").rows[0][5] == "section"
    assert not (tiny / ".search" / "index.duckdb").exists()


def test_snippet_marks_every_term_in_a_window():
    text = "前文" * 40 + "公务接待费支出2.16万元，公务用车运行费0万元。" + "后文" * 40
    s = snippet(text, ["公务接待", "公务", "接待"], chars=10)
    assert s.startswith("…") and s.endswith("…") and "【公务接待】费" in s and len(s) < 60


def test_cli_search(tiny: Path, capsys):
    assert main(["search", str(tiny), "公务接待", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "【公务接待】" in out and "(1 hit)" in out


def test_cli_search_tells_documents_apart_and_fits_the_terminal(tiny: Path, capsys, monkeypatch):
    """Issue 14 item 18: department, year, kind and source file; no line wider than the terminal."""
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["search", str(tiny), "公务接待", "人员经费"]) == 0
    out = capsys.readouterr().out
    assert "玉林市测试局 2024 部门决算" in out and "a.pdf" in out
    assert "玉林市测试街道 2025 部门预算" in out and "b.txt" in out
    assert DOC_A not in out and DOC_A[:6] not in out
    assert max(width(line) for line in out.splitlines()) <= 60
    assert main(["search", str(tiny), "公务接待", "--format", "json"]) == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert hit["doc_kind"] == "final_department" and hit["source_name"] == "a.pdf" and hit["doc_id"] == DOC_A
