"""Canonical measure names (dataset contract, `line_items.measure`) from printed header levels.

A column's header levels (outer → inner) are cleaned, banners dropped (收入 / 支出 of T01/T04,
财政拨款“三公”经费 of T09), printed variants mapped to the contract's names, and the rest
joined with "/": 本年支出/基本支出, 公务用车购置及运行费/公务用车购置费/决算数.
"""
from __future__ import annotations

import re

from pipeline.tables.text import clean, key, strip_unit

# key form (NFKC, no quotes/whitespace) → the contract's spelling; applies in every table
VARIANTS: dict[str, str] = {
    "金额": "决算数",
    "决算金额": "决算数",
    "本年决算数": "决算数",
    "决算": "决算数",
    "支出决算数": "决算数",
    "预算": "预算数",
    "全年预算数": "预算数",
    "财政拨款": "财政拨款收入",
    "附属单位缴款": "附属单位上缴收入",
    "附属单位上缴": "附属单位上缴收入",
    "对附属单位补助": "对附属单位补助支出",
    "因公出国(境)费": "因公出国（境）费",
    "因公出国(境)费用": "因公出国（境）费",
    "公务用车购置及运行维护费": "公务用车购置及运行费",
    "公务用车运行维护费": "公务用车运行费",
    "年初结转与结余": "年初结转和结余",
    "年末结转与结余": "年末结转和结余",
    "上年结转和结余": "年初结转和结余",
    "年初结转结余": "年初结转和结余",
    "年末结转结余": "年末结转和结余",
    "本年决算": "决算数",
    "基本经费": "基本支出",
    "项目经费": "项目支出",
    "因公出国(境)": "因公出国（境）费",
    "因公出国(境)经费": "因公出国（境）费",
    "公务用车购置及运行": "公务用车购置及运行费",
    "公务用车购置及运行维护": "公务用车购置及运行费",
    "公务用车购置": "公务用车购置费",
    "公务用车运行": "公务用车运行费",
    "公务用车运行维护": "公务用车运行费",
    "公务接待": "公务接待费",
}
# per table: a single-level header that names the table's own total, printed short or long
TABLE_TOTALS: dict[str, tuple[str, frozenset[str]]] = {
    "T02": ("本年收入合计", frozenset({"收入合计", "本年收入", "本年收入小计", "收入小计"})),
    "T03": ("本年支出合计", frozenset({"支出合计", "本年支出", "本年支出小计", "支出小计"})),
    "T05": ("合计", frozenset({"本年支出合计", "支出合计", "本年支出", "本年支出小计"})),
}
_BANNERS = {"收入", "支出", "收入项目", "支出项目", "本年收入项目", "本年支出项目"}
_FISCAL = [("一般公共预算", "一般公共预算财政拨款"), ("政府性基金", "政府性基金预算财政拨款"),
           ("国有资本经营", "国有资本经营预算财政拨款")]
# per table: what a bare 合计 column means
_TOTAL = {"T02": "本年收入合计", "T03": "本年支出合计", "T06": "决算数"}
_OUTER = {"T02": "本年收入", "T03": "本年支出", "T05": "本年支出"}


def _canon(level: str) -> str:
    k = strip_unit(key(level))
    if k in VARIANTS:
        return VARIANTS[k]
    return strip_unit(clean(level)).replace("(", "（").replace(")", "）")


def _is_banner(table_code: str, level: str) -> bool:
    k = key(level)
    return k in _BANNERS or (table_code == "T09" and "三公经费" in k)


def measure(table_code: str, levels: list[str], side: str | None = None) -> str | None:
    """The canonical measure of a column printed under `levels` (outer → inner); None if none."""
    parts = [_canon(v) for v in levels if key(v) and not _is_banner(table_code, v)]
    parts = [p for p in parts if p]
    if table_code == "T01":
        return "预算数" if parts and parts[-1] in ("预算数", "年初预算数") else "决算数"
    if table_code == "T04":
        return _t04(parts, side)
    if table_code in ("T07", "T08"):
        return _t07(parts)
    if table_code == "T09":
        return _t09(parts)
    if len(parts) > 1 and parts[0] in ("决算数", _OUTER.get(table_code)):
        parts = parts[1:]  # 决算数 over 合计 | 基本支出 …, 本年支出 over T03: the table's own kind
    if table_code == "T05":
        parts = [{"预算数": "年初预算数", "小计": "合计"}.get(p, p) for p in parts]
    if len(parts) == 1 and parts[0] == "合计" and table_code in _TOTAL:
        parts = [_TOTAL[table_code]]
    if len(parts) == 1 and table_code in TABLE_TOTALS and key(parts[0]) in TABLE_TOTALS[table_code][1]:
        parts = [TABLE_TOTALS[table_code][0]]
    if table_code == "T06" and parts and parts[-1] in ("合计",):
        parts[-1] = "决算数"
    return "/".join(parts) or None


def _t04(parts: list[str], side: str | None) -> str | None:
    leaf = parts[-1] if parts else "合计"
    for stem, name in _FISCAL:
        if stem in leaf:
            return name
    if side == "income":
        return "决算数"
    if leaf in ("合计", "决算数", "小计"):
        return "合计"
    return "/".join(parts) or None


def _t07(parts: list[str]) -> str | None:
    names = [p for p in parts if p]
    if not names:
        return None
    out: list[str] = []
    for p in names:
        if p in ("本年支出", "本年收入") and out:
            continue
        out.append(p)
    if out[0] == "本年支出" and len(out) > 1 and out[1] in ("合计", "小计"):
        return "本年支出/小计"
    if out == ["本年支出合计"] or out == ["本年支出"]:
        return "本年支出/小计"
    if out[0] in ("基本支出", "项目支出"):
        return "本年支出/" + out[0]
    if out[0] == "本年收入" and len(out) > 1 and out[1] in ("合计", "小计"):
        return "本年收入"
    return "/".join(out)


_T09_LEAF = {"预算数", "决算数"}


def _t09(parts: list[str]) -> str | None:
    """预算数 / 决算数 is the inner level whether printed under or over the categories."""
    parts = ["预算数" if p == "年初预算数" else p for p in parts]
    leaves = [p for p in parts if p in _T09_LEAF]
    rest = [p for p in parts if p not in _T09_LEAF]
    if not rest:
        return None
    return "/".join([*rest, leaves[-1] if leaves else "决算数"])


def t09_row_measure(label: str | None) -> str | None:
    """A T09 printed with 预算数 / 决算数 as rows: the leaf the row label names, else None."""
    k = _canon(label or "")
    return k if k in _T09_LEAF else ("预算数" if re.fullmatch(r"(年初)?预算(数)?", key(label)) else None)
