"""Word .docx extraction: order, headings, list numbering, merged cells, nested tables, text boxes."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from docx.oxml import parse_xml  # noqa: E402

from extractors import ExtractionError, extract  # noqa: E402
from extractors.office import docx as docx_extractor  # noqa: E402
from extractors.office.numbering import chinese, format_number  # noqa: E402
from extractors.sniff import sniff_format  # noqa: E402

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

_ABSTRACT = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>"""


def _add_numbering(document: docx.document.Document) -> str:
    """A chineseCounting multilevel list (一、/（一）/1.) added to the document; its numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(_ABSTRACT)
    first_num = numbering.find(abstract.tag.replace("abstractNum", "num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _numbered(document, text: str, num_id: str, ilvl: int, style: str = "Heading 1"):
    p = document.add_paragraph(text, style=style)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


_TEXTBOX = f"""<w:p {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml"><w:r><mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
    <w:p><w:r><w:t>某某局2024年度部门决算</w:t></w:r></w:p>
  </w:txbxContent></wps:txbx></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>某某局2024年度部门决算</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r></w:p>"""


def build_sample(path: Path) -> Path:
    """A .docx with a text-box title, numbered headings, a merged table, a nested table, a header."""
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉不应出现"
    d.sections[0].footer.paragraphs[0].text = "第 1 页"
    d.element.body.insert(0, parse_xml(_TEXTBOX))
    num = _add_numbering(d)
    _numbered(d, "收入支出决算总体情况", num, 0)
    d.add_paragraph("本部门2024年度总收入100万元。")
    _numbered(d, "收入决算情况", num, 1, style="Heading 2")
    _numbered(d, "财政拨款收入", num, 2, style="Normal")
    _numbered(d, "其他收入", num, 2, style="Normal")
    _numbered(d, "支出决算情况", num, 1, style="Heading 2")
    _numbered(d, "支出决算总体情况", num, 0)
    _numbered(d, "基本支出", num, 1, style="Heading 2")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "表一 收入支出决算总表"
    t.cell(1, 0).merge(t.cell(3, 0)).text = "预算执行情况"
    for r, row in enumerate([["资金来源", "年初预算数", "执行数"], ["合计", "2000", "1954.41"],
                             ["其他", "0.00", "1,031.24"]], start=1):
        for c, text in enumerate(row, start=1):
            t.cell(r, c).text = text
    inner = t.cell(3, 3).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内表", "1.5"
    d.add_paragraph("注：本表无数据。\n第二行")
    d.save(path)
    return path


@pytest.fixture()
def sample_doc(tmp_path: Path):
    return extract(build_sample(tmp_path / "sample.docx"))


def test_reading_order_text_box_and_headers_dropped(sample_doc):
    texts = [b.text for b in sample_doc.blocks if b.kind != "table"]
    assert texts[0] == "某某局2024年度部门决算"  # the text box, once (its VML fallback skipped)
    assert texts.count("某某局2024年度部门决算") == 1
    assert "页眉不应出现" not in texts and "第 1 页" not in texts
    assert texts[-2:] == ["注：本表无数据。", "第二行"]  # a line break splits the paragraph
    kinds = [b.kind for b in sample_doc.blocks]
    assert kinds.index("table") < len(kinds) - 2  # tables sit between paragraphs in body order
    assert sample_doc.source.format == "docx"
    assert all(b.prov.origin == "docx" and b.prov.page is None and b.prov.line_start for b in sample_doc.blocks)


def test_numbering_rebuilt_and_headings(sample_doc):
    heads = [(b.kind, b.style, b.text) for b in sample_doc.blocks if b.text and b.kind != "table"]
    assert ("heading", "Heading 1", "一、收入支出决算总体情况") in heads
    assert ("heading", "Heading 2", "（一）收入决算情况") in heads
    assert ("paragraph", "Normal", "1.财政拨款收入") in heads
    assert ("paragraph", "Normal", "2.其他收入") in heads
    assert ("heading", "Heading 2", "（二）支出决算情况") in heads
    assert ("heading", "Heading 1", "二、支出决算总体情况") in heads
    assert ("heading", "Heading 2", "（一）基本支出") in heads  # the deeper level restarts


def test_merged_cells_and_nested_table(sample_doc):
    tables = [b for b in sample_doc.blocks if b.kind == "table"]
    assert len(tables) == 2  # the outer table, then the nested one after it
    outer, inner = tables[0].grid, tables[1].grid
    assert (outer.n_rows, outer.n_cols) == (4, 4)
    spans = {(c.row, c.col): (c.row_span, c.col_span, c.text) for c in outer.cells}
    assert spans[(0, 0)] == (1, 4, "表一 收入支出决算总表")
    assert spans[(1, 0)] == (3, 1, "预算执行情况")
    assert spans[(2, 3)] == (1, 1, "1954.41")
    assert (3, 3) in spans and "内表" not in spans[(3, 3)][2]
    assert len(outer.cells) == 1 + 1 + 9
    assert inner.text_matrix() == [["内表", "1.5"]]
    assert tables[1].index == tables[0].index + 1


def test_gridbefore_and_frame_table(tmp_path: Path):
    d = docx.Document()
    frame = d.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "一、框里的标题"
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "a"
    t.cell(0, 2).text = "b"
    t.cell(1, 1).text, t.cell(1, 2).text = "c", "d"
    tr = t.rows[1]._tr
    tr.remove(tr.tc_lst[0])  # the first grid column left empty: w:gridBefore
    tr.get_or_add_trPr().insert(0, parse_xml(f'<w:gridBefore {W_NS} w:val="1"/>'))
    d.save(tmp_path / "g.docx")
    doc = docx_extractor.extract(tmp_path / "g.docx")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]
    assert doc.blocks[0].text == "一、框里的标题"
    grid = doc.blocks[1].grid
    assert grid.text_matrix() == [["a", "a", "b"], ["", "c", "d"]]


def test_list_counting_follows_word(tmp_path: Path):
    """Two w:num sharing an abstractNum continue one sequence; a startOverride restarts it."""
    d = docx.Document()
    _add_numbering(d)
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="92"><w:abstractNumId w:val="90"/>'
                               '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for num in ("90", "91", "92", "92"):
        _numbered(d, "标题", num, 0)
    hidden = d.add_paragraph("看得见")
    hidden.add_run("看不见").font.hidden = True
    d.save(tmp_path / "n.docx")
    texts = [b.text for b in docx_extractor.extract(tmp_path / "n.docx").blocks]
    assert texts == ["一、标题", "二、标题", "一、标题", "二、标题", "看得见"]


@pytest.mark.parametrize(("n", "fmt", "out"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (21, "chineseCountingThousand", "二十一"), (105, "chineseCounting", "一百零五"),
    (3, "decimalEnclosedCircle", "③"), (2, "upperRoman", "II"), (28, "lowerLetter", "bb"),
    (4, "chineseLegalSimplified", "肆"), (3, "bullet", ""), (7, "decimalZero", "07"),
])
def test_number_formats(n, fmt, out):
    assert format_number(n, fmt) == out
    assert chinese(12) == "十二"


# --------------------------------------------------------------------------- bad input
def test_not_a_zip(tmp_path: Path):
    p = tmp_path / "bad.docx"
    p.write_bytes(b"\x00\x01\x02 this is not a zip at all \xff\xfe" * 10)
    with pytest.raises(ExtractionError, match="not a valid zip"):
        extract(p)


def test_zip_bomb_refused_from_directory(tmp_path: Path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    assert p.stat().st_size < 100_000
    with pytest.raises(ExtractionError, match="zip bomb"):
        extract(p)
    with pytest.raises(ExtractionError, match="zip bomb"):
        docx_extractor.extract(p)


def test_encrypted_package_posing_as_docx(tmp_path: Path):
    olefile = pytest.importorskip("olefile")
    p = tmp_path / "secret.docx"
    p.write_bytes(ole_file(["EncryptionInfo", "EncryptedPackage"]))
    assert olefile.isOleFile(str(p))
    with pytest.raises(ExtractionError, match="password-protected"):
        extract(p)
    with pytest.raises(ExtractionError, match="password-protected"):
        docx_extractor.extract(p)


def test_extension_lies(tmp_path: Path):
    real = build_sample(tmp_path / "real.docx")
    as_doc = tmp_path / "really_docx.doc"
    as_doc.write_bytes(real.read_bytes())
    assert sniff_format(as_doc) == "docx"
    assert extract(as_doc).source.format == "docx"
    pdf = tmp_path / "report.docx"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert sniff_format(pdf) == "pdf"
    html = tmp_path / "page.doc"
    html.write_bytes("<html><body><p>一、概况</p></body></html>".encode())
    assert sniff_format(html) == "html"
    xlsx_zip = tmp_path / "book.docx"
    with zipfile.ZipFile(xlsx_zip, "w") as z:
        z.writestr("[Content_Types].xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert sniff_format(xlsx_zip) == "xlsx"


def test_bad_docx_becomes_failed_status(tmp_path: Path):
    from pipeline.runner import process

    p = tmp_path / "bad.docx"
    p.write_bytes(b"garbage" * 100)
    doc = process(p)
    assert doc.status == "failed"
    assert "not a valid zip" in doc.errors[0].reason


def ole_file(names: list[str], fill: bytes = b"\x01") -> bytes:
    """A minimal valid OLE compound file (v3, 512-byte sectors) holding small empty-ish streams."""
    import struct

    sector = 512
    # sectors: 0 = FAT, 1 = directory, 2.. = one data sector per stream (each stream 4096+ bytes
    # would need the regular FAT; small streams sit in a mini stream, so use 4096-byte streams)
    per = 8  # sectors per stream (4096 bytes each)
    n_data = per * len(names)
    entries = [("Root Entry", 5, 0xFFFFFFFE, 0)]
    for i, name in enumerate(names):
        entries.append((name, 2, 2 + i * per, per * sector))
    dir_bytes = b""
    for i, (name, typ, start, size) in enumerate(entries):
        raw = name.encode("utf-16-le") + b"\0\0"
        left = right = 0xFFFFFFFF
        child = 0xFFFFFFFF
        if i == 0:
            child = 1 if len(entries) > 1 else 0xFFFFFFFF
        elif i + 1 < len(entries):
            right = i + 1
        dir_bytes += (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), typ, 1)
                      + struct.pack("<III", left, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                      + struct.pack("<IQ", start, size)[:12].ljust(12, b"\0"))
    dir_bytes = dir_bytes.ljust(sector, b"\0")[:sector] if len(dir_bytes) <= sector else dir_bytes
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for i in range(len(names)):
        base = 2 + i * per
        fat += [base + k + 1 for k in range(per - 1)] + [0xFFFFFFFE]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *([0xFFFFFFFF] * 108)))
    return header.ljust(sector, b"\0") + fat_bytes + dir_bytes + fill * (n_data * sector)
