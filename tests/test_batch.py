"""Batch runs: incremental, de-duplicated, isolated, crash-safe (issue 7)."""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import commit, run
from pipeline.batch.commit import commit_document, recover
from pipeline.batch.compact import compact
from pipeline.batch.isolate import Job, Limits, run_isolated
from pipeline.cli import main
from pipeline.runner import process
from tests.batch_helpers import corpus, dataset_rows
from tests.conftest import PUTUO, ROOT, YULIN


def extract(*args: str) -> int:
    return main(["extract", *args, "--quiet"])


def test_second_run_skips_and_new_file_is_the_only_one_processed(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    corpus(src, 2)
    assert extract(str(src), "--out", str(out)) == 0
    corpus(src, 3)  # doc002 is new
    capsys.readouterr()
    assert extract(str(src), "--out", str(out)) == 0
    assert "1 ok, 0 partial, 0 failed, 2 skipped" in capsys.readouterr().out
    assert len(dataset_rows(out)["documents"]) == 3


def test_force_replaces_rows_never_duplicates(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    corpus(src, 2)
    extract(str(src), "--out", str(out))
    first = dataset_rows(out)
    compact(out)
    extract(str(src), "--out", str(out), "--force")
    assert dataset_rows(out) == first
    compact(out)
    assert dataset_rows(out) == first


def test_same_bytes_under_two_names_is_one_document(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(YULIN, src / "a.txt")
    shutil.copy(YULIN, src / "b.txt")
    extract(str(src), "--out", str(out))
    docs = dataset_rows(out)["documents"]
    assert len(docs) == 1
    assert "same document as a.txt: b.txt" in capsys.readouterr().out


def test_zero_byte_dangling_link_and_symlink_loop(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(YULIN, src / "good.txt")
    (src / "zero.txt").write_bytes(b"")
    (src / "gone.txt").symlink_to(src / "missing.txt")
    (src / "loop").symlink_to(src, target_is_directory=True)
    assert extract(str(src), "--out", str(out)) == 1
    import pyarrow.dataset as ds

    docs = {r["source_name"]: r for r in ds.dataset(out / "documents").to_table().to_pylist()}
    assert docs["good.txt"]["status"] == "ok"
    assert docs["zero.txt"]["status"] == "failed" and "empty" in docs["zero.txt"]["error"]
    assert "gone.txt" not in docs  # nothing to identify it by: skipped with the reason, no permanent failed row
    manifest = {Path(d["path"]).name: d for d in json.loads((out / "manifest.json").read_text())["documents"]}
    assert manifest["gone.txt"]["status"] == "skipped" and "does not exist" in manifest["gone.txt"]["error"]


def test_file_deleted_mid_run_is_a_failed_document(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    paths = corpus(src, 2)
    batch = run.plan([src], out, force=False)
    paths[1].unlink()
    results = []
    run.execute(batch, out, run.Options(workers=1), results.append)
    by = {Path(o.path).name: o for o in results}
    assert by["doc000.txt"].status == "ok"
    assert by["doc001.txt"].status == "failed" and "cannot read" in by["doc001.txt"].error


def test_runaway_document_is_killed_at_the_time_limit(tmp_path):
    res = run_isolated(Job(str(PUTUO), "x"), tmp_path, Limits(timeout_s=0.05))
    assert res["status"] == "failed" and "exceeded the time limit of 0.05 s" in res["error"]
    assert len(dataset_rows(tmp_path)["documents"]) == 1


def test_memory_limit_fails_the_document_not_the_batch(tmp_path):
    res = run_isolated(Job(str(PUTUO), "x"), tmp_path, Limits(memory_mb=64))
    assert res["status"] == "failed"
    assert len(dataset_rows(tmp_path)["documents"]) == 1


def test_disk_full_stops_the_run_cleanly(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    corpus(src, 3)
    monkeypatch.setattr(run.Worker, "run", lambda self, job: {
        "fatal": True, "crash": "OSError: [Errno 28] No space left on device"})
    batch = run.plan([src], out, force=False)
    run.execute(batch, out, run.Options(workers=1), lambda o: None)
    assert batch.stopped and "No space left on device" in batch.stopped


def test_a_failed_commit_leaves_nothing_half_written(tmp_path, monkeypatch):
    doc = process(YULIN)
    commit_document(doc, tmp_path)
    before = dataset_rows(tmp_path)
    real = commit.document_files

    def flaky(d):
        files = real(d)

        def boom(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return files[:5] + [(files[5][0], boom)] + files[6:]

    monkeypatch.setattr(commit, "document_files", flaky)
    with pytest.raises(OSError):
        commit_document(doc.model_copy(update={"facts": []}), tmp_path)
    assert recover(tmp_path) == (0, 1)
    assert dataset_rows(tmp_path) == before


def test_kill_9_and_resume_gives_the_uninterrupted_dataset(tmp_path):
    src = tmp_path / "in"
    corpus(src, 24)
    ref, out = tmp_path / "ref", tmp_path / "out"
    assert extract(str(src), "--out", str(ref), "--workers", "2") == 0
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(src), "--out", str(out), "--quiet", "--workers", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((out / "documents").glob("*.parquet"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(list((out / "documents").glob("*.parquet"))) < 24  # really interrupted
    assert extract(str(src), "--out", str(out), "--workers", "2") == 0
    assert dataset_rows(out) == dataset_rows(ref)
    assert not (out / ".staging").exists() or not any((out / ".staging").iterdir())


def test_ray_engine_gives_the_local_dataset(tmp_path):
    ray = pytest.importorskip("ray")
    src = tmp_path / "in"
    corpus(src, 4)
    local, distributed = tmp_path / "local", tmp_path / "ray"
    assert extract(str(src), "--out", str(local), "--workers", "2") == 0
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        assert extract(str(src), "--out", str(distributed), "--engine", "ray", "--workers", "2") == 0
    finally:
        ray.shutdown()
    assert dataset_rows(distributed) == dataset_rows(local)
