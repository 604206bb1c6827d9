"""The PDFium page reader (extractors/pdf/reader.py) against pdfminer through pdfplumber.

One reader, proven equal: every PDF sample and the variant PDFs other tests draw give the same
document (text, tables, records) read either way; bboxes may differ by one unit of the 2nd
decimal (PDFium computes in float32).  Small hand-written PDFs pin each trap the issue lists:
char spacing, horizontal scaling and rise, scaled and turned text, form XObjects, /Rotate with
an offset MediaBox, colours, curves, unmapped glyphs, generated spaces, dropped text objects.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from reportlab.pdfgen import canvas

from extractors.pdf.document import extract
from extractors.pdf.reader import ReaderError, ReadPage, open_pdf
from extractors.pdf.rotate import glyph_turn
from extractors.pdf.tables import _visible
from extractors.pdf.text import _rotated_askew
from pipeline.stages import run_stages
from tests import test_pdf_extractor as ex
from tests import test_pdf_variants as var
from tests.pdf_bytes import assemble

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.pdf"))
BBOX_NOISE = 0.011  # pt: float32 against float64, after rounding to 2 decimals


# ---------------------------------------------------------------- helpers

def _flat(o: Any, pre: str = "") -> dict[str, Any]:
    if isinstance(o, dict):
        return {k: v for key, val in o.items() for k, v in _flat(val, f"{pre}.{key}").items()}
    if isinstance(o, list):
        return {k: v for i, val in enumerate(o) for k, v in _flat(val, f"{pre}[{i}]").items()}
    return {pre: o}


def document_diff(path: Path) -> list[tuple[str, Any, Any]]:
    """Where the documents read by the two readers differ (beyond bbox float noise)."""
    a = _flat(run_stages(extract(path, reader="pdfminer")).model_dump(mode="json"))
    b = _flat(run_stages(extract(path, reader="pdfium")).model_dump(mode="json"))
    out = []
    for k in sorted(set(a) | set(b)):
        x, y = a.get(k), b.get(k)
        if x == y:
            continue
        if ".bbox[" in k and isinstance(x, float) and isinstance(y, float) and abs(x - y) <= BBOX_NOISE:
            continue
        out.append((k, x, y))
    return out


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def raw_pdf(content: bytes, page: bytes = b"/MediaBox [0 0 595 842]", extra: dict[int, bytes] | None = None,
            font: bytes = HELVETICA) -> bytes:
    """A one-page PDF: `font` (Helvetica) as /F1, a form XObject /X1 when `extra` gives object 6."""
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R " + page + b" /Resources << /Font << /F1 5 0 R >>"
        + (b" /XObject << /X1 6 0 R >>" if extra and 6 in extra else b"") + b" >> /Contents 4 0 R >>",
        4: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        5: font,
        **(extra or {}),
    }
    return assemble(objs)


def form(content: bytes, matrix: bytes = b"[1 0 0 1 0 0]") -> dict[int, bytes]:
    return {6: b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix " + matrix
            + b" /Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n" % len(content)
            + content + b"\nendstream"}


def both(data: bytes, tmp_path: Path) -> tuple[Any, ReadPage]:
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    with open_pdf(data) as pdf:
        page = next(iter(pdf.pages))
    assert isinstance(page, ReadPage)
    return pdfplumber.open(path).pages[0], page


def char_keys(chars: list[dict]) -> list[tuple]:
    """What the extractor reads of a char: text, box, size, turn and skew (PDFium's matrix also
    holds the horizontal scaling pdfminer leaves out; the angle it gives is the same)."""
    return [(c["text"], *(round(c[k], 1) for k in ("x0", "top", "x1", "bottom", "size")),
             glyph_turn(c), _rotated_askew(c), c["upright"]) for c in chars]


def ruling(page: Any) -> list[tuple]:
    objs = [(kind, o) for kind in ("lines", "rects", "curves") for o in getattr(page, kind)]
    return sorted((kind, _visible(o), *(round(o[k], 1) for k in ("x0", "top", "x1", "bottom")))
                  for kind, o in objs)


def assert_same_page(data: bytes, tmp_path: Path) -> ReadPage:
    miner, pdfium_page = both(data, tmp_path)
    assert (pdfium_page.width, pdfium_page.height) == (miner.width, miner.height)
    assert char_keys(pdfium_page.chars) == char_keys(miner.chars)
    assert ruling(pdfium_page) == ruling(miner)
    assert sorted(tuple(round(i[k], 1) for k in ("x0", "top", "x1", "bottom")) for i in pdfium_page.images) == \
        sorted(tuple(round(i[k], 1) for k in ("x0", "top", "x1", "bottom")) for i in miner.images)
    return pdfium_page


# ---------------------------------------------------------------- documents

@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:24])
def test_every_pdf_sample_reads_the_same_with_both_readers(path: Path):
    assert document_diff(path) == []


VARIANTS = {
    "t03": [var.draw_t03], "t06": [var.draw_t06], "t09": [var.draw_t09], "t05": [var.draw_t05],
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_tables_read_the_same_with_both_readers(tmp_path: Path, name: str):
    path = var.draw_pdf(tmp_path / f"{name}.pdf", VARIANTS[name])
    assert document_diff(path) == []
    assert any(b.kind == "table" for b in extract(path).blocks)


@pytest.mark.parametrize("turn", [90, -90])
def test_turned_table_and_merged_cells_read_the_same(tmp_path: Path, turn: int):
    def page(c: canvas.Canvas) -> None:
        c.translate(595, 0) if turn == 90 else c.translate(0, 842)
        c.rotate(turn)
        c.translate(0, -250)
        ex.ruled_table(c)
        ex.body_text(c, ["注：本表反映部门本年度取得的各项收入情况。"], y=410, x=60)

    for pages in ([page], [ex.ruled_table]):
        assert document_diff(ex.draw(tmp_path / "t.pdf", pages)) == []


# ---------------------------------------------------------------- traps, page by page

HELLO = b"BT /F1 12 Tf 72 700 Td (Budget 2024 total) Tj ET"


@pytest.mark.parametrize("content", [
    HELLO,
    b"BT /F1 12 Tf 3 Tc 72 700 Td (Spaced out) Tj 0 -20 Td [(Kern) -250 (ed)] TJ ET",  # Tc, TJ
    b"BT /F1 12 Tf 150 Tz 72 700 Td (Wide) Tj 50 Tz 0 -20 Td (Narrow) Tj ET",  # horizontal scaling
    b"BT /F1 12 Tf 72 700 Td (Base) Tj 4 Ts (up) Tj ET",  # rise
    b"2 0 0 2 0 0 cm BT /F1 6 Tf 36 350 Td (Scaled by cm) Tj ET",
    b"BT /F1 12 Tf 0 1 -1 0 300 400 Tm (Turned 90) Tj 0 -1 1 0 320 400 Tm (Turned 270) Tj ET",
    b"BT /F1 12 Tf 1 0 0.3 1 72 600 Tm (Sheared) Tj 0.7 0.7 -0.7 0.7 200 400 Tm (Diagonal) Tj ET",
    b"BT /F1 12 Tf 3 Tr 72 700 Td (Invisible layer) Tj ET",  # an OCR layer's invisible text
])
def test_chars_equal_pdfminers(tmp_path: Path, content: bytes):
    page = assert_same_page(raw_pdf(content), tmp_path)
    assert page.chars and all(c["text"] not in "\r\n" for c in page.chars)  # generated chars dropped


@pytest.mark.parametrize("box", [b"/MediaBox [0 0 595 842] /Rotate 90", b"/MediaBox [0 0 595 842] /Rotate 270",
                                 b"/MediaBox [0 0 595 842] /Rotate 180", b"/MediaBox [20 30 615 872]",
                                 b"/MediaBox [20 30 615 872] /Rotate 90"])
def test_rotated_pages_and_offset_mediabox_use_pdfplumbers_coordinates(tmp_path: Path, box: bytes):
    content = HELLO + b" 0 0 1 RG 100 100 m 400 100 l S 0 G 80 200 300 150 re S"
    assert_same_page(raw_pdf(content, page=box), tmp_path)


def test_paths_classified_as_pdfminer_does(tmp_path: Path):
    content = (
        b"0 G 1 w 50 800 m 500 800 l S "  # a line
        b"50 700 400 60 re S "  # a rect from re
        b"50 600 m 450 600 l 450 650 l 50 650 l h S "  # a rect from m l l l h
        b"50 500 m 450 500 l 450 560 l 50 560 l 50 500 l S "  # closed by hand: still a rect
        b"50 400 m 100 450 150 350 200 400 c S "  # a bezier curve
        b"50 300 m 300 320 l 200 250 l h f "  # a filled triangle
        b"1 g 50 200 400 30 re f "  # white fill: invisible
        b"0 0 0 0 k 50 150 400 30 re f 0 0 0 1 k 50 100 400 30 re f "  # CMYK white and black
        b"1 0 0 rg 60 60 20 20 re B"  # fill and stroke
    )
    page = assert_same_page(raw_pdf(content), tmp_path)
    assert len(page.lines) == 1 and len(page.rects) == 7 and len(page.curves) == 2
    assert [_visible(r) for r in page.rects] == [True, True, True, False, False, True, True]


def test_form_xobject_text_and_ruling_are_placed_by_its_matrix(tmp_path: Path):
    inner = b"BT /F1 10 Tf 2 Tc 10 10 Td (In a form) Tj ET 0 G 5 5 200 30 re S"
    data = raw_pdf(b"q 1 0 0 1 100 500 cm /X1 Do Q", extra=form(inner, b"[1.5 0 0 1.5 20 0]"))
    page = assert_same_page(data, tmp_path)
    assert page.rects and min(c["x0"] for c in page.chars) == pytest.approx(100 + 20 + 15, abs=0.01)


def test_unmapped_glyphs_stay_countable_as_unmapped(tmp_path: Path):
    data = ex.raw_pdf(b"BT /F1 12 Tf 72 700 Td <0012003400560078> Tj ET")
    with open_pdf(data) as pdf:
        page = next(iter(pdf.pages))
    assert isinstance(page, ReadPage)
    assert [c["text"] for c in page.chars] == ["(cid:0)"] * 4
    assert page.needs_pdfminer  # pdfminer decides: here it cannot map them either → garbled, OCR


def test_type3_glyph_names_pdfium_cannot_map_are_read_by_pdfminer(tmp_path: Path):
    proc = b"500 0 0 0 400 700 d1 0 0 400 700 re f"
    font = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 500 800] /FontMatrix [0.001 0 0 0.001 0 0] "
            b"/CharProcs << /A 7 0 R /B 7 0 R >> /Encoding << /Type /Encoding /Differences [65 /A /B] >> "
            b"/FirstChar 65 /LastChar 66 /Widths [500 600] /Resources << >> >>")
    glyph = {7: b"<< /Length %d >>\nstream\n" % len(proc) + proc + b"\nendstream"}
    data = raw_pdf(b"BT /F1 12 Tf 72 700 Td (ABBA) Tj ET", extra=glyph, font=font)
    with open_pdf(data) as pdf:
        page = next(iter(pdf.pages))
    assert isinstance(page, ReadPage) and page.needs_pdfminer
    path = tmp_path / "t3.pdf"
    path.write_bytes(data)
    assert [b.text for b in extract(path).blocks] == ["ABBA"]


def test_one_glyph_text_object_pdfium_drops_is_read_by_pdfminer(tmp_path: Path):
    """PDFium's text page keeps no char of a one-glyph string in a non-embedded CID font it
    cannot outline; the page is read by pdfminer, so "计" is not lost."""
    path = ex.draw(tmp_path / "one.pdf", [lambda c: ex.body_text(c, ["合计", "计"])])
    with open_pdf(path.read_bytes()) as pdf:
        page = next(iter(pdf.pages))
    assert isinstance(page, ReadPage)
    # either PDFium kept the glyph (a machine with the font) or it flagged the page
    assert "".join(c["text"] for c in page.chars).count("计") == 2 or page.unread >= 1
    assert "".join(b.text for b in extract(path).blocks) == "合计计"


def test_open_errors_say_encrypted_or_corrupt(tmp_path: Path):
    locked = ex.draw(tmp_path / "l.pdf", [lambda c: ex.body_text(c, ["保密"])],
                     encrypt=ex.StandardEncryption("secret")).read_bytes()
    with pytest.raises(ReaderError) as err, open_pdf(locked):
        pass
    assert err.value.encrypted
    with pytest.raises(ReaderError) as err, open_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 8):
        pass
    assert not err.value.encrypted


def test_coordinates_are_rounded_once_to_four_decimals(tmp_path: Path):
    _, page = both(raw_pdf(b"BT /F1 12 Tf 72.123456 700.987654 Td (x) Tj ET"), tmp_path)
    for c in page.chars:
        for k in ("x0", "x1", "top", "bottom"):
            assert c[k] == round(c[k], 4) and not math.isnan(c[k])
