"""HTML pages: charset, reading order, page chrome, the table algorithm, nested and layout tables."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("lxml")

from extractors import ExtractionError, extract  # noqa: E402
from extractors.sniff import sniff_format  # noqa: E402
from extractors.web.html import decode, read_blocks  # noqa: E402
from pipeline.runner import process  # noqa: E402

PAGE = """<html><head><meta charset="{charset}"><title>标题不算正文</title>
<style>p {{ color: red }}</style><script>document.write("<p>脚本</p>")</script></head>
<body><div class="nav">首页 | 政务公开</div><header>网站头部</header>
<h1>玉林市某局2024年度部门决算</h1>
<p>第一部分 概况<br/>一、本部门职责</p>
<div>（一）组织拟订<span>发展规划</span>。</div>
<ul><li>条目甲</li></ul><ol start="3"><li>条目丙</li></ol>
<p hidden>隐藏段落</p><p style="display: none">也隐藏</p><aside>侧栏</aside>
<footer>版权所有</footer></body></html>"""


def _blocks(html: str):
    return [(b.kind, b.style, b.text) for b in read_blocks(html)]


# --------------------------------------------------------------------------- charset
@pytest.mark.parametrize("label", ["gbk", "gb2312", "GB18030"])
def test_gbk_meta_charset(tmp_path: Path, label: str):
    p = tmp_path / "page.htm"
    p.write_bytes(PAGE.format(charset=label).encode("gbk"))
    doc = extract(p)
    assert doc.source.encoding == "gb18030"
    assert doc.blocks[0].text == "玉林市某局2024年度部门决算"


def test_http_equiv_and_detection(tmp_path: Path):
    body = "<p>财政拨款收入1,031.24万元</p>"
    equiv = f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">{body}'.encode("gbk")
    text, encoding, replaced = decode(equiv)
    assert (encoding, replaced) == ("gb18030", 0) and text.endswith(body)
    assert decode(body.encode("gbk"))[1] == "gb18030"  # no declaration: not UTF-8, so GB18030
    assert decode(body.encode("utf-8"))[1] == "utf-8"
    assert decode(b"\xef\xbb\xbf" + body.encode("utf-8"))[0] == body
    mislabelled = f'<meta charset="gb2312">{body}'.encode()
    assert decode(mislabelled)[1] == "utf-8"  # valid non-ASCII UTF-8 labelled GB2312: a mislabel


def test_undecodable_bytes_are_replaced_and_reported(tmp_path: Path):
    p = tmp_path / "bad.html"
    p.write_bytes('<meta charset="utf-8"><p>收入'.encode() + b"\x81\x30\xff\xff" + b"</p>")
    doc = extract(p)
    assert doc.status == "partial"
    assert "could not be decoded" in doc.errors[0].reason


# --------------------------------------------------------------------------- text
def test_reading_order_and_ignored_chrome():
    got = _blocks(PAGE.format(charset="utf-8"))
    assert got == [
        ("heading", "h1", "玉林市某局2024年度部门决算"),
        ("paragraph", None, "第一部分 概况"),
        ("paragraph", None, "一、本部门职责"),
        ("paragraph", None, "（一）组织拟订发展规划。"),
        ("paragraph", None, "条目甲"),
        ("paragraph", None, "3. 条目丙"),
    ]


def test_chrome_rule_dropped_when_it_would_hide_everything():
    got = _blocks('<div class="header"><p>整个页面都在页头里</p></div>')
    assert got == [("paragraph", None, "整个页面都在页头里")]


def test_page_without_tables_is_ok(tmp_path: Path):
    p = tmp_path / "说明.html"
    p.write_text("<html><body><p>一、部门职责</p><p>负责……</p></body></html>", encoding="utf-8")
    doc = process(p)
    assert doc.status == "ok"
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]


def test_mhtml_word_web_page_saved_as_doc(tmp_path: Path):
    html = '<html><body><p class=MsoNormal>一、收入支出决算总体情况</p></body></html>'.encode("gbk")
    import quopri

    mht = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n"
           b"------=_NextPart_01\r\nContent-Location: file:///C:/x.htm\r\nContent-Transfer-Encoding: quoted-printable"
           b"\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n" + quopri.encodestring(html)
           + b"\r\n------=_NextPart_01--\r\n")
    p = tmp_path / "决算.doc"
    p.write_bytes(mht)
    assert sniff_format(p) == "html"
    doc = extract(p)
    assert [b.text for b in doc.blocks] == ["一、收入支出决算总体情况"]


def test_empty_and_extension_lies(tmp_path: Path):
    p = tmp_path / "blank.html"
    p.write_bytes(b"   \n")
    with pytest.raises(ExtractionError):
        extract(p)
    xls = tmp_path / "附表.xls"
    xls.write_text("<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1.00</td></tr></table>")
    assert sniff_format(xls) == "html"
    assert extract(xls).blocks[0].grid.text_matrix() == [["项目", "金额"], ["合计", "1.00"]]


# --------------------------------------------------------------------------- tables
def _grid(html: str, i: int = 0):
    return [b.grid for b in read_blocks(html) if b.kind == "table"][i]


def test_rowspan_colspan_occupancy():
    g = _grid("""<table>
      <tr><td rowspan="3">A</td><td colspan="2">B</td><td rowspan="2">C</td></tr>
      <tr><td>D</td><td rowspan="2">E</td></tr>
      <tr><td>F</td><td>G</td></tr>
      <tr><td colspan="4">H</td></tr></table>""")
    assert (g.n_rows, g.n_cols) == (4, 4)
    assert g.text_matrix() == [["A", "B", "B", "C"], ["A", "D", "E", "C"], ["A", "F", "E", "G"], ["H"] * 4]
    spans = {c.text: (c.row, c.col, c.row_span, c.col_span) for c in g.cells}
    assert spans["E"] == (1, 2, 2, 1) and spans["G"] == (2, 3, 1, 1)


def test_rowspan_zero_and_overlong_spans_clip():
    g = _grid("""<table><thead><tr><th rowspan="0">X</th><th>h</th></tr></thead>
      <tbody><tr><td>1</td></tr><tr><td rowspan="9">2</td></tr></tbody></table>""")
    assert g.text_matrix() == [["X", "h"], ["X", "1"], ["X", "2"]]
    assert {c.text: c.row_span for c in g.cells} == {"X": 3, "h": 1, "1": 1, "2": 1}


def test_cell_lines_and_nested_table_after_outer():
    blocks = read_blocks("""<p>表一 收入支出决算总表</p><table>
      <tr><td>项目<br>名称</td><td><p>说明</p><table><tr><td>内</td><td>表</td></tr></table></td></tr>
      <tr><td>合计</td><td>5</td></tr></table><p>注：无。</p>""")
    assert [b.kind for b in blocks] == ["paragraph", "table", "table", "paragraph"]
    assert blocks[1].grid.text_matrix() == [["项目\n名称", "说明"], ["合计", "5"]]
    assert blocks[2].grid.text_matrix() == [["内", "表"]]


def test_layout_table_is_read_as_text():
    body = "".join(f"<p>第{i}段，部门决算说明文字，内容较长以占据页面主体。</p>" for i in range(12))
    blocks = read_blocks(f"""<table width="1000"><tr><td class="left">栏目</td><td>{body}
      <table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1</td></tr></table></td></tr></table>""")
    kinds = [b.kind for b in blocks]
    assert kinds.count("table") == 1 and kinds[-1] == "table"
    assert blocks[1].text.startswith("第0段")
    assert blocks[-1].grid.text_matrix() == [["项目", "金额"], ["合计", "1"]]


def test_hidden_rows_cells_and_provenance():
    blocks = read_blocks("<p>x</p>\n<table>\n<tr><td>a</td><td style='display:none'>h</td><td>b</td></tr>\n"
                         "<tr><td>c</td><td>d</td></tr><tr hidden><td>x</td><td>y</td></tr></table>")
    g = blocks[1].grid
    assert g.text_matrix() == [["a", "b"], ["c", "d"]]
    assert blocks[1].prov.origin == "html" and blocks[1].prov.line_start == 2
    assert g.cells[-1].prov.line_start == 4
