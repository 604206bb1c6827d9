"""The one typed document model every extractor produces and every stage reads.

A `Document` starts life in an extractor (`extractors/<format>.py`) holding the source facts and
`blocks` in reading order.  Each stage returns a new `Document` (``model_copy(update=...)``)
with more filled in: metadata, sections, classified tables, records and findings.  Nothing
outside `pipeline/` and `extractors/` builds or mutates one.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from pipeline.records import (
    BudgetExecution,
    Fact,
    Finding,
    GlossaryEntry,
    LineItem,
    PerfFund,
    PerfIndicator,
    PerfSubject,
)
from pipeline.version import SCHEMA_NAME, SCHEMA_VERSION, check_schema_version

SourceFormat = Literal["pdf", "docx", "doc", "wps", "html", "txt", "xlsx", "xls"]
DocKind = Literal["final_department", "final_unit", "budget_department", "budget_unit", "unknown"]
Status = Literal["ok", "partial", "failed"]
Origin = Literal["text", "pdf", "ocr", "docx", "html", "xlsx"]


class Model(BaseModel):
    # NaN and ±Infinity serialise as `json` spells them (pipeline.writers.dataset.document_json)
    model_config = ConfigDict(extra="forbid", frozen=False, ser_json_inf_nan="constants")


class Provenance(Model):
    """Where a block, cell or value came from, precise enough for a person to find it."""

    origin: Origin
    page: int | None = None  # 1-based; None for sources without pages
    page_end: int | None = None  # last page when the item spans pages
    line_start: int | None = None  # 1-based line numbers in line-oriented sources
    line_end: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    confidence: float | None = None  # OCR recognition confidence, 0..1


class Cell(Model):
    """One anchor cell of a grid; positions it covers through its spans hold no other cell."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str = ""
    prov: Provenance | None = None


class Grid(Model):
    """A table as a person sees it: anchor cells with row/col spans on an n_rows x n_cols grid."""

    n_rows: int
    n_cols: int
    cells: list[Cell] = Field(default_factory=list)

    def anchor_at(self) -> list[list[Cell | None]]:
        """For each grid position, the cell that covers it (None where nothing does)."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    out[r][k] = c
        return out

    def rows(self) -> list[list[Cell]]:
        """Anchor cells grouped by the row they start in, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[c.row].append(c)
        return out

    def text_matrix(self) -> list[list[str]]:
        """Every position's text, spanned cells repeated across the positions they cover."""
        return [[c.text if c else "" for c in row] for row in self.anchor_at()]


BlockKind = Literal["heading", "paragraph", "table"]


class Block(Model):
    """A unit of reading order: a heading line, a paragraph, or a table grid."""

    index: int
    kind: BlockKind
    text: str = ""  # heading/paragraph text; "" for a table (its title is the paragraph block before it)
    grid: Grid | None = None
    prov: Provenance
    style: str | None = None  # format hint, e.g. a Word heading style or "toc" for 目录 lines


class PageInfo(Model):
    number: int  # 1-based
    text_layer: Literal["good", "absent", "garbled"] = "good"
    ocr: bool = False
    note: str | None = None


class Source(Model):
    name: str  # file name as given
    sha256: str
    format: SourceFormat
    size: int
    pages: int | None = None
    encoding: str | None = None  # for text sources: the detected encoding
    aliases: list[str] = Field(default_factory=list)  # other file names with the same bytes


class Metadata(Model):
    department: str | None = None
    region: str | None = None
    region_code: str | None = None
    fiscal_year: int | None = None
    doc_kind: DocKind = "unknown"
    source_unit: Literal["元", "万元"] | None = None
    title: str | None = None
    evidence: dict[str, str] = Field(default_factory=dict)  # field -> where it was read


class Section(Model):
    section_id: str
    parent_id: str | None = None
    level: int  # 1 第X部分, 2 一、, 3 （一）, 4 1., 5 (1)
    number: str
    title: str
    page_start: int | None = None
    page_end: int | None = None
    text: str = ""
    block_indices: list[int] = Field(default_factory=list)


TableCode = Literal[
    "T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09",
    "B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09",
    "PERF_PROJECT", "PERF_DEPARTMENT", "OTHER",
]


class Table(Model):
    """A recognised table: one or more table blocks (continuations joined) with its code."""

    table_id: str
    table_code: TableCode
    title: str | None = None
    unit: Literal["元", "万元"] | None = None
    page_start: int | None = None
    page_end: int | None = None
    block_indices: list[int]
    grid: Grid
    note: str | None = None  # e.g. 注：…故本表无数据
    checks: int = 0  # identities within this table that validation evaluated (row sums, 类 = Σ款, sides balance)
    checks_failed: int = 0  # of them, those off by more than rounding (error findings)


class StageError(Model):
    stage: str
    reason: str
    severity: Literal["failed", "partial"] = "partial"


class Quality(Model):
    checks: int = 0
    passed: int = 0
    failed: int = 0


class Document(Model):
    schema_name: Literal["JuesuanDocument"] = SCHEMA_NAME
    version: str = SCHEMA_VERSION
    doc_id: str
    source: Source
    metadata: Metadata = Field(default_factory=Metadata)
    pages: list[PageInfo] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    line_items: list[LineItem] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    budget_execution: list[BudgetExecution] = Field(default_factory=list)
    perf_subjects: list[PerfSubject] = Field(default_factory=list)
    perf_funds: list[PerfFund] = Field(default_factory=list)
    perf_indicators: list[PerfIndicator] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    quality: Quality = Field(default_factory=Quality)
    errors: list[StageError] = Field(default_factory=list)

    @field_validator("version")
    @classmethod
    def _compatible(cls, v: str) -> str:
        check_schema_version(v)
        return v

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> Status:
        if any(e.severity == "failed" for e in self.errors):
            return "failed"
        return "partial" if self.errors else "ok"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)

    @classmethod
    def from_json(cls, data: dict) -> Document:  # type: ignore[type-arg]
        """Load a written document (its computed fields are dropped, then recomputed)."""
        return cls.model_validate({k: v for k, v in data.items() if k not in ("status", "ocr")})

    def with_error(self, stage: str, reason: str, severity: Literal["failed", "partial"] = "partial") -> Document:
        error = StageError(stage=stage, reason=reason, severity=severity)
        return self.model_copy(update={"errors": [*self.errors, error]})
