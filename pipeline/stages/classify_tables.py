"""Stage `tables.classify`: table blocks → `doc.tables`, each with its standard-table code.

A table is named by its title (the lines just above it on its page, or caption rows inside
its grid), else by its header; never by page number.  A table block with no title of its own
on the page after a table (in a source without pages: next after it in reading order, with
nothing but noise between), with a compatible column structure, continues that table and is
joined into it.  A 预算 (doc_kind budget_*) gets the budget codes B01–B09 and never a T code
(a table its title calls 决算 is OTHER there); a 决算 never gets a B code; a document of
unknown kind gets B codes only from titles that say 预算 of themselves.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.model import Block, Document, Grid, Table
from pipeline.tables import join
from pipeline.tables.budget_titles import B_CODES, budget_code_from_header
from pipeline.tables.captions import Captions, find_note, is_noise, lines_of, read_captions
from pipeline.tables.layout import analyse, find_header
from pipeline.tables.text import code_digits, key
from pipeline.tables.titles import code_from_header, code_from_title, is_number_caption

FINAL_CODES = [f"T0{i}" for i in range(1, 10)]
STANDARD = FINAL_CODES + B_CODES
RUNNING_MIN_PAGES = 3  # a line printed on this many pages is a running head or foot


@dataclass
class _Draft:
    first: Block
    captions: Captions
    grid: Grid
    blocks: list[Block] = field(default_factory=list)
    code: str = "OTHER"
    last_page: int | None = None  # the last page whose rows were joined
    reach: int | None = None  # the last page of any joined block (an empty overflow counts)


def run(doc: Document) -> Document:
    budget = _budget_flag(doc.metadata.doc_kind)
    drafts = _drafts(doc.blocks, _running_lines(doc.blocks), budget)
    for d in drafts:
        d.code = _code(d, drafts, budget)
    tables = [_table(i, d, doc.blocks, drafts) for i, d in enumerate(drafts)]
    meta = doc.metadata
    if meta.source_unit is None:
        units = Counter(t.unit for t in tables if t.table_code in STANDARD and t.unit)
        if units:
            meta = meta.model_copy(update={"source_unit": units.most_common(1)[0][0]})
    return doc.model_copy(update={"tables": tables, "metadata": meta})


def _budget_flag(kind: str) -> bool | None:
    """True for a 预算, False for a 决算, None when the kind is unknown."""
    if kind.startswith("budget"):
        return True
    return False if kind.startswith("final") else None


def _running_lines(blocks: list[Block]) -> set[str]:
    pages: dict[str, set[int | None]] = {}
    for b in blocks:
        if b.kind != "table":
            for ln in (b.text or "").splitlines():
                pages.setdefault(key(ln), set()).add(b.prov.page)
    return {k for k, p in pages.items() if k and len(p) >= RUNNING_MIN_PAGES and None not in p}


def _drafts(blocks: list[Block], running: set[str], budget: bool | None) -> list[_Draft]:
    drafts: list[_Draft] = []
    between: list[Block] = []
    for b in blocks:
        if b.kind != "table" or b.grid is None:
            between.append(b)
            continue
        above = lines_of([x for x in between if _same_page(x, b)]) or _previous_page_lines(between, b)
        caps = read_captions(b, above, budget)
        prev = drafts[-1] if drafts else None
        gap = any(not is_noise(ln, running) and not _repeats_title(ln, prev, budget) for ln in lines_of(between))
        if prev is None or gap or not _continue(prev, b, caps):
            end = b.prov.page_end or b.prov.page
            drafts.append(_Draft(first=b, captions=caps, grid=b.grid, blocks=[b], last_page=end, reach=end))
        between = []
    return drafts


def _previous_page_lines(between: list[Block], b: Block) -> list[str]:
    """A table at the top of its page may have its title at the foot of the page before."""
    page = b.prov.page
    return lines_of([x for x in between if page is not None and x.prov.page == page - 1])


def _same_page(a: Block, b: Block) -> bool:
    return a.prov.page == b.prov.page


def _continue(prev: _Draft, b: Block, caps: Captions) -> bool:
    """Join `b` into `prev` when it is that table's continuation; returns whether it did."""
    assert b.grid is not None
    page = b.prov.page
    if not _follows(prev, b):
        return False
    if caps.code is not None and not _same_table(prev.captions, caps):
        return False
    if caps.code is None and page is None and _titled(caps):
        return False  # next in a source without pages, but under a title of its own
    if join.is_empty(b.grid):
        prev.blocks.append(b)  # a ruled but empty overflow: joins as nothing
        prev.reach = b.prov.page_end or page
        return True
    drop = join.rows_to_drop(prev.grid, b.grid)
    cmap = join.column_map(prev.grid, b.grid)
    if drop is None or cmap is None:
        return False
    amount_cols = [c for c, role in enumerate(analyse(prev.grid).roles) if role == "amount"]
    if not join.fits(prev.grid, b.grid, drop, amount_cols, cmap):
        return False
    prev.grid = join.append(prev.grid, b.grid, drop, cmap)
    prev.blocks.append(b)
    prev.last_page = prev.reach = b.prov.page_end or page
    return True


def _follows(prev: _Draft, b: Block) -> bool:
    """Whether `b` sits where a continuation of `prev` would: on the page after the table's
    last page; or, in a source without pages (HTML, Word), next in reading order after the
    table's last block (the caller has seen nothing but noise between)."""
    page, last = b.prov.page, prev.reach
    if page is None and prev.blocks[-1].prov.page is None:
        return True
    return page is not None and last is not None and page == last + 1


def _titled(caps: Captions) -> bool:
    """A title of its own, even a bare 表3, and no 续 marker: a different table."""
    return caps.title is not None and not caps.continued


def _repeats_title(line: str, prev: _Draft | None, budget: bool | None) -> bool:
    """The title of a standard table printed again over its continuation."""
    code = code_from_title(line, budget)
    return prev is not None and code is not None and code == prev.captions.code and code in STANDARD


def _same_table(prev: Captions, caps: Captions) -> bool:
    """A title over a continuation: marked 续, or a standard table's title printed again (the
    nine occur once each; 绩效自评表 titles repeat over different tables)."""
    if caps.continued:
        return prev.code in (None, caps.code)
    return caps.code == prev.code and caps.code in STANDARD


def _header_text(grid: Grid) -> str:
    """The header rows' text (data rows name subjects, not columns: 一般公共预算财政拨款收入)."""
    matrix = grid.text_matrix()
    _, end = find_header(matrix)
    return "".join(t for row in matrix[: end or 2] for t in row)


def _code(d: _Draft, drafts: list[_Draft], budget: bool | None) -> str:
    code = _own_code(d, drafts, budget)
    if budget and code in FINAL_CODES or budget is False and code in B_CODES:
        return "OTHER"  # a 决算 table inside a 预算 (or the reverse) is no standard table of it
    return code


def _own_code(d: _Draft, drafts: list[_Draft], budget: bool | None) -> str:
    if d.captions.code is not None:
        return d.captions.code
    if d.captions.title and not is_number_caption(d.captions.title):
        return "OTHER"  # titled, and the title names no standard table
    if budget:
        return _budget_header_code(d, drafts)
    guess = code_from_header(_header_text(d.grid))
    if guess is None:
        return "OTHER"
    earlier = {x.code for x in drafts[: drafts.index(d)]}
    if guess == "T07" and (_has_soe_codes(d.grid) or "T07" in earlier):
        return "T08"
    if guess == "T05" and "T03" not in earlier and "T05" not in earlier:
        return "T03"  # header alone cannot tell 支出决算表 from its 一般公共预算 sibling; T03 comes first
    return guess


def _budget_header_code(d: _Draft, drafts: list[_Draft]) -> str:
    """An untitled table of a budget, by its header; each of the nine occurs once."""
    guess = budget_code_from_header(_header_text(d.grid))
    earlier = {x.code for x in drafts[: drafts.index(d)]}
    if guess == "B03" and "B03" in earlier:
        guess = "B05"  # 合计/基本支出/项目支出 again: the 一般公共预算 sibling
    if guess == "B05" and _has_soe_codes(d.grid):
        guess = "B08"
    return guess if guess is not None and guess not in earlier else "OTHER"


def _has_soe_codes(grid: Grid) -> bool:
    """国有资本经营预算支出 (class 223) rows: a T08, not a T07."""
    return any((code_digits(c.text) or "").startswith("223") for c in grid.cells)


def _table(i: int, d: _Draft, blocks: list[Block], drafts: list[_Draft]) -> Table:
    last = d.blocks[-1]
    nxt = drafts[i + 1].first.index if i + 1 < len(drafts) else len(blocks)
    after = [b for b in blocks if last.index < b.index < nxt and b.kind != "table" and _same_page(b, last)]
    note = find_note(lines_of(after)) or find_note(_grid_lines(d.grid))
    return Table(
        table_id=f"t{i + 1:02d}", table_code=d.code,  # type: ignore[arg-type]
        title=d.captions.title, unit=d.captions.unit,  # type: ignore[arg-type]
        page_start=d.first.prov.page, page_end=d.last_page, block_indices=[b.index for b in d.blocks],
        grid=d.grid, note=note,
    )


def _grid_lines(grid: Grid) -> list[str]:
    """Rows printed as one text across the grid (an Excel note row), as lines."""
    out = []
    for row in grid.text_matrix():
        texts = {t for t in row if key(t)}
        if len(texts) == 1:
            out.append(texts.pop())
    return out
