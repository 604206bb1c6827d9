"""T09's amounts by part (合计, 因公出国（境）费, 公务用车 …) and column (预算数 / 决算数).

B09, a budget's 三公 table, prints the 预算数 columns only (and often 机关运行经费, no part here).
T09 is printed across (one data row, a header per part and column: 公务用车购置及运行费/
公务用车购置费/决算数) or, in some regions, down (a row per part, columns 预算数 / 决算数); both
read the same here.
"""
from __future__ import annotations

from pipeline.records import LineItem
from pipeline.validate.labels import norm_label, norm_measure

PARTS = ("total", "outbound", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
PART_NAMES = {"total": "合计", "outbound": "因公出国（境）费", "vehicle": "公务用车购置及运行费",
              "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费", "reception": "公务接待费"}
COLUMNS = ("预算数", "决算数")


def _part(name: str) -> str | None:
    if "购置及运行" in name or name in ("小计", "公务用车费"):
        return "vehicle"
    for key, word in (("vehicle_purchase", "购置"), ("vehicle_operation", "运行"), ("outbound", "出国"),
                      ("reception", "接待"), ("total", "合计")):
        if word in name:
            return key
    return None


def locate(li: LineItem) -> tuple[str, str] | None:
    """(part, column) of a T09 item, or None when its header names neither."""
    levels = [p for p in norm_measure(li.measure).split("/") if p]
    column = next((c for c in COLUMNS if c in levels), None)
    named = [p for p in levels if p not in COLUMNS]
    label = norm_label(li.row_label)
    if label and not label.startswith("财政拨款"):
        named.append(label.removeprefix("其中:").removeprefix("其中："))
    if column is None or not named:
        return None
    part = _part(named[-1])
    return (part, column) if part else None


def cells(items: list[LineItem], table_code: str = "T09") -> dict[tuple[str, str], LineItem]:
    """(part, column) → item of the 三公 table `table_code` (T09, or B09 of a budget)."""
    out: dict[tuple[str, str], LineItem] = {}
    for li in items:
        if li.table_code == table_code:
            where = locate(li)
            if where:
                out.setdefault(where, li)
    return out
