"""Standard tables as scraped pipe text: header spans re-inferred, same line items as the PDF."""
from __future__ import annotations

from pathlib import Path

from extractors.web.pipe_header import column_kinds, solve
from extractors.web.pipe_table import read_table, rebuild_grid
from pipeline.model import Document
from tests.conftest import PUTUO


def render(doc: Document) -> str:
    """A document the way scraping its web page writes it: text lines and pipe rows."""
    lines: list[str] = []
    for b in doc.blocks:
        if b.kind != "table":
            lines.append(b.text)
            continue
        for cells in b.grid.rows():
            if not cells:
                continue
            lines.append("|")
            pad = b.grid.n_cols + 1 - len(cells)
            lines += [f"{c.text.replace(chr(10), '')} |" for c in cells[:-1]]
            lines.append(f"{cells[-1].text.replace(chr(10), '')} | " + "|" * pad)
    return "\n".join(lines) + "\n"


def key(item) -> tuple:
    return item.table_code, item.side, item.subject_code or item.row_label, item.measure, item.amount_yuan


def test_putuo_tables_as_pipe_text_give_the_pdf_line_items(tmp_path: Path, processed):
    pdf = processed(PUTUO)
    text = tmp_path / "putuo.txt"
    text.write_text(render(pdf), encoding="utf-8")
    pipe = processed(text)
    want, got = {key(i) for i in pdf.line_items}, {key(i) for i in pipe.line_items}
    f1 = 2 * len(want & got) / (len(want) + len(got))
    assert f1 >= 0.99, sorted(want ^ got)[:10]
    assert {t.table_code for t in pipe.tables} >= {f"T0{i}" for i in range(1, 10)}


T02_HEADER = [["项目", "本年收入合计", "财政拨款收入", "其他收入"], ["支出功能分类科目编码", "科目名称"],
              ["类", "款", "项"]]
T02_BODY = [["201", "", "", "一般公共服务支出", "2,112.86", "2,106.66", "6.20"],
            ["201", "06", "01", "行政运行", "1,511.90", "1,511.89", "0.01"]]


def test_header_solver_puts_each_header_word_over_its_column():
    kinds = column_kinds(T02_BODY, 7)
    assert kinds == ["code", "code", "code", "name", "num", "num", "num"]
    assert solve(T02_HEADER, kinds) == [[(0, 4), (4, 5), (5, 6), (6, 7)], [(0, 3), (3, 4)], [(0, 1), (1, 2), (2, 3)]]


def test_two_halves_split_at_their_labels():
    header = [["收入", "支出"], ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"]]
    body = [["一、一般公共预算财政拨款", "2,940.05", "一、一般公共服务支出", "2,106.66", "2,106.66", ""]]
    layout = solve(header, column_kinds(body, 6))
    assert layout is not None and layout[0] == [(0, 2), (2, 6)]


def test_total_row_label_spans_the_code_columns():
    rows = [["项目", "合计", "基本支出"], ["类", "款", "项", "科目名称", "合计", "基本支出"],
            ["201", "06", "01", "行政运行", "1,511.89", "1,503.52"], ["合计", "2,940.05", "2,336.91"]]
    lines = []
    for r in rows:
        lines += ["|", *[f"{t} |" for t in r[:-1]], f"{r[-1]} | |"]
    table, _ = read_table(lines, 0)
    m = rebuild_grid(table.rows).text_matrix()
    assert m[3] == ["合计", "合计", "合计", "合计", "2,940.05", "2,336.91"]
