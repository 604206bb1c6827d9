"""The canonical JSON text of a document, fast: exactly `json.dumps(data, ensure_ascii=False,
indent=1)`, byte for byte (a property test holds the two equal), without the standard library's
pure-Python generator chain that `indent` forces (the C encoder serves only `indent=None`).

Strings go through the C string encoder; numbers print as `json` prints them (repr, NaN and
Infinity as `json` spells them); nesting is written with one space per level.
"""
from __future__ import annotations

import json.encoder as _enc
from typing import Any

_string = _enc.encode_basestring  # the C implementation where available (ensure_ascii=False)
_float = float.__repr__
_int = int.__repr__
_SPECIAL = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


def dumps(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=1)` for JSON-native data (str keys)."""
    parts: list[str] = []
    _write(data, parts, "\n")
    return "".join(parts)


def _scalar(value: Any) -> str | None:
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return _int(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        return _SPECIAL.get(value) or _float(value)
    return None


def _write(value: Any, out: list[str], newline: str) -> None:
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + " "
        sep = "{" + inner
        for k, v in value.items():
            out.append(sep)
            sep = "," + inner
            out.append(_string(k) if type(k) is str else _string(_key(k)))
            out.append(": ")
            _write(v, out, inner)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + " "
        sep = "[" + inner
        for v in value:
            out.append(sep)
            sep = "," + inner
            _write(v, out, inner)
        out.append(newline + "]")
    else:
        text = _scalar(value)
        if text is None:
            raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")
        out.append(text)


def _key(k: Any) -> str:
    """A non-string key spelled as `json` spells it (True → "true", 1.5 → "1.5")."""
    text = _scalar(k)
    if text is None or isinstance(k, str):
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")
    return text
