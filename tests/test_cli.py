"""`juesuan extract` end to end: a batch with bad files, the dataset it writes, reruns."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.dataset as ds

from pipeline.cli import main
from tests.conftest import YULIN


def test_batch_with_bad_files_writes_the_good_ones(tmp_path: Path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(YULIN, src / YULIN.name)
    (src / "empty.txt").write_bytes(b"")
    (src / "garbage.txt").write_bytes(bytes(range(256)) * 64)
    (src / "gbk.txt").write_bytes("第一部分:某县财政局概况\n一、主要职能\n负责全县财政工作。\n".encode("gbk"))
    out = tmp_path / "out"
    code = main(["extract", str(src), "--out", str(out), "--quiet", "--workers", "1"])
    assert code == 1  # some failed
    docs = {r["source_name"]: r for r in ds.dataset(out / "documents").to_table().to_pylist()}
    assert docs[YULIN.name]["status"] == "ok" and docs["gbk.txt"]["status"] == "ok"
    assert docs["empty.txt"]["status"] == "failed" and "empty" in docs["empty.txt"]["error"]
    assert docs["garbage.txt"]["status"] == "failed" and "not text" in docs["garbage.txt"]["error"]
    for table in ("sections", "tables", "cells", "line_items", "facts", "budget_execution", "perf_subjects",
                  "perf_funds", "perf_indicators", "findings", "glossary"):
        assert (out / table).is_dir() and ds.dataset(out / table).count_rows() >= 0
    assert ds.dataset(out / "perf_indicators").count_rows() == 24
    assert "4 documents: 2 ok, 0 partial, 2 failed" in capsys.readouterr().out
    assert (out / "manifest.json").is_file()


def test_rerun_gives_byte_identical_json(tmp_path: Path):
    out1, out2 = tmp_path / "a", tmp_path / "b"
    assert main(["extract", str(YULIN), "--out", str(out1), "--quiet"]) == 0
    assert main(["extract", str(YULIN), "--out", str(out2), "--quiet"]) == 0
    j1, j2 = sorted((out1 / "json").iterdir()), sorted((out2 / "json").iterdir())
    assert [p.name for p in j1] == [p.name for p in j2] and j1[0].read_bytes() == j2[0].read_bytes()


def test_amounts_are_decimal_yuan_in_parquet(tmp_path: Path):
    main(["extract", str(YULIN), "--out", str(tmp_path), "--quiet"])
    t = ds.dataset(tmp_path / "perf_funds").to_table()
    assert str(t.schema.field("initial_yuan").type) == "decimal128(20, 2)"


def test_validate_rechecks_an_existing_dataset(tmp_path: Path, capsys):
    import json

    assert main(["extract", str(YULIN), "--out", str(tmp_path), "--quiet"]) == 0
    path = next((tmp_path / "json").glob("*.json"))
    data = json.loads(path.read_text("utf-8"))
    for f in data["facts"]:  # plant an inconsistency: 本年收入 no longer fits 总收入 − 上年结转
        if f["key"] == "income_current_year":
            f["value"] = 29640500.0
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 0
    assert "validated 1 documents" in capsys.readouterr().out
    findings = ds.dataset(tmp_path / "findings").to_table().to_pylist()
    hit = [f for f in findings if f["severity"] == "error" and "income_current_year" in (f["message"] + f["rule_id"])]
    assert hit, [f["message"] for f in findings]
    facts = {r["key"]: r["value"] for r in ds.dataset(tmp_path / "facts").to_table().to_pylist()}
    assert facts["income_current_year"] == 29640500.0  # the data stays as it was
