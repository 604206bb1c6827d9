"""PDF pages read with PDFium (pypdfium2), handed over as pdfplumber hands them.

`open_pdf(data)` yields a `PdfiumPdf` whose `pages` are `ReadPage`s: `page_number`,
`width`, `height`, `bbox`, `rotation` and the object lists `chars`, `lines`, `rects`, `curves`,
`images` as pdfplumber dicts, in pdfplumber's coordinates (x from the left, `top` from the top
of the displayed page, after /Rotate, with pdfplumber's MediaBox offsets), and pdf.finder runs
pdfplumber's TableFinder on them.  So pdf.pages, pdf.tables and all geometry work
unchanged whichever reader fed them; tests/test_pdfium_reader.py proves both give the same
documents.

How each object is built, so it equals what pdfminer builds:
- char (text, fontname, size, upright, matrix, x0, x1, top, bottom: the keys pdf.* read):
  box = the rectangle (0, descent) … (advance, descent + size) in text space through the
  char's matrix (text matrix × CTM) at its origin (PDFium's includes the rise), as LTChar; the
  descent is the font descriptor's (negative, pdfminer's rule; the standard 14 fonts take their
  AFM metrics, as pdfminer does), the advance the glyph width.
  PDFium's generated chars (spaces and line breaks it adds between text objects) are dropped;
  a glyph without a Unicode mapping becomes "(cid:0)" so the garbled-page triage counts it.
Where PDFium loses text pdfminer keeps, the page says so (`needs_pdfminer`) and pdf.document
reads that page with pdfminer: a text object of a non-embedded font PDFium's text page dropped,
and glyphs PDFium cannot map to Unicode (Type3 glyph names pdfminer maps; a really garbled page
then goes to OCR exactly as before).
- path: PDFium's segments rebuilt into pdfminer's operators (m, l, c, h), split per subpath,
  and classified as pdfminer does: one segment → line, an axis-aligned closed 4-gon → rect,
  anything else → curve with its end points.  Colours come back from PDFium as RGB, scaled
  to 0…1 (white stays white whatever the colour space it was given in).
- image: the bounding box of its unit square through its matrix.
Every box (x0, x1, top, bottom, height) is rounded to COORD_DECIMALS in one place
(`_Frame.box`), and path points in `_paint`: PDFium computes in float32, so its boxes carry
noise in the 5th decimal that must not split a run of glyphs or a grid line.
"""
from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pr
from pdfminer.fontmetrics import FONT_METRICS

COORD_DECIMALS = 4  # float32 noise sits in the 5th decimal of a point coordinate
UNMAPPED = "(cid:0)"  # the text of a glyph without a Unicode mapping (pdf.text.is_unmapped)
AXIS_EPS = 1e-6  # |a| below this: the glyph runs vertically, its advance comes from the font

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class ReaderError(Exception):
    """A PDF PDFium cannot open (`encrypted` when it needs a password), or one page of it
    that it cannot load (`page`, 1-based, with the page's size when known)."""

    def __init__(self, message: str, encrypted: bool = False, page: int = 0,
                 size: tuple[float, float] = (0.0, 0.0)) -> None:
        super().__init__(message)
        self.encrypted = encrypted
        self.page = page
        self.size = size


def _r(v: float) -> float:
    return round(v, COORD_DECIMALS)


def _addr(handle: Any) -> int:
    """A PDFium handle's address, as a dict key (cheaper than ctypes.cast)."""
    return ctypes.c_void_p.from_buffer(handle).value or 0 if handle else 0


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (row-vector convention, as PDF and pdfminer's mult_matrix)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (a * a1 + b * c1, a * b1 + b * d1, c * a1 + d * c1, c * b1 + d * d1,
            e * a1 + f * c1 + e1, e * b1 + f * d1 + f1)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


@dataclass(slots=True)
class _Frame:
    """From PDF user space to pdfplumber's coordinates: pdfminer's page CTM (/Rotate and
    MediaBox origin), then pdfplumber's flip and MediaBox adjustment."""

    ctm: Matrix
    mb_x0: float
    mb_top: float
    width: float
    height: float

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int) -> _Frame:
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


@dataclass(slots=True)
class ReadPage:
    """One page as pdfplumber would show it (the attributes pdf.pages and pdf.tables read)."""

    page_number: int
    width: float
    height: float
    bbox: tuple[float, float, float, float]
    rotation: int
    chars: list[Obj] = field(default_factory=list)
    lines: list[Obj] = field(default_factory=list)
    rects: list[Obj] = field(default_factory=list)
    curves: list[Obj] = field(default_factory=list)
    images: list[Obj] = field(default_factory=list)
    unread: int = 0  # text objects in a non-embedded font of which PDFium's text page kept no glyph
    unmapped: int = 0  # glyphs PDFium could not map to Unicode (pdfminer may: Type3 glyph names)

    @property
    def needs_pdfminer(self) -> bool:
        """Whether pdfminer must read this page: PDFium lost text on it (see pdf.document)."""
        return bool(self.unread or self.unmapped)

    @property
    def edges(self) -> list[Obj]:
        from pdfplumber.utils import obj_to_edges

        return [e for o in (*self.lines, *self.rects, *self.curves) for e in obj_to_edges(o)]

    def close(self) -> None:
        """Nothing is cached: a ReadPage holds only its lists."""


class PdfiumPdf:
    """An open PDF; `pages` reads each page when iterated and frees PDFium's copy at once,
    yielding a ReaderError in place of a page PDFium cannot load."""

    def __init__(self, doc: pdfium.PdfDocument) -> None:
        self._doc = doc

    def __len__(self) -> int:
        return len(self._doc)

    @property
    def pages(self) -> Iterator[ReadPage | ReaderError]:
        for i in range(len(self._doc)):
            try:
                yield read_page(self._doc, i)
            except pdfium.PdfiumError as e:
                yield ReaderError(str(e) or type(e).__name__, page=i + 1, size=_page_size(self._doc, i))


def _page_size(doc: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    size = pr.FS_SIZEF()
    if pr.FPDF_GetPageSizeByIndexF(doc.raw, index, size):
        return (float(size.width), float(size.height))
    return (0.0, 0.0)


@contextmanager
def open_pdf(data: bytes) -> Iterator[PdfiumPdf]:
    """The PDF in `data` (the empty user password tried); ReaderError when PDFium cannot open it."""
    try:
        doc = pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as e:
        encrypted = getattr(e, "err_code", None) == pr.FPDF_ERR_PASSWORD
        raise ReaderError(str(e), encrypted=encrypted) from e
    try:
        yield PdfiumPdf(doc)
    finally:
        doc.close()


def read_page(doc: pdfium.PdfDocument, index: int) -> ReadPage:
    """Page `index` (0-based) with its chars, paths and images."""
    page = doc[index]
    try:
        rotation = page.get_rotation() % 360
        mediabox = page.get_mediabox()
        frame = _Frame.of(mediabox, rotation)
        out = ReadPage(page_number=index + 1, width=_r(frame.width), height=_r(frame.height),
                       bbox=(frame.mb_x0, frame.mb_top, frame.mb_x0 + frame.width, frame.mb_top + frame.height),
                       rotation=rotation)
        order = _objects(page.raw, frame, out)
        textpage = page.get_textpage()
        try:
            out.chars, seen = _chars(textpage.raw, frame, order)
            out.unmapped = sum(1 for c in out.chars if c["text"] == UNMAPPED)
            out.unread = _unread(order, seen)
        finally:
            textpage.close()
        return out
    finally:
        page.close()


# ---------------------------------------------------------------- chars

def _typed(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function with handles passed and returned as plain addresses (ints): the
    per-glyph calls then build no pointer objects (half their cost)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_VP, _INT, _DBL_P = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)
_TEXT_OBJECT = _typed(pr.FPDFText_GetTextObject, _VP, _VP, _INT)
_IS_GENERATED = _typed(pr.FPDFText_IsGenerated, _INT, _VP, _INT)
_MAP_ERROR = _typed(pr.FPDFText_HasUnicodeMapError, _INT, _VP, _INT)
_ORIGIN = _typed(pr.FPDFText_GetCharOrigin, _INT, _VP, _INT, _DBL_P, _DBL_P)
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


def _chars(tp: Any, frame: _Frame, order: dict[int, int]) -> tuple[list[Obj], set[int]]:
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
    tpa = ctypes.cast(tp, ctypes.c_void_p).value
    for i in range(n):
        code = codes[i]
        if code in _MAYBE_GENERATED and _IS_GENERATED(tpa, i) == 1:
            continue
        key = _TEXT_OBJECT(tpa, i)
        if not key:
            continue
        hit = objs.get(key)
        if hit is None:
            hit = objs[key] = (order.get(key, -1), _style(tp, i, key, frame, fonts, styles))
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


def _style(tp: Any, i: int, key: int, frame: _Frame, fonts: dict[int, tuple[str, float, Any]],
           styles: dict[tuple[int, float, float, float, float, float], _Style]) -> _Style:
    """The style of char `i`'s text object (handle address `key`), shared with every text
    object of the same font, size and matrix (a page often has one text object per glyph)."""
    obj = ctypes.cast(key, pr.FPDF_PAGEOBJECT)
    m = pr.FS_MATRIX()
    pr.FPDFText_GetMatrix(tp, i, m)
    size = ctypes.c_float()
    pr.FPDFTextObj_GetFontSize(obj, size)
    fs = float(size.value)
    font = pr.FPDFTextObj_GetFont(obj)
    skey = (_addr(font), fs, m.a, m.b, m.c, m.d)
    st = styles.get(skey)
    if st is None:
        fontname, descent, font = _font(font, fonts)
        la, lb, lc, ld, _, _ = _mul((m.a, m.b, m.c, m.d, 0.0, 0.0), frame.ctm)
        y0, y1 = descent * fs, descent * fs + fs
        ya, yb = ld * y0, ld * y1
        st = styles[skey] = _Style(fontname=fontname, font=font, font_key=skey[0], descent=descent * fs, size=fs,
                                   lin=(la, lb, lc, ld), matrix=(_r(la), _r(lb), _r(lc), _r(ld)),
                                   upright=la * ld > 0 and lb * lc <= 0, axis=lb == 0.0 and lc == 0.0,
                                   y_lo=min(ya, yb), y_hi=max(ya, yb))
    return st


def _unread(order: dict[int, int], seen: set[int]) -> int:
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


def _font(font: Any, cache: dict[int, tuple[str, float, Any]]) -> tuple[str, float, Any]:
    """(base font name, descent per unit of font size (≤ 0), handle) of a font."""
    key = _addr(font)
    hit = cache.get(key)
    if hit is None:
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


# ---------------------------------------------------------------- paths and images

def _objects(page: Any, frame: _Frame, out: ReadPage) -> dict[int, int]:
    """Paths and images into `out`; returns each text object's rank in content-stream order."""
    order: dict[int, int] = {}
    stack: list[tuple[Any, Matrix]] = [
        (pr.FPDFPage_GetObject(page, i), IDENTITY) for i in range(pr.FPDFPage_CountObjects(page))
    ]
    stack.reverse()
    while stack:
        obj, outer = stack.pop()
        kind = pr.FPDFPageObj_GetType(obj)
        if kind == pr.FPDF_PAGEOBJ_TEXT:
            order[_addr(obj)] = len(order)
        elif kind == pr.FPDF_PAGEOBJ_FORM:
            inner = _mul(_matrix(obj), outer)
            kids = [(pr.FPDFFormObj_GetObject(obj, j), inner) for j in range(pr.FPDFFormObj_CountObjects(obj))]
            stack.extend(reversed(kids))
        elif kind == pr.FPDF_PAGEOBJ_PATH:
            _path(obj, _mul(_mul(_matrix(obj), outer), frame.ctm), frame, out)
        elif kind == pr.FPDF_PAGEOBJ_IMAGE:
            m = _mul(_mul(_matrix(obj), outer), frame.ctm)
            pts = [_apply(m, x, y) for x, y in ((0, 0), (1, 0), (1, 1), (0, 1))]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.images.append({"object_type": "image", **frame.box(min(xs), min(ys), max(xs), max(ys))})
    return order


def _matrix(obj: Any) -> Matrix:
    m = pr.FS_MATRIX()
    if not pr.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _color(obj: Any, getter: Any) -> tuple[float, ...] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _path(obj: Any, m: Matrix, frame: _Frame, out: ReadPage) -> None:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pr.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return
    fill, stroked = fillmode.value != 0, bool(stroke.value)
    style = {"stroke": stroked, "fill": fill,
             "stroking_color": _color(obj, pr.FPDFPageObj_GetStrokeColor),
             "non_stroking_color": _color(obj, pr.FPDFPageObj_GetFillColor)}
    subs = _subpaths(obj, m)
    for ops, pts in subs:
        if ops != "m" or len(subs) == 1:  # pdfminer drops a bare moveto among subpaths
            _paint(ops, pts, style, frame, out)


_FLT_P = ctypes.POINTER(ctypes.c_float)
_COUNT_SEGMENTS = _typed(pr.FPDFPath_CountSegments, _INT, _VP)
_SEGMENT = _typed(pr.FPDFPath_GetPathSegment, _VP, _VP, _INT)
_SEGMENT_TYPE = _typed(pr.FPDFPathSegment_GetType, _INT, _VP)
_SEGMENT_POINT = _typed(pr.FPDFPathSegment_GetPoint, _INT, _VP, _FLT_P, _FLT_P)
_SEGMENT_CLOSES = _typed(pr.FPDFPathSegment_GetClose, _INT, _VP)


def _subpaths(obj: Any, m: Matrix) -> list[tuple[str, list[tuple[float, float]]]]:
    """The path as pdfminer's operator string and end points (layout space), per subpath."""
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    a, b, c, d, e, f = m
    subs: list[tuple[str, list[tuple[float, float]]]] = []
    ops, pts = "", []
    handle = ctypes.cast(obj, ctypes.c_void_p).value
    n = _COUNT_SEGMENTS(handle)
    i = 0
    while i < n:
        seg = _SEGMENT(handle, i)
        kind = _SEGMENT_TYPE(seg)
        if kind == pr.FPDF_SEGMENT_BEZIERTO:  # three segments: two control points and the end
            seg = _SEGMENT(handle, min(i + 2, n - 1))
            i += 3
            op = "c"
        else:
            i += 1
            op = "m" if kind == pr.FPDF_SEGMENT_MOVETO else "l"
        _SEGMENT_POINT(seg, px, py)
        if op == "m" and ops:
            subs.append((ops, pts))
            ops, pts = "", []
        ops += op
        sx, sy = x.value, y.value
        pts.append((a * sx + c * sy + e, b * sx + d * sy + f))
        if _SEGMENT_CLOSES(seg):
            ops += "h"
            pts.append(pts[0])
    if ops:
        subs.append((ops, pts))
    return subs


def _paint(shape: str, pts: list[tuple[float, float]], style: Obj, frame: _Frame, out: ReadPage) -> None:
    """One subpath classified as pdfminer's paint_path does."""
    if shape[:1] != "m":
        return
    pts = [(_r(px), _r(py)) for px, py in pts]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = frame.box(min(xs), min(ys), max(xs), max(ys))
    plumber_pts = [tuple(_r(v) for v in frame.point(px, py)) for px, py in pts]
    if shape in ("mlh", "ml"):
        out.lines.append({"object_type": "line", **style, **box, "pts": plumber_pts[:2]})
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            out.rects.append({"object_type": "rect", **style, **box})
            return
    out.curves.append({"object_type": "curve", **style, **box, "pts": plumber_pts})
