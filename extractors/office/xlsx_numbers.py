"""Cell values as Excel prints them: a number through its number format, dates, booleans, errors.

`render_value(value, number_format)` is what xlsx.py stores as a cell's text, so 1031.2 with
format `#,##0.00` is the "1,031.20" the publisher saw, and the money parsers read what was printed.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_PLACEHOLDER = re.compile(r"[0#?]")


def _sections(fmt: str) -> list[str]:
    """A number format split at ';' outside quotes."""
    out, cur, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return [*out, cur]


def _general(v: float | int) -> str:
    if isinstance(v, int) or (v.is_integer() and abs(v) < 1e15):
        return str(int(v))
    return format(Decimal(format(v, ".15g")), "f")


def render_number(v: float | int, fmt: str | None) -> str:
    """`v` as Excel prints it with number format `fmt` (see the module docstring)."""
    fmt = (fmt or "General").strip()
    if fmt.lower() in ("general", "@", ""):
        return _general(v)
    sections = _sections(fmt)
    section = sections[0]
    if v < 0 and len(sections) > 1:
        section = sections[1]
    elif v == 0 and len(sections) > 2:
        section = sections[2]
    core = _LITERAL.sub("", section)
    if v == 0 and not re.search(r"[0#]", core):  # accounting zero: _ * "-"??_ prints "-"
        literal = "".join(m.strip('"').lstrip("\\") for m in re.findall(r'"[^"]*"|\\.', section))
        return (literal or core.replace("?", "")).strip()
    if not _PLACEHOLDER.search(core):
        return _general(v)
    if "E" in core.upper() or "/" in core:
        return _general(v)
    return _render_digits(v, core, signed=section is sections[0])


def _render_digits(v: float | int, core: str, signed: bool) -> str:
    """Digits by the placeholders of one section: 0 pads, # and ? are optional, "," groups."""
    d = Decimal(format(v, ".15g")) if isinstance(v, float) else Decimal(v)
    if "%" in core:
        d *= 100
    number = core.split("%")[0]
    last = max(m.start() for m in _PLACEHOLDER.finditer(number))
    d /= Decimal(1000) ** (len(number[last + 1:]) - len(number[last + 1:].lstrip(",")))  # trailing , scales
    whole, _, frac = number.partition(".")
    decimals = len(_PLACEHOLDER.findall(frac))
    try:
        q = abs(d).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    except InvalidOperation:
        return _general(v)
    text = f"{q:,.{decimals}f}" if "," in whole.rstrip(",") else f"{q:.{decimals}f}"
    min_decimals = frac.count("0")
    if decimals > min_decimals:  # "0.##": optional decimals print only when not zero
        head, _, tail = text.partition(".")
        tail = tail.rstrip("0").ljust(min_decimals, "0")
        text = f"{head}.{tail}" if tail else head
    pad = whole.count("0")  # "00" prints 6 as 06 (a code column)
    head, dot, tail = text.partition(".")
    if "," not in head:
        text = ("" if pad == 0 and head == "0" else head.rjust(pad, "0")) + dot + tail
    text += "%" if "%" in core else ""
    if d < 0 and q != 0:
        if signed:
            return "-" + text
        return f"({text})" if "(" in core else ("-" + text if "-" in core else text)
    return text


def render_value(v: object, fmt: str | None) -> str:
    """Any cell value as printed text ("" for nothing)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float):
        return render_number(v, fmt)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    return str(v).replace("\r\n", "\n").replace("\r", "\n").strip()


# --------------------------------------------------------------------------- readers
