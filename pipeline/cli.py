"""The `juesuan` command: extract, compact, query, search, package, report, serve."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from pipeline.batch import progress
from pipeline.batch.isolate import Limits
from pipeline.batch.run import Batch, Options, Outcome, execute, plan
from pipeline.version import PIPELINE_VERSION, SCHEMA_VERSION
from pipeline.writers.atomic import write_bytes_atomic


def _options(args: argparse.Namespace) -> Options:
    limits = Limits(timeout_s=args.timeout, memory_mb=args.memory_mb)
    workers = args.workers or os.cpu_count() or 1
    return Options(workers=workers, force=args.force, engine=args.engine, address=args.address, limits=limits)


def _extract(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    opts = _options(args)
    started, t0 = datetime.now(UTC).isoformat(timespec="seconds"), time.perf_counter()
    batch = plan([Path(p) for p in args.paths], out, opts.force)
    bar = tqdm(total=len(batch.jobs), unit="doc", disable=args.quiet, file=sys.stderr)
    done: list[Outcome] = []

    def on_done(o: Outcome) -> None:
        done.append(o)
        bar.update(1)
        bar.set_postfix(progress.postfix(done, time.perf_counter() - t0))

    execute(batch, out, opts, on_done)
    bar.close()
    outcomes = batch.outcomes + done
    _write_manifest(out, outcomes, batch, started, time.perf_counter() - t0, opts)
    _write_datapackage(out)
    _print_summary(outcomes, batch, time.perf_counter() - t0)
    return 2 if batch.stopped else (1 if any(o.status == "failed" for o in outcomes) else 0)


def _write_manifest(out: Path, outcomes: list[Outcome], batch: Batch, started: str, secs: float,
                    opts: Options) -> None:
    manifest = {
        "pipeline_version": PIPELINE_VERSION, "schema_version": SCHEMA_VERSION, "started": started,
        "seconds": round(secs, 3), "engine": opts.engine, "workers": opts.workers, "stopped": batch.stopped,
        "recovered_from_crash": {"rolled_forward": batch.recovered[0], "rolled_back": batch.recovered[1]},
        "documents": [o.__dict__ for o in sorted(outcomes, key=lambda o: o.path)],
    }
    try:
        write_bytes_atomic(out / "manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode())
    except OSError as e:
        print(f"could not write manifest.json: {e}", file=sys.stderr)


def _write_datapackage(out: Path) -> None:
    try:
        from pipeline.analysis.datapackage import write_datapackage

        write_datapackage(out)
    except Exception as e:  # noqa: BLE001 - the data package never fails an extraction run
        print(f"could not write datapackage.json: {e}", file=sys.stderr)


def _print_summary(outcomes: list[Outcome], batch: Batch, secs: float) -> None:
    by = {s: sum(o.status == s for o in outcomes) for s in ("ok", "partial", "failed", "skipped")}
    pages = sum(o.pages or 0 for o in outcomes if o.status != "skipped")
    print(f"{len(outcomes)} documents: {by['ok']} ok, {by['partial']} partial, {by['failed']} failed, "
          f"{by['skipped']} skipped (already extracted); {pages} pages in {secs:.1f} s")
    for o in outcomes:
        if o.status in ("partial", "failed"):
            print(f"  {o.status}: {Path(o.path).name}: {o.error}")
        if o.aliases:
            print(f"  same document as {Path(o.path).name}: {', '.join(o.aliases)}")
    if batch.stopped:
        print(batch.stopped)


def _validate(args: argparse.Namespace) -> int:
    """Re-run validation on every document of an existing dataset; extracted values untouched."""
    from pipeline.batch.commit import commit_document, recover
    from pipeline.model import Document
    from pipeline.stages import validate

    out = Path(args.out)
    recover(out)
    counts = {"documents": 0, "error": 0, "warning": 0, "info": 0}
    for path in sorted((out / "json").glob("*.json")):
        doc = validate.run(Document.from_json(json.loads(path.read_text("utf-8"))))
        commit_document(doc, out)
        counts["documents"] += 1
        for f in doc.findings:
            counts[f.severity] += 1
    print(f"validated {counts['documents']} documents: {counts['error']} errors, {counts['warning']} warnings, "
          f"{counts['info']} info findings")
    return 0


def _compact(args: argparse.Namespace) -> int:
    from pipeline.batch.compact import compact

    for table, (files, rows) in compact(Path(args.out)).items():
        if files:
            print(f"{table}: {files} files → 1 ({rows} rows)")
    _write_datapackage(Path(args.out))
    return 0


def _query(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.analysis.examples import EXAMPLES, listing
    from pipeline.analysis.query import render, run

    if args.examples:
        print(listing())
        return 0
    if args.example:
        if args.example not in EXAMPLES:
            print(f"unknown example {args.example!r}; one of: {', '.join(EXAMPLES)}", file=sys.stderr)
            return 2
        sql = EXAMPLES[args.example].sql
    elif args.sql:
        sql = sys.stdin.read() if args.sql == "-" else args.sql
    else:
        print("give SQL (or - to read it from stdin), --example NAME or --examples", file=sys.stderr)
        return 2
    try:
        result = run(args.out, sql)
    except (duckdb.Error, FileNotFoundError) as e:
        print(f"query failed: {e}", file=sys.stderr)
        return 1
    sys.stdout.write(render(result, args.format))
    return 0


def _search(args: argparse.Namespace) -> int:
    from pipeline.analysis.query import render
    from pipeline.analysis.search import render_hits, search

    try:
        result = search(args.out, " ".join(args.terms), limit=args.limit, require_all=args.all)
    except FileNotFoundError as e:
        print(e, file=sys.stderr)
        return 1
    if args.format == "table":
        sys.stdout.write(render_hits(result, shutil.get_terminal_size((100, 24)).columns))
    else:
        sys.stdout.write(render(result, args.format))
    return 0


def _package(args: argparse.Namespace) -> int:
    from pipeline.analysis.datapackage import validate_datapackage, write_datapackage

    print(write_datapackage(args.out))
    if not args.validate:
        return 0
    report = validate_datapackage(args.out)
    for task in report.tasks:
        print(f"{task.name}: {'valid' if task.valid else 'INVALID'} ({task.stats.get('rows') or 0} rows)")
        for err in task.errors[:20]:
            print(f"  {err.type}: {err.message}")
    for err in report.errors:
        print(f"  {err.type}: {err.message}")
    return 0 if report.valid else 1


def _report(args: argparse.Namespace) -> int:
    from pipeline.analysis.report import build_report
    from pipeline.analysis.report.pages import DEFAULT_SCALE

    print(build_report(args.out, args.site, args.sources, args.scale or DEFAULT_SCALE))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from pipeline.analysis.report import build_report
    from pipeline.analysis.serve import make_server

    site = Path(args.site) if args.site else Path(args.out) / "report"
    if args.rebuild or not (site / "index.html").is_file():
        build_report(args.out, site)
    server = make_server(site, args.port)
    host, port = server.server_address[:2]
    print(f"serving {site} at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _add_analysis(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser("query", help="run SQL (DuckDB) over OUT's tables, each a view named as the table")
    q.add_argument("out")
    q.add_argument("sql", nargs="?", help="the SQL; - reads it from stdin")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--examples", action="store_true", help="list the ready queries")
    q.add_argument("--example", metavar="NAME", help="run a ready query")
    q.set_defaults(func=_query)
    s = sub.add_parser("search", help="Chinese full-text search over narrative text, reasons and findings")
    s.add_argument("out")
    s.add_argument("terms", nargs="+", help="words to search for, e.g. 公务接待")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--all", action="store_true", help="only entries with every word")
    s.add_argument("--format", choices=["table", "csv", "json"], default="table")
    s.set_defaults(func=_search)
    p = sub.add_parser("package", help="write OUT/datapackage.json (Frictionless Data Package)")
    p.add_argument("out")
    p.add_argument("--validate", action="store_true", help="validate it and its data (needs frictionless)")
    p.set_defaults(func=_package)
    r = sub.add_parser("report", help="write a static HTML site for reviewing OUT (default OUT/report)")
    r.add_argument("out")
    r.add_argument("--site", help="folder of the site (default OUT/report)")
    r.add_argument("--sources", nargs="*", default=[], help="folders to find source files in by name")
    r.add_argument("--scale", type=float, help="page image scale (1 = 72 dpi; default 1.5)")
    r.set_defaults(func=_report)
    v = sub.add_parser("serve", help="serve the report on localhost (built first when missing)")
    v.add_argument("out")
    v.add_argument("--site", help="folder of the site (default OUT/report)")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--rebuild", action="store_true", help="rebuild the report first")
    v.set_defaults(func=_serve)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="juesuan", description=__doc__)
    ap.add_argument("--version", action="version", version=f"juesuan {PIPELINE_VERSION}")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract documents (files or folders) into a dataset")
    ex.add_argument("paths", nargs="+")
    ex.add_argument("--out", required=True, help="output dataset directory")
    ex.add_argument("--workers", type=int, default=0, help="parallel documents (default: the machine's cores)")
    ex.add_argument("--force", action="store_true", help="re-extract documents already in OUT")
    ex.add_argument("--engine", choices=["local", "ray"], default="local")
    ex.add_argument("--address", help="Ray cluster address (with --engine ray)")
    ex.add_argument("--timeout", type=float, default=Limits.timeout_s, help="seconds per document before it is killed")
    ex.add_argument("--memory-mb", type=int, default=Limits.memory_mb, help="memory limit per document")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.set_defaults(func=_extract)
    va = sub.add_parser("validate", help="re-validate the documents of an existing dataset (勾稽)")
    va.add_argument("out")
    va.set_defaults(func=_validate)
    co = sub.add_parser("compact", help="merge the small per-document files of OUT")
    co.add_argument("out")
    co.set_defaults(func=_compact)
    _add_analysis(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
