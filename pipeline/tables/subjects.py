"""Subject codes as the contract wants them: digits only, full (类3 + 款2 + 项2), with a level.

Codes are printed three ways: one joined column (2010601), three columns 类 | 款 | 项 (201 | 06 |
01), or three columns where a 项 row prints only its own two digits and the 类/款 come from the
rows above.  A code is never invented: a row that prints none has None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.tables.text import clean, code_digits

_LEVEL = {3: 1, 5: 2, 7: 3}
_LEADING_CODE = re.compile(r"^\s*(\d{3}(?:\d{2}){0,2})\s*(?=[^\d\s.,])")


def level_of(code: str | None) -> int | None:
    return _LEVEL.get(len(code)) if code else None


def split_label_code(label: str) -> tuple[str | None, str]:
    """'2010601 行政运行' → ('2010601', '行政运行'); a label without a leading code is unchanged."""
    m = _LEADING_CODE.match(label)
    if not m:
        return None, label
    return m.group(1), clean(label[m.end():])


@dataclass
class CodeReader:
    """Reads one segment's code cells row by row, carrying 类/款 down for rows that omit them."""

    parts: list[str] = field(default_factory=list)  # the last full code, as its 3/2/2 parts

    def read(self, cells: list[str]) -> str | None:
        digits = [code_digits(c) or "" for c in cells]
        if not any(digits):
            return None
        if len(digits) == 1 or len(digits[0]) > 3:
            return self._joined(digits[0] or next(d for d in digits if d))
        return self._columns(digits)

    def _columns(self, digits: list[str]) -> str | None:
        last = max(i for i, d in enumerate(digits) if d)
        if len(digits[last]) in (5, 7):  # each column prints the code so far: 201 | 20106 | 2010601
            return self._joined(digits[last])
        parts: list[str] = []
        for i, d in enumerate(digits[: last + 1]):
            if d:
                parts.append(d)
            elif i < len(self.parts) and parts == self.parts[:i]:
                parts.append(self.parts[i])  # printed blank: the 类/款 of the rows above
            else:
                return None
        return self._accept(parts)

    def _joined(self, d: str) -> str | None:
        if len(d) in _LEVEL:
            return self._accept([d[:3]] + [d[i:i + 2] for i in range(3, len(d), 2)])
        return None

    def _accept(self, parts: list[str]) -> str | None:
        if not parts or len(parts[0]) != 3 or any(len(p) != 2 for p in parts[1:]) or len(parts) > 3:
            return None
        self.parts = parts
        return "".join(parts)
