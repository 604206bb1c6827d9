"""The key/value rows of a 绩效自评表: name, code, units, scores, goal."""
from __future__ import annotations

from pipeline.perf.grid_view import GridView, norm
from pipeline.values import parse_number

# field -> label prefixes (compared after norm); the value is the next cell to the right
KEYS: dict[str, tuple[str, ...]] = {
    "subject": ("项目名称", "部门名称", "单位名称", "部门(单位)名称"),
    "code": ("项目编码", "部门编码", "项目代码", "单位编码"),
    "implementing_unit": ("项目实施单位", "实施单位"),
    "authority": ("主管部门",),
    "total_score": ("自评得分", "总分", "综合得分", "自评总分"),
    "execution_score": ("预算执行(", "预算执行（", "预算执行得分", "预算执行率得分"),
    "goal": ("年度绩效目标", "部门整体支出年度绩效目标", "年度总体目标", "总体目标"),
}
_NUMERIC = {"total_score", "execution_score"}


def _field_of(label: str) -> str | None:
    lab = norm(label)
    for field, prefixes in KEYS.items():
        if any(lab.startswith(norm(p)) for p in prefixes):
            return field
    return None


def read_subject(view: GridView, stop_row: int) -> dict[str, object]:
    """Key/value fields found in rows before `stop_row` (the indicator header)."""
    out: dict[str, object] = {}
    last_field: str | None = None
    for r in range(stop_row):
        cells = view.anchors(r)
        if not cells:
            continue
        if last_field == "goal" and view.covered_from_above(r, 0) is not None and len(cells) == 1:
            out["goal"] = f"{out['goal']}\n{cells[0].text.strip()}"  # a goal continued on the next row
            continue
        last_field = None
        for i, cell in enumerate(cells[:-1]):
            field = _field_of(cell.text)
            if field is None or field in out:
                continue
            value = cells[i + 1].text.strip()
            out[field] = parse_number(value) if field in _NUMERIC else (value or None)
            last_field = field
    return out
