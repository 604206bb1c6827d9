"""Builders for the validation tests: small synthetic Documents (records as the contract has them).

Amounts are given as printed in 万元 ("2,946.25"); `li` stores them in yuan like the extractors.
"""
from __future__ import annotations

from decimal import Decimal

from pipeline.model import Block, Document, Grid, Metadata, Provenance, Source, Table
from pipeline.records import BudgetExecution, Fact, Finding, LineItem, PerfFund, PerfIndicator, PerfSubject
from pipeline.validate import validate
from pipeline.validate.rules import RULES

WAN = Decimal(10000)


def yuan(text: str) -> Decimal:
    return (Decimal(text.replace(",", "")) * WAN).quantize(Decimal("0.01"))


def li(table: str, label: str | None, measure: str, text: str, code: str | None = None, side: str | None = None,
       row: int | None = None) -> LineItem:
    level = {3: 1, 5: 2, 7: 3}.get(len(code)) if code else None
    return LineItem(table_code=table, side=side, row_label=label, subject_code=code, subject_level=level,  # type: ignore[arg-type]
                    measure=measure, amount_yuan=yuan(text), amount_text=text, page=1, table_id=table.lower(),
                    row=row)


def fact(key: str, wan: str, evidence: str | None = None, change: str | None = None, ratio: float | None = None,
         unit: str = "yuan") -> Fact:
    value = float(yuan(wan)) if unit == "yuan" else float(wan)
    return Fact(key=key, value=value, unit=unit, evidence=evidence or f"{key}{wan}万元",  # type: ignore[arg-type]
                change_value=float(yuan(change)) if change is not None else None, change_ratio=ratio, page=2,
                compared_to="prior_year" if change is not None else None)


def table(code: str, unit: str = "万元", title: str | None = None, page: int = 1) -> Table:
    return Table(table_id=code.lower(), table_code=code, title=title, unit=unit, page_start=page, page_end=page,  # type: ignore[arg-type]
                 block_indices=[], grid=Grid(n_rows=0, n_cols=0))


def para(text: str, index: int = 0, page: int = 3, kind: str = "paragraph", style: str | None = None) -> Block:
    return Block(index=index, kind=kind, text=text, prov=Provenance(origin="pdf", page=page), style=style)  # type: ignore[arg-type]


def doc(*, items: list[LineItem] = (), facts: list[Fact] = (), blocks: list[Block] = (), tables: list[Table] = (),  # type: ignore[assignment]
        budget: list[BudgetExecution] = (), subjects: list[PerfSubject] = (), funds: list[PerfFund] = (),  # type: ignore[assignment]
        indicators: list[PerfIndicator] = (), year: int | None = 2024, department: str | None = "上海市普陀区财政局",  # type: ignore[assignment]
        region: str | None = "上海市普陀区") -> Document:
    codes = {i.table_code for i in items}
    tabs = list(tables) or [table(c) for c in sorted(codes)]
    blocks = [b.model_copy(update={"index": i}) for i, b in enumerate(blocks)]
    return Document(doc_id="0" * 64, source=Source(name="t.pdf", sha256="0" * 64, format="pdf", size=1),
                    metadata=Metadata(department=department, region=region, fiscal_year=year),
                    blocks=blocks, tables=tabs, line_items=list(items), facts=list(facts),
                    budget_execution=list(budget), perf_subjects=list(subjects), perf_funds=list(funds),
                    perf_indicators=list(indicators))


def findings(document: Document, rule_id: str) -> list[Finding]:
    """The findings of one rule (by id) on `document`."""
    rules = tuple(r for r in RULES if r.id == rule_id)
    assert rules, f"no rule {rule_id}"
    return validate(document, rules=rules)[0]


def flat(found: list[Finding]) -> list[tuple[str, str | None, str | None]]:
    return [(f.severity, f.table_code, f.subject_code) for f in found]


def test_builders_store_yuan_like_the_extractors():
    item = li("T02", "合计", "本年收入合计", "2,946.25")
    assert item.amount_yuan == Decimal("29462500.00")
    assert fact("total_income", "2995.39").value == 29953900.0
    assert doc(items=[item]).tables[0].table_code == "T02"


def test_every_rule_is_registered_once_and_documented():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(r.doc and "—" in r.doc.splitlines()[0] for r in RULES)
