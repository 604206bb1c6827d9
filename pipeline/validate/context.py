"""What the rules read: a Document's records indexed for lookups, and their precision.

Built once per document; rules only read it.  Nothing here changes an extracted value.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import cached_property

from pipeline.model import Document, Table
from pipeline.records import BudgetExecution, Fact, LineItem, PerfFund, PerfIndicator, PerfSubject
from pipeline.validate.amounts import Amount, from_fact, from_item
from pipeline.validate.settings import DEFAULT, Tolerances
from pipeline.validate.statements import Statement, statements
from pipeline.validate.tables import Row, TableView


class Context:
    def __init__(self, doc: Document, tol: Tolerances = DEFAULT) -> None:
        self.doc = doc
        self.tol = tol
        grouped: dict[str, list[LineItem]] = defaultdict(list)
        for li in doc.line_items:
            grouped[li.table_code].append(li)
        self._views = {code: TableView(code, items) for code, items in grouped.items()}
        self._units = {t.table_id: t.unit for t in doc.tables}
        self._facts: dict[str, Fact] = {}
        for f in doc.facts:
            self._facts.setdefault(f.key, f)

    # ---- tables
    def view(self, table_code: str) -> TableView | None:
        """The table's rows, or None when it has no line items (absent, or printed empty)."""
        return self._views.get(table_code)

    def tables(self, table_code: str) -> list[Table]:
        return [t for t in self.doc.tables if t.table_code == table_code]

    def amount(self, li: LineItem) -> Amount:
        unit = self._units.get(li.table_id or "") or self.doc.metadata.source_unit
        return from_item(li, unit, self.tol)

    def cell(self, row: Row | None, *measures: str) -> Amount | None:
        li = row.get(*measures) if row else None
        return self.amount(li) if li else None

    # ---- narrative
    def fact(self, key: str) -> Fact | None:
        return self._facts.get(key)

    def facts(self, prefix: str = "") -> list[Fact]:
        return [f for k, f in self._facts.items() if k.startswith(prefix)]

    def money(self, key: str, name: str | None = None) -> Amount | None:
        f = self._facts.get(key)
        if f is None or f.unit != "yuan":
            return None
        return from_fact(f, self.tol, name or f"情况说明 {key}")

    @cached_property
    def statements(self) -> list[Statement]:
        """The 情况说明's budget statements (年初预算 / 决算 / 完成率 / 大于小于)."""
        return statements(self.doc)

    def budget_item(self, initial: Decimal, final: Decimal) -> BudgetExecution | None:
        """The budget_execution row stating exactly these two amounts."""
        return next((b for b in self.doc.budget_execution
                     if b.initial_budget_yuan == initial and b.final_yuan == final), None)

    # ---- 绩效
    @cached_property
    def perf_tables(self) -> list[tuple[PerfSubject | None, list[PerfFund], list[PerfIndicator], str]]:
        """(subject, fund rows, indicators, table_code) of each 绩效自评表."""
        keys: list[tuple[str, str]] = []
        records: list[PerfSubject | PerfFund | PerfIndicator] = [
            *self.doc.perf_subjects, *self.doc.perf_funds, *self.doc.perf_indicators]
        for rec in records:
            k = (rec.scope, rec.table_id or rec.subject or "")
            if k not in keys:
                keys.append(k)
        out = []
        for scope, ident in keys:
            def mine(rec: PerfSubject | PerfFund | PerfIndicator, scope: str = scope, ident: str = ident) -> bool:
                return rec.scope == scope and (rec.table_id or rec.subject or "") == ident
            subj = next((s for s in self.doc.perf_subjects if mine(s)), None)
            code = "PERF_PROJECT" if scope == "project" else "PERF_DEPARTMENT"
            out.append((subj, [f for f in self.doc.perf_funds if mine(f)],
                        [i for i in self.doc.perf_indicators if mine(i)], code))
        return out
