"""Word's automatic numbering and paragraph styles, read from the .docx XML (helper of docx.py).

A heading numbered by Word's list numbering holds no 一、 in its text: the number lives in
numbering.xml (abstractNum levels with numFmt, lvlText, start) and Word counts it while
laying out.  `Numbering.label` replays that count in reading order and returns the printed
prefix ("一、", "（一）", "1.", "1.2").

Counting follows Word: w:num instances that share an abstractNum continue one sequence; a
w:num with a w:lvlOverride/w:startOverride restarts its level the first time it is used;
entering a level resets every deeper level (unless that level's w:lvlRestart says 0).
Bullets and numFmt "none" print no prefix (""): a bullet glyph is decoration, not numbering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_MAX_STYLE_DEPTH = 20  # basedOn chains longer than this are broken files, not styles


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def wval(el: object, path: str) -> str | None:
    """The w:val of the first element at `path` ("w:pPr/w:numPr/w:numId") under `el`."""
    node = el
    for part in path.split("/"):
        node = node.find(w(part.removeprefix("w:"))) if node is not None else None  # type: ignore[attr-defined]
    return None if node is None else node.get(w("val"))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- number formats
def chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """Chinese counting as Word prints it: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = (n // power) % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if (d == 1 and power == 10 and not out and digits is _CN_DIGITS) else digits[d]) + unit
    return out


def _letters(n: int) -> str:
    """A..Z, then AA..ZZ, as Word repeats the letter."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value > 0:
            out, n = out + sym, n - value
    return out


_FORMATS = {
    "decimal": str, "decimalHalfWidth": str, "ordinal": str, "cardinalText": str, "ordinalText": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(c)) for c in str(n)),
    "chineseCounting": chinese, "chineseCountingThousand": chinese, "japaneseCounting": chinese,
    "taiwaneseCounting": chinese, "taiwaneseCountingThousand": chinese,
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(c)] for c in str(n)),
    "chineseLegalSimplified": lambda n: chinese(n, _CN_LEGAL, "拾佰仟"),
    "ideographLegalTraditional": lambda n: chinese(n, _CN_LEGAL, "拾佰仟"),
    "ideographTraditional": lambda n: _TIANGAN[(n - 1) % 10],
    "ideographZodiac": lambda n: _DIZHI[(n - 1) % 12],
    "upperLetter": _letters, "lowerLetter": lambda n: _letters(n).lower(),
    "upperRoman": _roman, "lowerRoman": lambda n: _roman(n).lower(),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",  # Word prints ⑴; its NFKC form is what we match
    "decimalEnclosedFullstop": lambda n: f"{n}.",
}


def format_number(n: int, fmt: str) -> str:
    """`n` printed in Word numFmt `fmt` ("bullet"/"none" print nothing)."""
    if fmt in ("bullet", "none"):
        return ""
    return _FORMATS.get(fmt, str)(n)


# --------------------------------------------------------------------------- definitions
@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"  # tab | space | nothing
    legal: bool = False  # w:isLgl: referenced levels print as decimal
    restart: int | None = None  # w:lvlRestart; 0 = never restart
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


def _level(el: object) -> Level:
    start = wval(el, "w:start")
    restart = wval(el, "w:lvlRestart")
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=wval(el, "w:numFmt") or "decimal",
        text=wval(el, "w:lvlText") if wval(el, "w:lvlText") is not None else "",  # type: ignore[arg-type]
        suffix=wval(el, "w:suff") or "tab",
        legal=el.find(w("isLgl")) is not None and wval(el, "w:isLgl") not in ("0", "false"),  # type: ignore[attr-defined]
        restart=int(restart) if restart and restart.isdigit() else None,
        style=wval(el, "w:pStyle"),
    )


@dataclass
class Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # ilvl -> startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # ilvl -> overriding w:lvl


@dataclass
class Numbering:
    """The numbering definitions of one document and the running counters over it."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, Num] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstract -> ilvl -> value
    started: set[tuple[str, int]] = field(default_factory=set)  # (numId, ilvl) overrides applied

    @classmethod
    def from_xml(cls, root: object | None) -> Numbering:
        """Definitions from the w:numbering element (None when the document has none)."""
        out = cls()
        if root is None:
            return out
        for a in root.iter(w("abstractNum")):  # type: ignore[attr-defined]
            levels = {int(lv.get(w("ilvl"), "0")): _level(lv) for lv in a.findall(w("lvl"))}
            out.abstracts[a.get(w("abstractNumId"))] = levels
        for n in root.iter(w("num")):  # type: ignore[attr-defined]
            num = Num(abstract=wval(n, "w:abstractNumId") or "")
            for ov in n.findall(w("lvlOverride")):
                ilvl = int(ov.get(w("ilvl"), "0"))
                start = wval(ov, "w:startOverride")
                if start and start.lstrip("-").isdigit():
                    num.starts[ilvl] = int(start)
                if ov.find(w("lvl")) is not None:
                    num.levels[ilvl] = _level(ov.find(w("lvl")))
            out.nums[n.get(w("numId"))] = num
        return out

    def level_of_style(self, num_id: str, style_id: str) -> int:
        """The level of list `num_id` whose w:pStyle is `style_id` (a heading style's level)."""
        num = self.nums.get(num_id)
        levels = self.abstracts.get(num.abstract, {}) if num else {}
        return next((i for i, lv in sorted(levels.items()) if lv.style == style_id), 0)

    def _def(self, num: Num, ilvl: int) -> Level | None:
        return num.levels.get(ilvl) or self.abstracts.get(num.abstract, {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """Advance the count for (num_id, ilvl); return (printed prefix, suffix kind)."""
        num = self.nums.get(num_id)
        lvl = self._def(num, ilvl) if num else None
        if num is None or lvl is None:
            return "", "nothing"
        counts = self.counters.setdefault(num.abstract, {})
        if ilvl in num.starts and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counts[ilvl] = num.starts[ilvl]
        else:
            counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else lvl.start
        for deeper in [k for k in counts if k > ilvl]:
            d = self._def(num, deeper)
            if d is None or d.restart != 0:
                del counts[deeper]
        return self._render(num, lvl, counts), lvl.suffix

    def _render(self, num: Num, lvl: Level, counts: dict[int, int]) -> str:
        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            d = self._def(num, k) or Level()
            value = counts.get(k, d.start)
            return format_number(value, "decimal" if lvl.legal and d.fmt != "bullet" else d.fmt)

        if lvl.fmt in ("bullet", "none"):
            return ""
        return re.sub(r"%([1-9])", sub, lvl.text).strip()


# --------------------------------------------------------------------------- styles
@dataclass
class Style:
    name: str
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None


def read_styles(root: object | None) -> tuple[dict[str, Style], str | None]:
    """Paragraph styles by id from the w:styles element, and the default paragraph style's id."""
    styles: dict[str, Style] = {}
    default = None
    if root is None:
        return styles, default
    for s in root.iter(w("style")):  # type: ignore[attr-defined]
        if s.get(w("type")) not in (None, "paragraph"):
            continue
        sid = s.get(w("styleId")) or ""
        ilvl, outline = wval(s, "w:pPr/w:numPr/w:ilvl"), wval(s, "w:pPr/w:outlineLvl")
        styles[sid] = Style(
            name=wval(s, "w:name") or sid, based_on=wval(s, "w:basedOn"),
            num_id=wval(s, "w:pPr/w:numPr/w:numId"),
            ilvl=int(ilvl) if ilvl and ilvl.isdigit() else None,
            outline=int(outline) if outline and outline.isdigit() else None,
        )
        if s.get(w("default")) in ("1", "true"):
            default = sid
    return styles, default


def inherited(styles: dict[str, Style], sid: str | None, attr: str) -> object | None:
    """`attr` of style `sid` or the nearest style it is based on that sets it."""
    for _ in range(_MAX_STYLE_DEPTH):
        s = styles.get(sid or "")
        if s is None:
            return None
        value = getattr(s, attr)
        if value is not None:
            return value
        sid = s.based_on
    return None
