"""A page's glyphs read with PDFium, as pdfminer's LTChar dicts (pdf.reader uses `chars`, `unread`).

Each char (text, fontname, size, upright, matrix, x0, x1, top, bottom: the keys pdf.* read):
box = the rectangle (0, descent) … (advance, descent + size) in text space through the char's
matrix (text matrix × CTM) at its origin (PDFium's includes the rise), as LTChar; the descent
is the font descriptor's (negative, pdfminer's rule; the standard 14 fonts take their AFM
metrics, as pdfminer does), the advance the glyph width.  PDFium's generated chars (spaces and
line breaks it adds between text objects) are dropped; a glyph without a Unicode mapping
becomes "(cid:0)" so the garbled-page triage counts it.  Text objects sharing font, size and
matrix share one `_Style` (a page often has one text object per glyph), and the per-glyph
PDFium calls go through address-typed prototypes (space.typed).
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pr
from pdfminer.fontmetrics import FONT_METRICS

from extractors.pdf.space import COORD_DECIMALS, INT, VP, Frame, Obj, address, mul, rnd, typed

UNMAPPED = "(cid:0)"  # the text of a glyph without a Unicode mapping (pdf.text.is_unmapped)
AXIS_EPS = 1e-6  # |a| below this: the glyph runs vertically, its advance comes from the font

_DBL_P = ctypes.POINTER(ctypes.c_double)
_TEXT_OBJECT = typed(pr.FPDFText_GetTextObject, VP, VP, INT)
_IS_GENERATED = typed(pr.FPDFText_IsGenerated, INT, VP, INT)
_MAP_ERROR = typed(pr.FPDFText_HasUnicodeMapError, INT, VP, INT)
_ORIGIN = typed(pr.FPDFText_GetCharOrigin, INT, VP, INT, _DBL_P, _DBL_P)
_MAYBE_GENERATED = frozenset((0x20, 0x0D, 0x0A))  # PDFium generates only spaces and line breaks


@dataclass(slots=True, frozen=True)
class _Style:
    """What every glyph of text objects with one font, size and matrix shares."""

    fontname: str
    font: Any
    font_key: int
    descent: float  # times the font size, below the baseline (≤ 0)
    size: float
    lin: tuple[float, float, float, float]  # text space → layout space, linear part
    matrix: tuple[float, float, float, float]  # rounded, for the char dicts
    upright: bool
    axis: bool = False  # the glyph box is axis-aligned (lin is diagonal): y_lo, y_hi are its extent
    y_lo: float = 0.0
    y_hi: float = 0.0


def chars(tp: Any, frame: Frame, order: dict[int, int]) -> tuple[list[Obj], set[int]]:
    """The page's glyphs in content-stream order (PDFium's text page may put a text object
    out of order; pdfminer, and so every tie-break downstream, follows the stream), and the
    text objects they came from."""
    n = pr.FPDFText_CountChars(tp)
    out: list[tuple[int, Obj]] = []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pox, poy = ctypes.byref(ox), ctypes.byref(oy)
    fonts: dict[int, tuple[str, float, Any]] = {}
    styles: dict[tuple[int, float, float, float, float, float], _Style] = {}
    objs: dict[int, tuple[int, _Style]] = {}
    widths: dict[tuple[int, int], float] = {}
    ca, cb, cc, cd, ce, cf = frame.ctm
    mb_x0, top0 = frame.mb_x0, frame.height + frame.mb_top
    d = COORD_DECIMALS
    codes = _codes(tp, n)
    tpa = address(tp)
    for i in range(n):
        code = codes[i]
        if code in _MAYBE_GENERATED and _IS_GENERATED(tpa, i) == 1:
            continue
        key = _TEXT_OBJECT(tpa, i)
        if not key:
            continue
        hit = objs.get(key)
        if hit is None:
            hit = objs[key] = (order.get(key, -1), _style(tpa, i, key, frame, fonts, styles))
        rank, st = hit
        text = UNMAPPED if code == 0 or _MAP_ERROR(tpa, i) == 1 else chr(code)
        _ORIGIN(tpa, i, pox, poy)
        wkey = (st.font_key, code)
        unit = widths.get(wkey)
        if unit is None:
            unit = _unit_width(st.font, code)
            if unit is not None:
                widths[wkey] = unit
        adv = unit * st.size if unit is not None else _loose_advance(tp, i, st)
        # the text-space rectangle (0, descent) … (adv, descent + size) at the origin, in layout space
        x, y = ox.value, oy.value
        X, Y = ca * x + cc * y + ce, cb * x + cd * y + cf
        if st.axis:  # upright, unsheared: the corners are known
            xb = st.lin[0] * adv
            x_lo, x_hi = (0.0, xb) if 0.0 <= xb else (xb, 0.0)
            y_lo, y_hi = st.y_lo, st.y_hi
        else:
            la, lb, lc, ld = st.lin
            y0, y1 = st.descent, st.descent + st.size
            xs = (lc * y0, la * adv + lc * y0, la * adv + lc * y1, lc * y1)
            ys = (ld * y0, lb * adv + ld * y0, lb * adv + ld * y1, ld * y1)
            x_lo, x_hi, y_lo, y_hi = min(xs), max(xs), min(ys), max(ys)
        bottom_y, top_y = Y + y_lo, Y + y_hi
        out.append((rank, {
            "text": text, "fontname": st.fontname, "size": round(top_y - bottom_y, d),
            "upright": st.upright, "matrix": (*st.matrix, X, Y),
            "x0": round(X + x_lo + mb_x0, d), "x1": round(X + x_hi + mb_x0, d),
            "top": round(top0 - top_y, d), "bottom": round(top0 - bottom_y, d),
        }))
    out.sort(key=lambda t: t[0])
    return [c for _, c in out], set(objs)


def _codes(tp: Any, n: int) -> list[int]:
    """The Unicode value of every char, in one call (one UTF-16 unit per char; a char outside
    the BMP is asked for on its own)."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = pr.FPDFText_GetText(tp, 0, n, buf)
    codes = list(buf[:n]) if got == n + 1 else [pr.FPDFText_GetUnicode(tp, i) for i in range(n)]
    for i, c in enumerate(codes):
        if 0xD800 <= c <= 0xDFFF:
            codes[i] = pr.FPDFText_GetUnicode(tp, i)
    return codes


_TEXT_MATRIX = typed(pr.FPDFText_GetMatrix, INT, VP, INT, ctypes.POINTER(pr.FS_MATRIX))
_FONT_SIZE = typed(pr.FPDFTextObj_GetFontSize, INT, VP, ctypes.POINTER(ctypes.c_float))
_TEXT_FONT = typed(pr.FPDFTextObj_GetFont, VP, VP)


def _style(tpa: int, i: int, key: int, frame: Frame, fonts: dict[int, tuple[str, float, Any]],
           styles: dict[tuple[int, float, float, float, float, float], _Style]) -> _Style:
    """The style of char `i`'s text object (handle address `key`; `tpa` the text page's), shared
    with every text object of the same font, size and matrix (a page often has one text object
    per glyph)."""
    m = pr.FS_MATRIX()
    _TEXT_MATRIX(tpa, i, ctypes.byref(m))
    size = ctypes.c_float()
    _FONT_SIZE(key, ctypes.byref(size))
    fs = float(size.value)
    font_at = _TEXT_FONT(key) or 0
    skey = (font_at, fs, m.a, m.b, m.c, m.d)
    st = styles.get(skey)
    if st is None:
        fontname, descent, font = _font(font_at, fonts)
        la, lb, lc, ld, _, _ = mul((m.a, m.b, m.c, m.d, 0.0, 0.0), frame.ctm)
        y0, y1 = descent * fs, descent * fs + fs
        ya, yb = ld * y0, ld * y1
        st = styles[skey] = _Style(fontname=fontname, font=font, font_key=skey[0], descent=descent * fs, size=fs,
                                   lin=(la, lb, lc, ld), matrix=(rnd(la), rnd(lb), rnd(lc), rnd(ld)),
                                   upright=la * ld > 0 and lb * lc <= 0, axis=lb == 0.0 and lc == 0.0,
                                   y_lo=min(ya, yb), y_hi=max(ya, yb))
    return st


def unread(order: dict[int, int], seen: set[int]) -> int:
    """Text objects set in a non-embedded font that have no char on PDFium's text page (`seen`).

    PDFium drops a text object whose glyphs it cannot outline (a one-glyph string in a
    non-embedded CID font such as STSong-Light on a machine without that font): its text would
    be lost silently, so the page is read by pdfminer instead (see pdf.document)."""
    missing = 0
    for handle in order:
        if handle in seen:
            continue
        obj = ctypes.cast(handle, pr.FPDF_PAGEOBJECT)
        if not pr.FPDFFont_GetIsEmbedded(pr.FPDFTextObj_GetFont(obj)):
            missing += 1
    return missing


def _font(key: int, cache: dict[int, tuple[str, float, Any]]) -> tuple[str, float, Any]:
    """(base font name, descent per unit of font size (≤ 0), handle) of the font at address `key`."""
    hit = cache.get(key)
    if hit is None:
        font = ctypes.cast(key, pr.FPDF_FONT)
        buf = ctypes.create_string_buffer(256)
        pr.FPDFFont_GetBaseFontName(font, buf, 256)
        name = buf.value.decode("latin-1")
        d = ctypes.c_float()
        if name in FONT_METRICS and not pr.FPDFFont_GetIsEmbedded(font):  # the standard 14: AFM metrics
            descent = -abs(float(FONT_METRICS[name][0]["Descent"])) / 1000.0
        elif pr.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), d):
            descent = -abs(float(d.value)) / 1000.0
        else:
            descent = 0.0
        hit = (name, descent, font)
        cache[key] = hit
    return hit


def _unit_width(font: Any, code: int) -> float | None:
    """A glyph's advance per unit of font size, asked of the font by its Unicode value."""
    w = ctypes.c_float()
    if code and pr.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1000.0), w):
        return float(w.value) / 1000.0
    return None


def _loose_advance(tp: Any, i: int, info: _Style) -> float:
    """The advance of a glyph the font cannot look up by Unicode (an unmapped one): PDFium's
    loose box spans `a × advance` horizontally (0 when `a` is, on turned text)."""
    loose = pr.FS_RECTF()
    a = info.lin[0]
    if abs(a) > AXIS_EPS and pr.FPDFText_GetLooseCharBox(tp, i, loose):
        return abs(loose.right - loose.left) / abs(a)
    return 0.0
