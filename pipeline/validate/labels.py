"""Comparing printed labels: row names, measures and function-class names across tables."""
from __future__ import annotations

import re

from pipeline.tables.text import key

_ENUM = re.compile(
    r"^(?:第?[一二三四五六七八九十百零〇]+[、.．,，]"
    r"|[(（][一二三四五六七八九十百零〇]+[)）][、.．]?"
    r"|\d+[、.．)）](?!\d)"
    r"|[(（]\d+[)）][、.．]?"
    r"|[①-⑳])")
_CLASS_MARK = re.compile(r"[(（]类[)）]$")


def fold(text: str | None) -> str:
    """NFKC (full/half-width folded), quotes and all whitespace removed (pipeline.tables.text.key)."""
    return key(text)


def norm_label(text: str | None) -> str:
    """A row label without its numbering (一、 （一） 1. (1) ①) and whitespace."""
    t = fold(text)
    for _ in range(2):
        stripped = _ENUM.sub("", t, count=1)
        if stripped == t:
            break
        t = stripped
    return _CLASS_MARK.sub("", t)


def norm_measure(measure: str) -> str:
    """A measure as a comparison key: its "/" levels folded, in order."""
    return "/".join(p for p in (fold(x) for x in measure.split("/")) if p)


def class_name(text: str | None) -> str:
    """The function class a label or fact key names: '一、一般公共服务支出' → '一般公共服务支出'."""
    return norm_label(text).removesuffix("(类)")
