"""The logical 决算 document: subjects, amounts and the gold line items they must give.

Amounts are held as integer cents of 万元 (so a 万元 table prints them with two decimals and a
元 table prints them ×10000, both exact); a None amount is a blank cell, which makes no item.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

DEPARTMENT = "测试市示例管理局"
YEAR = 2024


@dataclass(frozen=True)
class Gold:
    table_code: str
    side: str | None
    row_label: str | None
    subject_code: str | None
    subject_level: int | None
    measure: str
    amount_yuan: Decimal


@dataclass(frozen=True)
class Row:
    """One logical row: its code (digits, or None), its label, and amount per canonical measure."""

    code: str | None
    label: str | None
    amounts: dict[str, int | None]  # measure → cents of 万元 (None: blank)


@dataclass(frozen=True)
class Half:
    """A column group with its own labels (T01 收入 | 支出, T06 人员经费 | 公用经费)."""

    banner: str | None
    side: str | None
    measures: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class LogicalTable:
    code: str
    title: str
    halves: list[Half]
    coded: bool  # rows carry subject codes (a code column is printed)
    economic: bool = False  # 经济分类 codes (3 + 2 digits)
    label_col: bool = True  # T09 prints no label column


def yuan(cents: int) -> Decimal:
    return (Decimal(cents) * 100).quantize(Decimal("0.01"))


def level(code: str | None) -> int | None:
    return {3: 1, 5: 2, 7: 3}.get(len(code)) if code else None


# leaves: code, label, fiscal basic, fiscal project, other income (cents of 万元; 0 = blank)
_LEAVES = [
    ("2010601", "行政运行", 150352, 0, 620),
    ("2010602", "一般行政管理事务", 0, 60314, 0),
    ("2080505", "机关事业单位基本养老保险缴费支出", 16075, 0, 0),
    ("2080506", "机关事业单位职业年金缴费支出", 8038, 0, 0),
    ("2101101", "行政单位医疗", 6099, 0, 0),
    ("2210201", "住房公积金", 12530, 0, 0),
]
_NAMES = {"201": "一般公共服务支出", "20106": "财政事务", "208": "社会保障和就业支出",
          "20805": "行政事业单位养老支出", "210": "卫生健康支出", "21011": "行政事业单位医疗",
          "221": "住房保障支出", "22102": "住房改革支出"}


def _subject_rows() -> list[tuple[str, str, tuple[int, int, int]]]:
    """类, 款, 项 rows in print order with (basic, project, other) summed up from the leaves."""
    out: list[tuple[str, str, tuple[int, int, int]]] = []
    seen: set[str] = set()
    for code, _label, *_ in _LEAVES:
        for prefix in (code[:3], code[:5], code):
            if prefix in seen:
                continue
            seen.add(prefix)
            parts = [leaf for leaf in _LEAVES if leaf[0].startswith(prefix)]
            sums = tuple(sum(leaf[i] for leaf in parts) for i in (2, 3, 4))
            label = _NAMES.get(prefix) or next(leaf[1] for leaf in _LEAVES if leaf[0] == prefix)
            out.append((prefix, label, sums))  # type: ignore[arg-type]
    return out


def _nz(v: int) -> int | None:
    return v or None


def _t02() -> LogicalTable:
    subs = _subject_rows()
    tot = tuple(sum(s[2][i] for s in subs if len(s[0]) == 3) for i in range(3))
    rows = [Row(None, "合计", {"本年收入合计": tot[0] + tot[1] + tot[2], "财政拨款收入": tot[0] + tot[1],
                             "其他收入": _nz(tot[2])})]
    for code, label, (b, p, o) in subs:
        rows.append(Row(code, label, {"本年收入合计": b + p + o, "财政拨款收入": _nz(b + p), "其他收入": _nz(o)}))
    return LogicalTable("T02", "收入决算表", [Half(None, None, ["本年收入合计", "财政拨款收入", "其他收入"], rows)],
                        coded=True)


def _t03() -> LogicalTable:
    subs = _subject_rows()
    tot = tuple(sum(s[2][i] for s in subs if len(s[0]) == 3) for i in range(3))
    rows = [Row(None, "合计", {"本年支出合计": sum(tot), "基本支出": _nz(tot[0] + tot[2]), "项目支出": _nz(tot[1])})]
    for code, label, (b, p, o) in subs:
        rows.append(Row(code, label, {"本年支出合计": b + p + o, "基本支出": _nz(b + o), "项目支出": _nz(p)}))
    return LogicalTable("T03", "支出决算表", [Half(None, None, ["本年支出合计", "基本支出", "项目支出"], rows)],
                        coded=True)


def _t05() -> LogicalTable:
    subs = _subject_rows()
    tot = tuple(sum(s[2][i] for s in subs if len(s[0]) == 3) for i in range(3))
    rows = [Row(None, "合计", {"合计": tot[0] + tot[1], "基本支出": _nz(tot[0]), "项目支出": _nz(tot[1])})]
    for code, label, (b, p, _o) in subs:
        rows.append(Row(code, label, {"合计": b + p, "基本支出": _nz(b), "项目支出": _nz(p)}))
    return LogicalTable("T05", "一般公共预算财政拨款支出决算表",
                        [Half(None, None, ["合计", "基本支出", "项目支出"], rows)], coded=True)


def _t01() -> LogicalTable:
    subs = _subject_rows()
    basic, project, other = (sum(s[2][i] for s in subs if len(s[0]) == 3) for i in range(3))
    fiscal = basic + project
    income = [("一、一般公共预算财政拨款收入", fiscal), ("二、政府性基金预算财政拨款收入", None),
              ("三、国有资本经营预算财政拨款收入", None), ("四、上级补助收入", None), ("五、事业收入", None),
              ("六、经营收入", None), ("七、附属单位上缴收入", None), ("八、其他收入", other),
              ("本年收入合计", fiscal + other)]
    numerals = "一二三四五六七八九十"
    tops = [s for s in subs if len(s[0]) == 3]
    spend = [(f"{numerals[i]}、{label}", sum(v)) for i, (_c, label, v) in enumerate(tops)]
    spend += [(None, None)] * (len(income) - 1 - len(spend)) + [("本年支出合计", fiscal + other)]
    inc = Half("收入", "income", ["决算数"], [Row(None, lab, {"决算数": v}) for lab, v in income])
    exp = Half("支出", "expenditure", ["决算数"], [Row(None, lab, {"决算数": v}) for lab, v in spend])
    return LogicalTable("T01", "收入支出决算总表", [inc, exp], coded=False)


T04_SPEND = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]


def _t04() -> LogicalTable:
    subs = _subject_rows()
    basic, project, _other = (sum(s[2][i] for s in subs if len(s[0]) == 3) for i in range(3))
    fiscal = basic + project
    income = [("一、一般公共预算财政拨款", fiscal), ("二、政府性基金预算财政拨款", None),
              ("三、国有资本经营预算财政拨款", None), ("本年收入合计", fiscal)]
    numerals = "一二三四五六七八九十"
    tops = [s for s in subs if len(s[0]) == 3]
    spend = [(f"{numerals[i]}、{label}", v[0] + v[1]) for i, (_c, label, v) in enumerate(tops)]
    spend.append(("本年支出合计", fiscal))
    income += [(None, None)] * (len(spend) - len(income))
    inc = Half("收入", "income", ["决算数"], [Row(None, lab, {"决算数": v}) for lab, v in income])
    exp = Half("支出", "expenditure", T04_SPEND,
               [Row(None, lab, {"合计": v, "一般公共预算财政拨款": v, "政府性基金预算财政拨款": None,
                                "国有资本经营预算财政拨款": None}) for lab, v in spend])
    return LogicalTable("T04", "财政拨款收入支出决算总表", [inc, exp], coded=False)


def _t06() -> LogicalTable:
    staff = [("301", "工资福利支出", 189412), ("30101", "基本工资", 60233), ("30102", "津贴补贴", 85321),
             ("30108", "机关事业单位基本养老保险缴费", 16075), ("30113", "住房公积金", 27783),
             ("303", "对个人和家庭的补助", 1200), ("30302", "退休费", 1200)]
    public = [("302", "商品和服务支出", 11640), ("30201", "办公费", 2121), ("30202", "印刷费", 761),
              ("30211", "差旅费", 309), ("30299", "其他商品和服务支出", 8449)]
    public += [(None, None, None)] * (len(staff) - len(public))
    a = Half("人员经费", None, ["决算数"], [Row(c, lab, {"决算数": v}) for c, lab, v in staff])
    b = Half("公用经费", None, ["决算数"], [Row(c, lab, {"决算数": v}) for c, lab, v in public])
    return LogicalTable("T06", "一般公共预算财政拨款基本支出决算表", [a, b], coded=True, economic=True)


T09_CATEGORIES = ["合计", "因公出国（境）费", "公务用车购置及运行费/小计", "公务用车购置及运行费/公务用车购置费",
                  "公务用车购置及运行费/公务用车运行费", "公务接待费"]


def _t09() -> LogicalTable:
    budget = [500, 0, 300, 0, 300, 200]
    actual = [410, 0, 250, 0, 250, 160]
    amounts: dict[str, int | None] = {}
    for cat, b, a in zip(T09_CATEGORIES, budget, actual, strict=True):
        amounts[f"{cat}/预算数"] = b
        amounts[f"{cat}/决算数"] = a
    half = Half(None, None, list(amounts), [Row(None, None, amounts)])
    return LogicalTable("T09", "财政拨款“三公”经费支出决算表", [half], coded=False, label_col=False)


def tables() -> list[LogicalTable]:
    return [_t01(), _t02(), _t03(), _t04(), _t05(), _t06(), _t09()]


def gold(tabs: list[LogicalTable]) -> list[Gold]:
    out: list[Gold] = []
    for t in tabs:
        for half in t.halves:
            for row in half.rows:
                for m, v in row.amounts.items():
                    if v is None:
                        continue
                    out.append(Gold(t.code, half.side, row.label, row.code, level(row.code), m, yuan(v)))
    return out
