"""The `juesuan` command: `juesuan extract PATH... --out DIR`."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from pipeline.runner import DocResult, RunReport, discover, iter_processed
from pipeline.version import PIPELINE_VERSION, SCHEMA_VERSION
from pipeline.writers import write_document
from pipeline.writers.atomic import write_bytes_atomic


def _extract(args: argparse.Namespace) -> int:
    paths = discover([Path(p) for p in args.paths])
    out = Path(args.out)
    report = RunReport()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    workers = args.workers or min(os.cpu_count() or 1, max(1, len(paths)))
    bar = tqdm(total=len(paths), unit="doc", disable=args.quiet, file=sys.stderr)
    pages = 0
    for path, doc, secs in iter_processed(paths, workers):
        write_document(doc, out)
        pages += doc.source.pages or 0
        err = "; ".join(f"{e.stage}: {e.reason}" for e in doc.errors) or None
        report.results.append(DocResult(str(path), doc.doc_id, doc.status, err, doc.source.pages, round(secs, 3)))
        bar.update(1)
        bar.set_postfix(pages=pages, failed=len(report.failed))
    bar.close()
    _write_manifest(out, report, started)
    _print_summary(report)
    return 1 if report.failed else 0


def _write_manifest(out: Path, report: RunReport, started: str) -> None:
    manifest = {
        "pipeline_version": PIPELINE_VERSION, "schema_version": SCHEMA_VERSION, "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": [r.__dict__ for r in sorted(report.results, key=lambda r: r.path)],
    }
    write_bytes_atomic(out / "manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode())


def _print_summary(report: RunReport) -> None:
    by = {s: sum(r.status == s for r in report.results) for s in ("ok", "partial", "failed")}
    secs = sum(r.seconds for r in report.results)
    print(f"{len(report.results)} documents: {by['ok']} ok, {by['partial']} partial, {by['failed']} failed "
          f"({secs:.1f} s)")
    for r in report.results:
        if r.status != "ok":
            print(f"  {r.status}: {Path(r.path).name}: {r.error}")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="juesuan", description=__doc__)
    ap.add_argument("--version", action="version", version=f"juesuan {PIPELINE_VERSION}")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract documents (files or folders) into a dataset")
    ex.add_argument("paths", nargs="+")
    ex.add_argument("--out", required=True, help="output dataset directory")
    ex.add_argument("--workers", type=int, default=0, help="processes (default: cores, at most one per document)")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.set_defaults(func=_extract)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    t0 = time.perf_counter()
    code = int(args.func(args))
    if not getattr(args, "quiet", False):
        print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
