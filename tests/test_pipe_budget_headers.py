"""Budget (B04, B09, B05) header spans the pipe format does not write, solved from the body's columns."""
from __future__ import annotations

from extractors.web import pipe_header


def test_two_halves_split_at_the_second_label():
    # B04: 财政拨款收入 over 项目 | 预算数; 财政拨款支出 over 项目 | 合计 | three fund columns
    header = [["财政拨款收入", "财政拨款支出"],
              ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]
    kinds = pipe_header.column_kinds([["一、一般公共预算资金", "189,767,551", "一、一般公共服务支出", "3,296,600",
                                       "3,296,600", "", ""]], 7)
    assert pipe_header.solve(header, kinds)[0] == [(0, 2), (2, 7)]


def test_b09_subheaders_sit_under_the_group_sharing_their_words():
    header = [["“三公”经费预算数", "机关运行经费预算数"],
              ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费"],
              ["小计", "购置费", "运行费"]]
    kinds = pipe_header.column_kinds([["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"]], 7)
    assert kinds == ["num"] * 7  # 15 (购置费) among amounts is an amount, not a code
    assert pipe_header.solve(header, kinds) == [[(0, 6), (6, 7)], [(0, 1), (1, 2), (2, 3), (3, 6)],
                                                [(3, 4), (4, 5), (5, 6)]]


def test_code_columns_beside_names_stay_codes():
    kinds = pipe_header.column_kinds([["201", "", "一般公共服务支出", "3,296,600", "0"],
                                      ["201", "05", "统计信息事务", "438,300", "0"]], 5)
    assert kinds[:3] == ["code", "code", "name"]


def test_item_label_groups_only_the_label_columns():
    # B05: 项目 over 功能分类科目编码 (类|款|项) | 功能分类科目名称; 一般公共预算支出 over the amounts
    header = [["项目", "一般公共预算支出"], ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
              ["类", "款", "项"]]
    kinds = ["code", "code", "code", "name", "num", "num", "num"]
    assert pipe_header.solve(header, kinds)[0] == [(0, 4), (4, 7)]
