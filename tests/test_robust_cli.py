"""Issue 14 item 12: CLI edges are usage errors, internal errors are sentences about the document,
and a document with no disclosure content is partial, not ok."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

import extractors
from extractors import ExtractionError, extract
from extractors.pdf import document as pdf_document
from pipeline.cli import main
from pipeline.runner import process
from pipeline.stages import content
from tests.conftest import ROOT, YULIN


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("args", [["validate", "{missing}"], ["report", "{missing}"], ["search", "{missing}", "公务"],
                                  ["compact", "{missing}"],
                                  ["package", "{missing}"]])
def test_commands_on_a_missing_dataset_are_usage_errors(tmp_path, args, capsys):
    argv = [a.format(missing=tmp_path / "nope") for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "no dataset at" in err and "Traceback" not in err


def test_search_limit_must_be_positive_and_no_traceback(tmp_path):
    main(["extract", str(YULIN), "--out", str(tmp_path), "--quiet"])
    res = cli("search", str(tmp_path), "公务接待", "--limit", "-1")
    assert res.returncode == 2 and "must be a positive number" in res.stderr and "Traceback" not in res.stderr


def test_extractor_bug_is_a_sentence_about_the_document(tmp_path, monkeypatch):
    import extractors.web.text as text_extractor

    def broken(path):
        raise TypeError("'NoneType' object is not iterable")

    monkeypatch.setattr(text_extractor, "extract", broken)
    p = tmp_path / "report.txt"
    p.write_text("预算", encoding="utf-8")
    with pytest.raises(ExtractionError, match="text file is damaged or built in a way") as e:
        extract(p)
    assert "NoneType" not in str(e.value)
    doc = process(p)
    assert doc.status == "failed" and "NoneType" not in doc.errors[0].reason


def test_pdfium_error_is_a_sentence():
    class PdfiumError(RuntimeError):
        pass

    said = extractors.internal_error_sentence(PdfiumError("Failed to load page (PDFium: Success)"), "pdf")
    assert said.startswith("the PDF is damaged") and "Success" not in said


def test_a_python_error_inside_pdfminer_names_the_page_not_the_type_error(tmp_path, monkeypatch):
    real = pdf_document.read_page

    def flaky(page):
        if page.page_number == 2:
            raise pdf_document.PdfminerException(TypeError("'float' object is not iterable"))
        return real(page)

    monkeypatch.setattr(pdf_document, "read_page", flaky)
    path = tmp_path / "two.pdf"
    c = canvas.Canvas(str(path))
    for text in ("page one", "page two", "page three"):
        c.drawString(72, 700, text)
        c.showPage()
    c.save()
    doc = pdf_document.extract(path)
    (reason,) = [e.reason for e in doc.errors if e.reason.startswith("page 2")]
    assert "could not be read: its content is damaged" in reason and "not iterable" not in reason


def _blank_pdf(path: Path, pages: int) -> Path:
    c = canvas.Canvas(str(path))
    for _ in range(pages):
        c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("make", [
    lambda d: _blank_pdf(d / "blank.pdf", 40),
    lambda d: (d / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin\n")
    and d / "passwd.txt",
    lambda d: (d / "empty.html").write_text("<html><body>" + "<div>" * 50 + "</div>" * 50 + "</body></html>")
    and d / "empty.html",
])
def test_no_disclosure_content_is_partial(tmp_path, make):
    doc = process(make(tmp_path))
    assert doc.status == "partial", doc.errors
    assert any(e.stage == "content" and e.reason.startswith(content.REASON) for e in doc.errors)


def test_a_real_disclosure_stays_ok():
    assert process(YULIN).status == "ok"


def test_pdfminer_warnings_go_to_the_worker_log_not_the_terminal(tmp_path):
    out = tmp_path / "out"
    script = ("import logging, sys\nfrom pipeline.batch.worker_boot import setup_worker\n"
              f"setup_worker({str(tmp_path)!r}, {str(out / '.juesuan' / 'worker.log')!r})\n"
              "logging.getLogger('pdfminer.pdfpage').warning('CropBox missing from /Page, defaulting to MediaBox')\n"
              "import warnings; warnings.warn('a pdfminer warning')\nprint('done')\n")
    res = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.stdout.strip() == "done" and res.stderr == ""
    log = (out / ".juesuan" / "worker.log").read_text()
    assert "CropBox missing" in log and "a pdfminer warning" in log


def test_a_worker_collects_cycles_after_each_document(tmp_path):
    """The worker's collector: preloaded modules frozen, and a document's cycles gone once it is
    written, even with collections made rare (pipeline.batch.worker_boot)."""
    script = ("import gc, sys\nfrom pathlib import Path\n"
              "from pipeline.batch.isolate import Job\n"
              "from pipeline.batch.worker_boot import setup_worker, work_safely\n"
              f"setup_worker({str(tmp_path)!r}, {str(tmp_path / 'worker.log')!r})\n"
              "assert gc.get_freeze_count() > 10000\n"
              "gc.set_threshold(10 ** 9)  # from here only the worker's own collection can free the cycle\n"
              "class Cycle:\n    pass\n"
              "c = Cycle(); c.me = c; del c\n"
              f"res = work_safely(Job({str(YULIN)!r}, 'x' * 64), Path({str(tmp_path / 'out')!r}))\n"
              "assert res['status'] == 'ok', res\n"
              "assert not any(type(o).__name__ == 'Cycle' for o in gc.get_objects())\n"
              "print('done')\n")
    res = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.stdout.strip() == "done", res.stdout + res.stderr


def test_a_document_is_processed_with_rare_young_collections_and_the_threshold_restored(monkeypatch):
    import gc

    import pipeline.runner as runner

    seen = []
    real = runner._process
    monkeypatch.setattr(runner, "_process", lambda path: (seen.append(gc.get_threshold()), real(path))[1])
    before = gc.get_threshold()
    assert process(YULIN).status == "ok"
    assert seen[0][0] == max(before[0], runner.EXTRACTION_GC_THRESHOLD) and gc.get_threshold() == before
