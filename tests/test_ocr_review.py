"""Stage ocr.review: OCR'd cells below the confidence threshold become info findings."""
from __future__ import annotations

from pipeline.model import Cell, Document, Grid, Provenance, Source, Table
from pipeline.records import Finding
from pipeline.stages import ocr_review
from pipeline.stages.ocr_review import LOW_CONFIDENCE, RULE_ID, run


def cell(row: int, col: int, text: str, confidence: float | None, origin: str = "ocr", page: int = 15) -> Cell:
    return Cell(row=row, col=col, text=text,
                prov=Provenance(origin=origin, page=page, confidence=confidence))  # type: ignore[arg-type]


def document(cells: list[Cell], findings: list[Finding] = ()) -> Document:  # type: ignore[assignment]
    grid = Grid(n_rows=max(c.row for c in cells) + 1, n_cols=max(c.col for c in cells) + 1, cells=cells)
    table = Table(table_id="t05", table_code="T05", unit="万元", page_start=15, page_end=15, block_indices=[0],
                  grid=grid)
    return Document(doc_id="0" * 64, source=Source(name="scan.pdf", sha256="0" * 64, format="pdf", size=1),
                    tables=[table], findings=list(findings))


def test_low_confidence_ocr_cells_become_info_findings():
    doc = document([cell(0, 0, "行政运行", 0.99), cell(0, 1, "1,5l1.89", 0.42), cell(1, 1, "60.99", LOW_CONFIDENCE),
                    cell(1, 0, "", 0.1), cell(1, 2, "", None)])
    found = run(doc).findings
    assert [(f.rule_id, f.severity, f.table_code, f.page, f.evidence) for f in found] == [
        (RULE_ID, "info", "T05", 15, "1,5l1.89"), (RULE_ID, "info", "T05", 15, "")]
    assert "0.42" in found[0].message and "row 1 column 2" in found[0].message
    assert "could not read" in found[1].message  # an empty cell with ink the recogniser could not read


def test_text_layer_cells_and_cells_without_confidence_are_not_listed():
    doc = document([cell(0, 0, "1.00", 0.1, origin="pdf"), cell(0, 1, "2.00", None)])
    assert run(doc).findings == []


def test_pure_and_idempotent_and_other_findings_kept():
    other = Finding(rule_id="table.hierarchy_sum", severity="error", message="Σ", table_code="T05")
    doc = document([cell(0, 0, "6O.99", 0.5)], findings=[other])
    snapshot = doc.model_dump()
    once = run(doc)
    assert doc.model_dump() == snapshot
    twice = run(once)
    assert [f.rule_id for f in twice.findings] == ["table.hierarchy_sum", RULE_ID]
    assert twice.findings == once.findings


def test_threshold_is_named_and_repaired_amounts_fall_below_it():
    from extractors.ocr.numbers import REPAIRED_CONFIDENCE

    assert 0 < REPAIRED_CONFIDENCE < ocr_review.LOW_CONFIDENCE < 1
