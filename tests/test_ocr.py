"""OCR (issue #6): scanned and broken-text pages read into the same blocks, grids and line items.

Scans are built here: pages of the Putuo 决算 rendered to images and stored as an image-only
PDF (`ocr_render.scanned_copy`, JPEG like a scanner's), sometimes turned, skewed or blank.  The
line items of a scan are compared with those of the text-layer PDF of the same pages:
F1 of (table_code, subject code or row label, measure, amount) must be at least F1_MIN and the
same standard tables must be found.  The default suite reads a few table pages; the whole
document (nine tables, all 25 pages) runs with JUESUAN_OCR_FULL=1.
"""
from __future__ import annotations

import io
import os
import socket
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extractors.ocr.numbers import ColumnFormat, repair, repair_grid
from extractors.pdf.document import extract
from pipeline.model import Cell, Document, Grid, Provenance
from pipeline.runner import process
from tests.conftest import PUTUO

F1_MIN = 0.98
STANDARD = {f"T0{i}" for i in range(1, 10)}
# T01 and its spill-over page, T05 (一般公共预算财政拨款支出), T09 (三公经费)
TABLE_PAGES = [6, 7, 15, 18]

cv2 = pytest.importorskip("cv2", reason="the `ocr` extra is not installed")
pytest.importorskip("rapidocr_onnxruntime", reason="the `ocr` extra is not installed")

from extractors.ocr import engine as ocr_engine  # noqa: E402 - needs the extra (guarded above)
from extractors.ocr import render as ocr_render  # noqa: E402
from extractors.ocr.lines import cjk_punctuation  # noqa: E402

# ---------------------------------------------------------------- helpers

Key = tuple[str, str, str, Decimal]


def items(doc: Document) -> set[Key]:
    """(table_code, subject code or row label, measure, amount) of the standard-table line items."""
    return {(i.table_code, i.subject_code or (i.row_label or ""), i.measure, i.amount_yuan)
            for i in doc.line_items if i.table_code in STANDARD}


def f1(want: set[Key], got: set[Key]) -> float:
    tp = len(want & got)
    return 2 * tp / (len(want) + len(got)) if want or got else 1.0


def text_copy(pages: list[int]) -> bytes:
    """The text-layer PDF of `pages` of the Putuo sample (1-based)."""
    src = pdfium.PdfDocument(PUTUO)
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [p - 1 for p in pages])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def scan(tmp: Path, pages: list[int], edit: Callable[[int, np.ndarray], np.ndarray] | None = None,
         dpi: float = 200) -> Path:
    return write(tmp, "scan.pdf", ocr_render.scanned_copy(PUTUO.read_bytes(), pages, dpi=dpi, edit=edit))


def rotated(angle: float) -> Callable[[int, np.ndarray], np.ndarray]:
    def edit(_: int, gray: np.ndarray) -> np.ndarray:
        h, w = gray.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        return cv2.warpAffine(gray, m, (w, h), borderValue=255)

    return edit


@pytest.fixture(scope="module")
def table_pages(tmp_path_factory) -> tuple[Document, Document]:
    """(text-layer, scanned) documents of TABLE_PAGES, through the whole pipeline."""
    tmp = tmp_path_factory.mktemp("ocr")
    text = process(write(tmp, "text.pdf", text_copy(TABLE_PAGES)))
    scanned = process(scan(tmp, TABLE_PAGES))
    return text, scanned


# ---------------------------------------------------------------- the engine ships its models


def test_models_ship_in_the_wheel():
    files = ocr_engine.model_files()
    assert set(files) == {"det", "rec", "cls"}
    for path in files.values():
        assert path.is_file() and path.stat().st_size > 100_000
        assert "site-packages" in str(path) or "dist-packages" in str(path) or "rapidocr_onnxruntime" in str(path)


def test_ocr_runs_with_the_network_unreachable(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network unreachable (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    ocr_engine.load.cache_clear()  # load the models again, offline
    doc = extract(scan(tmp_path, [18]))
    assert doc.pages[0].ocr and any(b.kind == "table" for b in doc.blocks)


# ---------------------------------------------------------------- scans give the same line items


def test_scanned_table_pages_give_the_same_line_items(table_pages):
    text, scanned = table_pages
    want, got = items(text), items(scanned)
    assert len(want) > 50
    assert f1(want, got) >= F1_MIN, sorted(want ^ got)[:10]
    assert {t.table_code for t in scanned.tables} == {t.table_code for t in text.tables}
    assert scanned.ocr and all(p.ocr and p.text_layer == "absent" for p in scanned.pages)
    assert scanned.status == "ok", scanned.errors


def test_ocr_cells_carry_origin_and_confidence(table_pages):
    _, scanned = table_pages
    cells = [c for t in scanned.tables for c in t.grid.cells if c.text]
    assert cells and all(c.prov is not None and c.prov.origin == "ocr" for c in cells)
    assert all(c.prov is not None and c.prov.confidence is not None and 0 < c.prov.confidence <= 1 for c in cells)
    paragraphs = [b for b in scanned.blocks if b.kind != "table"]
    assert paragraphs and all(b.prov.origin == "ocr" and b.prov.confidence is not None for b in paragraphs)


def test_scanned_blocks_read_like_the_text_layer(table_pages):
    text, scanned = table_pages
    want = [b.text for b in text.blocks if b.kind != "table"]
    got = [b.text for b in scanned.blocks if b.kind != "table"]
    assert [b.kind for b in scanned.blocks] == [b.kind for b in text.blocks]
    same = sum(a == b for a, b in zip(want, got, strict=True))
    assert same >= 0.9 * len(want), list(zip(want, got, strict=True))


@pytest.mark.skipif(not os.environ.get("JUESUAN_OCR_FULL"), reason="whole document: set JUESUAN_OCR_FULL=1")
def test_whole_scanned_document_finds_the_nine_tables(tmp_path):
    text = process(PUTUO)
    scanned = process(scan(tmp_path, list(range(1, 26))))
    assert STANDARD <= {t.table_code for t in scanned.tables}
    assert f1(items(text), items(scanned)) >= F1_MIN
    assert scanned.metadata.department == text.metadata.department


# ---------------------------------------------------------------- triage


def _drop_tounicode(data: bytes) -> bytes:
    """The PDF with its fonts' /ToUnicode maps made unreadable (same length: offsets stay valid)."""
    assert b"/ToUnicode" in data
    return data.replace(b"/ToUnicode", b"/ToUnicodX")


def test_garbled_font_page_is_detected_and_read_by_ocr(tmp_path):
    text = process(write(tmp_path, "text.pdf", text_copy([18])))
    garbled = process(write(tmp_path, "garbled.pdf", _drop_tounicode(text_copy([18]))))
    page = garbled.pages[0]
    assert page.text_layer == "garbled" and "no Unicode mapping" in (page.note or "")
    assert page.ocr and garbled.ocr
    assert f1(items(text), items(garbled)) >= F1_MIN
    assert {t.table_code for t in garbled.tables} == {"T09"}


def test_scan_with_a_stamped_page_number_is_a_scan(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    gray = ocr_render.render_gray(pdfium.PdfDocument(PUTUO), 17, 150 / 72)
    png = io.BytesIO()
    Image.fromarray(gray).save(png, format="PNG")
    path = tmp_path / "stamped.pdf"
    c = canvas.Canvas(str(path), pagesize=(842, 595))
    c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, 842, 595)
    c.setFont("Helvetica", 9)
    c.drawString(410, 20, "- 18 -")
    c.showPage()
    c.save()
    doc = extract(path)
    assert doc.pages[0].text_layer == "absent" and "scanned page" in (doc.pages[0].note or "")
    assert doc.pages[0].ocr and any(b.kind == "table" for b in doc.blocks)


def _table_image_pdf(path: Path, left: float, right: float) -> Path:
    """A text page (title, unit, note in a real font) with the T09 table of page 18 pasted as a
    picture, cropped from `left` to `right` pt (inside the borders: a table open at its sides)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    s = 200 / 72
    gray = ocr_render.render_gray(pdfium.PdfDocument(PUTUO), 17, s)
    png = io.BytesIO()
    Image.fromarray(gray[int(140 * s): int(330 * s), int(left * s): int(right * s)]).save(png, format="PNG")
    c = canvas.Canvas(str(path), pagesize=(842, 595))
    c.setFont("STSong-Light", 16)
    c.drawCentredString(421, 520, "财政拨款“三公”经费支出决算表")
    c.setFont("STSong-Light", 10)
    c.drawRightString(800, 495, "单位：万元")
    c.drawImage(ImageReader(io.BytesIO(png.getvalue())), left, 595 - 330, right - left, 190)
    c.drawString(40, 240, "注：本表反映部门本年度“三公”经费支出预决算情况。")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(("left", "right"), [(20, 825), (30, 815)], ids=["ruled", "open-sided"])
def test_table_pasted_as_a_picture_on_a_text_page_is_read(tmp_path, left, right):
    text = process(write(tmp_path, "text.pdf", text_copy([18])))
    doc = process(_table_image_pdf(tmp_path / "picture.pdf", left, right))
    page = doc.pages[0]
    assert page.text_layer == "good" and page.ocr and "image" in (page.note or "")
    assert [t.table_code for t in doc.tables] == ["T09"]
    assert items(doc) == items(text)
    origins = {b.text: b.prov.origin for b in doc.blocks if b.kind != "table"}
    assert origins["财政拨款“三公”经费支出决算表"] == "pdf"  # the text layer's own lines stay its own
    assert all(b.prov.origin == "ocr" for b in doc.blocks if b.kind == "table")


# ---------------------------------------------------------------- bad input


def test_blank_scanned_page_is_fine(tmp_path):
    doc = process(scan(tmp_path, [18], edit=lambda _, g: np.full_like(g, 255)))
    assert doc.pages[0].ocr and "blank" in (doc.pages[0].note or "")
    assert doc.blocks == [] and doc.line_items == []
    assert [e.stage for e in doc.errors] == ["content"]  # no OCR error; only "no disclosure content found"


def test_upside_down_page_is_turned(tmp_path):
    text = process(write(tmp_path, "text.pdf", text_copy([18])))
    doc = process(scan(tmp_path, [18], edit=lambda _, g: g[::-1, ::-1].copy()))
    assert "turned 180°" in (doc.pages[0].note or "")
    assert f1(items(text), items(doc)) >= F1_MIN and doc.status == "ok"
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.prov.bbox is not None and table.prov.bbox[1] > 595 / 2  # page coordinates: turned back


def test_skewed_page_is_levelled(tmp_path):
    text = process(write(tmp_path, "text.pdf", text_copy([18])))
    doc = process(scan(tmp_path, [18], edit=rotated(2.0)))
    assert "deskewed +2.0" in (doc.pages[0].note or "") or "deskewed +1.9" in (doc.pages[0].note or "")
    assert f1(items(text), items(doc)) >= F1_MIN and doc.status == "ok"


def test_photo_at_an_angle_is_partial_with_the_reason(tmp_path):
    doc = process(scan(tmp_path, [18], edit=rotated(9.0)))
    assert doc.status == "partial"
    assert any("skewed by +9" in e.reason and "beyond" in e.reason for e in doc.errors), doc.errors


def test_ocr_not_installed_is_partial_not_a_crash(tmp_path, monkeypatch):
    from extractors.ocr import page as ocr_page

    def missing():
        raise ocr_engine.OcrUnavailable("OCR not installed (rapidocr_onnxruntime)")

    monkeypatch.setattr(ocr_page, "load", missing)
    doc = process(scan(tmp_path, [18, 18]))
    assert doc.status == "partial" and not doc.ocr
    assert any(e.reason.startswith("OCR not installed: pages 1, 2") for e in doc.errors), doc.errors
    assert all("OCR not installed" in (p.note or "") for p in doc.pages)


class _NoText:
    """An engine that finds no text: what is left of a page's cost is rendering and the grid."""

    def detect(self, bgr):
        return []

    def turned(self, crops):
        return []

    def read(self, crops):
        return []


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        line = next(ln for ln in f if ln.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")
def test_hundred_page_300dpi_scan_is_read_in_bounded_memory(tmp_path, monkeypatch):
    """The whole extractor over 100 pages of a 300-dpi scan (one table page repeated), with an
    engine that finds no text so that the test stays cheap: what remains per page is parsing,
    rendering, skew and the grid; the resident set must not grow with the pages read."""
    from PIL import Image

    from extractors.ocr import page as ocr_page

    gray = ocr_render.render_gray(pdfium.PdfDocument(PUTUO), 14, 300 / 72)
    page = Image.fromarray(gray)
    path = tmp_path / "long.pdf"
    page.save(path, format="PDF", save_all=True, append_images=[page] * 99, resolution=300, quality=70)
    rss: list[float] = []
    read = ocr_page.PageReader.read

    def measured(self, pdf, layout):
        out = read(self, pdf, layout)
        rss.append(_rss_mb())
        return out

    monkeypatch.setattr(ocr_page, "load", _NoText)
    monkeypatch.setattr(ocr_page.PageReader, "read", measured)
    doc = extract(path)
    assert len(doc.pages) == 100 and all(p.ocr for p in doc.pages) and len(rss) == 100
    assert max(rss[10:]) - rss[9] < 60, f"RSS grew from {rss[9]:.0f} MB to {max(rss):.0f} MB"


# ---------------------------------------------------------------- pieces


def _ruled(open_sides: bool = False) -> np.ndarray:
    """A 2× page image of a 3 x 3 ruled table whose first row is one merged cell, "13" in the
    middle cell, a "—" in the cell right of it and a short stroke "——" (no rule) in the last row."""
    img = np.full((400, 600), 255, np.uint8)
    xs, ys = [100, 250, 400, 550], [100, 150, 200, 250]
    for y in ys:
        cv2.line(img, (60 if open_sides else xs[0], y), (590 if open_sides else xs[-1], y), 0, 2)
    for i, x in enumerate(xs):
        if open_sides and i in (0, len(xs) - 1):
            continue
        cv2.line(img, (x, ys[1] if i in (1, 2) else ys[0]), (x, ys[-1]), 0, 2)  # row 0 is merged
    cv2.putText(img, "13", (300, 190), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cv2.line(img, (460, 175), (490, 175), 0, 2)  # "—"
    cv2.line(img, (280, 225), (370, 225), 0, 2)  # "——", no rule: it meets none
    return img


def test_grid_from_ruling_has_merged_cells_and_ignores_dashes():
    from extractors.ocr import boxes as ocr_boxes
    from extractors.ocr import grid as ocr_grid
    from extractors.pdf.tables import build_grid

    img = _ruled()
    rules = ocr_grid.find_rules(ocr_grid.binarise(img, 2.0), 2.0)
    (table,) = ocr_grid.find_tables(rules, 2.0)
    grid = build_grid(table.to_points(2.0).cells, [], page=1)
    assert grid is not None and (grid.n_rows, grid.n_cols) == (3, 3)
    assert [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells if c.row == 0] == [(0, 0, 1, 3)]
    missed = ocr_boxes.missed_cells(img, [table], [], 2.0)
    assert len(missed) == 1 and missed[0][0] < 320 < missed[0][2]  # the "13", not the dashes


def test_grid_of_a_table_open_at_its_sides():
    from extractors.ocr import grid as ocr_grid

    rules = ocr_grid.find_rules(ocr_grid.binarise(_ruled(open_sides=True), 2.0), 2.0)
    (table,) = ocr_grid.find_tables(rules, 2.0)
    assert table.xs[0] < 100 and table.xs[-1] > 550 and len(table.xs) == 4


@pytest.mark.parametrize("angle", [-3.0, -0.7, 0.0, 1.2, 4.0])
def test_skew_is_estimated(angle):
    gray = ocr_render.render_gray(pdfium.PdfDocument(PUTUO), 14, 1.0)
    assert ocr_render.estimate_skew(rotated(angle)(0, gray)) == pytest.approx(angle, abs=0.15)


def test_cjk_punctuation():
    assert cjk_punctuation('“三公"经费；占0.21%;') == "“三公”经费；占0.21%；"
    assert cjk_punctuation('say "hi"; ok') == 'say "hi"; ok'
    assert cjk_punctuation("15.16%;", chinese=True) == "15.16%；"
    assert cjk_punctuation("-、一般公共预算") == "一、一般公共预算"
    assert cjk_punctuation("（-）全面推进") == "（一）全面推进"
    assert cjk_punctuation("、一般公共服务支出") == "一、一般公共服务支出"
    assert cjk_punctuation("十-、其他") == "十一、其他" and cjk_punctuation("十、其他") == "十、其他"
    assert cjk_punctuation("2024-2025年") == "2024-2025年"


FMT2 = ColumnFormat(amounts=10, decimals=2, all_decimal=True)
CODES = ColumnFormat(amounts=10, decimals=0, all_decimal=False)


@pytest.mark.parametrize(("read", "fixed"), [
    ("l,5ll.9O", "1,511.90"),  # letters for digits
    ("1,511，90", "1,511.90"),  # a full-width comma before the decimals is the point
    ("2，946.2５", "2，946.2５"),  # reads as an amount already (full-width forms fold): left alone
    ("2.946.25", "2,946.25"),  # a point for the thousands mark
    ("6099", "60.99"),  # a dropped point, in a column of two-decimal amounts
    ("O.OO", "0.00"),
    ("1,511.90", "1,511.90"),  # clean: left alone
])
def test_amount_repairs(read, fixed):
    assert repair(read, FMT2) == fixed


@pytest.mark.parametrize("read", ["1,511", "45.5", "0", "-", "合计", "l1"])
def test_no_repair_when_it_is_not_unambiguous(read):
    assert repair(read, FMT2) in (None, read)


def test_codes_are_not_amounts_with_dropped_points():
    assert repair("201", CODES) == "201" and repair("2O1", CODES) == "201"


def test_repair_grid_fixes_amount_columns_only_and_caps_confidence():
    def cell(r: int, c: int, text: str) -> Cell:
        return Cell(row=r, col=c, text=text, prov=Provenance(origin="ocr", page=1, confidence=0.99))

    rows = [("201", "一般公共服务支出", "2,106.66"), ("20106", "财政事务", "2106.66"),
            ("2010601", "行政运行", "l,5ll.89"), ("208", "社会保障和就业支出", "32672")]
    grid = Grid(n_rows=4, n_cols=3, cells=[cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row)])
    repair_grid(grid)
    m = grid.text_matrix()
    assert [row[2] for row in m] == ["2,106.66", "2106.66", "1,511.89", "326.72"]
    assert [row[0] for row in m] == ["201", "20106", "2010601", "208"]
    confidences = {c.text: c.prov.confidence for c in grid.cells if c.prov}
    assert confidences["1,511.89"] <= 0.5 and confidences["326.72"] <= 0.5 and confidences["2,106.66"] == 0.99
