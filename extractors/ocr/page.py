"""One page read by OCR into a `PageLayout` of `Line`s and `PageTable`s (see extractors.ocr.reader).

1. render (ocr_render, RENDER_SCALE px/pt), flatten the paper to white, wipe isolated specks,
   skip a blank page,
   level a small skew;
2. one detection pass (no text found: an empty page); the direction classifier on a sample of
   its lines tells whether the page is upside down (then the image and the boxes are turned,
   and the layout gets a 180° `Frame` for page coordinates);
3. the ruling and the table cells (ocr_grid), the text boxes fitted to them (ocr_boxes);
4. text boxes cut at rules, widened over ink the detector left out at their ends, with a box
   for each cell holding ink the detector missed; all recognised in one batched pass on the
   image with its rules erased;
5. each box becomes one pseudo-char (text, bbox in points, size, confidence): inside a table it
   lands in the cell holding its centre (pdf.tables.fill_tables builds the Grid), outside it
   joins a text line (pdf.text.cluster_lines / make_line);
6. table cells get origin "ocr", their confidence (the lowest of their boxes) and the amount
   repairs that the column format makes unambiguous (ocr_numbers).

A page skewed by more than MAX_DESKEW is still read, and reported in `problems` (the document
becomes partial).  Coordinates are PDF points of the levelled page (a skew of a few degrees
moves a bbox by less than a line height).
"""
from __future__ import annotations

import time
from typing import Any

import cv2
import numpy as np

from extractors.ocr import boxes as ocr_boxes
from extractors.ocr import grid as ocr_grid
from extractors.ocr import render as ocr_render
from extractors.ocr.engine import Engine, PxBox, Timings, load, timed
from extractors.ocr.lines import box_char, cjk_punctuation, ink_box, stray_marks, text_lines
from extractors.ocr.notes import with_note
from extractors.ocr.numbers import repair_grid
from extractors.pdf.pages import PageLayout, cells_to_page
from extractors.pdf.rotate import Frame
from extractors.pdf.tables import PageTable, TableBox, fill_tables
from extractors.pdf.text import Char, Line
from pipeline.model import PageInfo, Provenance

CROP_PAD_PT = 1.0  # pt of white added around a text box before recognition
MIN_CONFIDENCE = 0.3  # boxes read with less confidence than this are dropped as noise

__all__ = ["PageReader", "item_key", "load"]


class PageReader:
    """Reads pages with one engine, adding up timings and collecting problems."""

    def __init__(self, engine: Engine, stats: Timings, problems: list[str], scale: float | None = None) -> None:
        self.engine, self.stats, self.problems = engine, stats, problems
        self.scale = scale or ocr_render.RENDER_SCALE

    def read(self, pdf: Any, layout: PageLayout) -> PageLayout:
        """The whole page read by OCR (its text layer is unusable)."""
        gray = self._render(pdf, layout)
        if ocr_render.is_blank(gray):
            return PageLayout(with_note(layout.info, "OCR: blank page"), layout.width, layout.height)
        return _Page(self, gray, layout).run()

    def read_regions(self, pdf: Any, layout: PageLayout, regions: list[tuple[float, float, float, float]]
                     ) -> PageLayout:
        """A text page with the items read by OCR from `regions` (images, in points) added."""
        gray = self._render(pdf, layout)
        scale = gray.shape[1] / layout.width
        keep = np.zeros(gray.shape, dtype=bool)
        for x0, top, x1, bottom in regions:
            keep[int(top * scale) : int(bottom * scale) + 1, int(x0 * scale) : int(x1 * scale) + 1] = True
        gray[~keep] = 255
        read = _Page(self, gray, layout, upright=True).run()
        note = f"OCR of {len(regions)} image{'s' if len(regions) > 1 else ''} (text the text layer lacks)"
        items = sorted([*layout.items, *read.items], key=item_key)
        return PageLayout(with_note(layout.info, note), layout.width, layout.height, items, layout.frame)

    def _render(self, pdf: Any, layout: PageLayout) -> np.ndarray:
        t0 = time.perf_counter()
        gray = ocr_render.flatten(ocr_render.render_gray(pdf, layout.info.number - 1, self.scale))
        gray = ocr_render.despeckle(gray, self.scale)
        self.stats.pages += 1
        timed(self.stats, "render", t0)
        return gray


class _Page:
    """One page's OCR state (see the module docstring for the steps)."""

    def __init__(self, reader: PageReader, gray: np.ndarray, layout: PageLayout, upright: bool = False) -> None:
        self.engine, self.stats, self.problems = reader.engine, reader.stats, reader.problems
        self.upright = upright  # known level and upright (an image on a text page): no deskew, no turn
        self.info: PageInfo = layout.info
        self.gray, self.layout = gray, layout
        self.scale = gray.shape[1] / layout.width
        self.notes: list[str] = []

    def run(self) -> PageLayout:
        if not self.upright:
            self._level()
        t0 = time.perf_counter()
        boxes = self.engine.detect(cv2.cvtColor(self.gray, cv2.COLOR_GRAY2BGR))
        t0 = timed(self.stats, "det", t0)
        if not boxes:
            return self._layout([], [], None)
        frame = None
        if not self.upright and self._turned(boxes):
            self.gray, boxes = _turn(self.gray, boxes)
            frame = Frame(turn=180, width=self.layout.width, height=self.layout.height)
            self.notes.append("turned 180°")
        t0 = timed(self.stats, "cls", t0)
        rules = ocr_grid.find_rules(ocr_grid.binarise(self.gray, self.scale), self.scale)
        found = ocr_grid.find_tables(rules, self.scale)
        rules = ocr_grid.within(rules, found, self.scale)
        tables = [t.to_points(self.scale) for t in found]
        boxes = ocr_boxes.cut_at_rules(boxes, rules, self.scale)
        clean = ocr_boxes.erase_rules(self.gray, rules)
        boxes = ocr_boxes.grow_boxes(clean, boxes, rules)
        boxes += ocr_boxes.missed_cells(clean, found, boxes, self.scale)
        t0 = timed(self.stats, "grid", t0)
        chars, unread = self._recognise(clean, boxes)
        timed(self.stats, "rec", t0)
        return self._layout(tables, chars, frame, unread)

    def _level(self) -> None:
        """Rotate a skewed page level; a skew beyond MAX_DESKEW is reported."""
        t0 = time.perf_counter()
        angle = ocr_render.estimate_skew(self.gray)
        if abs(angle) >= ocr_render.MIN_DESKEW:
            self.gray = ocr_render.rotate(self.gray, angle)
            self.notes.append(f"deskewed {angle:+.2f}°")
        if abs(angle) > ocr_render.MAX_DESKEW:
            self.problems.append(
                f"page {self.info.number} is skewed by {angle:+.1f}°, beyond the {ocr_render.MAX_DESKEW:.0f}° "
                "deskew handles (a photo at an angle?): its OCR text may be incomplete")
        timed(self.stats, "deskew", t0)

    def _turned(self, boxes: list[PxBox]) -> bool:
        sample = ocr_render.sample_lines(boxes)
        crops = [_crop(self.gray, boxes[i], 0) for i in sample]
        return ocr_render.is_turned(self.engine.turned(crops))

    def _recognise(self, clean: np.ndarray, boxes: list[PxBox]) -> tuple[list[Char], list[Char]]:
        """One pseudo-char per text box with ink read with at least MIN_CONFIDENCE; and the
        boxes with ink that read as nothing (or less surely), as pseudo-chars with no text."""
        inked = [(b, ink) for b in boxes if (ink := ink_box(clean, b)) is not None]
        pad = int(round(CROP_PAD_PT * self.scale))
        results = self.engine.read([_crop(clean, b, pad) for b, _ in inked])
        self.stats.crops += len(inked)
        read: list[Char] = []
        unread: list[Char] = []
        for (_, ink), (text, score) in zip(inked, results, strict=True):
            text = text.strip()
            if text and score >= MIN_CONFIDENCE:
                read.append(box_char(text, score, ink, self.scale))
            else:
                unread.append(box_char("", score, ink, self.scale))
        return read, unread

    def _layout(self, boxes: list[TableBox], chars: list[Char], frame: Frame | None,
                unread: list[Char] | None = None) -> PageLayout:
        tables, rest = fill_tables(boxes, chars, self.info.number)
        tables = [_ocr_table(t, chars, unread or []) for t in tables]
        items: list[Line | PageTable] = [*text_lines(rest), *tables]
        items.sort(key=item_key)
        if frame is not None:
            cells_to_page(frame, tables)
        note = "OCR" + (f" ({', '.join(self.notes)})" if self.notes else "")
        return PageLayout(with_note(self.info, note), self.layout.width, self.layout.height, items, frame)


def item_key(item: Line | PageTable) -> tuple[float, float]:
    """Reading order on a page, as pdf.pages sorts items: by top, then left."""
    return (item.band_top, item.x0) if isinstance(item, Line) else (item.bbox[1], item.bbox[0])


def _crop(gray: np.ndarray, box: PxBox, pad: int) -> np.ndarray:
    """The 3-channel crop of `box` with `pad` px of white around it."""
    x0, y0, x1, y1 = box
    crop = gray[y0:y1, x0:x1]
    if pad:
        crop = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def _turn(gray: np.ndarray, boxes: list[PxBox]) -> tuple[np.ndarray, list[PxBox]]:
    """Image and text boxes of an upside-down page turned by 180°."""
    h, w = gray.shape
    return np.rot90(gray, 2).copy(), [(w - x1, h - y1, w - x0, h - y0) for x0, y0, x1, y1 in boxes]


def _ocr_table(table: PageTable, chars: list[Char], unread: list[Char]) -> PageTable:
    """`table` with origin "ocr", per-cell confidence and repaired amounts.  A cell's confidence
    is the lowest of its boxes'; an empty cell holding ink that could not be read gets that
    reading's (low) confidence, so the review lists it."""
    for cell in table.grid.cells:
        prov = cell.prov or Provenance(origin="ocr", page=table.page)
        bbox = prov.bbox
        pool = chars if cell.text else unread
        inside = [c["confidence"] for c in pool if bbox is not None and _centre_in(c, bbox)]
        cell.prov = prov.model_copy(update={"origin": "ocr", "confidence": min(inside, default=None)})
        cell.text = stray_marks(cjk_punctuation(cell.text))
    repair_grid(table.grid)
    return table


def _centre_in(c: Char, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]
