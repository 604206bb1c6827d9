"""`department_key`: one reporting entity's stable key across years, budgets and final accounts.

    department_key("310107", "上海市普陀区商务委员会", "budget_department") == "310107:商务委员会:部门"

The key is region_code, the department name normalised and the scope, joined by ":":
- the name is NFKC-folded (full-width letters, digits and brackets become their ASCII forms),
  every kind of bracket becomes "(" ")", quotes are dropped, all whitespace is removed, and the
  leading region prefix (上海市普陀区, 广西壮族自治区玉林市 …) is cut, so a name printed with or
  without its province, with （） or (), with a stray space, keys alike;
- the scope is 部门 for a department's consolidated documents (doc_kind *_department) and 单位
  for one unit's (*_unit): the 部门预算 and 部门决算 of one department share a key, its 单位预算
  (the department's own 本级 unit) has another.
None when the region code, the department or the scope is unknown: a key is never guessed.
"""
from __future__ import annotations

import re
import unicodedata

from pipeline.regions import split_region

SCOPES = {"final_department": "部门", "budget_department": "部门", "final_unit": "单位", "budget_unit": "单位"}

_OPEN = "(（[［【〔〖「『{｛<《〈"
_CLOSE = ")）]］】〕〗」』}｝>》〉"
_BRACKETS = str.maketrans({**{c: "(" for c in _OPEN}, **{c: ")" for c in _CLOSE}})
_DROP = re.compile(r"[\s\"'“”‘’„‟\u200b\ufeff]+")


def normalise_name(name: str) -> str:
    """The department name folded: NFKC, one bracket pair, no quotes or whitespace, no region prefix."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", name).translate(_BRACKETS))
    region = split_region(text)
    if region and text.startswith(region) and len(text) > len(region):
        text = text[len(region):]
    return text


def department_key(region_code: str | None, department: str | None, doc_kind: str | None) -> str | None:
    """`region_code:name:scope`, or None when region_code, department or scope is unknown."""
    scope = SCOPES.get(doc_kind or "")
    if not region_code or not department or not scope:
        return None
    name = normalise_name(department)
    if not name:
        return None
    return f"{region_code}:{name}:{scope}"
