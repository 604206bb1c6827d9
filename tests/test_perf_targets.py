"""A budget's 项目支出绩效目标表 / 部门整体支出绩效目标表: classified as perf tables, read as targets only."""
from __future__ import annotations

import pytest

from pipeline.model import Cell, Grid, Table
from pipeline.stages.perf import read_table
from pipeline.tables.titles import code_from_title


def grid(rows: list[list[str]], spans: dict[tuple[int, int], int] | None = None) -> Grid:
    """A grid from a text matrix; `spans` gives (row, col) → col_span ("" cells under a span are skipped)."""
    spans = spans or {}
    cells, covered = [], set()
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            span = spans.get((r, c), 1)
            covered |= {(r, c + k) for k in range(1, span)}
            cells.append(Cell(row=r, col=c, col_span=span, text=text))
    return Grid(n_rows=len(rows), n_cols=max(len(r) for r in rows), cells=cells)


@pytest.mark.parametrize("title, code", [
    ("2025年项目支出绩效目标表", "PERF_PROJECT"),
    ("项目绩效目标申报表", "PERF_PROJECT"),
    ("附表10 部门整体支出绩效目标表", "PERF_DEPARTMENT"),
    ("2024年度项目支出绩效自评表", "PERF_PROJECT"),  # unchanged
])
def test_target_tables_are_perf_tables(title, code):
    assert code_from_title(title) == code


SHANGHAI_STYLE = [  # operator and unit in columns of their own
    ["项目名称", "万里街道社区公共服务中心新建工程", "", "", "", "", ""],
    ["主管部门", "上海市普陀区人民政府万里街道办事处", "", "", "", "", ""],
    ["年度绩效目标", "建成后作为社区事务受理、社区管理、社区文化艺术活动场所", "", "", "", "", ""],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重(%)"],
    ["产出指标", "数量指标", "建筑面积", "≥", "13459", "平方米", "20"],
    ["产出指标", "质量指标", "竣工验收合格率", "=", "100", "%", "20"],
    ["效益指标", "社会效益指标", "服务居民满意度", "≥", "90", "百分比", "30"],
    ["产出指标", "时效指标", "完工时间", "定性", "2025年12月31日前", "", "30"],
]
NATIONAL_STYLE = [  # operator and unit inside the 指标值, no weights
    ["项目名称", "社区综合治理", "", ""],
    ["实施单位", "某街道办事处", "", ""],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "巡查次数", "≥12次"],
    ["效益指标", "满意度指标", "群众满意度", "≥95%"],
]


def _table(rows: list[list[str]], code: str = "PERF_PROJECT") -> Table:
    spans = {(r, 1): len(rows[0]) - 1 for r in range(len(rows)) if rows[r][2] == ""}
    return Table(table_id="p1", table_code=code, title="项目支出绩效目标表", page_start=40, block_indices=[],  # type: ignore[arg-type]
                 grid=grid(rows, spans))


def test_targets_with_operator_and_unit_columns():
    subject, funds, inds = read_table(_table(SHANGHAI_STYLE))
    assert subject.subject == "万里街道社区公共服务中心新建工程" and subject.scope == "project"
    assert subject.goal.startswith("建成后") and subject.total_score is None
    got = [(i.indicator, i.target_text, i.target_op, i.target_value, i.target_unit, i.weight) for i in inds]
    assert got == [
        ("建筑面积", "13459", "≥", 13459.0, "平方米", 20.0),
        ("竣工验收合格率", "100", "=", 100.0, "%", 20.0),
        ("服务居民满意度", "90", "≥", 90.0, "%", 30.0),
        ("完工时间", "2025年12月31日前", None, None, None, 30.0),  # a date: its meaning stays in target_text
    ]
    assert all(i.actual_text is None and i.actual_value is None and i.score is None for i in inds)
    assert funds == []


def test_targets_in_the_value_cell():
    _, _, inds = read_table(_table(NATIONAL_STYLE))
    got = [(i.level1, i.indicator, i.target_op, i.target_value, i.target_unit, i.weight, i.score) for i in inds]
    assert got == [("产出指标", "巡查次数", "≥", 12.0, "次", None, None),
                   ("效益指标", "群众满意度", "≥", 95.0, "%", None, None)]
