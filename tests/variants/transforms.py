"""Composable layout variants: a `Variant` turns the logical tables into printed pieces.

A printed table is a list of columns (kind, header levels outer → inner) and data rows; the
header rows are drawn from the levels (equal prefixes merge across, a column with fewer levels
spans down).  The pieces are paragraphs, grids (rows in the L/U span notation of
tests/test_pdf_variants.py) and page breaks; every renderer draws the same pieces.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from tests.variants.model import DEPARTMENT, YEAR, Half, LogicalTable

L = None  # covered by the cell to the left
U = "^"  # covered by the cell above
CN = "一二三四五六七八九十"

ColKind = Literal["code", "label", "amount", "furniture"]


@dataclass(frozen=True)
class Variant:
    """Every option at its national-template default; `replace(BASE, ...)` composes variants."""

    hangci: bool = False  # a 行次 column beside each half's labels
    lanci: Literal["none", "栏次", "甲乙"] = "none"  # a row 栏次 | | 1 | 2 … or 甲 | 乙 | 1 | 2 … under the header
    xuhao: bool = False  # a 序号 column first
    placeholders: bool = False  # blank amounts printed as — / - / /
    notes: bool = False  # 注： rows at the bottom of each grid
    synonyms: int = 0  # 0 national wording; k = 1..3: the k-th alternative wording of each header
    header_order: bool = False  # T09 with 预算数/决算数 inside the categories; amount columns reordered
    split_levels: bool = False  # "本年支出 / 合计" on two header rows instead of "本年支出合计"
    unit: str = "万元"
    codes: Literal["joined", "split", "sparse"] = "joined"  # 2010601 | 201 06 01 | 项 rows print 01 only
    continuation: Literal["none", "repeat", "bare"] = "none"  # T02/T03 over two grids
    title_in_grid: bool = False  # title and unit printed as the grid's first rows
    unit_cell: bool = False  # a grid row 编制单位：… | … | 金额单位：万元 over the header
    title_prefix: bool = False  # the title names the department and year: XX局2024年度收入决算表
    unit_in_header: bool = False  # no unit line; the amount headers print it: 决算数（万元）
    numbering: Literal["none", "表一", "公开01表", "附表3"] = "none"

    def name(self) -> str:
        base = Variant()
        parts = [f"{k}={v}" for k, v in vars(self).items() if v != getattr(base, k)]
        return ",".join(parts) or "national"


BASE = Variant()


@dataclass
class Col:
    kind: ColKind
    levels: list[str]
    half: int = 0
    measure: str | None = None
    part: int = 0  # which code part a split code column prints


@dataclass
class Printed:
    code: str
    title: str
    cols: list[Col]
    body: list[list[str]]
    notes: list[str] = field(default_factory=list)


@dataclass
class Para:
    text: str


@dataclass
class GridPiece:
    rows: list[list[str | None]]
    table_code: str
    header_rows: int


@dataclass
class Break:
    pass


Piece = Para | GridPiece | Break

# national wording → its printed alternatives; synonyms=k prints alternative k (cycling)
_SYN: dict[str, tuple[str, ...]] = {
    "决算数": ("金额", "本年决算数", "决算金额"),
    "本年收入合计": ("收入合计", "合计", "本年收入"),
    "本年支出合计": ("支出合计", "合计", "本年支出"),
    "财政拨款收入": ("财政拨款", "财政拨款收入", "财政拨款"),
    "基本支出": ("基本经费", "基本支出", "基本经费"),
    "项目支出": ("项目经费", "项目支出", "项目经费"),
    "预算数": ("年初预算数", "预算", "全年预算数"),
    "因公出国（境）费": ("因公出国(境)费", "因公出国(境)费用", "因公出国（境）"),
    "公务用车购置及运行费": ("公务用车购置及运行维护费", "公务用车购置及运行费", "公务用车购置及运行维护费"),
    "公务用车运行费": ("公务用车运行维护费", "公务用车运行维护费", "公务用车运行"),
    "公务用车购置费": ("公务用车购置费", "公务用车购置费", "公务用车购置"),
    "公务接待费": ("公务接待费", "公务接待费", "公务接待"),
    "支出功能分类科目编码": ("科目编码", "功能分类科目编码", "编码"),
    "经济分类科目编码": ("科目编码", "部门经济分类科目编码", "编码"),
    "科目名称": ("科目名称", "名称", "科目"),
    "一般公共预算财政拨款": ("一般公共预算", "一般公共预算拨款", "一般公共预算财政拨款"),
    "政府性基金预算财政拨款": ("政府性基金", "政府性基金预算拨款", "政府性基金预算财政拨款"),
    "国有资本经营预算财政拨款": ("国有资本经营预算", "国有资本经营预算拨款", "国有资本经营预算财政拨款"),
}
_T05_SYN = {"合计": ("小计", "合计", "本年支出合计")}
_OUTER = {"T02": "本年收入", "T03": "本年支出", "T05": "本年支出"}
SYNONYM_LEVELS = 3


def _word(v: Variant, table: str, text: str) -> str:
    if not v.synonyms:
        return text
    table_syn = _T05_SYN if table == "T05" else {}
    alts = table_syn.get(text) or _SYN.get(text)
    return alts[(v.synonyms - 1) % len(alts)] if alts else text


def _amount_levels(v: Variant, table: str, measure: str) -> list[str]:
    w = lambda t: _word(v, table, t)  # noqa: E731
    if table == "T09":
        *cat, leaf = measure.split("/")
        levels = [w(c) for c in cat]
        return [w(leaf), *levels] if not v.header_order else [*levels, w(leaf)]
    if table == "T04" and measure != "决算数":  # the expenditure side: 决算数 over its four columns
        return [w("决算数"), w(measure) if measure != "合计" else ("小计" if v.synonyms == 1 else "合计")]
    if table in ("T02", "T03") and v.split_levels:
        inner = "合计" if measure in ("本年收入合计", "本年支出合计") else w(measure)
        return [_OUTER[table], inner]
    if table == "T05" and v.split_levels:
        return [_OUTER[table], w(measure)]
    return [w(measure)]


def _code_cols(v: Variant, t: LogicalTable, banner: list[str], half: int) -> list[Col]:
    if not t.coded:
        return []
    head = "经济分类科目编码" if t.economic else "支出功能分类科目编码"
    outer = [*banner, *([] if t.economic else ["项目"])]
    if v.codes == "joined":
        return [Col("code", [*outer, _word(v, t.code, head)], half)]
    tokens = ["类", "款"] if t.economic else ["类", "款", "项"]
    return [Col("code", [*outer, _word(v, t.code, head), tok], half, part=i) for i, tok in enumerate(tokens)]


def _cols(v: Variant, t: LogicalTable) -> list[Col]:
    cols: list[Col] = []
    if v.xuhao and t.label_col:
        cols.append(Col("furniture", ["序号"]))
    for h, half in enumerate(t.halves):
        banner = [half.banner] if half.banner else []
        cols += _code_cols(v, t, banner, h)
        if t.label_col:
            outer = [] if t.economic or not t.coded else ["项目"]
            cols.append(Col("label", [*banner, *outer, _word(v, t.code, "科目名称") if t.coded else "项目"], h))
            if v.hangci:
                cols.append(Col("furniture", [*banner, "行次"], h))
        measures = list(half.measures)
        if v.header_order and t.code in ("T02", "T03", "T05"):
            measures = [measures[0], *reversed(measures[1:])]
        if t.code == "T09":  # 预算数 | 决算数 over the categories, or each category over both
            cats = list(dict.fromkeys(m.rsplit("/", 1)[0] for m in measures))
            leaves = ("预算数", "决算数")
            measures = ([f"{c}/{leaf}" for c in cats for leaf in leaves] if v.header_order
                        else [f"{c}/{leaf}" for leaf in leaves for c in cats])
        for m in measures:
            levels = _amount_levels(v, t.code, m)
            if v.unit_in_header:
                levels[-1] += f"（{v.unit}）"
            cols.append(Col("amount", [*banner, *levels], h, measure=m))
    return cols


def _amount_text(cents: int, unit: str) -> str:
    if unit == "元":
        return f"{Decimal(cents) * 100:,.2f}"
    return f"{Decimal(cents) / 100:,.2f}"


_PLACEHOLDERS = ["—", "-", "/", "－"]


def _code_text(col: Col, code: str | None, codes: str, prev: str | None, economic: bool) -> str:
    if not code:
        return ""
    if codes == "joined":
        return code
    parts = [code[:3], code[3:5], code[5:7]][: 2 if economic else 3]
    own = len([p for p in (code[:3], code[3:5], code[5:7]) if p]) - 1
    if col.part > own:
        return ""
    if codes == "sparse" and col.part < own and prev and prev.startswith(code[: 3 + 2 * col.part]):
        return ""  # printed once, on the row above
    return parts[col.part]


def _body(v: Variant, t: LogicalTable, cols: list[Col]) -> list[list[str]]:
    n = max(len(h.rows) for h in t.halves)
    body: list[list[str]] = []
    prev: list[str | None] = [None] * len(t.halves)
    ph = iter(_PLACEHOLDERS * 1000)
    for r in range(n):
        out: list[str] = []
        labels = [h.rows[r].label if r < len(h.rows) else None for h in t.halves]
        for col in cols:
            half: Half = t.halves[col.half]
            row = half.rows[r] if r < len(half.rows) else None
            if col.kind == "furniture":
                if col.levels[-1] == "序号":
                    out.append(str(r + 1) if any(labels) else "")
                else:  # 行次: numbered down the left half, then on down the right
                    out.append(str(r + 1 + col.half * n) if row and row.label else "")
            elif col.kind == "code":
                out.append(_code_text(col, row.code if row else None, v.codes, prev[col.half], t.economic))
            elif col.kind == "label":
                out.append(row.label or "" if row else "")
            else:
                cents = row.amounts.get(col.measure or "") if row else None
                if cents is None:
                    out.append(next(ph) if v.placeholders and row and row.label else "")
                else:
                    out.append(_amount_text(cents, v.unit))
        for h, half in enumerate(t.halves):
            if r < len(half.rows) and half.rows[r].code:
                prev[h] = half.rows[r].code
        body.append(out)
    return body


def printed(v: Variant, t: LogicalTable) -> Printed:
    cols = _cols(v, t)
    notes = ["注：本表反映部门本年度各项资金的决算情况。",
             f"注：1.本表金额单位为{v.unit}；2.本表数据截至{YEAR}年12月31日。"]
    return Printed(t.code, t.title, cols, _body(v, t, cols), notes if v.notes else [])


def header_rows(cols: list[Col]) -> list[list[str | None]]:
    depth = max(len(c.levels) for c in cols)
    rows: list[list[str | None]] = []
    for r in range(depth):
        row: list[str | None] = []
        for i, c in enumerate(cols):
            if r >= len(c.levels):
                row.append(U)
            elif i and r < len(cols[i - 1].levels) and cols[i - 1].levels[: r + 1] == c.levels[: r + 1]:
                row.append(L)
            else:
                row.append(c.levels[r])
        rows.append(row)
    return rows


def lanci_row(cols: list[Col], style: str) -> list[str | None]:
    """栏次 | | 1 | 2 … (the word under each half's labels), or 甲 | 乙 | 1 | 2 … (letters)."""
    row: list[str | None] = []
    n, halves, letters = 0, set(), iter("甲乙丙丁戊己庚辛")
    for c in cols:
        if c.kind == "amount":
            n += 1
            row.append(str(n))
        elif style == "甲乙" and c.kind != "furniture":
            row.append(next(letters))
        elif c.half not in halves and c.kind in ("code", "label"):
            halves.add(c.half)
            row.append("栏次")
        else:
            row.append("")
    return row


def _number(v: Variant, i: int) -> str:
    return {"none": "", "表一": f"表{CN[i]}", "公开01表": f"公开{i + 1:02d}表", "附表3": f"附表{i + 1}"}[v.numbering]


def _titles(v: Variant, i: int, title: str) -> list[str]:
    num = _number(v, i)
    if v.numbering == "公开01表":
        return [num, title]  # the number on its own line over the title, as the Shanghai template
    return [f"{num} {title}".strip()]


def pieces(v: Variant, tabs: list[LogicalTable]) -> list[Piece]:
    out: list[Piece] = [Para(f"{DEPARTMENT}{YEAR}年度部门决算")]
    for i, t in enumerate(tabs):
        if i:
            out.append(Break())
        p = printed(v, t)
        n = len(p.cols)
        head = header_rows(p.cols)
        if v.lanci != "none" and t.label_col:
            head.append(lanci_row(p.cols, v.lanci))
        title = f"{DEPARTMENT}{YEAR}年度{p.title}" if v.title_prefix else p.title
        unit_line = f"编制单位：{DEPARTMENT}" + ("" if v.unit_in_header else f"    单位：{v.unit}")
        captions: list[list[str | None]] = []
        if v.title_in_grid:
            captions = [[text, *[L] * (n - 1)] for text in _titles(v, i, title)]
        else:
            out += [Para(text) for text in _titles(v, i, title)]
        if v.unit_cell and not v.unit_in_header:
            left = max(1, n - 2)
            captions.append([f"编制单位：{DEPARTMENT}", *[L] * (left - 1),
                             f"金额单位：{v.unit}", *[L] * (n - left - 1)])
        elif v.title_in_grid:
            captions.append([f"单位：{v.unit}" if not v.unit_in_header else "", *[L] * (n - 1)])
        else:
            out.append(Para(unit_line))
        notes = [[text, *[L] * (n - 1)] for text in p.notes]
        body: list[list[str | None]] = [list(r) for r in p.body]
        if v.continuation != "none" and t.code in ("T02", "T03"):
            k = len(body) // 2
            out.append(GridPiece(captions + head + body[:k], t.code, len(captions) + len(head)))
            out.append(Break())
            again = head if v.continuation == "repeat" else []
            out.append(GridPiece(again + body[k:] + notes, t.code, len(again)))
        else:
            out.append(GridPiece(captions + head + body + notes, t.code, len(captions) + len(head)))
    return out


def compose(*variants: Variant) -> Variant:
    """The options of several variants at once (later ones win where they disagree)."""
    out = BASE
    for v in variants:
        out = replace(out, **{k: val for k, val in vars(v).items() if val != getattr(BASE, k)})
    return out
