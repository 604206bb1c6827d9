"""The indicator block of a 绩效自评表 or 绩效目标表: 一级/二级/三级指标 with targets, weights, scores.

A budget's 绩效目标表 prints targets only (no 实际完成值, no 得分: actual and score stay null), and
some print the target's operator and unit in columns of their own (指标性质 ≥ | 指标值 95 | 度量单位 %):
they complete what the 指标值 itself does not say.
"""
from __future__ import annotations

from pipeline.perf.grid_view import GridView, column_of
from pipeline.values import is_blank, parse_number, parse_target

PERCENT_UNITS = ("百分比", "%", "％")

COLUMNS = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "indicator": ("三级指标", "指标内容", "指标名称"),
    "target_text": ("年度指标值", "指标值", "目标值", "年度目标值"),
    "weight": ("分值", "权重"),
    "actual_text": ("实际完成值", "全年实际值", "实际值", "完成值"),
    "score": ("指标得分", "得分"),
    "completion_note": ("完成情况",),
    "deviation_note": ("偏差原因",),
    "op_column": ("指标性质", "指标方向", "运算符号", "运算符"),
    "unit_column": ("度量单位", "计量单位"),
}


def header(view: GridView) -> tuple[int, dict[str, int]] | None:
    found = view.find_header(0, "一级指标")
    if found is None:
        return None
    row, labels = found
    cols: dict[str, int] = {}
    for field, names in COLUMNS.items():
        col = column_of({c: lab for c, lab in labels.items() if c not in cols.values()}, *names)
        if col is not None:
            cols[field] = col
    return (row, cols) if "indicator" in cols else None


def _block_ended(view: GridView, r: int, cols: dict[str, int]) -> bool:
    """Past the indicator rows: a new cell left of the 一级指标 column (e.g. 自评分析), or an
    indicator cell that is empty, spans from above, or stretches over the value columns."""
    left = min(cols.get("level1", cols["indicator"]), cols["indicator"])
    if any(c.col < left for c in view.anchors(r)):
        return True
    cell = view.anchor[r][cols["indicator"]]
    if cell is None or cell.row != r or is_blank(cell.text):
        return True
    last_value = max(c for f, c in cols.items() if f not in ("level1", "level2", "indicator"))
    return cell.col + cell.col_span > last_value


def _target(text: dict[str, str]) -> tuple[str | None, float | None, str | None]:
    """(op, value, unit) of the 指标值, completed from the 指标性质 and 度量单位 columns where printed."""
    op, value, unit = parse_target(text.get("target_text"))
    if value is None:
        return op, value, unit
    if op is None and text.get("op_column"):
        op = parse_target(f"{text['op_column']}0")[0]  # "≥", "大于等于"; "定性" names none
    printed_unit = text.get("unit_column", "")
    if unit is None and printed_unit and not is_blank(printed_unit):
        unit = "%" if printed_unit in PERCENT_UNITS else printed_unit
    return op, value, unit


def read_indicators(view: GridView) -> list[dict[str, object]]:
    found = header(view)
    if found is None:
        return []
    header_row, cols = found
    out = []
    for r in range(header_row + 1, view.n_rows):
        if _block_ended(view, r, cols):
            break
        text = {f: view.matrix[r][c].strip() for f, c in cols.items()}
        op, value, unit = _target(text)
        out.append({
            "level1": text.get("level1") or None, "level2": text.get("level2") or None,
            "indicator": text["indicator"], "target_text": text.get("target_text") or None,
            "target_op": op, "target_value": value, "target_unit": unit,
            "weight": parse_number(text.get("weight")), "actual_text": text.get("actual_text") or None,
            "actual_value": parse_number(text.get("actual_text")), "score": parse_number(text.get("score")),
            "completion_note": text.get("completion_note") or None,
            "deviation_note": text.get("deviation_note") or None, "row": r,
        })
    return out
