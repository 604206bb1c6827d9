"""The `juesuan` command: extract, compact, query, search, package, report, serve."""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.batch.lock import Busy, UsageError, writer_lock
from pipeline.version import PIPELINE_VERSION, SCHEMA_VERSION

if TYPE_CHECKING:
    from pipeline.batch.run import Batch, Options, Outcome

# the defaults of pipeline.batch.isolate.Limits, here so `--help` imports no batch machinery
DEFAULT_TIMEOUT_S, DEFAULT_MEMORY_MB = 900.0, 8192
log = logging.getLogger("juesuan")


def _positive(kind: type) -> object:
    def parse(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0 or value != value or value == float("inf"):
            raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
        return value
    parse.__name__ = kind.__name__
    return parse


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (all cores) or more, not {text}")
    return value


def _dataset(out: str, command: str = "read") -> Path:
    """An existing dataset folder, repaired for reading (pipeline.batch.state.repair) unless another
    command is writing it or it is read-only; UsageError when there is no dataset."""
    path = Path(out)
    if not path.is_dir():
        raise UsageError(f"no dataset at {out}: the folder does not exist (run `juesuan extract … --out {out}` first)")
    if not (path / "documents").is_dir() and not (path / "json").is_dir():
        raise UsageError(f"{out} is not a juesuan dataset (no documents/ or json/ folder in it)")
    from pipeline.batch.state import needs_repair

    if not needs_repair(path):
        return path  # sound: read as it is, writing nothing (not even a lock file)
    try:
        with writer_lock(path, command):
            _repair(path)
    except Busy as e:
        print(f"note: {e}; reading it without checking for damaged files", file=sys.stderr)
    except UsageError:
        pass  # read-only: read as it is
    return path


def _repair(out: Path) -> list[str]:
    from pipeline.batch.state import repair

    try:
        notes = repair(out)
    except OSError as e:
        print(f"note: could not check {out} for damaged files: {e.strerror or e}", file=sys.stderr)
        return []
    for note in notes:
        print(f"repaired: {note}", file=sys.stderr)
    return notes


def _options(args: argparse.Namespace) -> Options:
    from pipeline.batch.isolate import Limits
    from pipeline.batch.run import Options

    limits = Limits(timeout_s=args.timeout, memory_mb=args.memory_mb)
    workers = args.workers or os.cpu_count() or 1
    return Options(workers=workers, force=args.force, engine=args.engine, address=args.address, limits=limits)


def _extract(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    from pipeline.batch.inputs import missing

    if gone := missing(paths):
        raise UsageError("no such file or folder: " + ", ".join(str(p) for p in gone))
    out = Path(args.out)
    with writer_lock(out, "extract"):
        return _extract_locked(args, paths, out)


def _extract_locked(args: argparse.Namespace, paths: list[Path], out: Path) -> int:
    started, t0 = datetime.now(UTC).isoformat(timespec="seconds"), time.perf_counter()
    from pipeline.batch.inputs import extractor_modules, scan

    scanned = scan(paths)
    if args.engine == "local" and scanned[0]:  # the workers' fork server imports while we plan
        from pipeline.batch.isolate import preload

        preload(extractor_modules(scanned[0]), start=True)
    from tqdm import tqdm

    from pipeline.batch import progress
    from pipeline.batch.commit import recover
    from pipeline.batch.run import execute, plan
    from pipeline.batch.state import save_sources

    opts = _options(args)
    recovered = recover(out)
    batch = plan(paths, out, opts.force, scanned)
    batch.recovered = recovered
    for note in batch.repairs:
        print(f"repaired: {note}", file=sys.stderr)
    bar = tqdm(total=len(batch.jobs), unit="doc", disable=args.quiet, file=sys.stderr)
    done: list[Outcome] = []

    def on_done(o: Outcome) -> None:
        done.append(o)
        bar.update(1)
        bar.set_postfix(progress.postfix(done, time.perf_counter() - t0))

    packaged = (out / "datapackage.json").is_file()  # `juesuan package` made one: keep it current
    if packaged:  # the parent only waits on workers meanwhile: load what the end of the run needs
        threading.Thread(target=_import_quietly, args=("pipeline.analysis.datapackage",), daemon=True).start()
    try:
        execute(batch, out, opts, on_done)
    finally:
        bar.close()
        save_sources(out, batch.sources)
    outcomes = batch.outcomes + done
    _write_manifest(out, outcomes, batch, started, time.perf_counter() - t0, opts)
    if packaged:
        _write_datapackage(out)
    _print_summary(outcomes, batch, time.perf_counter() - t0)
    return 2 if batch.stopped else (1 if any(o.status == "failed" for o in outcomes) else 0)


def _import_quietly(module: str) -> None:
    import importlib

    try:
        importlib.import_module(module)
    except Exception:  # noqa: BLE001 - only a warm-up; the real import reports any problem
        pass


def _write_manifest(out: Path, outcomes: list[Outcome], batch: Batch, started: str, secs: float,
                    opts: Options) -> None:
    manifest = {
        "pipeline_version": PIPELINE_VERSION, "schema_version": SCHEMA_VERSION, "started": started,
        "seconds": round(secs, 3), "engine": opts.engine, "workers": opts.workers, "stopped": batch.stopped,
        "recovered_from_crash": {"rolled_forward": batch.recovered[0], "rolled_back": batch.recovered[1]},
        "repaired": batch.repairs,
        "documents": [o.__dict__ for o in sorted(outcomes, key=lambda o: o.path)],
    }
    from pipeline.writers.atomic import write_bytes_atomic

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
    unusable = sum(o.status == "skipped" and o.doc_id is None for o in outcomes)
    print(f"{len(outcomes)} documents: {by['ok']} ok, {by['partial']} partial, {by['failed']} failed, "
          f"{by['skipped'] - unusable} skipped (already extracted)"
          + (f", {unusable} not read" if unusable else "") + f"; {pages} pages in {secs:.1f} s")
    for o in outcomes:
        if o.status in ("partial", "failed") or (o.status == "skipped" and o.error):
            print(f"  {o.status}: {Path(o.path).name}: {o.error}")
        if o.aliases:
            print(f"  same document as {Path(o.path).name}: {', '.join(o.aliases)}")
    if batch.stopped:
        print(batch.stopped)


def _validate(args: argparse.Namespace) -> int:
    """Re-run validation on every document of an existing dataset; extracted values untouched."""
    out = _dataset(args.out, "validate")
    with writer_lock(out, "validate"):
        counts = _revalidate(out)
    print(f"validated {counts['documents']} documents: {counts['error']} errors, {counts['warning']} warnings, "
          f"{counts['info']} info findings")
    return 0


def _revalidate(out: Path) -> dict[str, int]:
    from pipeline.batch.commit import commit_document
    from pipeline.model import Document
    from pipeline.stages import validate

    counts = {"documents": 0, "error": 0, "warning": 0, "info": 0}
    for path in sorted((out / "json").glob("*.json")):
        doc = validate.run(Document.from_json(json.loads(path.read_text("utf-8"))))
        commit_document(doc, out)
        counts["documents"] += 1
        for f in doc.findings:
            counts[f.severity] += 1
    return counts


def _compact(args: argparse.Namespace) -> int:
    from pipeline.batch.compact import compact

    out = _dataset(args.out, "compact")
    with writer_lock(out, "compact"):
        for table, (files, rows) in compact(out).items():
            if files:
                print(f"{table}: {files} files → 1 ({rows} rows)")
        _write_datapackage(out)
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
    if Path(args.out).is_dir():  # a missing OUT stays a failed query (exit 1), as `query` has always said
        _dataset(args.out, args.command)
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

    _dataset(args.out, args.command)
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

    _dataset(args.out, args.command)
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

    _dataset(args.out, args.command)
    print(build_report(args.out, args.site, args.sources, args.scale or DEFAULT_SCALE))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from pipeline.analysis.report import build_report
    from pipeline.analysis.serve import make_server

    site = Path(args.site) if args.site else Path(args.out) / "report"
    if args.rebuild or not (site / "index.html").is_file():
        _dataset(args.out, args.command)
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
    s.add_argument("--limit", type=_positive(int), default=20)
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
    r.add_argument("--scale", type=_positive(float), help="page image scale (1 = 72 dpi; default 1.5)")
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
    ex.add_argument("--workers", type=_non_negative_int, default=0,
                    help="parallel documents (default: the machine's cores)")
    ex.add_argument("--force", action="store_true", help="re-extract documents already in OUT")
    ex.add_argument("--engine", choices=["local", "ray"], default="local")
    ex.add_argument("--address", help="Ray cluster address (with --engine ray)")
    ex.add_argument("--timeout", type=_positive(float), default=DEFAULT_TIMEOUT_S,
                    help="seconds per document before it is killed")
    ex.add_argument("--memory-mb", type=_positive(int), default=DEFAULT_MEMORY_MB,
                    help="resident memory (RSS) per worker before its document is killed, in MB")
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
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    logging.captureWarnings(True)
    try:
        return int(args.func(args))
    except UsageError as e:
        print(f"juesuan {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"juesuan {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
