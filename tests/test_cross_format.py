"""The same content in every format gives the same records (issue #4).

The Yulin sample (pipe text, as scraping its web page gives) is read by the text extractor;
its paragraphs and its two 绩效自评表 grids are rendered into a .docx (python-docx, real
gridSpan/vMerge merges, the 一、 headings numbered by Word list numbering rather than typed),
an HTML page (GB2312-declared, rowspan/colspan, page chrome around it) and an .xlsx (the two
tables on two sheets, numbers stored as numbers with formats that print them as the text
did).  Each goes through `pipeline.runner.process` and must give the text path's 绩效
records, facts and metadata, ignoring only where-to-look provenance (page, table_id, row,
line).
"""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from pipeline.headings import heading
from pipeline.model import Block, Document, Grid
from tests.conftest import YULIN

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

from docx.oxml import parse_xml  # noqa: E402

from extractors.web import text as text_extractor  # noqa: E402
from pipeline.runner import process  # noqa: E402

PROVENANCE = {"page", "table_id", "row", "line", "col"}
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CN_HEAD = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_CN = "一二三四五六七八九十"


@pytest.fixture(scope="module")
def text_blocks() -> list[Block]:
    return text_extractor.extract(YULIN).blocks


@pytest.fixture(scope="module")
def text_doc() -> Document:
    return process(YULIN)


def records(doc: Document, name: str) -> list[dict]:
    return [r.model_dump(exclude=PROVENANCE) for r in getattr(doc, name)]


# --------------------------------------------------------------------------- DOCX
class _WordLists:
    """Word list numbering for 一、 headings: a new list (restart at 一) after each part title."""

    def __init__(self, document) -> None:
        self.numbering = document.part.numbering_part.element
        self.numbering.insert(0, parse_xml(
            f'<w:abstractNum {W_NS} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/>'
            "</w:lvl></w:abstractNum>"))
        self.num_id = 100
        self.expected = 1

    def restart(self) -> None:
        self.num_id += 1
        self.expected = 1
        self.numbering.append(parse_xml(
            f'<w:num {W_NS} w:numId="{self.num_id}"><w:abstractNumId w:val="77"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))

    def add(self, document, text: str) -> bool:
        """Add `text` as a numbered heading when its printed number is the list's next; else False."""
        m = _CN_HEAD.match(text)
        if not m or m.group(1) != _CN[self.expected - 1: self.expected] or heading(text) is None:
            return False
        p = document.add_paragraph(m.group(2), style="Heading 2")
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="{self.num_id}"/></w:numPr>'))
        self.expected += 1
        return True


def render_docx(blocks: list[Block], path: Path) -> tuple[Path, int]:
    """The blocks as a Word file; returns it and how many headings Word numbers."""
    d = docx.Document()
    lists = _WordLists(d)
    numbered = 0
    for b in blocks:
        if b.kind == "table":
            _docx_table(d, b.grid)
            continue
        if b.text.startswith("第") and "部分" in b.text[:6] or b.text.strip() == "目 录":
            lists.restart()
        if lists.add(d, b.text):
            numbered += 1
        else:
            d.add_paragraph(b.text)
    d.save(path)
    return path, numbered


def _docx_table(d, grid: Grid) -> None:
    t = d.add_table(rows=grid.n_rows, cols=grid.n_cols)
    t.style = "Table Grid"
    for c in grid.cells:
        cell = t.cell(c.row, c.col)
        if c.row_span > 1 or c.col_span > 1:
            cell = cell.merge(t.cell(c.row + c.row_span - 1, c.col + c.col_span - 1))
        cell.text = c.text


# --------------------------------------------------------------------------- HTML
def render_html(blocks: list[Block], path: Path) -> Path:
    """The blocks as a GB2312-declared web page with rowspan/colspan tables and page chrome."""
    out = ['<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
           "<title>部门决算</title><style>td{border:1px solid}</style><script>var a = '<p>x</p>';</script>",
           '</head><body><div id="header"><a href="/">首页</a> &gt; 政务公开</div><nav>导航 栏目</nav>',
           '<div class="article">']
    for b in blocks:
        if b.kind == "table":
            out.append(_html_table(b.grid))
        else:
            out.append(f"<p>{html_lib.escape(b.text)}</p>")
    out.append('</div><div class="footer">版权所有 联系我们</div><p style="display:none">隐藏</p></body></html>')
    path.write_bytes("\n".join(out).encode("gb18030"))
    return path


def _html_table(grid: Grid) -> str:
    covering = grid.anchor_at()
    rows = []
    for r in range(grid.n_rows):
        tds = []
        for col in range(grid.n_cols):
            c = covering[r][col]
            if c is None:
                tds.append("<td></td>")  # an uncovered position still takes its slot
            elif (c.row, c.col) == (r, col):
                text = "<br>".join(html_lib.escape(x) for x in c.text.split("\n"))
                tds.append(f'<td rowspan="{c.row_span}" colspan="{c.col_span}">{text}</td>')
        rows.append(f"<tr>{''.join(tds)}</tr>")
    return f'<table border="1"><tbody>{"".join(rows)}</tbody></table>'


# --------------------------------------------------------------------------- XLSX
_PLAIN = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")


def _excel_value(text: str) -> tuple[object, str]:
    """A printed number as (number, number_format printing it the same way); text stays text."""
    if not _PLAIN.match(text) or len(re.sub(r"\D", "", text)) > 15 or re.match(r"^0\d", text):
        return text, "General"  # codes (21 digits, or 06 with its zero) are text in Excel too
    pct = text.endswith("%")
    body = text.rstrip("%")
    decimals = len(body.split(".")[1]) if "." in body else 0
    fmt = ("#,##0" if "," in body else "0") + ("." + "0" * decimals if decimals else "") + ("%" if pct else "")
    value = float(body.replace(",", ""))
    value = value / 100 if pct else value
    return (int(value) if decimals == 0 and not pct else value), fmt


def render_xlsx(grids: list[Grid], path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, grid in enumerate(grids, start=1):
        ws = wb.create_sheet(f"表{i}")
        for c in grid.cells:
            value, fmt = _excel_value(c.text)
            cell = ws.cell(row=c.row + 1, column=c.col + 1, value=value)
            cell.number_format = fmt
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text such as "=100百分比", not a formula
            if c.row_span > 1 or c.col_span > 1:
                ws.merge_cells(start_row=c.row + 1, start_column=c.col + 1,
                               end_row=c.row + c.row_span, end_column=c.col + c.col_span)
    wb.save(path)
    return path


# --------------------------------------------------------------------------- tests
def _assert_same_records(doc: Document, text_doc: Document, names: tuple[str, ...]) -> None:
    assert doc.status == "ok", doc.errors
    for name in names:
        got, want = records(doc, name), records(text_doc, name)
        assert want, f"the text path gives no {name}: nothing to compare"
        assert got == want, f"{name} differ from the text path"


PERF = ("perf_subjects", "perf_funds", "perf_indicators")
NARRATIVE = ("facts", "budget_execution", "glossary")


def test_docx_gives_text_path_records(tmp_path, text_blocks, text_doc):
    path, numbered = render_docx(text_blocks, tmp_path / "玉林市大数据发展和政务服务局2024年度部门决算.docx")
    assert numbered >= 10  # the 一、 headings really come from Word numbering
    doc = process(path)
    assert doc.source.format == "docx"
    assert [b.text for b in doc.blocks if b.kind != "table"] == [b.text for b in text_blocks if b.kind != "table"]
    _assert_same_records(doc, text_doc, PERF + NARRATIVE)
    assert doc.metadata.model_dump(exclude={"evidence"}) == text_doc.metadata.model_dump(exclude={"evidence"})
    assert [(s.level, s.number, s.title) for s in doc.sections] == [
        (s.level, s.number, s.title) for s in text_doc.sections]


def test_html_gives_text_path_records(tmp_path, text_blocks, text_doc):
    path = render_html(text_blocks, tmp_path / "玉林市大数据发展和政务服务局2024年度部门决算.html")
    doc = process(path)
    assert doc.source.format == "html" and doc.source.encoding == "gb18030"
    texts = [b.text for b in doc.blocks if b.kind != "table"]
    assert texts == [b.text for b in text_blocks if b.kind != "table"]  # chrome, script, hidden: gone
    _assert_same_records(doc, text_doc, PERF + NARRATIVE)
    assert doc.metadata.model_dump(exclude={"evidence"}) == text_doc.metadata.model_dump(exclude={"evidence"})


def test_xlsx_gives_text_path_perf_records(tmp_path, text_blocks, text_doc):
    grids = [b.grid for b in text_blocks if b.kind == "table"]
    assert len(grids) == 2
    doc = process(render_xlsx(grids, tmp_path / "绩效自评表.xlsx"))
    assert doc.source.format == "xlsx"
    _assert_same_records(doc, text_doc, PERF)


def test_grids_survive_each_format(tmp_path, text_blocks):
    """The rendered tables come back cell for cell, spans included."""
    from extractors import extract

    want = [b.grid.text_matrix() for b in text_blocks if b.kind == "table"]
    d, _ = render_docx(text_blocks, tmp_path / "y.docx")
    h = render_html(text_blocks, tmp_path / "y.html")
    x = render_xlsx([b.grid for b in text_blocks if b.kind == "table"], tmp_path / "y.xlsx")
    for path in (d, h, x):
        got = [b.grid.text_matrix() for b in extract(path).blocks if b.kind == "table"]
        assert got == want, path.suffix


# --------------------------------------------------------------------------- the Putuo PDF's tables
def _whole_tables(doc: Document) -> list[Block]:
    """The document's blocks with each table whole (continuations joined) as a Word/HTML file has it."""
    first = {t.block_indices[0]: t for t in doc.tables}
    later = {i for t in doc.tables for i in t.block_indices[1:]}
    return [b.model_copy(update={"grid": first[b.index].grid}) if b.index in first else b
            for b in doc.blocks if b.index not in later]


def _xlsx_of_tables(doc: Document, path: Path) -> Path:
    """Each table on its own sheet: title row, unit row, then the grid (numbers as numbers)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, table in enumerate(doc.tables, start=1):
        ws = wb.create_sheet(f"Sheet{i}")
        ws["A1"], ws["A2"] = table.title or "", f"单位：{table.unit or '万元'}"
        for c in table.grid.cells:
            value, fmt = _excel_value(c.text)
            cell = ws.cell(row=c.row + 4, column=c.col + 1, value=value)
            cell.number_format = fmt
            if c.row_span > 1 or c.col_span > 1:
                ws.merge_cells(start_row=c.row + 4, start_column=c.col + 1,
                               end_row=c.row + 3 + c.row_span, end_column=c.col + c.col_span)
    wb.save(path)
    return path


def test_putuo_line_items_in_every_format(tmp_path):
    """The Putuo PDF's content as Word, HTML and Excel gives the PDF path's line items."""
    pytest.importorskip("pdfplumber")
    from tests.conftest import PUTUO

    pdf_doc = process(PUTUO)
    want = records(pdf_doc, "line_items")
    assert len(want) > 150
    blocks = _whole_tables(pdf_doc)
    for path in (render_docx(blocks, tmp_path / "putuo.docx")[0], render_html(blocks, tmp_path / "putuo.html"),
                 _xlsx_of_tables(pdf_doc, tmp_path / "putuo.xlsx")):
        doc = process(path)
        assert doc.status == "ok", (path.suffix, doc.errors)
        assert records(doc, "line_items") == want, path.suffix
        if path.suffix != ".xlsx":
            assert records(doc, "facts") == records(pdf_doc, "facts"), path.suffix
