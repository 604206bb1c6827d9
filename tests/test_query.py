"""`juesuan query`: the views over OUT, the ready queries and the output formats.

`build_tiny` writes a small dataset by hand (two documents, one T05 table with a planted
hierarchy error) that the search, data package and report tests use too.
"""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.analysis.examples import EXAMPLES
from pipeline.analysis.query import render, run, width
from pipeline.analysis.views import connect, duck_type
from pipeline.cli import main
from pipeline.writers.columns import TABLES

DOC_A = "a" * 64
DOC_B = "b" * 64


def write_rows(out: Path, table: str, rows: list[dict], name: str, schema: pa.Schema | None = None) -> Path:
    """One Parquet file of `table` (schema: the table's, unless given) with `rows`."""
    schema = schema or TABLES[table]
    t = pa.Table.from_pylist([{**{f.name: None for f in schema}, **r} for r in rows], schema=schema)
    (out / table).mkdir(parents=True, exist_ok=True)
    path = out / table / f"{name}.parquet"
    pq.write_table(t, path)
    return path


def _cells(doc: str) -> list[dict]:
    grid = [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "1,000.00"],
            ["20101", "人大事务", "600.00"], ["合计", None, "1,000.00"]]
    cells = []
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text is None:
                continue
            span = 2 if text == "合计" and c == 0 else 1
            cells.append({"doc_id": doc, "table_id": "t01", "row": r, "col": c, "row_span": 1, "col_span": span,
                          "text": text, "page": 1})
    return cells


def _line_items(doc: str) -> list[dict]:
    base = {"doc_id": doc, "table_code": "T05", "measure": "合计", "page": 1, "table_id": "t01", "col": 2}
    return [
        {**base, "row_label": "一般公共服务支出", "subject_code": "201", "subject_level": 1,
         "amount_yuan": Decimal("10000000.00"), "amount_text": "1,000.00", "row": 1},
        {**base, "row_label": "人大事务", "subject_code": "20101", "subject_level": 2,
         "amount_yuan": Decimal("6000000.00"), "amount_text": "600.00", "row": 2},
        {**base, "row_label": "合计", "amount_yuan": Decimal("10000000.00"), "amount_text": "1,000.00", "row": 3},
    ]


def build_tiny(out: Path, doc_a: str = DOC_A, source: Path | None = None) -> Path:
    """A dataset of two documents; A has a T05 whose 201 row (row 1, col 2) fails a finding."""
    a, b = doc_a, DOC_B
    write_rows(out, "documents", [
        {"doc_id": a, "source_name": source.name if source else "a.pdf", "source_format": "pdf",
         "doc_kind": "final_department", "fiscal_year": 2024, "region": "玉林市", "department": "玉林市测试局",
         "source_unit": "万元", "pages": 3, "ocr": False, "status": "ok", "checks": 5, "checks_passed": 4,
         "checks_failed": 1, "aliases": []}], a)
    write_rows(out, "documents", [
        {"doc_id": b, "source_name": "b.txt", "source_format": "txt", "doc_kind": "budget_department",
         "fiscal_year": 2025, "region": "玉林市", "department": "玉林市测试街道", "status": "partial",
         "error": "stage perf failed", "ocr": True, "pages": 2, "checks": 0, "checks_failed": 0,
         "aliases": ["b copy.txt"]}], b)
    write_rows(out, "tables", [{"doc_id": a, "table_id": "t01", "table_code": "T05",
                                "title": "一般公共预算财政拨款支出决算表", "page_start": 1, "page_end": 1,
                                "n_rows": 4, "n_cols": 3, "unit": "万元"}], a)
    write_rows(out, "cells", _cells(a), a)
    write_rows(out, "line_items", _line_items(a), a)
    write_rows(out, "findings", [
        {"doc_id": a, "rule_id": "table.hierarchy_sum", "severity": "error", "table_code": "T05", "subject_code": "201",
         "message": "T05 201 一般公共服务支出应等于其下各款之和", "expected": 6000000.0, "actual": 10000000.0,
         "page": 1, "evidence": "T05 row 201 p.1"}], a)
    write_rows(out, "facts", [
        {"doc_id": a, "key": "three_public.total", "value": 21600.0, "unit": "yuan", "page": 2,
         "evidence": "“三公”经费支出2.16万元，其中公务接待费2.16万元。", "reason": "公务接待任务增加"},
        {"doc_id": a, "key": "total_expenditure", "value": 10000000.0, "unit": "yuan", "page": 2,
         "evidence": "2024年度支出总计1,000.00万元。"}], a)
    write_rows(out, "sections", [
        {"doc_id": a, "section_id": "s001", "level": 2, "number": "七", "title": "“三公”经费支出情况说明",
         "page_start": 2, "page_end": 2,
         "text": "公务接待费支出2.16万元，主要原因是公务接待批次增加。国内公务接待19批次。"},
        {"doc_id": a, "section_id": "s002", "level": 2, "number": "八", "title": "机关运行经费",
         "page_start": 3, "page_end": 3, "text": "机关运行经费支出50万元，主要用于办公费。"}], a)
    write_rows(out, "sections", [
        {"doc_id": b, "section_id": "s001", "level": 1, "number": "第一部分", "title": "概况",
         "text": "人员经费减少，公务用车运行费持平。"}], b)
    write_rows(out, "budget_execution", [
        {"doc_id": a, "path": "一般公共服务支出/人大事务/行政运行", "subject_code": "2010101",
         "initial_budget_yuan": Decimal("1000000.00"), "final_yuan": Decimal("1500000.00"), "completion_rate": 1.5,
         "reason": "会议增加", "page": 2},
        {"doc_id": a, "path": "一般公共服务支出/人大事务/人大会议", "subject_code": "2010104",
         "initial_budget_yuan": Decimal("500000.00"), "final_yuan": Decimal("490000.00"), "completion_rate": 0.98,
         "page": 2}], a)
    write_rows(out, "perf_indicators", [
        {"doc_id": b, "scope": "project", "subject": "测试项目", "level1": "满意度指标", "level2": "服务对象满意度",
         "indicator": "群众满意度", "target_text": "≥95%", "target_op": "≥", "target_value": 95.0, "target_unit": "%",
         "weight": 10.0, "actual_text": "90%", "actual_value": 90.0, "score": 8.0, "table_id": "t01", "row": 5},
        {"doc_id": b, "scope": "project", "subject": "测试项目", "level1": "产出指标", "level2": "数量指标",
         "indicator": "培训次数", "target_text": "≥2次", "target_op": "≥", "target_value": 2.0, "target_unit": "次",
         "weight": 10.0, "actual_text": "3", "actual_value": 3.0, "score": 10.0, "table_id": "t01", "row": 6}], b)
    manifest = {"documents": [{"doc_id": a, "path": str(source) if source else "a.pdf", "status": "ok"}]}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    return out


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return build_tiny(tmp_path / "out")


def test_every_table_is_a_view_with_the_schema_columns_even_without_files(tiny: Path):
    con = connect(tiny)
    for table, schema in TABLES.items():
        described = con.execute(f'DESCRIBE SELECT * FROM "{table}"').fetchall()  # DESCRIBE tables = SHOW TABLES
        assert [(r[0], r[1]) for r in described][: len(schema)] == [(f.name, duck_type(f.type)) for f in schema]
    assert not (tiny / "glossary").exists()
    assert con.execute("SELECT count(*) FROM glossary").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(2,)]


def test_views_union_files_that_lack_or_add_columns(tiny: Path):
    old = pa.schema([f for f in TABLES["glossary"] if f.name != "page"] + [pa.field("extra", pa.string())])
    write_rows(tiny, "glossary", [{"doc_id": DOC_A, "term": "基本支出", "definition": "……", "extra": "x"}], "old", old)
    write_rows(tiny, "glossary", [{"doc_id": DOC_B, "term": "项目支出", "definition": "……", "page": 9}],
               "compacted-123")
    rows = run(tiny, "SELECT term, page, extra FROM glossary ORDER BY term")
    assert rows.columns == ["term", "page", "extra"]
    assert rows.rows == [("基本支出", None, "x"), ("项目支出", 9, None)]


def test_examples_answer_the_planted_questions(tiny: Path):
    three = run(tiny, EXAMPLES["three_public"].sql)
    row = dict(zip(three.columns, three.rows[0], strict=True))
    assert len(three.rows) == 1 and row["department"] == "玉林市测试局" and row["total_yuan"] == 21600.0
    assert row["total_from"] == "narrative"
    variance = run(tiny, EXAMPLES["budget_variance"].sql)
    assert [r[variance.columns.index("variance_yuan")] for r in variance.rows] == [Decimal("500000.00"),
                                                                                     Decimal("-10000.00")]
    failed = run(tiny, EXAMPLES["failed_identities"].sql)
    first = dict(zip(failed.columns, failed.rows[0], strict=True))
    assert first["department"] == "玉林市测试局" and first["errors"] == 1
    assert first["failed_rules"] == "table.hierarchy_sum"
    missed = run(tiny, EXAMPLES["missed_targets"].sql)
    assert [r[missed.columns.index("indicator")] for r in missed.rows] == ["群众满意度"]
    overview = run(tiny, EXAMPLES["overview"].sql)
    assert sorted((r[0], r[1], r[2]) for r in overview.rows) == [("budget_department", "partial", 1),
                                                                 ("final_department", "ok", 1)]


def test_an_empty_dataset_answers_every_example_with_no_rows(tmp_path: Path):
    for example in EXAMPLES.values():
        result = run(tmp_path, example.sql)
        assert result.rows == [] and result.columns, example.name


def test_formats(tiny: Path):
    result = run(tiny, "SELECT department, fiscal_year, ocr, aliases FROM documents ORDER BY doc_id")
    text = render(result, "table").splitlines()
    assert text[0].split(" | ")[0].strip() == "department" and text[-1] == "(2 rows)"
    bars = [[width(line[:i]) for i, ch in enumerate(line) if ch == "|"] for line in text[:4]]
    assert bars[0] == bars[2] == bars[3]  # Chinese counted double: the columns line up
    rows = list(csv.reader(io.StringIO(render(result, "csv"))))
    assert rows == [["department", "fiscal_year", "ocr", "aliases"], ["玉林市测试局", "2024", "False", "[]"],
                    ["玉林市测试街道", "2025", "True", '["b copy.txt"]']]
    assert '["b copy.txt"]' in text[3]
    data = json.loads(render(run(tiny, "SELECT amount_yuan FROM line_items ORDER BY row"), "json"))
    assert data == [{"amount_yuan": 10000000}, {"amount_yuan": 6000000}, {"amount_yuan": 10000000}]
    with pytest.raises(ValueError):
        render(result, "xml")


def test_cli_query(tiny: Path, capsys):
    assert main(["query", str(tiny), "SELECT count(*) AS n FROM cells", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 11}]
    assert main(["query", str(tiny), "--examples"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in EXAMPLES)
    assert main(["query", str(tiny), "--example", "missed_targets", "--format", "csv"]) == 0
    assert "群众满意度" in capsys.readouterr().out
    assert main(["query", str(tiny), "--example", "nope"]) == 2
    assert main(["query", str(tiny), "SELECT nope FROM documents"]) == 1
    assert "query failed" in capsys.readouterr().err
    assert main(["query", str(tiny / "missing"), "SELECT 1"]) == 1


def test_table_view_prints_money_in_full(tiny: Path):
    """Issue 14 item 14: 19932300.00, never 1.99323e+07, in the table view."""
    write_rows(tiny, "facts", [{"doc_id": DOC_B, "key": "total_expenditure", "value": 19932300.0, "unit": "yuan"},
                               {"doc_id": DOC_B, "key": "x.rate", "value": 0.3637, "unit": "ratio"},
                               {"doc_id": DOC_B, "key": "x.big", "value": 1234567890123.45, "unit": "yuan"}], "b2")
    text = render(run(tiny, "SELECT key, value FROM facts WHERE doc_id = ? ORDER BY key", [DOC_B]), "table")
    assert "19932300.00" in text and "0.3637" in text and "1234567890123.45" in text
    assert "e+" not in text
    big = render(run(tiny, "SELECT 123456789012345678.25::DECIMAL(20,2) AS amount_yuan"), "table", max_width=8)
    assert "123456789012345678.25" in big


@pytest.mark.parametrize("sql", [
    "COPY (SELECT 1) TO '{outside}/x.csv'",
    "COPY (SELECT 1) TO '{out}/x.csv'",
    "EXPORT DATABASE '{outside}/exp'",
    "ATTACH '{outside}/x.duckdb' AS x",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM read_text('{out}/../../../etc/hostname')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET allowed_directories = ['/']",
    "SELECT 1; COPY (SELECT 1) TO '{outside}/y.csv'",
])
def test_query_sandbox_reads_only_out(tiny: Path, tmp_path: Path, sql: str, capsys):
    """Issue 14 item 11: no file access outside OUT, no writes at all, no extensions."""
    outside = tmp_path / "outside"
    outside.mkdir()
    before = sorted(p.relative_to(tiny) for p in tiny.rglob("*"))
    assert main(["query", str(tiny), sql.format(out=tiny, outside=outside)]) == 1
    assert "query failed" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
    assert sorted(p.relative_to(tiny) for p in tiny.rglob("*")) == before


def test_query_sandbox_still_reads_the_dataset(tiny: Path):
    assert run(tiny, "SELECT count(*) FROM documents").rows == [(2,)]
    assert run(tiny, f"SELECT count(*) FROM read_parquet('{tiny}/documents/*.parquet')").rows == [(2,)]
    assert run(tiny, "SELECT count(*) FROM budget_vs_final").rows == [(0,)]
