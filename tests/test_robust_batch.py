"""Issue 14 items 1, 2, 3, 5, 6, 7, 9: inputs and OUT states that used to stop or corrupt a batch."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.batch.compact import compact
from pipeline.batch.inputs import lossless_name, name_bytes, readable_name
from pipeline.batch.lock import UsageError, check_writable, writer_lock
from pipeline.cli import main
from tests.batch_helpers import corpus, dataset_rows
from tests.conftest import ROOT, YULIN


def extract(*args: str) -> int:
    return main(["extract", *args, "--quiet", "--workers", "1"])


def documents(out: Path) -> dict[str, dict]:
    return {r["source_name"]: r for r in ds.dataset(out / "documents").to_table().to_pylist()}


def manifest(out: Path) -> dict[str, dict]:
    return {Path(d["path"]).name: d for d in json.loads((out / "manifest.json").read_text("utf-8"))["documents"]}


# 1 ------------------------------------------------------------------------------------------------
def test_symlink_loop_among_files_is_skipped_and_the_good_file_extracted(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(YULIN, src / "good.txt")
    (src / "a.pdf").symlink_to(src / "b.pdf")
    (src / "b.pdf").symlink_to(src / "a.pdf")
    assert extract(str(src), "--out", str(out)) == 0
    assert documents(out)["good.txt"]["status"] == "ok"
    m = manifest(out)
    assert m["a.pdf"]["status"] == "skipped" and "symbolic link loop" in m["a.pdf"]["error"]
    assert m["b.pdf"]["status"] == "skipped"


# 7 ------------------------------------------------------------------------------------------------
def test_fifo_among_inputs_is_skipped_never_opened(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(YULIN, src / "good.txt")
    os.mkfifo(src / "pipe.txt")
    os.mkfifo(tmp_path / "named.pdf")
    t0 = time.monotonic()
    assert extract(str(src), str(tmp_path / "named.pdf"), "--out", str(out), "--timeout", "60") == 0
    assert time.monotonic() - t0 < 60
    m = manifest(out)
    assert m["pipe.txt"]["status"] == "skipped" and "named pipe" in m["pipe.txt"]["error"]
    assert m["named.pdf"]["status"] == "skipped"
    assert list(documents(out)) == ["good.txt"]


# 2 ------------------------------------------------------------------------------------------------
GBK_NAME = os.fsdecode("财政局决算".encode("gbk") + b".txt")


def test_file_name_not_utf8_is_extracted_with_its_name_kept(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(YULIN, src / GBK_NAME)
    assert extract(str(src), "--out", str(out)) == 0
    (row,) = documents(out).values()
    assert row["status"] == "ok"
    assert name_bytes(row["source_name"]) == os.fsencode(GBK_NAME)  # lossless
    data = json.loads((out / "json" / f"{row['doc_id']}.json").read_text("utf-8"))
    assert "财政局决算.txt" in data["metadata"]["evidence"]["source_name"]  # readable
    assert (out / "manifest.json").is_file() and "1 ok" in capsys.readouterr().out
    assert not (out / ".staging").exists() or not any((out / ".staging").iterdir())
    assert extract(str(src), "--out", str(out)) == 0  # a rerun skips it, no crash
    assert "1 skipped" in capsys.readouterr().out


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_lossless_name_round_trips_any_bytes(raw):
    name = os.fsdecode(raw)
    text = lossless_name(name)
    text.encode("utf-8")  # always valid UTF-8
    assert name_bytes(text) == raw
    readable_name(name).encode("utf-8")


# 3 ------------------------------------------------------------------------------------------------
def test_second_writer_refuses_while_a_run_holds_out(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    corpus(src, 1)
    with writer_lock(out, "extract"):
        assert extract(str(src), "--out", str(out)) == 2
    assert "being written by another juesuan run (extract, pid" in capsys.readouterr().err
    assert not (out / "documents").exists()
    assert extract(str(src), "--out", str(out)) == 0  # the lock went with its holder


def test_in_process_run_refuses_while_a_cli_run_writes_then_both_datasets_whole(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    corpus(src, 6)
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(src), "--out", str(out), "--quiet", "--workers", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lock = out / ".juesuan" / "lock"
    deadline = time.time() + 60
    while time.time() < deadline and not (lock.is_file() and str(proc.pid) in lock.read_text()):
        time.sleep(0.02)
    assert extract(str(src), "--out", str(out)) == 2
    assert proc.wait(timeout=300) == 0
    assert extract(str(src), "--out", str(out)) == 0
    assert "6 skipped" in capsys.readouterr().out
    assert len(dataset_rows(out)["documents"]) == 6 and len(list((out / "json").glob("*.json"))) == 6


def test_compact_and_validate_take_the_same_lock(tmp_path):
    main(["extract", str(YULIN), "--out", str(tmp_path), "--quiet"])
    with writer_lock(tmp_path, "extract"):
        assert main(["compact", str(tmp_path)]) == 2
        assert main(["validate", str(tmp_path)]) == 2


# 5 ------------------------------------------------------------------------------------------------
def test_unwritable_out_is_a_usage_error_before_any_work(tmp_path, capsys, monkeypatch):
    out = Path("/sys/juesuan-test-out")  # sysfs refuses new folders, even for root
    if os.access("/sys", os.W_OK) and not os.path.isdir("/sys/kernel"):
        pytest.skip("no read-only file system here")
    import pipeline.batch.run as run

    monkeypatch.setattr(run, "plan", lambda *a, **k: pytest.fail("planned before checking OUT"))
    assert extract(str(YULIN), "--out", str(out)) == 2
    assert "cannot write the output folder /sys/juesuan-test-out" in capsys.readouterr().err


def test_read_only_out_folder_is_refused(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    real = Path.write_bytes

    def refuse(self, data):
        if self.parent.parent == out:
            raise OSError(30, "Read-only file system")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    with pytest.raises(UsageError, match="read-only file system"):
        check_writable(out)


# 6 ------------------------------------------------------------------------------------------------
def _damage(path: Path) -> None:
    path.write_bytes(b"PAR1 this is not a parquet file" * 10)


def test_corrupt_parquet_is_rebuilt_from_json_by_extract_search_and_report(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    corpus(src, 2)
    assert extract(str(src), "--out", str(out)) == 0
    good = dataset_rows(out)
    doc_id = sorted(good["documents"])[0][0]
    for table in ("documents", "facts"):
        _damage(out / table / f"{doc_id}.parquet")
    capsys.readouterr()
    assert extract(str(src), "--out", str(out)) == 0
    err = capsys.readouterr().err
    assert f"damaged Parquet file documents/{doc_id}.parquet" in err and f"facts/{doc_id}.parquet" in err
    assert dataset_rows(out) == good
    _damage(out / "facts" / f"{doc_id}.parquet")
    assert main(["search", str(out), "公务接待"]) == 0
    assert f"facts/{doc_id}.parquet" in capsys.readouterr().err
    assert dataset_rows(out) == good
    _damage(out / "documents" / f"{doc_id}.parquet")
    assert main(["report", str(out), "--site", str(tmp_path / "site")]) == 0
    assert f"documents/{doc_id}.parquet" in capsys.readouterr().err
    assert dataset_rows(out) == good


def test_corrupt_compacted_file_is_rebuilt(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    corpus(src, 3)
    assert extract(str(src), "--out", str(out)) == 0
    good = dataset_rows(out)
    compact(out)
    (merged,) = (out / "line_items").glob("compacted-*.parquet")
    _damage(merged)
    assert extract(str(src), "--out", str(out)) == 0
    assert f"line_items/{merged.name}" in capsys.readouterr().err
    assert dataset_rows(out) == good


# 9 ------------------------------------------------------------------------------------------------
def test_failed_then_fixed_document_appears_once(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    bad = src / "report.txt"
    bad.write_bytes(bytes(range(256)) * 64)
    assert extract(str(src), "--out", str(out)) == 1
    assert documents(out)["report.txt"]["status"] == "failed"
    shutil.copy(YULIN, bad)  # fixed
    assert extract(str(src), "--out", str(out)) == 0
    rows = ds.dataset(out / "documents").to_table().to_pylist()
    assert [(r["source_name"], r["status"]) for r in rows] == [("report.txt", "ok")]
    assert len(list((out / "json").glob("*.json"))) == 1


def test_missing_input_path_is_a_usage_error_not_a_failed_row(tmp_path, capsys):
    out = tmp_path / "out"
    assert extract(str(tmp_path / "nope.pdf"), "--out", str(out)) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert not (out / "documents").exists()


def test_state_knows_every_table_without_importing_pyarrow():
    from pipeline.batch.state import TABLE_NAMES
    from pipeline.writers.columns import TABLES

    assert set(TABLE_NAMES) == set(TABLES) and TABLE_NAMES[0] == "documents"


def test_help_imports_no_batch_machinery():
    code = ("import sys\nfrom pipeline.cli import build_parser\nbuild_parser()\n"
            "names = ('pyarrow', 'pydantic', 'pipeline.batch.run', 'tqdm', 'pdfplumber')\n"
            "heavy = [m for m in names if m in sys.modules]\n"
            "print(heavy)")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.stdout.strip() == "[]", res.stdout + res.stderr


def test_a_reader_never_repairs_what_a_running_writer_is_staging(tmp_path, capsys):
    main(["extract", str(YULIN), "--out", str(tmp_path), "--quiet"])
    staging = tmp_path / ".staging" / "in-flight.1234"
    staging.mkdir(parents=True)
    with writer_lock(tmp_path, "extract"):
        assert main(["search", str(tmp_path), "公务接待"]) == 0
        assert staging.is_dir()  # another run's unfinished commit is left alone
    assert "reading it without checking" in capsys.readouterr().err
