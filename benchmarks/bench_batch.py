"""`make bench` (part 2): a batch at scale — docs/s and pages/s with 1 and 2 workers.

Builds a corpus of DOCS documents from the samples (bytes varied so every hash differs: a
trailing comment line for text, bytes after %%EOF for PDFs), runs the real batch engine on it
with 1 and then 2 workers into fresh output folders, and prints throughput, the scaling ratio
and the peak RSS of one document's worker process.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.batch.run import Options, execute, plan
from pipeline.runner import discover


def build_corpus(samples: Path, folder: Path, n: int) -> None:
    sources = discover([samples])
    folder.mkdir(parents=True)
    for i in range(n):
        src = sources[i % len(sources)]
        data = src.read_bytes()
        tail = f"\n附注{i}\n" if src.suffix == ".txt" else f"\n% juesuan bench copy {i}\n"
        (folder / f"{i:04d}-{src.name}").write_bytes(data + tail.encode("utf-8"))


def run_once(corpus: Path, out: Path, workers: int) -> tuple[float, int, int, float]:
    """(seconds, documents, pages, peak worker RSS in MB) of one batch run."""
    batch = plan([corpus], out, force=False)
    results = []
    t0 = time.perf_counter()
    execute(batch, out, Options(workers=workers), results.append)
    secs = time.perf_counter() - t0
    pages = sum(r.pages or 1 for r in results)
    return secs, len(results), pages, max((r.max_rss_mb or 0.0) for r in results)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("samples", nargs="?", default="samples")
    ap.add_argument("--docs", type=int, default=200)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        build_corpus(Path(a.samples), corpus, a.docs)
        rates = {}
        for workers in (1, 2):
            out = Path(tmp) / f"out{workers}"
            secs, docs, pages, rss = run_once(corpus, out, workers)
            rates[workers] = docs / secs
            print(f"workers={workers}: {docs} docs, {pages} pages in {secs:.1f} s → {docs / secs:.2f} docs/s, "
                  f"{pages / secs:.1f} pages/s, peak RSS per worker {rss:.0f} MB")
            shutil.rmtree(out)
        print(f"scaling 2 vs 1 workers: {rates[2] / rates[1]:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
