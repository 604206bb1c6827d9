"""Issue 14 items 4 and 10: memory reported as memory at once, limits that mean what users mean,
and a killed conversion takes its LibreOffice process group and profile folder with it."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from pipeline.batch.isolate import Job, Limits, Worker, run_isolated
from pipeline.cli import main
from tests.batch_helpers import dataset_rows
from tests.conftest import PUTUO, ROOT, YULIN
from tests.test_docx import ole_file


def test_memory_over_the_limit_is_reported_at_once_with_the_figures(tmp_path):
    t0 = time.monotonic()
    res = run_isolated(Job(str(PUTUO), "x"), tmp_path, Limits(timeout_s=600, memory_mb=80))
    assert time.monotonic() - t0 < 120  # not after the time limit
    assert res["status"] == "failed"
    assert "out of memory" in res["error"] and "over the memory limit of 80 MB" in res["error"]
    assert "time limit" not in res["error"] and "MemoryError: " not in res["error"]
    assert len(dataset_rows(tmp_path)["documents"]) == 1


def test_memory_limit_is_resident_memory_not_address_space(tmp_path):
    res = run_isolated(Job(str(PUTUO), "x"), tmp_path, Limits(timeout_s=600, memory_mb=1000))
    assert res["status"] == "ok" and res["pages"] >= 20, res


def test_one_worker_handles_many_documents_and_recovers_after_a_kill(tmp_path):
    worker = Worker(tmp_path, Limits(timeout_s=600, memory_mb=2000))
    try:
        first = worker.run(Job(str(YULIN), "a"))
        pid = worker.proc.pid
        assert first["status"] == "ok"
        worker.limits = Limits(timeout_s=0.05, memory_mb=2000)
        slow = worker.run(Job(str(PUTUO), "b"))
        assert slow["status"] == "failed" and "exceeded the time limit of 0.05 s" in slow["error"]
        worker.limits = Limits(timeout_s=600, memory_mb=2000)
        again = worker.run(Job(str(YULIN), "a"))
        assert again["status"] == "ok" and worker.proc.pid != pid  # a fresh worker after the kill
        pid = worker.proc.pid
        assert worker.run(Job(str(YULIN), "a"))["status"] == "ok" and worker.proc.pid == pid  # reused
    finally:
        worker.stop()


@pytest.mark.parametrize("flag, value", [("--memory-mb", "0"), ("--memory-mb", "-5"), ("--timeout", "0"),
                                         ("--timeout", "-1"), ("--timeout", "nan"), ("--workers", "-2")])
def test_nonsensical_limits_are_usage_errors(tmp_path, flag, value, capsys):
    with pytest.raises(SystemExit) as e:
        main(["extract", str(YULIN), "--out", str(tmp_path / "out"), flag, value])
    assert e.value.code == 2 and "must be" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(")")[-1].split()[0] != "Z"


def test_timed_out_conversion_leaves_no_soffice_and_no_profile(tmp_path):
    doc = tmp_path / "in" / "旧格式.doc"
    doc.parent.mkdir()
    doc.write_bytes(ole_file(["WordDocument"], fill=b"\0"))
    bin_dir, tmp = tmp_path / "fake-bin", tmp_path / "tmp"
    bin_dir.mkdir()
    tmp.mkdir()
    pids = tmp_path / "pids"
    fake = bin_dir / "soffice"  # writes a profile like LibreOffice, starts a child, hangs
    fake.write_text(f"#!{sys.executable}\nimport os, subprocess, sys, time\n"
                    "[os.makedirs(a.split('file://', 1)[1], exist_ok=True)\n"
                    " for a in sys.argv if 'UserInstallation' in a]\n"
                    "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
                    f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{c.pid}}')\ntime.sleep(600)\n")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(tmp),
           "JUESUAN_SOFFICE_TIMEOUT": "300", "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(doc), "--out", str(out), "--quiet", "--timeout", "4"]
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and "exceeded the time limit of 4 s" in res.stdout, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    converter, child = (int(p) for p in pids.read_text().split())
    deadline = time.time() + 10
    while time.time() < deadline and (_alive(converter) or _alive(child)):
        time.sleep(0.1)
    assert not _alive(converter) and not _alive(child)
    assert list(tmp.iterdir()) == []  # no profile folder, no worker folder
