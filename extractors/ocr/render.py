"""Page images for OCR: rendering one page at a time, blank pages, skew and upside-down pages.

Pages are rendered by pypdfium2 in grayscale at RENDER_SCALE pixels per PDF point, one at a
time, and the bitmap is released before the next page (a 100-page 300-dpi scan never holds
more than one page image).  Skew is estimated with a projection profile of the ink (ruling
lines and text rows both make sharp horizontal peaks when level) and corrected by rotating the
image; an upside-down page is recognised from a sample of its text lines (see `is_turned`).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import cv2
import numpy as np
import pypdfium2 as pdfium

RENDER_SCALE = 2.0  # px per pt (144 dpi): best accuracy per second measured (benchmarks/bench_ocr.py)
INK_LEVEL = 160  # gray value below which a pixel is ink (on a flattened page: white paper)
BACKGROUND_STEP = 8  # the paper background is estimated on a copy this many times smaller …
BACKGROUND_KERNEL = 7  # … as the brightest level within this many of its pixels
BLANK_INK_SHARE = 0.0005  # a page with less ink than this share of its pixels is blank
MAX_DESKEW = 5.0  # degrees: larger skews are still turned, but the page is reported (photo at an angle)
SKEW_SEARCH = 15.0  # degrees either way searched for the skew
SKEW_COARSE_STEP = 0.5  # degrees
SKEW_FINE_STEP = 0.05  # degrees, searched within one coarse step of the coarse best
MIN_DESKEW = 0.1  # degrees: smaller skews are left alone
SKEW_SAMPLE_WIDTH = 1000  # px: the profile is measured on a copy this wide
SKEW_MAX_POINTS = 60000  # ink pixels sampled for the profile
TURN_SAMPLE = 12  # text lines shown to the direction classifier
TURN_MIN_SCORE = 0.9  # a line counts as turned (or upright) only at this classifier score
TURN_MIN_VOTES = 3  # and a page is turned only when at least this many lines say so
SPECKLE_LEVEL = 200  # gray value below which a pixel may belong to a speck (JPEG leaves them grey)
SPECKLE_MAX_PT = 1.6  # a speck is no wider and no taller than this …
SPECKLE_CLEAR_PT = 2.5  # … and has no glyph within this distance (a decimal point sits by its digits);
SPECKLE_GLYPH_PT = 40.0  # ink larger than this either way is a rule, not a glyph: it protects no speck


def render_gray(pdf: pdfium.PdfDocument, index: int, scale: float = RENDER_SCALE) -> np.ndarray:
    """Page `index` (0-based) as a grayscale uint8 image; the pdfium bitmap is freed at once."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            arr = bitmap.to_numpy()
            gray = np.ascontiguousarray(arr[..., 0] if arr.ndim == 3 else arr).copy()
        finally:
            bitmap.close()
    finally:
        page.close()
    return gray


def scanned_copy(data: bytes, pages: Sequence[int] | None = None, dpi: float = 200.0,
                 edit: Callable[[int, np.ndarray], np.ndarray] | None = None, quality: int = 85) -> bytes:
    """An image-only PDF of `data`'s pages (1-based `pages`, default all), rendered in gray at
    `dpi` and stored as JPEG, each page image passed through `edit(number, gray)` first if
    given: a scan to test and benchmark OCR with.  Pages are rendered one at a time."""
    from PIL import Image

    pdf = pdfium.PdfDocument(data)
    numbers = list(pages) if pages is not None else list(range(1, len(pdf) + 1))
    images = []
    for n in numbers:
        gray = render_gray(pdf, n - 1, dpi / 72)
        images.append(Image.fromarray(edit(n, gray) if edit else gray))
    pdf.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=quality)
    return out.getvalue()


def flatten(gray: np.ndarray) -> np.ndarray:
    """`gray` divided by its paper background, so an unevenly lit or shaded scan has white
    paper everywhere (a clean page is returned as it is).  The background is the brightest
    level around each point on a copy BACKGROUND_STEP times smaller, where text and rules
    are too thin to count."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(w // BACKGROUND_STEP, 1), max(h // BACKGROUND_STEP, 1)), interpolation=cv2.INTER_AREA)
    background = cv2.dilate(small, np.ones((BACKGROUND_KERNEL, BACKGROUND_KERNEL), np.uint8))
    if int(background.min()) >= 250:
        return gray
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    return np.clip(gray.astype(np.float32) * 255.0 / np.maximum(background, 1.0), 0, 255).astype(np.uint8)


def despeckle(gray: np.ndarray, scale: float) -> np.ndarray:
    """`gray` with isolated specks whitened: dark blobs at most SPECKLE_MAX_PT across with no
    glyph within SPECKLE_CLEAR_PT (scanner dust, salt-and-pepper noise; a table's ruling is no
    glyph, so specks beside a rule go too).  Left alone,
    the recogniser reads them as "." or "：" in empty cells and at the ends of amounts; a
    decimal point, a "、" or a "：" touches the glyphs beside it within that distance and stays."""
    dark = (gray < SPECKLE_LEVEL).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    if n <= 1:
        return gray
    limit = max(int(round(SPECKLE_MAX_PT * scale)), 1)
    small = (stats[:, cv2.CC_STAT_WIDTH] <= limit) & (stats[:, cv2.CC_STAT_HEIGHT] <= limit)
    small[0] = False
    if not small.any():
        return gray
    glyph = max(int(round(SPECKLE_GLYPH_PT * scale)), limit + 1)
    large = ~small & (stats[:, cv2.CC_STAT_WIDTH] <= glyph) & (stats[:, cv2.CC_STAT_HEIGHT] <= glyph)
    large[0] = False
    r = max(int(round(SPECKLE_CLEAR_PT * scale)), 1)
    near = cv2.dilate(large[labels].astype(np.uint8), np.ones((2 * r + 1, 2 * r + 1), np.uint8)) > 0
    touched = np.bincount(labels[near], minlength=n) > 0
    specks = small & ~touched
    if not specks.any():
        return gray
    wipe = cv2.dilate(specks[labels].astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    out = gray.copy()
    out[wipe] = 255
    return out


def ink_share(gray: np.ndarray) -> float:
    """Share of pixels darker than INK_LEVEL."""
    return float(np.count_nonzero(gray < INK_LEVEL)) / max(gray.size, 1)


def is_blank(gray: np.ndarray) -> bool:
    return ink_share(gray) < BLANK_INK_SHARE


def estimate_skew(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive) by which the page content is rotated.

    The ink's row profile is sharpest (largest sum of squares) when rows are level; the
    angle is searched within ±SKEW_SEARCH, coarsely then finely.
    """
    points = _ink_points(gray)
    if len(points) < 100:
        return 0.0
    coarse = np.arange(-SKEW_SEARCH, SKEW_SEARCH + 1e-9, SKEW_COARSE_STEP)
    best = _sharpest(points, coarse)
    fine = np.arange(best - SKEW_COARSE_STEP, best + SKEW_COARSE_STEP + 1e-9, SKEW_FINE_STEP)
    return round(float(_sharpest(points, fine)), 2)


def _ink_points(gray: np.ndarray) -> np.ndarray:
    """(x, y) of ink pixels on a copy SKEW_SAMPLE_WIDTH wide, subsampled to SKEW_MAX_POINTS."""
    f = min(1.0, SKEW_SAMPLE_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
    ys, xs = np.nonzero(small < INK_LEVEL)
    if len(xs) > SKEW_MAX_POINTS:
        pick = np.random.default_rng(0).choice(len(xs), SKEW_MAX_POINTS, replace=False)
        xs, ys = xs[pick], ys[pick]
    return np.stack([xs, ys], axis=1).astype(np.float64)


def _sharpest(points: np.ndarray, angles: np.ndarray) -> float:
    """The angle in `angles` whose levelled row profile has the largest sum of squares."""
    best, best_score = 0.0, -1.0
    x, y = points[:, 0], points[:, 1]
    for a in angles:
        t = np.deg2rad(a)
        rows = np.round(y * np.cos(t) + x * np.sin(t)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        score = float(np.dot(counts, counts))
        if score > best_score:
            best, best_score = float(a), score
    return best


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """`gray` rotated by `angle` degrees (as estimate_skew reports it, so the result is level);
    the canvas keeps its size and corners are filled white."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def is_turned(votes: Sequence[tuple[bool, float]]) -> bool:
    """Whether a page is upside down, from the direction classifier's (turned, score) on a
    sample of its lines: confident "turned" votes outnumber confident "upright" ones and
    there are at least TURN_MIN_VOTES of them."""
    turned = sum(1 for t, s in votes if t and s >= TURN_MIN_SCORE)
    upright = sum(1 for t, s in votes if not t and s >= TURN_MIN_SCORE)
    return turned >= TURN_MIN_VOTES and turned > upright


def sample_lines(boxes: Sequence[tuple[int, int, int, int]], n: int = TURN_SAMPLE) -> list[int]:
    """Indices of the `n` widest boxes that are clearly lines of text (at least twice as wide as tall)."""
    wide = [i for i, (x0, y0, x1, y1) in enumerate(boxes) if x1 - x0 >= 2 * (y1 - y0) > 0]
    return sorted(wide, key=lambda i: boxes[i][0] - boxes[i][2])[:n]
