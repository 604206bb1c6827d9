"""`make bench` (part 1): text PDFs, one run, four readers of the same files.

On the PDF samples only (text samples would flatter the PDF figure), each mode runs in a fresh
process so its peak RSS is its own, REPEAT times, and the median is reported:
- pdfplumber: bare `extract_text()` + `extract_tables()` per page (the yardstick),
- pdfium text: bare pypdfium2 text of every page (the floor for reading),
- juesuan in-process: `pipeline.runner.process` + the writers, per document,
- juesuan CLI: `python -m pipeline.cli extract FILES --workers 1` end to end (start-up included;
  peak RSS is the largest process of the run: the parent, the fork server or the worker),
with ms/page, pages/s and peak RSS, and juesuan's time as a multiple of bare pdfplumber's.
Never part of `make test`: timings are reported, not asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 5
MODES = ("pdfplumber", "pdfium-text", "juesuan", "juesuan-cli")


def _pages(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for p in paths:
        doc = pdfium.PdfDocument(p)
        total += len(doc)
        doc.close()
    return total


def _run_pdfplumber(paths: list[Path]) -> None:
    import pdfplumber

    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()


def _run_pdfium(paths: list[Path]) -> None:
    import pypdfium2 as pdfium

    for p in paths:
        doc = pdfium.PdfDocument(p)
        for page in doc:
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        doc.close()


def _run_juesuan(paths: list[Path]) -> None:
    from pipeline.runner import process
    from pipeline.writers import write_document

    with tempfile.TemporaryDirectory() as out:
        for p in paths:
            write_document(process(p), Path(out))


def _run_cli(paths: list[Path]) -> float:
    """The CLI run; returns its worker's peak RSS in MB (the worker is the fork server's child,
    so RUSAGE_CHILDREN of this process never sees it: the manifest carries it)."""
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "pipeline.cli", "extract", *map(str, paths), "--out", out,
               "--workers", "1", "--quiet"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        manifest = json.loads((Path(out) / "manifest.json").read_text("utf-8"))
        return max((d.get("max_rss_mb") or 0.0 for d in manifest["documents"]), default=0.0)


def child(mode: str, paths: list[Path]) -> dict[str, float]:
    """Run one mode REPEAT times in this process: median seconds and peak RSS (MB)."""
    fn = {"pdfplumber": _run_pdfplumber, "pdfium-text": _run_pdfium, "juesuan": _run_juesuan,
          "juesuan-cli": _run_cli}[mode]
    times, worker_mb = [], 0.0
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        got = fn(paths)
        times.append(time.perf_counter() - t0)
        worker_mb = max(worker_mb, got or 0.0)
    who = resource.RUSAGE_CHILDREN if mode == "juesuan-cli" else resource.RUSAGE_SELF
    return {"secs": statistics.median(times), "rss_mb": max(resource.getrusage(who).ru_maxrss / 1024, worker_mb)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("samples", nargs="?", default="samples")
    ap.add_argument("--child", choices=MODES)
    a, rest = ap.parse_known_args()
    src = Path(a.samples)
    paths = sorted(src.glob("*.pdf")) if src.is_dir() else [src, *map(Path, rest)]
    if a.child:
        print(json.dumps(child(a.child, paths)))
        return 0
    pages = _pages(paths)
    print(f"{len(paths)} PDFs, {pages} pages; median of {REPEAT} runs, each mode in its own process")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))}
    results = {}
    for mode in MODES:
        out = subprocess.run([sys.executable, __file__, str(src), *rest, "--child", mode], check=True,
                             capture_output=True, text=True, env=env).stdout
        r = json.loads(out.strip().splitlines()[-1])
        results[mode] = r
        print(f"{mode:12s} {1000 * r['secs'] / pages:7.1f} ms/page  {pages / r['secs']:7.1f} pages/s  "
              f"peak RSS {r['rss_mb']:5.0f} MB")
    base = results["pdfplumber"]["secs"]
    print(f"juesuan in-process = {results['juesuan']['secs'] / base:.2f}× bare pdfplumber, "
          f"CLI = {results['juesuan-cli']['secs'] / base:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
