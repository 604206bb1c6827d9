"""Names of the 政府收支分类科目 classes that narrative sentences break amounts down by.

功能分类 类 names (2024 and the names they replaced) and 部门预算支出经济分类 类 names.
A name printed with "(类)" is accepted even when it is not listed here.
"""
from __future__ import annotations

import re

FUNCTION_CLASSES: tuple[str, ...] = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "文化体育与传媒支出", "社会保障和就业支出", "社会保险基金支出",
    "卫生健康支出", "医疗卫生与计划生育支出", "医疗卫生支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "资源勘探信息等支出", "商业服务业等支出",
    "金融支出", "援助其他地区支出", "自然资源海洋气象等支出", "国土海洋气象等支出", "住房保障支出",
    "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "预备费", "其他支出",
    "转移性支出", "债务还本支出", "债务付息支出", "债务发行费用支出",
    "抗疫特别国债安排的支出", "城乡社区事务支出",
)

# printed form (regex) -> canonical 经济分类 类 name
ECON_CLASSES: tuple[tuple[str, str], ...] = (
    (r"工资福利支出", "工资福利支出"),
    (r"商品和服务支出", "商品和服务支出"),
    (r"对个人和家庭(?:的)?补助(?:支出)?", "对个人和家庭的补助"),
    (r"对企业补助(?:支出)?", "对企业补助"),
    (r"对社会保障基金补助(?:支出)?", "对社会保障基金补助"),
    (r"债务利息及费用支出", "债务利息及费用支出"),
    (r"资本性支出\(基本建设\)", "资本性支出（基本建设）"),
    (r"资本性支出", "资本性支出"),
    (r"其他支出", "其他支出"),
)

_FUNCTION_ALT = "|".join(sorted(map(re.escape, FUNCTION_CLASSES), key=len, reverse=True))
FUNCTION_NAME = re.compile(rf"(?P<name>{_FUNCTION_ALT})(?:\(类\))?(?:支出)?(?:决算数?)?$")
MARKED_CLASS = re.compile(r"(?P<name>[\u4e00-\u9fff]+)\(类\)(?:决算数?)?$")
ECON_NAME = [(re.compile(rf"(?:{pat})(?:决算数?)?$"), name) for pat, name in ECON_CLASSES]


def function_class(label: str) -> str | None:
    """The 功能分类 类 a label ends with ("…社会保障和就业支出(类)" → 社会保障和就业支出)."""
    m = FUNCTION_NAME.search(label)
    if m:
        return m.group("name")
    m = MARKED_CLASS.search(label)
    if m:
        name = m.group("name")
        known = [c for c in FUNCTION_CLASSES if name.endswith(c)]
        return max(known, key=len) if known else name
    return None


def econ_class(label: str) -> str | None:
    """The canonical 经济分类 类 a label ends with ("对个人和家庭的补助支出" → 对个人和家庭的补助)."""
    for pat, name in ECON_NAME:
        if pat.search(label):
            return name
    return None


def trim_function_prefix(name: str) -> str:
    """A 类 name cut back to the known class it ends with ("主要用于住房保障支出" → 住房保障支出).

    A name printed without its 支出 ("一般公共服务（类）人大事务（款）…") gets it back.
    """
    known = [c for c in FUNCTION_CLASSES if name.endswith(c)]
    if known:
        return max(known, key=len)
    known = [c for c in FUNCTION_CLASSES if (name + "支出").endswith(c) and c != "其他支出"]
    return max(known, key=len) if known else name
