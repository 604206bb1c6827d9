"""`make bench`: end-to-end extraction speed (ms/page, pages/s) and peak memory on the samples.

Runs each sample through `pipeline.runner.process` and the writers REPEAT times on one core,
prints the median ms/page per document, per format and per kind (预算 budgets apart from 决算),
and the process's peak RSS.  Never part
of `make test`: timings are reported, not asserted.
"""
from __future__ import annotations

import cProfile
import pstats
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pipeline.runner import discover, process
from pipeline.writers import write_document

REPEAT = 3


def bench(path: Path, out: Path) -> tuple[int, str, list[float]]:
    """(pages, kind, seconds per run): kind is 预算 (budget_*), 决算 (final_*) or its doc_kind."""
    times, pages, kind = [], 1, "unknown"
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        doc = process(path)
        write_document(doc, out)
        times.append(time.perf_counter() - t0)
        pages = doc.source.pages or 1
        kind = {"budget": "预算", "final": "决算"}.get(doc.metadata.doc_kind.split("_")[0], doc.metadata.doc_kind)
    return pages, kind, times


def main(argv: list[str]) -> int:
    paths = discover([Path(a) for a in (argv or ["samples"])])
    profile = "--profile" in argv
    totals: dict[str, list[float]] = {}  # per format and kind: [pages, seconds]; text never mixes into PDF
    prof = cProfile.Profile() if profile else None
    with tempfile.TemporaryDirectory() as tmp:
        if prof:
            prof.enable()
        for p in paths:
            pages, kind, times = bench(p, Path(tmp))
            med = statistics.median(times)
            for group in (p.suffix.lower(), f"{p.suffix.lower()} {kind}"):
                t = totals.setdefault(group, [0, 0.0])
                t[0] += pages
                t[1] += med
            print(f"{p.name[:40]:40s} {pages:4d} pages  {1000 * med / pages:7.1f} ms/page  "
                  f"({med:.2f} s median of {REPEAT})")
        if prof:
            prof.disable()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for group, (pages, secs) in sorted(totals.items()):
        print(f"{group} overall: {1000 * secs / max(pages, 1):.1f} ms/page, {pages / secs:.1f} pages/s")
    print(f"peak RSS {peak_mb:.0f} MB")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
