"""PDF user space → pdfplumber's coordinates, and the ctypes helpers the PDFium readers share.

`Frame` holds a page's transform (pdfminer's page CTM for /Rotate and the MediaBox origin, then
pdfplumber's flip and MediaBox adjustment).  Every box is rounded to COORD_DECIMALS in one place
(`Frame.box`, and `rnd` for path points): PDFium computes in float32, so its coordinates carry
noise in the 5th decimal that must not split a run of glyphs or a grid line.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

COORD_DECIMALS = 4  # float32 noise sits in the 5th decimal of a point coordinate

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
VP, INT = ctypes.c_void_p, ctypes.c_int


def rnd(v: float) -> float:
    return round(v, COORD_DECIMALS)


def address(handle: Any) -> int:
    """A PDFium handle's address, as a dict key (cheaper than ctypes.cast)."""
    return ctypes.c_void_p.from_buffer(handle).value or 0 if handle else 0


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (row-vector convention, as PDF and pdfminer's mult_matrix)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (a * a1 + b * c1, a * b1 + b * d1, c * a1 + d * c1, c * b1 + d * d1,
            e * a1 + f * c1 + e1, e * b1 + f * d1 + f1)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


@dataclass(slots=True)
class Frame:
    """From PDF user space to pdfplumber's coordinates: pdfminer's page CTM (/Rotate and
    MediaBox origin), then pdfplumber's flip and MediaBox adjustment."""

    ctm: Matrix
    mb_x0: float
    mb_top: float
    width: float
    height: float

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int) -> Frame:
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        ctm: Matrix = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
        mb_h = ny1 - ny0
        return cls(ctm=ctm, mb_x0=nx0, mb_top=mb_h - ny1, width=nx1 - nx0, height=mb_h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point in layout space (after the CTM) → pdfplumber (x, top)."""
        return (x + self.mb_x0, self.height - y + self.mb_top)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> Obj:
        """A layout-space box → pdfplumber's x0, x1, top, bottom, y0, y1, doctop, width, height."""
        d = COORD_DECIMALS
        top = round(self.height - y1 + self.mb_top, d)
        bottom = round(self.height - y0 + self.mb_top, d)
        left, right = round(x0 + self.mb_x0, d), round(x1 + self.mb_x0, d)
        return {"x0": left, "y0": y0, "x1": right, "y1": y1, "width": right - left,
                "height": round(y1 - y0, d), "top": top, "bottom": bottom, "doctop": top}


def typed(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function with handles passed and returned as plain addresses (ints): the
    per-glyph calls then build no pointer objects (half their cost)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)
