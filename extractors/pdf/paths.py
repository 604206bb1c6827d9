"""A page's paths and images read with PDFium, as pdfminer's line/rect/curve/image dicts.

- path: PDFium's segments rebuilt into pdfminer's operators (m, l, c, h), split per subpath,
  and classified as pdfminer does: one segment → line, an axis-aligned closed 4-gon → rect,
  anything else → curve with its end points.  Colours come back from PDFium as RGB, scaled
  to 0…1 (white stays white whatever the colour space it was given in).
- image: the bounding box of its unit square through its matrix.
Path points are rounded in `_paint` (space.rnd), boxes in space.Frame.box.
`objects(page, frame, out)` fills `out` (a pdf.reader.ReadPage) and returns each text object's
rank in content-stream order, which pdf.glyphs.chars sorts by.
"""
from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any

import pypdfium2.raw as pr

from extractors.pdf.space import IDENTITY, INT, VP, Frame, Matrix, Obj, address, apply, mul, rnd, typed

if TYPE_CHECKING:
    from extractors.pdf.reader import ReadPage

def objects(page: Any, frame: Frame, out: ReadPage) -> dict[int, int]:
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
            order[address(obj)] = len(order)
        elif kind == pr.FPDF_PAGEOBJ_FORM:
            inner = mul(_matrix(obj), outer)
            kids = [(pr.FPDFFormObj_GetObject(obj, j), inner) for j in range(pr.FPDFFormObj_CountObjects(obj))]
            stack.extend(reversed(kids))
        elif kind == pr.FPDF_PAGEOBJ_PATH:
            _path(obj, mul(mul(_matrix(obj), outer), frame.ctm), frame, out)
        elif kind == pr.FPDF_PAGEOBJ_IMAGE:
            m = mul(mul(_matrix(obj), outer), frame.ctm)
            pts = [apply(m, x, y) for x, y in ((0, 0), (1, 0), (1, 1), (0, 1))]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.images.append({"object_type": "image", **frame.box(min(xs), min(ys), max(xs), max(ys))})
    return order


def _matrix(obj: Any) -> Matrix:
    m = pr.FS_MATRIX()
    if not pr.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


_UINT_P, _INT_P = ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_int)
_DRAW_MODE = typed(pr.FPDFPath_GetDrawMode, INT, VP, _INT_P, _INT_P)
_STROKE_COLOR = typed(pr.FPDFPageObj_GetStrokeColor, INT, VP, _UINT_P, _UINT_P, _UINT_P, _UINT_P)
_FILL_COLOR = typed(pr.FPDFPageObj_GetFillColor, INT, VP, _UINT_P, _UINT_P, _UINT_P, _UINT_P)


def _color(handle: int, getter: Any) -> tuple[float, ...] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(handle, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _path(obj: Any, m: Matrix, frame: Frame, out: ReadPage) -> None:
    handle = address(obj)
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not _DRAW_MODE(handle, ctypes.byref(fillmode), ctypes.byref(stroke)):
        return
    fill, stroked = fillmode.value != 0, bool(stroke.value)
    style = {"stroke": stroked, "fill": fill,
             "stroking_color": _color(handle, _STROKE_COLOR),
             "non_stroking_color": _color(handle, _FILL_COLOR)}
    subs = _subpaths(handle, m)
    for ops, pts in subs:
        if ops != "m" or len(subs) == 1:  # pdfminer drops a bare moveto among subpaths
            _paint(ops, pts, style, frame, out)


_FLT_P = ctypes.POINTER(ctypes.c_float)
_COUNT_SEGMENTS = typed(pr.FPDFPath_CountSegments, INT, VP)
_SEGMENT = typed(pr.FPDFPath_GetPathSegment, VP, VP, INT)
_SEGMENT_TYPE = typed(pr.FPDFPathSegment_GetType, INT, VP)
_SEGMENT_POINT = typed(pr.FPDFPathSegment_GetPoint, INT, VP, _FLT_P, _FLT_P)
_SEGMENT_CLOSES = typed(pr.FPDFPathSegment_GetClose, INT, VP)


def _subpaths(handle: int, m: Matrix) -> list[tuple[str, list[tuple[float, float]]]]:
    """The path as pdfminer's operator string and end points (layout space), per subpath."""
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    a, b, c, d, e, f = m
    subs: list[tuple[str, list[tuple[float, float]]]] = []
    ops, pts = "", []
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


def _paint(shape: str, pts: list[tuple[float, float]], style: Obj, frame: Frame, out: ReadPage) -> None:
    """One subpath classified as pdfminer's paint_path does."""
    if shape[:1] != "m":
        return
    pts = [(rnd(px), rnd(py)) for px, py in pts]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = frame.box(min(xs), min(ys), max(xs), max(ys))
    if shape in ("mlh", "ml"):
        out.lines.append({"object_type": "line", **style, **box, "pts": _plumber_pts(pts[:2], frame)})
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            out.rects.append({"object_type": "rect", **style, **box})
            return
    out.curves.append({"object_type": "curve", **style, **box, "pts": _plumber_pts(pts, frame)})


def _plumber_pts(pts: list[tuple[float, float]], frame: Frame) -> list[tuple[float, float]]:
    """Layout-space points in pdfplumber's coordinates, rounded."""
    return [(rnd(x), rnd(y)) for x, y in (frame.point(px, py) for px, py in pts)]
