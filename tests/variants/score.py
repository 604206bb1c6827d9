"""Line-item F1 against the generator's gold, keyed as /work/shared/eval/score.py keys them.

Key: (table_code, side for T01/T04 only, row key, measure key, amount to the cent); row key =
subject code digits when the gold row has one, else the label without its enumeration; the
measure key is the set of its "/" components, normalised, without banner components.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal

from tests.variants.model import Gold

TWO_SIDED = {"T01", "T04", "B01", "B04"}
BANNERS = {"收入", "支出", "财政拨款三公经费", "三公经费预算数"}
_QUOTES = dict.fromkeys(map(ord, "“”‘’\"'「」『』"), None)
_ENUM = re.compile(r"^(?:第?[一二三四五六七八九十百零〇]+[、.．,，]|[(（][一二三四五六七八九十百零〇]+[)）][、.．]?"
                   r"|\d+[、.．)）](?!\d)|[(（]\d+[)）][、.．]?|[①-⑳])")


def norm_text(s: object) -> str:
    if s is None:
        return ""
    t = unicodedata.normalize("NFKC", str(s)).translate(_QUOTES)
    return re.sub(r"\s+", "", t)


def norm_label(s: object) -> str:
    t = norm_text(s)
    for _ in range(2):
        t2 = _ENUM.sub("", t, count=1)
        if t2 == t:
            break
        t = t2
    return t


def item_key(table_code: str, side: str | None, code: str | None, label: str | None, measure: str,
             amount: Decimal) -> tuple:
    row = re.sub(r"\D", "", code) if code else norm_label(label)
    parts = frozenset(p for p in (norm_text(x) for x in measure.split("/")) if p and p not in BANNERS)
    return (table_code, side if table_code in TWO_SIDED else None, row, parts,
            Decimal(amount).quantize(Decimal("0.01")))


def gold_keys(gold: list[Gold]) -> Counter:
    return Counter(item_key(g.table_code, g.side, g.subject_code, g.row_label, g.measure, g.amount_yuan)
                   for g in gold)


def predicted_keys(line_items: list) -> Counter:
    return Counter(item_key(i.table_code, i.side, i.subject_code, i.row_label, i.measure, i.amount_yuan)
                   for i in line_items)


def f1(gold: Counter, got: Counter) -> float:
    hit = sum((gold & got).values())
    n_gold, n_got = sum(gold.values()), sum(got.values())
    if not n_gold and not n_got:
        return 1.0
    p = hit / n_got if n_got else 0.0
    r = hit / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def diff(gold: Counter, got: Counter, n: int = 12) -> dict[str, list]:
    """The first keys missing and the first keys extra (for an assertion message)."""
    return {"missing": sorted(map(repr, gold - got))[:n], "extra": sorted(map(repr, got - gold))[:n]}
