"""Pipe header inference on layout variants (issue 12 item 1): furniture columns (行次, 序号),
group cells over columns they cannot name (人员经费 over 编码 | 名称 | 决算数), caption rows
inside the grid, tables written back to back with different widths."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.web.pipe_header import column_kinds, solve
from extractors.web.pipe_table import read_table, rebuild_grid
from extractors.web.text import lines_to_blocks


def pipe_lines(rows: list[list[str]], width: int) -> list[str]:
    lines: list[str] = []
    for r in rows:
        lines += ["|", *[f"{t} |" for t in r[:-1]], f"{r[-1]} | " + "|" * (width + 1 - len(r))]
    return lines


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 300), st.lists(st.booleans(), min_size=3, max_size=12))
def test_a_column_counting_its_rows_is_furniture(first, printed):
    # 行次 numbers go up with the rows (a row without a label prints none); the right half of
    # T01 goes on counting where the left half stopped
    if sum(printed) < 3:
        printed = [True] * len(printed)
    body = [[f"项目{r}", str(first + r) if p else "", "1.00"] for r, p in enumerate(printed)]
    assert column_kinds(body, 3) == ["name", "furniture", "num"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(2, 9), min_size=3, max_size=8), st.integers(0, 4))
def test_numbers_that_jump_faster_than_their_rows_are_not_furniture(jumps, gap):
    # a sparse 类 column (201 … 208 … 210) prints codes further apart than the rows between them
    body: list[list[str]] = []
    value = 201
    for jump in jumps:
        body.append([str(value), "某支出", "1.00"])
        body += [["", "某支出", "1.00"]] * min(gap, jump - 2)  # fewer rows apart than the jump
        value += jump
    assert column_kinds(body, 3)[0] != "furniture"


def test_hangci_halves_split_before_the_next_labels():
    header = [["收入", "支出"], ["项目", "行次", "决算数", "项目", "行次", "决算数"]]
    body = [["一、财政拨款收入", str(r + 1), "1.00", "一、一般公共服务支出", str(r + 10), "1.00"] for r in range(4)]
    kinds = column_kinds(body, 6)
    assert kinds == ["name", "furniture", "num", "name", "furniture", "num"]
    assert solve(header, kinds) == [[(0, 3), (3, 6)], [(r, r + 1) for r in range(6)]]


def test_a_banner_groups_code_name_and_amount_columns():
    # T06: 人员经费 | 公用经费 each over 编码 | 名称 | 决算数, words that name amounts only
    header = [["人员经费", "公用经费"], ["经济分类科目编码", "科目名称", "决算数"] * 2]
    body = [["301", "工资福利支出", "1,894.12", "302", "商品和服务支出", "116.40"],
            ["30101", "基本工资", "602.33", "30201", "办公费", "21.21"]]
    assert solve(header, column_kinds(body, 6)) == [[(0, 3), (3, 6)], [(r, r + 1) for r in range(6)]]


def test_a_furniture_word_never_groups_amount_columns():
    # T04 with 行次: 行次 over its own column, 决算数 over the four amount columns below it
    header = [["收入", "支出"], ["项目", "行次", "决算数", "项目", "行次", "决算数"],
              ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]]
    body = [["一、财政拨款", str(r + 1), "1.00", "一、支出", str(r + 5), "1.00", "1.00", "", ""] for r in range(4)]
    layout = solve(header, column_kinds(body, 9))
    assert layout is not None and layout[1][4:] == [(4, 5), (5, 9)]


def test_a_caption_row_inside_the_grid_is_not_a_header_row():
    rows = [["编制单位：某局", "金额单位：万元"], ["项目", "本年收入合计", "财政拨款收入"],
            ["支出功能分类科目编码", "科目名称"],
            ["201", "一般公共服务支出", "2.00", "2.00"], ["20106", "财政事务", "2.00", "2.00"]]
    table, _ = read_table(pipe_lines(rows, 4), 0)
    m = rebuild_grid(table.rows).text_matrix()
    assert m[1] == ["项目", "项目", "本年收入合计", "财政拨款收入"]
    assert m[2] == ["支出功能分类科目编码", "科目名称", "本年收入合计", "财政拨款收入"]


def test_tables_back_to_back_are_checked_for_width_each_on_its_own():
    first = [["收入决算表"], ["单位：万元"], ["项目", "金额"], ["合计", "1.00"]]
    second = [["支出决算表"], ["单位：万元"], ["科目编码", "科目名称", "决算数", "备注"], ["301", "工资", "2.00", "无"]]
    blocks, problems = lines_to_blocks(pipe_lines(first, 2) + pipe_lines(second, 4))
    assert problems == []
    grids = [b.grid for b in blocks if b.kind == "table"]
    assert [g.n_cols for g in grids] == [2, 4]
    wide = first + [["合计", "1.00", "多出"]]
    _, problems = lines_to_blocks(pipe_lines(wide, 2))
    assert any("3 cells, more than the table's 2 columns" in p for p in problems)


T09_HEADER = [["预算数", "决算数"],
              ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"] * 2,
              ["小计", "公务用车购置费", "公务用车运行费"] * 2]


def test_t09_header_solves_within_budget():
    # twelve amount columns on three rows: the repeated block of four categories goes under
    # 预算数 and 决算数 each, 公务用车购置及运行费 over its three parts
    layout = solve(T09_HEADER, ["num"] * 12)
    assert layout == [[(0, 6), (6, 12)],
                      [(0, 1), (1, 2), (2, 5), (5, 6), (6, 7), (7, 8), (8, 11), (11, 12)],
                      [(2, 3), (3, 4), (4, 5), (8, 9), (9, 10), (10, 11)]]


def test_t09_categories_over_budget_and_actual():
    header = [["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
              ["预算数", "决算数", "预算数", "决算数", "小计", "公务用车购置费", "公务用车运行费", "预算数", "决算数"],
              ["预算数", "决算数"] * 3]
    assert solve(header, ["num"] * 12) == [
        [(0, 2), (2, 4), (4, 10), (10, 12)],
        [(0, 1), (1, 2), (2, 3), (3, 4), (4, 6), (6, 8), (8, 10), (10, 11), (11, 12)],
        [(r, r + 1) for r in range(4, 10)]]
