"""`make bench`: OCR seconds per page, where the time goes, and accuracy against the text layer.

Builds a scanned copy of a text-layer PDF (its pages rendered at --dpi into an image-only PDF,
JPEG like a scanner's), reads every page of it with `extractors.ocr.reader.PageOcr` and prints, per
page and for table / text pages: wall seconds, CPU seconds (steadier than wall time on a
shared machine) and the split render / grid / det / cls / rec.  With --scales it repeats the
run at each render scale and compares the table cells with the text-layer extraction of the
same pages (share of cells read exactly, F1 of the amounts) — how RENDER_SCALE was chosen.
Timings are reported, never asserted; never part of `make test`.

    python benchmarks/bench_ocr.py [PDF] [--pages 6-8,15] [--dpi 200] [--scales 1.5,2,2.5]
                                   [--det-sides 960,1280,2400] [--threads 1]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from extractors.ocr import engine as ocr_engine
from extractors.ocr.engine import Timings, load
from extractors.ocr.reader import PageOcr
from extractors.ocr.render import RENDER_SCALE, scanned_copy
from extractors.pdf.document import extract
from extractors.pdf.pages import PageLayout
from extractors.pdf.tables import PageTable
from pipeline.model import Grid, PageInfo
from pipeline.values import parse_amount

DEFAULT = Path(__file__).resolve().parent.parent / "samples" / "上海市普陀区财政局2024年度部门决算.pdf"
STEPS = ("render", "deskew", "det", "cls", "grid", "rec")


def parse_pages(spec: str | None, n: int) -> list[int]:
    if not spec:
        return list(range(1, n + 1))
    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def text_grids(path: Path, pages: list[int]) -> dict[int, list[Grid]]:
    doc = extract(path)
    out: dict[int, list[Grid]] = {}
    for b in doc.blocks:
        if b.kind == "table" and b.grid is not None and b.prov.page in pages:
            out.setdefault(b.prov.page, []).append(b.grid)
    return out


def run(scan: bytes, sizes: dict[int, tuple[float, float]], scale: float) -> tuple[list[dict], dict[int, list[Grid]]]:
    """Per page: its timings; and the OCR grids by page."""
    rows, grids = [], {}
    with PageOcr(scan, engine=load(), scale=scale) as ocr:
        for i, (number, (w, h)) in enumerate(sizes.items(), start=1):
            before = _copy(ocr.stats)
            t0, c0 = time.perf_counter(), time.process_time()
            layout = ocr.read(PageLayout(PageInfo(number=i, text_layer="absent"), w, h))
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            tables = [t.grid for t in layout.items if isinstance(t, PageTable)]
            grids[number] = tables
            split = {s: getattr(ocr.stats, s) - getattr(before, s) for s in STEPS}
            rows.append({"page": number, "kind": "table" if tables else "text", "wall": wall, "cpu": cpu,
                         "crops": ocr.stats.crops - before.crops, **split})
    return rows, grids


def _copy(t: Timings) -> Timings:
    return Timings(**{k: getattr(t, k) for k in (*STEPS, "pages", "crops")})


def accuracy(want: dict[int, list[Grid]], got: dict[int, list[Grid]]) -> tuple[float, float]:
    """(share of text-layer cells read exactly, F1 of (page, row, col, amount))."""
    same = total = 0
    w_amounts: set[tuple] = set()
    g_amounts: set[tuple] = set()
    for page, grids in want.items():
        for k, wg in enumerate(grids):
            gg = got.get(page, [])[k] if k < len(got.get(page, [])) else None
            wm = wg.text_matrix()
            gm = gg.text_matrix() if gg is not None and (gg.n_rows, gg.n_cols) == (wg.n_rows, wg.n_cols) else None
            for r, row in enumerate(wm):
                for c, text in enumerate(row):
                    total += 1
                    same += gm is not None and gm[r][c] == text
                    if (a := parse_amount(text)) is not None:
                        w_amounts.add((page, k, r, c, a))
            if gg is not None:
                g_amounts |= {(page, k, r, c, a) for r, row in enumerate(gg.text_matrix())
                              for c, t in enumerate(row) if (a := parse_amount(t)) is not None}
    tp = len(w_amounts & g_amounts)
    f1 = 2 * tp / (len(w_amounts) + len(g_amounts)) if w_amounts or g_amounts else 1.0
    return (same / total if total else 1.0), f1


def report(rows: list[dict], setting: str) -> None:
    print(f"\n{setting}\n  page  kind    wall    cpu  " + "  ".join(f"{s:>6}" for s in STEPS) + "  crops")
    for r in rows:
        print(f"  {r['page']:4d}  {r['kind']:5s} {r['wall']:6.2f} {r['cpu']:6.2f}  "
              + "  ".join(f"{r[s]:6.2f}" for s in STEPS) + f"  {r['crops']:5d}")
    for kind in ("table", "text"):
        sel = [r for r in rows if r["kind"] == kind]
        if not sel:
            continue
        med = {k: statistics.median(r[k] for r in sel) for k in ("wall", "cpu", *STEPS)}
        print(f"  {kind} pages: {len(sel)}, median {med['wall']:.2f} s/page wall, {med['cpu']:.2f} s CPU; split "
              + ", ".join(f"{s} {med[s]:.2f}" for s in STEPS))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--pages", help="1-based pages, e.g. 6-8,15 (default: all)")
    ap.add_argument("--dpi", type=float, default=200.0, help="resolution of the scanned copy")
    ap.add_argument("--scales", default=str(RENDER_SCALE), help="render scales to compare, e.g. 1.5,2,2.5")
    ap.add_argument("--det-sides", default=str(ocr_engine.DET_MAX_SIDE),
                    help="longest side of the detection input to compare, e.g. 960,1280,2400")
    ap.add_argument("--threads", type=int, default=None,
                    help=f"ONNX Runtime threads per model (default: ${ocr_engine.THREADS_ENV} or one per core)")
    args = ap.parse_args(argv)
    if args.threads is not None:
        os.environ[ocr_engine.THREADS_ENV] = str(args.threads)
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(args.pdf)
    pages = parse_pages(args.pages, len(src))
    sizes = {n: (src[n - 1].get_width(), src[n - 1].get_height()) for n in pages}
    src.close()
    scan = scanned_copy(args.pdf.read_bytes(), pages, dpi=args.dpi)
    want = text_grids(args.pdf, pages)
    load()  # model loading is not page time
    print(f"OCR benchmark: {args.pdf.name}, {len(pages)} pages scanned at {args.dpi:.0f} dpi, "
          f"ONNX Runtime threads: {ocr_engine.threads() or 'default'}")
    for side in (int(s) for s in args.det_sides.split(",")):
        ocr_engine.DET_MAX_SIDE = side
        for scale in (float(s) for s in args.scales.split(",")):
            rows, got = run(scan, sizes, scale)
            report(rows, f"{scale}× det≤{side}px")
            cells, f1 = accuracy(want, got)
            total = sum(r["wall"] for r in rows)
            print(f"  overall {total / len(rows):.2f} s/page; table cells read exactly {cells:.3f}, amount F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
