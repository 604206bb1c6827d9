"""Word documents whose tables are pictures: read by the OCR path, or partial with the reason."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
pdfium = pytest.importorskip("pypdfium2")

from docx.shared import Inches  # noqa: E402

from extractors.office import docx_pictures  # noqa: E402
from pipeline.runner import process  # noqa: E402
from tests.conftest import PUTUO  # noqa: E402

T01_PAGE = 6  # the Putuo 决算's 收入支出决算总表


def _page_png(number: int, dpi: float = 150) -> bytes:
    pdf = pdfium.PdfDocument(str(PUTUO))
    try:
        image = pdf[number - 1].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.convert("L").save(out, "PNG")
    return out.getvalue()


def _word_with_picture(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("上海市普陀区财政局2024年度部门决算")
    d.add_paragraph("一、收入支出决算总表")
    d.add_picture(io.BytesIO(_page_png(T01_PAGE)), width=Inches(7.5))
    d.add_picture(io.BytesIO(_small_png()), width=Inches(0.5))  # a seal: never read
    d.add_paragraph("二、收入决算表")
    p = tmp_path / "pictures.docx"
    d.save(p)
    return p


def _small_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (60, 60), 255).save(out, "PNG")
    return out.getvalue()


def test_picture_refs_found_in_order(tmp_path: Path):
    d = docx.Document(str(_word_with_picture(tmp_path)))
    pics = [docx_pictures.picture_refs(p) for p in d.element.body]
    widths = [w for found in pics for _, w in found]
    assert widths == [pytest.approx(540.0), pytest.approx(36.0)]


def without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF reader docx_pictures uses (for Word, legacy Word and Excel pictures), as it
    behaves when the `ocr` extra is missing."""
    from extractors.ocr.engine import OcrUnavailable

    def missing(path):
        from extractors.ocr import reader

        def refuse(self):
            raise OcrUnavailable("OCR not installed (rapidocr_onnxruntime)")

        monkeypatch.setattr(reader.PageOcr, "_reader", refuse)
        from extractors.pdf.document import extract

        return extract(path)

    monkeypatch.setattr(docx_pictures, "_default_reader", lambda: missing)


def test_picture_of_a_table_without_ocr_is_partial_with_the_reason(tmp_path: Path, monkeypatch):
    without_ocr(monkeypatch)
    doc = process(_word_with_picture(tmp_path))
    assert doc.status == "partial"
    assert any(e.reason.startswith("OCR not installed: pictures in body elements 3 ") for e in doc.errors), doc.errors
    assert [b.text for b in doc.blocks][:2] == ["上海市普陀区财政局2024年度部门决算", "一、收入支出决算总表"]


def test_picture_of_a_table_is_read_by_ocr(tmp_path: Path):
    pytest.importorskip("cv2", reason="the `ocr` extra is not installed")
    pytest.importorskip("rapidocr_onnxruntime", reason="the `ocr` extra is not installed")
    doc = process(_word_with_picture(tmp_path))
    kinds = [(b.kind, b.prov.origin) for b in doc.blocks]
    assert ("table", "ocr") in kinds, kinds
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.prov.line_start == 3 and table.prov.page is None
    texts = {c.text for c in table.grid.cells}
    assert "2,940.05" in texts
    t01 = [t for t in doc.tables if t.table_code == "T01"]
    assert t01, [t.table_code for t in doc.tables]
    items = {(i.row_label, str(i.amount_yuan)) for i in doc.line_items if i.table_code == "T01"}
    assert ("一、一般公共预算财政拨款收入", "29400500.00") in items
