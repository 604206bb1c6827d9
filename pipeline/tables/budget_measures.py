"""Canonical measure names of the nine budget tables (B01–B09) from printed header levels.

The dataset contract ("部门预算 / 单位预算") names them: B01 and B04's income side 预算数; B01's
expenditure side 预算数 (a 单位预算's split into 预算数/基本支出/人员经费, 预算数/基本支出/公用经费,
预算数/项目支出); B04's expenditure side 合计, 一般公共预算, 政府性基金预算, 国有资本经营预算; B02 合计
and each source as printed; B03/B05/B07/B08 合计, 基本支出, 项目支出; B06 合计, 人员经费, 公用经费;
B09 the T09 strings with 预算数 (合计/预算数 … 机关运行经费/预算数, 总计/预算数 when 会议费 and 培训费
are printed too).  A table with a single amount column uses 预算数 in B01/B02 and on B04's
income side, 合计 elsewhere.  Banners over all amount columns (收入预算, 一般公共预算支出,
“三公”经费预算数 …) are not levels.
"""
from __future__ import annotations

import re

from pipeline.tables.measures import VARIANTS
from pipeline.tables.text import clean, key, strip_unit

BUDGET_CODES = {f"B0{i}" for i in range(1, 10)}
_BUDGET_VARIANTS = {
    **VARIANTS,
    "金额": "预算数", "预算金额": "预算数", "本年预算数": "预算数", "本年预算": "预算数", "预算": "预算数",
    "预算安排数": "预算数", "年初预算数": "预算数", "购置费": "公务用车购置费", "运行费": "公务用车运行费",
    "运行维护费": "公务用车运行费", "公务用车运行维护费": "公务用车运行费",
}
# an outer level printed over all of a table's amounts: not a level of the measure
_BANNER = re.compile(r"^(本年)?(收入|支出)(预算|项目)?(数)?$|^(一般公共预算|政府性基金(预算)?|国有资本经营(预算)?)"
                     r"(财政拨款)?(基本)?支出(预算)?$|^财政拨款(收入|支出)$|三公经费|^(部门|单位)?(收入|支出)预算$")
_TOTALS = {"合计", "小计", "总计", "预算数"}
_FUNDS = [("一般公共预算", "一般公共预算"), ("政府性基金", "政府性基金预算"), ("国有资本经营", "国有资本经营预算")]
_B09_CATEGORIES = ("因公出国（境）费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费",
                   "机关运行经费", "会议费", "培训费")


def canon(level: str) -> str:
    """A printed header level in the contract's spelling (预算 → 预算数, 购置费 → 公务用车购置费 …)."""
    k = strip_unit(key(level))
    if k in _BUDGET_VARIANTS:
        return _BUDGET_VARIANTS[k]
    return strip_unit(clean(level)).replace("(", "（").replace(")", "）")


def _parts(levels: list[str]) -> list[str]:
    """Canonical levels, outer banners dropped (the innermost level is never a banner)."""
    kept = [v for v in levels if key(v)]
    out = [canon(v) for i, v in enumerate(kept) if i == len(kept) - 1 or not _BANNER.search(strip_unit(key(v)))]
    return [p for p in out if p]


def budget_measure(table_code: str, levels: list[str], side: str | None, n_amount: int,
                   table_levels: list[list[str]] | None = None) -> str | None:
    """The canonical measure of a budget table's column printed under `levels` (outer → inner).

    `n_amount` is the number of amount columns of the column's half; `table_levels` every
    column's levels (B09 needs them: a 合计 beside 会议费 and 培训费 is the total of all five).
    """
    parts = _parts(levels)
    if table_code == "B09":
        return _b09(levels, parts, table_levels or [])
    if table_code == "B01":
        return _b01(parts, side, n_amount)
    if table_code == "B04":
        return _b04(parts, side, n_amount)
    if not parts:
        return None
    if n_amount == 1:
        return "预算数" if table_code == "B02" else "合计"
    if len(parts) > 1 and parts[0] == "预算数":
        parts = parts[1:]
    if len(parts) > 1 and parts[-1] in ("合计", "小计"):
        parts = parts[:-1]  # 基本支出 over 小计 | 人员经费 | 公用经费: the 小计 is 基本支出 itself
    if len(parts) == 1 and (parts[0] in _TOTALS or re.fullmatch(r"(本年)?(收入|支出)合计", parts[0])):
        return "合计"
    return "/".join(parts)


def _b01(parts: list[str], side: str | None, n_amount: int) -> str | None:
    if not parts:
        return None
    rest = parts[1:] if parts[0] == "预算数" else parts
    if n_amount == 1 or not rest or (len(rest) == 1 and rest[0] in _TOTALS):
        return "预算数"
    if side == "expenditure" and rest[0] in ("人员经费", "公用经费"):
        rest = ["基本支出", *rest]
    if rest[-1] in ("合计", "小计") and len(rest) > 1:
        rest = rest[:-1]
    if rest[0] in ("基本支出", "项目支出"):
        return "/".join(["预算数", *rest])
    return "/".join(parts)


def _b04(parts: list[str], side: str | None, n_amount: int) -> str | None:
    if side == "income":
        return "预算数" if parts or n_amount == 1 else None
    if not parts:
        return None
    if n_amount == 1:
        return "合计"
    for i, p in enumerate(parts):
        for stem, name in _FUNDS:
            if stem in p:
                rest = [x for x in parts[i + 1:] if x not in _TOTALS]
                return "/".join([name, *rest])
    rest = parts[1:] if parts[0] == "预算数" and len(parts) > 1 else parts
    if len(rest) == 1 and rest[0] in _TOTALS:
        return "合计"
    return "/".join(rest)


def _b09_category(part: str) -> str:
    """机关运行经费预算数 → 机关运行经费, 三公经费合计 → 合计; other names as `canon` gives them."""
    k = re.sub(r"(预算数|预算)$", "", part)
    if re.fullmatch(r"[“”\"]?三公[“”\"]?经费(合计|小计)", k):
        return "合计"
    return canon(k) if k else part


def _b09(levels: list[str], parts: list[str], table_levels: list[list[str]]) -> str | None:
    rest = [_b09_category(p) for p in parts if p != "预算数"]
    rest = [p for p in rest if p and p != "预算数"]
    if not rest:
        return None
    if rest[0] in ("公务用车购置费", "公务用车运行费"):
        rest = ["公务用车购置及运行费", *rest]
    if rest[-1] in ("合计", "总计", "小计") and len(rest) == 1:
        under_three = any("三公经费" in key(v) for v in levels)
        five = any(any(w in key(v) for w in ("会议费", "培训费")) for col in table_levels for v in col)
        rest = ["总计" if five and not under_three else "合计"]
    if rest[0] not in _B09_CATEGORIES and rest[0] not in ("合计", "总计"):
        return None
    return "/".join([*rest, "预算数"])


def b09_row_measure(label: str | None) -> str | None:
    """A B09 printed with its categories as rows (项目 | 预算数): the measure the row names."""
    k = _b09_category(canon(label or ""))
    k = re.sub(r"^[一二三四五六七八九十]+[、.]|^\d+[.、]|^[(（][一二三四五六七八九十\d]+[)）]", "", k)
    if k in ("购置费", "运行费"):
        k = canon(k)
    if k in ("公务用车购置费", "公务用车运行费"):
        return f"公务用车购置及运行费/{k}/预算数"
    if k in _B09_CATEGORIES:
        return f"{k}/预算数"
    if re.fullmatch(r"(三公经费)?(合计|小计)", key(k)):
        return "合计/预算数"
    if k == "总计":
        return "总计/预算数"
    return None
