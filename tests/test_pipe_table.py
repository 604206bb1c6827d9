"""The pipe-delimited table format: rebuild the grid a person sees, and say what is wrong."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.web.pipe_table import read_table, rebuild_grid
from extractors.web.text import lines_to_blocks


def render(rows: list[list[str]], slots: int, style: str = "padded") -> list[str]:
    """Write rows (anchor texts only) the way a scraper does: padded (`last | |||`, `slots`
    pipes in all), bare (a row ends at its last cell) or wrapped (bare, a cell's line breaks
    written as lines).  An empty cell is ` |`."""
    lines: list[str] = []
    for cells in rows:
        lines.append("|")
        for i, text in enumerate(cells):
            pad = " " + "|" * (slots - len(cells)) if style == "padded" and i == len(cells) - 1 else ""
            *head, last = text.split("\n") if style == "wrapped" else [text.replace("\n", "")]
            lines += [*head, f"{last} |{pad}"]
    return lines


@st.composite
def hierarchical_grids(draw):
    """Grids of the family the format can carry: optional full-width title, a header row,
    then rows whose leading label columns nest with rowspans over numeric value columns."""
    n_labels, n_values = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    width, n_rows = n_labels + n_values, draw(st.integers(1, 8))
    # nested runs: column j's run boundaries include column j-1's
    bounds = [set()]
    for _ in range(n_labels):
        extra = draw(st.sets(st.integers(1, n_rows - 1), max_size=n_rows)) if n_rows > 1 else set()
        bounds.append(bounds[-1] | extra)
    cells = []  # (row, col, row_span, col_span, text)
    top = 0
    for caption in ("绩效自评表标题", "单位：万元"):  # a title and a unit line may be the first rows
        if draw(st.booleans()):
            cells.append((top, 0, 1, width, caption))
            top += 1
    wrap = draw(st.booleans())  # header and label cells broken over two lines
    cells += [(top, c, 1, 1, f"表头{c}\n(万元)" if wrap else f"表头{c}") for c in range(width)]
    top += 1
    for j in range(n_labels):
        edges = sorted({0, n_rows} | bounds[j + 1])
        for a, b in zip(edges, edges[1:], strict=False):
            cells.append((top + a, j, b - a, 1, f"标签{j}\n行{a}" if wrap else f"标签{j}行{a}"))
    for r in range(n_rows):
        for v in range(n_values):
            amount = draw(st.decimals(min_value=-9999, max_value=99999, places=2, allow_nan=False))
            blank = v > 0 and draw(st.integers(0, 4)) == 0  # an empty cell, written " |"
            cells.append((top + r, n_labels + v, 1, 1, "" if blank else f"{amount:,}"))
    return top + n_rows, width, sorted(cells)


@settings(max_examples=300, deadline=None)
@given(hierarchical_grids(), st.sampled_from(["padded", "bare", "wrapped"]))
def test_rendered_grid_parses_back_to_the_same_grid(case, style):
    n_rows, width, cells = case
    rows = [[text for (r, _c, _rs, _cs, text) in cells if r == i] for i in range(n_rows)]
    lines = [*render(rows, width + 1, style), "表后的说明文字。"]
    table, end = read_table(lines, 0)
    assert table.problems == [] and end == len(lines) - 1  # the text after the table is not a cell
    problems: list[str] = []
    grid = rebuild_grid(table.rows, problems)
    assert problems == []
    got = sorted((c.row, c.col, c.row_span, c.col_span, c.text) for c in grid.cells)
    assert (grid.n_rows, grid.n_cols) == (n_rows, width)
    if style != "wrapped":
        cells = [(*c[:4], c[4].replace("\n", "")) for c in cells]
    assert got == cells


YULIN_FUNDS = """|
预算执行情况 |
资金来源 |
年初预算数 |
预算执行率(%) | ||||
|
合计 |
2000 |
36.37% | |||||
|
其中:一般公共预算拨款 |
其中: 上级 |
0.0 |
0 | ||||
|
本级 |
0.0 |
0 | |||||
""".splitlines()


def test_short_rows_go_under_the_label_that_spans_them():
    table, _ = read_table(YULIN_FUNDS, 0)
    grid = rebuild_grid(table.rows)
    m = grid.text_matrix()
    assert m[1][:2] == ["预算执行情况", "合计"]  # the caption spans down over 合计
    assert m[3][:2] == ["其中:一般公共预算拨款", "本级"]  # 本级 sits under 其中:一般公共预算拨款
    assert m[3][3] == "0"


def test_cell_text_may_break_over_lines():
    lines = ["|", "部门职能概述", "(逐条填写) |", "负责统筹 | ||"]
    table, _ = read_table(lines, 0)
    assert [c.text for c in table.rows[0].cells] == ["部门职能概述\n(逐条填写)", "负责统筹"]


def test_cut_off_table_is_reported_and_text_after_it_kept():
    # rows end with padding pipes; the last one does not and no row follows: the scrape was cut
    lines = ["|", "项目 |", "金额 | |", "|", "合计 |", "2000 |", "说明文字在表格之后。"]
    blocks, problems = lines_to_blocks(lines)
    assert any("cut off" in p and "line 4" in p for p in problems)
    assert blocks[0].kind == "table" and blocks[0].grid.rows()[1][0].text == "合计"
    assert blocks[-1].kind == "paragraph" and blocks[-1].text == "说明文字在表格之后。"


def test_row_wider_than_the_table_is_reported():
    lines = ["|", "a |", "b | |", "|", "c |", "d | |", "|", "e |", "f |", "g |", "h | |"]
    table, _ = read_table(lines, 0)
    assert any("has 4 cells, more than the table's 2 columns" in p for p in table.problems)
    assert rebuild_grid(table.rows).n_cols == 4  # nothing dropped


def test_rows_without_padding_end_at_the_next_row():
    # the bug: a bare row end swallowed every following row into one row
    lines = ["|", "项目 |", "金额 |", "|", "办公费 |", "1.00 |", "|", "印刷费 |", " |", "其后的正文。"]
    blocks, problems = lines_to_blocks(lines)
    assert problems == []
    assert blocks[0].grid.text_matrix() == [["项目", "金额"], ["办公费", "1.00"], ["印刷费", ""]]
    assert blocks[1].kind == "paragraph" and blocks[1].text == "其后的正文。"


def test_text_between_two_bare_tables_is_a_paragraph():
    lines = ["|", "项目 |", "金额 |", "表二 支出表", "|", "科目 |", "决算数 |"]
    blocks, _ = lines_to_blocks(lines)
    assert [b.kind for b in blocks] == ["table", "paragraph", "table"]
    assert blocks[1].text == "表二 支出表" and blocks[1].prov.line_start == 4


def test_a_row_that_cannot_be_placed_is_reported_with_its_line():
    lines = ["|", "项目 |", "说明 |", "金额 |",
             "|", "甲 |", "文字 |", "1.00 |",
             "|", "乙 |", "文字 |", "2.00 |",
             "|", "2.00 |", "3.00 |"]
    blocks, problems = lines_to_blocks(lines)
    assert any("row at line 13" in p and "cannot be placed" in p for p in problems), problems


def test_tables_written_back_to_back_split_at_the_next_title_row():
    # the title and 单位 of the second table are its first rows, right after the first table's rows
    lines = ["|", "收入决算表 |", "|", "单位：万元 |", "|", "项目 |", "金额 |", "|", "合计 |", "1.00 |",
             "|", "支出决算表 |", "|", "单位：万元 |", "|", "科目 |", "决算数 |", "|", "办公费 |", "2.00 |"]
    blocks, problems = lines_to_blocks(lines)
    assert problems == []
    grids = [b.grid.text_matrix() for b in blocks if b.kind == "table"]
    assert [g[0][0] for g in grids] == ["收入决算表", "支出决算表"]
    assert grids[1][-1] == ["办公费", "2.00"]
    assert [b.prov.line_start for b in blocks] == [1, 11]


@st.composite
def code_tables(draw):
    """A 科目 table: code, name, then amount columns; every body row full."""
    n_amounts, n_rows = draw(st.integers(1, 4)), draw(st.integers(3, 8))
    header = ["科目编码", "科目名称", *[f"金额{i}" for i in range(n_amounts)]]
    body = []
    for r in range(n_rows):
        amounts = [f"{draw(st.decimals(0, 99999, places=2)):,}" for _ in range(n_amounts)]
        body.append([f"2010{r}", f"支出项目{r}", *amounts])
    return [header, *body]


@settings(max_examples=150, deadline=None)
@given(code_tables(), st.data(), st.sampled_from(["padded", "bare"]))
def test_a_row_missing_a_cell_is_reported_never_shifted_silently(rows, data, style):
    width = len(rows[0])
    _, problems = lines_to_blocks(render(rows, width + 1, style))
    assert problems == []  # the intact table is clean
    r = data.draw(st.integers(2, len(rows) - 1))  # a body row below a full one
    c = data.draw(st.integers(0, width - 1))
    broken = [row if i != r else row[:c] + row[c + 1:] for i, row in enumerate(rows)]
    lines = render(broken, width + 1, style)
    blocks, problems = lines_to_blocks(lines)
    line = 1 + sum(1 + len(row) for row in broken[:r])
    if any(f"row at line {line}" in p for p in problems):
        return
    # not reported: then every amount of the row stands in its own column (only a label is lost)
    placed = {(cell.col, cell.col_span, cell.text) for cell in blocks[0].grid.cells if cell.row == r}
    amounts = {(col, 1, t) for col, t in enumerate(rows[r]) if col >= 2 and col != c}
    assert amounts <= placed, (c, placed)
