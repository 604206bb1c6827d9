"""The fund-source block of a 绩效自评表: 资金来源 × 年初/调整/调整后/实际/执行率."""
from __future__ import annotations

import re
from decimal import Decimal

from pipeline.model import Cell
from pipeline.perf.grid_view import GridView, column_of, norm
from pipeline.values import is_blank, parse_amount, parse_rate, to_yuan

MEASURES = {
    "initial_yuan": ("年初预算数", "年初预算", "年初批复数"),
    "adjustment_yuan": ("年中预算调整数", "预算调整数", "调整数"),
    "adjusted_yuan": ("调整后预算数", "全年预算数", "调整后预算"),
    "actual_yuan": ("实际支出数", "全年执行数", "实际执行数", "执行数", "实际支出"),
    "execution_rate": ("预算执行率", "执行率"),
}
_SOURCES = [  # printed (normalised) → canonical; the first that the label starts with wins
    ("合计", "合计"), ("总计", "合计"), ("一般公共预算", "一般公共预算拨款"), ("财政拨款", "一般公共预算拨款"),
    ("政府性基金", "政府性基金"), ("国有资本经营", "国有资本经营预算"), ("其他资金", "其他资金"),
    ("上级", "上级"), ("本级", "本级"),
]
_QIZHONG = re.compile(r"^其中[:：]?")


def canonical_source(parts: list[str]) -> str:
    """['其中:一般公共预算拨款', '其中: 上级'] → '一般公共预算拨款/上级'."""
    out: list[str] = []
    for part in parts:
        p = _QIZHONG.sub("", norm(part))
        if is_blank(p):
            continue
        name = next((canon for printed, canon in _SOURCES if p.startswith(printed)), p)
        if name not in out:
            out.append(name)
    return "/".join(out)


def _label_parts(view: GridView, r: int, first_measure: int, header_row: int) -> list[str]:
    """Texts of the label cells left of the amounts; a caption spanning from the header is not one."""
    parts: list[Cell] = []
    for col in range(first_measure):
        cell = view.anchor[r][col]
        if cell is None or cell.row <= header_row or (parts and parts[-1] is cell):
            continue
        parts.append(cell)
    return [c.text for c in parts]


def read_funds(view: GridView, unit: str) -> list[dict[str, object]]:
    """One record per fund-source row under the 资金来源 header."""
    found = view.find_header(0, "年初预算") or view.find_header(0, "资金来源")
    if found is None:
        return []
    header_row, labels = found
    cols = {m: column_of(labels, *names) for m, names in MEASURES.items()}
    present = [c for c in cols.values() if c is not None]
    if not present:
        return []
    first_measure = min(present)
    rows = []
    for r in range(header_row + 1, view.n_rows):
        values = {m: view.matrix[r][c] if c is not None else "" for m, c in cols.items()}
        amounts = {m: parse_amount(v) for m, v in values.items() if m != "execution_rate"}
        if all(a is None for a in amounts.values()):
            break
        source = canonical_source(_label_parts(view, r, first_measure, header_row))
        rec: dict[str, object] = {m: to_yuan(a, unit) if isinstance(a, Decimal) else None for m, a in amounts.items()}
        rec.update(fund_source=source or "合计", execution_rate=parse_rate(values["execution_rate"]), row=r)
        rows.append(rec)
    return rows
