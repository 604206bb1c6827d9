"""Legacy Word/WPS/Excel through LibreOffice: conversion, its absence, its hang, encryption."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractors import ExtractionError, extract
from extractors.office import legacy as legacy
from pipeline.runner import process
from tests.test_docx import build_sample, ole_file

HAS_SOFFICE = legacy.soffice() is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")


@pytest.fixture()
def plain_doc(tmp_path: Path) -> Path:
    """An OLE file with an unencrypted WordDocument stream (not a real Word body)."""
    p = tmp_path / "旧格式.doc"
    p.write_bytes(ole_file(["WordDocument"], fill=b"\0"))
    return p


@pytest.fixture()
def no_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def _soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Make a legacy file for a test with LibreOffice itself (docx → doc, xlsx → xls …)."""
    profile = outdir / "profile"
    subprocess.run([legacy.soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    return outdir / f"{src.stem}.{fmt.split(':')[0]}"


# --------------------------------------------------------------------------- without LibreOffice
def test_missing_libreoffice_is_a_clear_failure(plain_doc: Path, no_soffice: None):
    with pytest.raises(ExtractionError, match=r"LibreOffice is not installed: cannot convert \.doc"):
        extract(plain_doc)
    doc = process(plain_doc)
    assert doc.status == "failed" and doc.source.format == "doc"
    assert "LibreOffice is not installed" in doc.errors[0].reason


def test_encrypted_doc_refused_before_conversion(tmp_path: Path, no_soffice: None):
    p = tmp_path / "加密.doc"
    p.write_bytes(ole_file(["WordDocument"], fill=b"\x01"))  # FIB byte 0x0B bit 0: fEncrypted
    with pytest.raises(ExtractionError, match="password-protected Word document"):
        extract(p)
    assert process(p).status == "failed"


def test_hanging_conversion_is_killed(plain_doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "soffice.pid"
    fake = bin_dir / "soffice"
    fake.write_text(f"#!{sys.executable}\nimport os, subprocess, sys, time\n"  # a child too: the group dies
                    f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
                    "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\ntime.sleep(600)\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("JUESUAN_SOFFICE_TIMEOUT", "1.5")
    t0 = time.monotonic()
    with pytest.raises(ExtractionError, match=r"timed out after 1\.5 s \(killed\)"):
        extract(plain_doc)
    assert time.monotonic() - t0 < 15
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the fake and its sleeping child are gone with their process group
    doc = process(plain_doc)
    assert doc.status == "failed" and "timed out" in doc.errors[0].reason


def test_failing_conversion_reports_exit(plain_doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(ExtractionError, match="LibreOffice failed on 旧格式.doc .exit 1.: Error: source file"):
        extract(plain_doc)


def test_unreadable_xls_without_libreoffice(tmp_path: Path, no_soffice: None):
    p = tmp_path / "附表.xls"
    p.write_bytes(ole_file(["Workbook"], fill=b"\0"))  # BIFF garbage: xlrd cannot read it
    doc = process(p)
    assert doc.status == "failed" and doc.source.format == "xls"
    assert "LibreOffice is not installed: cannot convert .xls" in doc.errors[0].reason
    assert "xlrd cannot read it" in doc.errors[0].reason


# --------------------------------------------------------------------------- with LibreOffice
@needs_soffice
def test_doc_and_wps_read_like_the_docx(tmp_path: Path):
    src = build_sample(tmp_path / "sample.docx")
    want = [(b.kind, b.text, b.grid.text_matrix() if b.grid else None) for b in extract(src).blocks]
    doc_file = _soffice_convert(src, "doc", tmp_path / "out")
    wps_file = tmp_path / "sample.wps"
    shutil.copyfile(doc_file, wps_file)
    for path, fmt in ((doc_file, "doc"), (wps_file, "wps")):
        doc = process(path)
        assert doc.status != "failed", doc.errors
        assert doc.source.format == fmt and doc.source.name == path.name
        got = [(b.kind, b.text, b.grid.text_matrix() if b.grid else None) for b in doc.blocks]
        # LibreOffice keeps body text, list numbers, merges and the nested table; a DrawingML
        # text box without its shape wrapper may be dropped in the round trip
        box = "某某局2024年度部门决算"
        assert [g for g in got if g[1] != box] == [w for w in want if w[1] != box]


@needs_soffice
def test_rtf_posing_as_doc(tmp_path: Path):
    src = build_sample(tmp_path / "sample.docx")
    rtf = _soffice_convert(src, "rtf", tmp_path / "out")
    as_doc = tmp_path / "really_rtf.doc"
    shutil.copyfile(rtf, as_doc)
    doc = extract(as_doc)
    assert doc.source.format == "doc"
    texts = [b.text for b in doc.blocks]
    assert any(t.endswith("收入支出决算总体情况") for t in texts)  # LibreOffice's RTF list text loses 、
    assert "本部门2024年度总收入100万元。" in texts
    assert any(b.grid and b.grid.n_cols == 4 for b in doc.blocks)


@needs_soffice
def test_xls_and_et_through_xlrd(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表一"
    ws["A1"] = "收入支出决算总表"
    ws.merge_cells("A1:C1")
    ws.append(["项目", "年初预算数", "执行率"])
    ws.append(["合计", 1954.41, 0.3637])
    ws["C3"].number_format = "0.00%"
    ws.append(["其他", 2000, 1031.24])
    ws["C4"].number_format = "#,##0.00"
    src = tmp_path / "book.xlsx"
    wb.save(src)
    xls = _soffice_convert(src, "xls", tmp_path / "out")
    et = tmp_path / "book.et"
    shutil.copyfile(xls, et)
    for path in (xls, et):
        doc = extract(path)
        assert doc.source.format == "xls"
        tables = [b for b in doc.blocks if b.kind == "table"]
        assert all(b.text != "表一" for b in doc.blocks)  # a sheet name that is no title is no block (issue 12)
        assert tables[0].grid.text_matrix() == [
            ["收入支出决算总表"] * 3, ["项目", "年初预算数", "执行率"],
            ["合计", "1954.41", "36.37%"], ["其他", "2000", "1,031.24"]]


@needs_soffice
def test_damaged_doc_fails_cleanly(plain_doc: Path):
    doc = process(plain_doc)  # an OLE file whose WordDocument stream is zeros
    assert doc.status == "failed"
    assert "LibreOffice" in doc.errors[0].reason


@needs_soffice
def test_doc_picture_without_ocr_is_partial_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A .doc goes through the .docx reader: a picture of a table it cannot OCR is named, as in a .docx."""
    pytest.importorskip("docx")
    from tests.test_docx_pictures import _word_with_picture, without_ocr

    without_ocr(monkeypatch)
    doc_file = _soffice_convert(_word_with_picture(tmp_path), "doc", tmp_path / "out")
    doc = process(doc_file)
    assert doc.source.format == "doc" and doc.status == "partial"
    assert any(e.reason.startswith("OCR not installed: pictures in body elements") for e in doc.errors), doc.errors
