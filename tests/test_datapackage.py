"""OUT/datapackage.json: complete, described in two languages, and valid for frictionless."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.analysis import descriptions
from pipeline.analysis.datapackage import PRIMARY_KEYS, build_datapackage, validate_datapackage, write_datapackage
from pipeline.cli import main
from pipeline.writers.columns import TABLES
from tests.conftest import BUDGET, YULIN
from tests.test_query import DOC_A, DOC_B, build_tiny, write_rows

frictionless = pytest.importorskip("frictionless")

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return build_tiny(tmp_path / "out")


def test_every_column_has_a_chinese_and_an_english_description():
    for table, schema in TABLES.items():
        zh, en = descriptions.TABLES[table]
        assert CJK.search(zh) and LATIN.search(en), table
        for f in schema:
            zh, en = descriptions.field(table, f.name)
            assert CJK.search(zh) and LATIN.search(en), (table, f.name)


def test_descriptor_lists_every_table_with_its_files_types_and_keys(tiny: Path):
    pkg = build_datapackage(tiny)
    res = {r["name"]: r for r in pkg["resources"]}
    assert list(res) == list(TABLES)
    assert res["cells"]["path"] == "csv/cells.csv" and res["cells"]["format"] == "csv"
    assert res["cells"]["x-parquet"] == [f"cells/{DOC_A}.parquet"]
    assert res["glossary"]["path"] == "csv/glossary.csv" and res["glossary"]["x-parquet"] == []  # no files yet
    fields = {f["name"]: f for f in res["line_items"]["schema"]["fields"]}
    assert [f["name"] for f in res["line_items"]["schema"]["fields"]] == TABLES["line_items"].names
    assert fields["amount_yuan"]["type"] == "number" and fields["row"]["type"] == "integer"
    assert fields["amount_yuan"]["description"] == "金额（元） / Amount in yuan"
    assert {f["name"]: f["type"] for f in res["documents"]["schema"]["fields"]}["aliases"] == "array"
    assert res["documents"]["schema"]["primaryKey"] == ["doc_id"]
    for name, r in res.items():
        assert r["schema"].get("primaryKey") == PRIMARY_KEYS.get(name)
        if name != "documents":
            assert {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}} \
                in r["schema"]["foreignKeys"]


def test_frictionless_validates_the_package_and_all_its_rows(tiny: Path):
    path = write_datapackage(tiny)
    package = frictionless.Package(str(path))  # the descriptor itself loads
    assert [r.name for r in package.resources] == list(TABLES)
    report = validate_datapackage(tiny)
    assert report.valid, report.flatten(["type", "note"])
    rows = {t.name: t.stats.get("rows") or 0 for t in report.tasks}
    assert rows["cells"] == 11 and rows["documents"] == 2 and rows["glossary"] == 0


def test_stock_frictionless_cli_validates_every_row(tiny: Path):
    """Issue 14 item 13: the stock validator (no juesuan code) passes and sees every row with its type."""
    write_rows(tiny, "cells", [{"doc_id": DOC_A, "table_id": "t01", "row": 9, "col": 0, "text": "逗号,引号\"换行\n",
                                "confidence": 1e-05}], "second")  # a second file of a multi-file resource
    write_rows(tiny, "facts", [{"doc_id": DOC_B, "key": "x", "value": 19932300.0}], "second")
    path = write_datapackage(tiny)
    exe = Path(sys.executable).with_name("frictionless")
    run = subprocess.run([str(exe), "validate", str(path), "--json"], capture_output=True, text=True,
                         cwd=tiny.parent, timeout=300)
    report = json.loads(run.stdout)
    assert run.returncode == 0 and report["valid"], run.stdout[-3000:]
    rows = {t["name"]: t["stats"].get("rows", 0) for t in report["tasks"]}
    assert rows["cells"] == 12 and rows["documents"] == 2 and rows["facts"] == 3 and rows["glossary"] == 0
    with (tiny / "csv" / "cells.csv").open(encoding="utf-8", newline="") as f:
        texts = {r["text"]: r for r in csv.DictReader(f)}
    assert texts["逗号,引号\"换行\n"]["confidence"] in ("1e-05", "1E-05", "0.00001")
    with (tiny / "csv" / "line_items.csv").open(encoding="utf-8", newline="") as f:
        amounts = [r["amount_yuan"] for r in csv.DictReader(f)]
    assert amounts == ["10000000.00", "6000000.00", "10000000.00"]
    with (tiny / "csv" / "documents.csv").open(encoding="utf-8", newline="") as f:
        docs = list(csv.DictReader(f))
    assert [d["aliases"] for d in docs] == ["[]", '["b copy.txt"]'] and docs[0]["ocr"] == "false"


def test_frictionless_finds_planted_errors(tiny: Path):
    write_rows(tiny, "line_items", [{"doc_id": "f" * 64, "table_code": "T05", "table_id": "t09", "row": 1, "col": 1}],
               "orphan")
    write_rows(tiny, "cells", [{"doc_id": DOC_A, "table_id": "t01", "row": 0, "col": 0, "text": "again"}], "dup")
    write_rows(tiny, "findings", [{"doc_id": DOC_A, "rule_id": "x", "severity": "fatal", "message": "m"}], "bad")
    write_datapackage(tiny)
    errors = {(t.name, e.type) for t in validate_datapackage(tiny).tasks for e in t.errors}
    assert errors == {("line_items", "foreign-key"), ("cells", "primary-key"), ("findings", "constraint-error")}


def test_package_writes_the_package_and_every_later_extract_keeps_it_current(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(YULIN), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    assert not (out / "datapackage.json").exists()  # CSV export is O(dataset): only once it is asked for
    assert main(["package", str(out), "--validate"]) == 0
    printed = capsys.readouterr().out
    assert "perf_indicators: valid (24 rows)" in printed and (out / "datapackage.json").is_file()
    assert ds.dataset(out / "perf_indicators").count_rows() == 24
    budget = tmp_path / "budget.pdf"
    budget.write_bytes(BUDGET.read_bytes())
    assert main(["extract", str(budget), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    n = {r["name"]: len(r["x-parquet"]) for r in pkg["resources"]}
    assert n["documents"] == 2  # the package lists the new document's files
    documents = (out / "csv" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(documents) == 3  # a header and both documents
