"""Text normalisation shared by the table modules: wraps, letter-spacing, keys, units."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = dict.fromkeys(map(ord, "“”‘’\"'「」『』〝〞＂＇"), None)
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
# whitespace touching a CJK character or full-width punctuation is a wrap or letter-spacing
_WS_NEAR_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
_WS = re.compile(r"\s+")
_UNIT = re.compile(r"(?:金额|计量)?单位\s*[:：]\s*(万元|元)")
_UNIT_PAREN = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(万元|元)\s*[)）]")


def clean(text: str | None) -> str:
    """Cell text as printed, with line wraps joined and letter-spacing between CJK removed."""
    if not text:
        return ""
    t = _WS_NEAR_CJK.sub("", text.strip())
    return _WS.sub(" ", t)


@lru_cache(maxsize=1 << 16)  # the same labels are compared again and again
def key(text: str | None) -> str:
    """A comparison key: NFKC, quotes and whitespace dropped (（境） and (境) compare equal)."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _WS.sub("", t)


def find_unit(text: str | None) -> str | None:
    """The money unit a caption prints ('单位：万元', '金额单位:元', '（万元）'), or None."""
    if not text:
        return None
    t = _WS.sub("", text)
    m = _UNIT.search(t) or _UNIT_PAREN.search(t)
    return m.group(1) if m else None


def strip_unit(text: str) -> str:
    """Header text without a printed unit suffix: '决算数（万元）' → '决算数'."""
    return _UNIT_PAREN.sub("", text).strip()


_DIGITS = re.compile(r"^\d+(?:[\s.．\-]\d+)*$")


def code_digits(text: str | None) -> str | None:
    """The digits of a printed subject code ('201', '2010601', '201 06 01'); None if not a code."""
    t = key(text)
    if not t or not _DIGITS.match(t):
        return None
    return re.sub(r"\D", "", t)
