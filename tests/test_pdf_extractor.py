"""Text-layer PDFs: lines from offset glyph runs, paragraphs, ruled-table grids, bad input.

Real samples pin the behaviour on the document family (OnlyOffice/WPS-made 决算 and 预算);
small PDFs drawn here with reportlab pin each trap on its own: merged cells, CID fonts with a
predefined CMap, fake bold, encryption, truncation, pages without text, unmapped glyphs.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from extractors import ExtractionError
from extractors import extract as extract_any
from extractors.pdf import document as pdf_module
from extractors.pdf.document import extract
from extractors.pdf.pages import is_page_number
from extractors.pdf.tables import build_grid, cell_text
from extractors.pdf.text import dedupe_chars, garbled_share, join_chars
from pipeline.model import Block, Document
from tests.pdf_bytes import assemble

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FINAL = SAMPLES / "上海市普陀区财政局2024年度部门决算.pdf"
ALTERED = SAMPLES / "上海市普陀区财政局2024年度部门决算（含错误的修改版）.pdf"
TEMPLATE = SAMPLES / "上海市部门决算模板2024.pdf"
BUDGET = SAMPLES / "上海市普陀区人民政府万里街道办事处2025年部门预算.pdf"
ALL_SAMPLES = [FINAL, ALTERED, TEMPLATE, BUDGET]

CJK = "STSong-Light"  # reportlab's built-in CID font: UniGB-UCS2-H encoding, no ToUnicode
pdfmetrics.registerFont(UnicodeCIDFont(CJK))


# ---------------------------------------------------------------- helpers

_CACHE: dict[Path, Document] = {}


def sample(path: Path) -> Document:
    if path not in _CACHE:
        _CACHE[path] = extract(path)
    return _CACHE[path]


def on_page(doc: Document, page: int, kind: str | None = None) -> list[Block]:
    return [b for b in doc.blocks if b.prov.page == page and (kind is None or b.kind == kind)]


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def cell_texts(block: Block) -> list[str]:
    assert block.grid is not None
    return [c.text for c in block.grid.cells]


def draw(path: Path, pages: list, size: tuple[float, float] = (595, 842), **kw) -> Path:
    """A PDF whose page i is drawn by pages[i](canvas)."""
    c = canvas.Canvas(str(path), pagesize=size, **kw)
    for fn in pages:
        fn(c)
        c.showPage()
    c.save()
    return path


def ruled_table(c: canvas.Canvas) -> None:
    """Title and unit above a 3x4 ruled table: header cells merged across two columns."""
    c.setFont(CJK, 16)
    c.drawCentredString(297, 760, "收入决算表")
    c.setFont(CJK, 10)
    c.drawRightString(500, 735, "单位：万元")
    top, h = 720, 26
    ys = [top - i * h for i in range(4)]
    for y in ys:
        c.line(60, y, 500, y)
    for x in (60, 340, 500):
        c.line(x, top, x, ys[-1])
    for x in (260, 420):
        c.line(x, ys[1], x, ys[-1])
    c.drawString(65, ys[1] + 8, "项目")
    c.drawString(345, ys[1] + 8, "金额")
    c.drawString(65, ys[2] + 14, "本年收入合")
    c.drawString(65, ys[2] + 3, "计")
    c.drawString(265, ys[2] + 8, "科目")
    c.drawRightString(415, ys[2] + 8, "2,946.25")
    c.drawRightString(495, ys[2] + 8, "6.20")
    c.drawString(65, ys[3] + 8, "因 公 出 国 （ 境 ） 费 用")


def body_text(c: canvas.Canvas, lines: list[str], y: float = 760, x: float = 72, size: float = 12) -> None:
    c.setFont(CJK, size)
    for line in lines:
        c.drawString(x, y, line)
        y -= size * 1.5


def raw_pdf(content: bytes) -> bytes:
    """A one-page PDF whose font is Identity-H with no ToUnicode: every glyph is (cid:NN)."""
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        4: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        6: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        7: b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    }
    return assemble(objs)


def char(text: str, x0: float, top: float, size: float = 12.0, width: float | None = None) -> dict:
    w = size if width is None else width
    return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + size, "size": size}


# ---------------------------------------------------------------- the 决算 sample

def test_digits_on_an_offset_baseline_stay_in_their_line():
    doc = sample(FINAL)
    paras = texts(on_page(doc, 21, "paragraph"))
    assert any("上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比" in t for t in paras)
    assert any("本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%" in t for t in paras)


def test_a_number_glyph_split_from_its_heading_is_put_back():
    paras = texts(on_page(sample(FINAL), 22))
    assert paras[0].startswith("1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：")
    five = "5、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。"
    assert any(t.startswith(five) for t in paras)
    assert not any(re.fullmatch(r"\d+", t) for t in paras)


def test_wrapped_lines_join_into_one_paragraph_and_headings_stand_alone():
    blocks = on_page(sample(FINAL), 21)
    heads = [b.text for b in blocks if b.kind == "heading"]
    assert heads[:3] == [
        "第三部分上海市普陀区财政局2024年度部门决算情况说明", "一、收入支出决算总体情况说明", "二、收入决算情况说明",
    ]
    assert "（一）一般公共预算财政拨款支出决算总体情况" in heads
    body = next(b.text for b in blocks if b.text.startswith("上海市普陀区财政局2024年度收入支出总计"))
    assert body.endswith("以及项目支出中合同支付进度条款等原因减少支付。")
    assert "\n" not in body and " " not in body


def test_table_title_and_unit_precede_the_table_on_page_8():
    blocks = on_page(sample(FINAL), 8)
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "table"]
    assert texts(blocks[:2]) == ["收入决算表", "单位：万元"]
    table = blocks[2]
    assert table.text == "" and table.grid is not None
    cells = cell_texts(table)
    for expected in ("本年收入合计", "2,946.25", "财政拨款收入", "附属单位上缴收入"):
        assert expected in cells
    assert "机关事业单位基本养老保险缴费支出" in cells


def test_page_8_grid_has_exact_spans():
    grid = on_page(sample(FINAL), 8, "table")[0].grid
    assert grid is not None and grid.n_cols == 11
    at = {c.text: (c.row, c.col, c.row_span, c.col_span) for c in grid.cells}
    assert at["项目"] == (0, 0, 1, 4)
    assert at["本年收入合计"] == (0, 4, 3, 1)
    assert at["支出功能分类"] == (1, 0, 1, 3) and at["科目名称"] == (1, 3, 2, 1)
    matrix = grid.text_matrix()
    total_row = next(r for r in matrix if r[3] == "合计")
    assert total_row[4:7] == ["2,946.25", "2,940.05", ""] and total_row[10] == "6.20"
    row = next(r for r in matrix if r[3] == "行政运行")
    assert row[:3] == ["201", "06", "01"] and row[4:6] == ["1,511.90", "1,511.89"]


def test_letter_spaced_label_in_a_cell_loses_its_spaces():
    cells = cell_texts(on_page(sample(FINAL), 16, "table")[0])
    assert "因公出国（境）费用" in cells
    assert "机关事业单位基本养老保险缴费" in cells


def test_toc_pages_are_toc_lines_not_headings():
    doc = sample(FINAL)
    page2 = on_page(doc, 2)
    assert page2[0].text == "目录" and all(b.style == "toc" and b.kind == "paragraph" for b in page2)
    assert "第二部分上海市普陀区财政局2024年度部门决算表" in texts(page2)
    assert "七、财政拨款“三公”经费支出决算表" in texts(page2)
    page3 = on_page(doc, 3)
    assert texts(page3)[-1] == "第四部分名词解释" and all(b.style == "toc" for b in page3)
    assert on_page(doc, 4)[0].kind == "heading" and on_page(doc, 4)[0].style is None


def test_empty_page_is_absent_and_has_no_blocks():
    doc = sample(FINAL)
    assert len(doc.pages) == 25 == doc.source.pages
    assert doc.pages[13].text_layer == "absent" and doc.pages[13].note == "no text layer"
    assert on_page(doc, 14) == []
    assert all(p.text_layer == "good" for i, p in enumerate(doc.pages) if i != 13)


def test_unit_table_on_page_5_and_its_lead_in():
    blocks = on_page(sample(FINAL), 5)
    table = next(i for i, b in enumerate(blocks) if b.kind == "table")
    assert blocks[table - 1].text.endswith("纳入上海市普陀区财政局2024年度部门决算编制范围的单位包括：")
    assert blocks[table].grid.text_matrix()[2] == ["2", "上海市普陀区财政局财政所", "预算不单列，并入本级"]


# ---------------------------------------------------------------- the other samples

def test_paragraph_continued_over_a_page_break_is_joined():
    doc = sample(ALTERED)
    para = next(b for b in doc.blocks if b.text.startswith("（四）参与预测本区宏观经济形势"))
    assert "分析财政资金支持经济发展情况，结合本区实际" in para.text
    assert (para.prov.page, para.prov.page_end) == (4, 5)
    assert para.prov.bbox is not None and para.prov.bbox[1] > 700  # the part on page 4


def test_sentence_ending_a_page_is_not_joined_to_the_next():
    doc = sample(ALTERED)
    head = next(b for b in doc.blocks if b.text == "第三部分上海市普陀区财政局2023年度部门决算情况说明")
    assert head.kind == "heading" and head.prov.page == 18
    assert not any(b.prov.page_end for b in doc.blocks if b.kind == "table")


def test_invisible_boxes_behind_toc_lines_make_no_table():
    doc = sample(BUDGET)
    page2 = on_page(doc, 2)
    assert page2 and all(b.kind == "paragraph" and b.style == "toc" for b in page2)
    assert "1. 2025年部门财务收支预算总表" in page2[6].text  # the space after "1." survives


def test_budget_tables_keep_thousands_separators_and_unit_line():
    doc = sample(BUDGET)
    blocks = on_page(doc, 9)
    assert texts(blocks[:2]) == ["2025年部门财务收支预算总表", "编制部门：上海市普陀区人民政府万里街道办事处 单位：元"]
    cells = cell_texts(blocks[2])
    assert "189,767,551" in cells and "1.一般公共预算资金" in cells
    three = on_page(doc, 29, "table")[0].grid
    assert three is not None and ["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"] in three.text_matrix()


def test_template_tables_and_notes():
    doc = sample(TEMPLATE)
    blocks = on_page(doc, 6)
    assert texts(blocks[:2]) == ["收入决算表", "单位：万元"]
    assert "功能分类科目编码" in cell_texts(blocks[2])
    assert blocks[3].text == "注：本表反映部门本年度取得的各项收入情况。"


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.stem[:12])
def test_block_contract_holds_on_every_sample(path: Path):
    doc = sample(path)
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    pages = [b.prov.page for b in doc.blocks]
    assert pages == sorted(pages)
    for b in doc.blocks:
        assert b.prov.origin == "pdf" and b.prov.bbox is not None
        if b.kind == "table":
            assert b.text == "" and b.grid is not None
            _assert_grid_tiles(b)
        else:
            assert b.text and b.grid is None and b.text == b.text.strip()
            assert not is_page_number(b.text), b.text


def _assert_grid_tiles(block: Block) -> None:
    grid = block.grid
    assert grid is not None
    covered = [[0] * grid.n_cols for _ in range(grid.n_rows)]
    for c in grid.cells:
        assert c.prov is not None and c.prov.page == block.prov.page and c.prov.bbox is not None
        for r in range(c.row, c.row + c.row_span):
            for k in range(c.col, c.col + c.col_span):
                covered[r][k] += 1
    assert all(v == 1 for row in covered for v in row)


def test_registry_dispatches_pdf():
    assert extract_any(FINAL).source.format == "pdf"


# ---------------------------------------------------------------- drawn PDFs

def test_ruled_table_with_merged_cells(tmp_path: Path):
    doc = extract(draw(tmp_path / "t.pdf", [ruled_table]))
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph", "table"]
    assert texts(doc.blocks[:2]) == ["收入决算表", "单位：万元"]
    grid = doc.blocks[2].grid
    assert grid is not None and (grid.n_rows, grid.n_cols) == (3, 4)
    assert grid.text_matrix() == [
        ["项目", "项目", "金额", "金额"],
        ["本年收入合计", "科目", "2,946.25", "6.20"],
        ["因公出国（境）费用", "", "", ""],
    ]
    head = grid.rows()[0]
    assert [(c.col, c.col_span) for c in head] == [(0, 2), (2, 2)]
    assert head[0].prov is not None and head[0].prov.bbox == pytest.approx((60, 122, 340, 148), abs=0.5)


@pytest.mark.parametrize("turn", [90, -90])
def test_table_printed_turned_on_a_portrait_page(tmp_path: Path, turn: int):
    def page(c: canvas.Canvas) -> None:
        c.translate(595, 0) if turn == 90 else c.translate(0, 842)
        c.rotate(turn)
        c.translate(0, -250)  # the landscape drawing's y up to 760 onto the 595-pt short side
        ruled_table(c)
        body_text(c, ["注：本表反映部门本年度取得的各项收入情况。"], y=410, x=60)

    doc = extract(draw(tmp_path / "turned.pdf", [page]))
    note = "注：本表反映部门本年度取得的各项收入情况。"
    assert [b.text for b in doc.blocks if b.kind != "table"] == ["收入决算表", "单位：万元", note]
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.grid is not None
    assert table.grid.text_matrix()[1] == ["本年收入合计", "科目", "2,946.25", "6.20"]
    x0, top, x1, bottom = table.prov.bbox or (0, 0, 0, 0)
    assert bottom - top == pytest.approx(440, abs=1) and x1 - x0 == pytest.approx(78, abs=1)  # page coordinates
    for cell in table.grid.cells:
        cx0, ctop, cx1, cbottom = cell.prov.bbox if cell.prov and cell.prov.bbox else (-1, -1, -1, -1)
        assert x0 - 0.5 <= cx0 < cx1 <= x1 + 0.5 and top - 0.5 <= ctop < cbottom <= bottom + 0.5


def test_cid_font_with_predefined_cmap_is_read(tmp_path: Path):
    doc = extract(draw(tmp_path / "cid.pdf", [lambda c: body_text(c, ["本年收入合计2946.25万元。"])]))
    assert doc.pages[0].text_layer == "good"
    assert texts(doc.blocks) == ["本年收入合计2946.25万元。"]


def test_digits_on_a_lower_baseline_in_another_font(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        x, y = 72.0, 700.0
        runs = [("上海市普陀区财政局", CJK, 0), ("2024", "Times-Roman", -4.9), ("年度收入支出总计", CJK, 0),
                ("2995.39", "Times-Roman", -4.9), ("万元。", CJK, 0)]
        for text, font, dy in runs:
            c.setFont(font, 12)
            c.drawString(x, y + dy, text)
            x += c.stringWidth(text, font, 12)
        body_text(c, ["下一行文字。"], y=686)

    doc = extract(draw(tmp_path / "offset.pdf", [page]))
    assert texts(doc.blocks) == ["上海市普陀区财政局2024年度收入支出总计2995.39万元。下一行文字。"]


def test_fake_bold_doubles_are_dropped_but_real_repeats_kept(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        c.setFont(CJK, 12)
        for dx in (0, 0.3):
            c.drawString(72 + dx, 700, "上海市人人有责")

    doc = extract(draw(tmp_path / "bold.pdf", [page]))
    assert texts(doc.blocks) == ["上海市人人有责"]


def test_diagonal_watermark_is_ignored_but_italic_and_vertical_text_kept(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        body_text(c, ["本年收入合计2946.25万元。"], y=700)
        c.saveState()
        c.translate(150, 650)
        c.rotate(35)
        c.setFont(CJK, 60)
        c.drawString(0, 0, "内部资料")
        c.restoreState()
        text = c.beginText(72, 600)
        text.setFont(CJK, 12)
        text.setTextTransform(1, 0, 0.25, 1, 72, 600)  # synthetic italic: sheared, not rotated
        text.textOut("斜体文字。")
        c.drawText(text)

    doc = extract(draw(tmp_path / "mark.pdf", [page]))
    assert texts(doc.blocks) == ["本年收入合计2946.25万元。", "斜体文字。"]


def test_encrypted_pdf_needs_a_password(tmp_path: Path):
    path = draw(tmp_path / "locked.pdf", [lambda c: body_text(c, ["保密"])], encrypt=StandardEncryption("secret"))
    with pytest.raises(ExtractionError, match="^encrypted PDF: locked.pdf"):
        extract(path)


def test_encrypted_pdf_with_empty_user_password_opens(tmp_path: Path):
    def page(c: canvas.Canvas) -> None:
        # Latin only: reportlab leaves a CID font's CIDSystemInfo strings unencrypted, which
        # a conforming reader (pdfminer) then decrypts into garbage
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, "Budget 2024: open to all.")

    enc = StandardEncryption("", ownerPassword="owner", canModify=0)
    doc = extract(draw(tmp_path / "owner.pdf", [page], encrypt=enc))
    assert texts(doc.blocks) == ["Budget 2024: open to all."]


def test_truncated_and_corrupt_files_raise_with_a_reason(tmp_path: Path):
    whole = draw(tmp_path / "whole.pdf", [ruled_table]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ExtractionError, match="corrupt or truncated PDF: cut.pdf"):
        extract(cut)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(ExtractionError, match="junk.pdf"):
        extract(junk)


def test_page_without_text_is_absent_and_document_still_returned(tmp_path: Path):
    def blank(c: canvas.Canvas) -> None:
        c.rect(100, 100, 200, 200)

    doc = extract(draw(tmp_path / "mixed.pdf", [lambda c: body_text(c, ["第一页文字。"]), blank]))
    assert [p.text_layer for p in doc.pages] == ["good", "absent"]
    assert doc.pages[1].note == "no text layer"
    assert texts(doc.blocks) == ["第一页文字。"]


def test_a_page_pdfminer_cannot_interpret_is_reported_and_the_rest_kept(tmp_path: Path, monkeypatch):
    real = pdf_module.read_page

    def flaky(page):
        if page.page_number == 2:
            raise pdf_module.PdfminerException(ValueError("bad content stream"))
        return real(page)

    monkeypatch.setattr(pdf_module, "read_page", flaky)
    pages = [lambda c, t=t: body_text(c, [t]) for t in ("第一页。", "第二页。", "第三页。")]
    doc = extract(draw(tmp_path / "flaky.pdf", pages))
    assert texts(doc.blocks) == ["第一页。", "第三页。"]
    assert doc.pages[1].text_layer == "absent" and "bad content stream" in (doc.pages[1].note or "")
    assert doc.status == "partial" and doc.errors[0].reason == "page 2 could not be read: bad content stream"


def test_unmapped_glyphs_make_the_page_garbled(tmp_path: Path):
    path = tmp_path / "cid.pdf"
    path.write_bytes(raw_pdf(b"BT /F1 12 Tf 72 700 Td <0012003400560078> Tj ET"))
    doc = extract(path)
    assert doc.pages[0].text_layer == "garbled"
    assert doc.pages[0].note is not None and "no Unicode mapping" in doc.pages[0].note
    assert doc.blocks == []


def test_page_numbers_and_running_headers_are_dropped(tmp_path: Path):
    def page(n: int):
        def fn(c: canvas.Canvas) -> None:
            c.setFont(CJK, 9)
            c.drawCentredString(297, 810, "上海市某某局2024年度部门决算")
            c.drawCentredString(297, 30, f"- {n} -")
            body_text(c, [f"第{n}页正文内容，共有若干文字。"], y=700)

        return fn

    doc = extract(draw(tmp_path / "furniture.pdf", [page(n) for n in range(1, 5)]))
    assert texts(doc.blocks) == [f"第{n}页正文内容，共有若干文字。" for n in range(1, 5)]


def test_paragraph_breaks_at_headings_indents_and_sentence_ends(tmp_path: Path):
    """Each break below has exactly one cause, so each rule is pinned on its own."""
    full = "这是一个很长的句子用来填满整行文字内容直到右边的页边距为止不留空白区域好的"  # 37 chars
    lines = [
        "一、总体情况",  # a heading line on its own
        "　　" + full[:35],  # indented first line, runs to the right margin
        full[:36] + "。",  # full line ending a sentence
        "（二）第二段开始" + full[:29],  # breaks only because it is heading-like
        full[:36] + "。",
        "　　" + full[:35],  # breaks only because it is indented
        full[:10] + "。",  # short line ending a sentence …
        full[:37],  # … so this line at the margin starts a paragraph
        full[:5],  # short without a full stop (a long number wrapped): continues
        full[:6] + "。",
    ]
    doc = extract(draw(tmp_path / "paras.pdf", [lambda c: body_text(c, lines, y=780)]))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "一、总体情况"),
        ("paragraph", full[:35] + full[:36] + "。"),
        ("paragraph", "（二）第二段开始" + full[:29] + full[:36] + "。"),
        ("paragraph", full[:35] + full[:10] + "。"),
        ("paragraph", full[:37] + full[:5] + full[:6] + "。"),
    ]


# ---------------------------------------------------------------- units

def test_dedupe_keeps_side_by_side_repeats():
    chars = [char("人", 10, 10), char("人", 22, 10), char("人", 10.4, 10.2), char("上", 40, 10)]
    assert [c["x0"] for c in dedupe_chars(chars)] == [10, 22, 40]


def test_spaces_only_between_latin_words():
    line = [char("因", 0, 0), char("公", 20, 0), char("2", 34, 0, width=6), char("0", 40, 0, width=6),
            char("A", 60, 0, width=8), char("B", 75, 0, width=8)]
    assert join_chars(line, field_gaps=False) == "因公20 A B"
    spaced = [char("1", 0, 0, width=6), char(",", 6, 0, width=3), char("2", 12, 0, width=6)]
    assert join_chars(spaced, field_gaps=False) == "1,2"
    far = [char("处", 0, 0), char("单", 100, 0)]
    assert join_chars(far, field_gaps=True) == "处 单" and join_chars(far, field_gaps=False) == "处单"


def test_cell_text_joins_wraps_but_keeps_stacked_values_apart():
    wrapped = [char("本", 2, 0), char("年", 14, 0), char("合", 26, 0), char("计", 2, 14)]
    assert cell_text(wrapped, (0, 0, 40, 30)) == "本年合计"
    stacked = [char(ch, 60 + 6 * i, 0, width=6) for i, ch in enumerate("1.00")]
    stacked += [char(ch, 60 + 6 * i, 14, width=6) for i, ch in enumerate("2.00")]
    assert cell_text(stacked, (0, 0, 100, 30)) == "1.00\n2.00"


def test_garbled_share_counts_cid_and_private_use():
    chars = [char("(cid:12)", 0, 0), char("\ue001", 12, 0), char("好", 24, 0), char(" ", 36, 0)]
    assert garbled_share(chars) == pytest.approx(2 / 3)


@pytest.mark.parametrize("text,expected", [
    ("3", True), ("- 3 -", True), ("— 12 —", True), ("第3页", True), ("第 3 页 共 25 页", True), ("3/25", True),
    ("2024", True), ("2995.39", False), ("一、", False), ("3万元", False),
])
def test_page_number_lines(text: str, expected: bool):
    assert is_page_number(text) is expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(1, 3), min_size=1, max_size=6), min_size=1, max_size=6), st.integers(2, 6))
def test_grid_spans_are_recovered_from_cell_boxes(rows: list[list[int]], width: int):
    """A ruler row of single cells, then rows of merged cells (widths in grid units, a little
    jitter on the edges): every cell comes back with its row, column and spans."""
    expected = [(0, c, 1, 1) for c in range(width)]
    for r, spans in enumerate(rows, start=1):
        col = 0
        for s in spans:
            s = min(s, width - col)
            expected.append((r, col, 1, s))
            col += s
            if col == width:
                break
        if col < width:
            expected.append((r, col, 1, width - col))
    jitter = [0.0, 0.7, -0.4, 1.1]
    boxes = [
        (40.0 * c + jitter[r % 4], 15.0 * r - jitter[c % 4], 40.0 * (c + cs) + jitter[(r + 1) % 4], 15.0 * (r + 1))
        for r, c, _, cs in expected
    ]
    grid = build_grid(boxes, [], page=1)
    assert grid is not None and (grid.n_rows, grid.n_cols) == (len(rows) + 1, width)
    assert sorted((c.row, c.col, c.row_span, c.col_span) for c in grid.cells) == sorted(expected)
