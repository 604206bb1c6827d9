"""One PDF page to a `PageLayout` (text layer verdict, lines and tables), and page furniture.

Chars are read once per page and reused for table cells and for the text around them.  Page
furniture is removed across the whole document afterwards: page-number lines (a bare number,
"- 3 -", "第3页", "3/25") that are the first or last line of a page within its margin zone, and
lines repeated in the margin zone of many pages (running headers/footers).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.pdf.rotate import Frame, page_frame
from extractors.pdf.tables import PageTable, TableBox, fill_tables, table_boxes
from extractors.pdf.text import GARBLED_SHARE, Char, Line, build_lines, clean_chars, garbled_share
from extractors.pdf.unruled import unruled_tables
from pipeline.model import PageInfo

MARGIN_ZONE = 0.12  # share of the page height at the top and bottom where furniture lives
FURNITURE_LINES = 2  # lines per page end examined as running header/footer candidates
REPEAT_MIN_PAGES = 3  # a running header/footer repeats on at least this many pages …
REPEAT_SHARE = 0.4  # … and on at least this share of the document's pages
SCAN_IMAGE_SHARE = 0.5  # an image covering this share of the page makes it a scan …
SCAN_MAX_GLYPHS = 40  # … when it has at most this many glyphs (a stamped page number, a header)
OUTLINE_MIN_CURVES = 200  # a page without glyphs but this many curves has its text drawn as outlines
IMAGE_REGION_SHARE = 0.1  # on a text page, an image this large (share of the page) …
IMAGE_REGION_GLYPHS = 3  # … with at most this many glyphs over it is read by OCR (a table pasted as a picture)

PAGE_NUMBER = (
    re.compile(r"^[-—–－~·]*\d{1,4}[-—–－~·]*$"),
    re.compile(r"^第\d{1,4}页(?:[,，/]?共\d{1,4}页)?$"),
    re.compile(r"^\d{1,4}/\d{1,4}$"),
    re.compile(r"^(?:page)?\d{1,4}(?:of\d{1,4})?$", re.IGNORECASE),
)

Item = Line | PageTable


@dataclass(slots=True)
class PageLayout:
    """What the extractor keeps of one page: its verdict and its lines and tables by top.

    On a turned page (see pdf.rotate) width, height and every item's geometry are in the
    upright `frame`, whose `to_page` gives page coordinates back; cells already have them.
    """

    info: PageInfo
    width: float
    height: float
    items: list[Item] = field(default_factory=list)
    frame: Frame | None = None

    def page_bbox(self, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """An item's bbox in page coordinates."""
        return self.frame.to_page(bbox) if self.frame else bbox

    @property
    def lines(self) -> list[Line]:
        return [i for i in self.items if isinstance(i, Line)]


def read_page(page: Any) -> PageLayout:
    """The layout of pdfplumber `page`; a garbled, empty or scanned page keeps no items (its
    verdict says whether it needs OCR: `needs_ocr`)."""
    number, width, height = page.page_number, float(page.width), float(page.height)
    raw = page.chars
    glyphs = sum(1 for c in raw if not c["text"].isspace())
    if not glyphs:
        return PageLayout(PageInfo(number=number, text_layer="absent", note="no text layer"), width, height)
    if glyphs <= SCAN_MAX_GLYPHS and (covered := image_share(page)) >= SCAN_IMAGE_SHARE:
        note = f"scanned page: {glyphs} glyphs over an image covering {covered:.0%} of the page"
        return PageLayout(PageInfo(number=number, text_layer="absent", note=note), width, height)
    share = garbled_share(raw)
    if share > GARBLED_SHARE:
        note = f"{share:.0%} of {len(raw)} glyphs have no Unicode mapping ((cid:NN) or private-use)"
        return PageLayout(PageInfo(number=number, text_layer="garbled", note=note), width, height)
    chars = clean_chars(raw, width, height)
    boxes = table_boxes(page)
    frame = page_frame(chars, width, height)
    if frame is not None:
        chars, boxes = _turn_upright(frame, chars, boxes)
        width, height = frame.size
    tables, rest = fill_tables(boxes, chars, number)
    if all(t.grid.n_cols == 1 for t in tables):  # no ruled columns: tables read from word alignment
        found, left = unruled_tables(chars, number)
        if found:
            tables, rest = found, left
    if frame is not None:
        cells_to_page(frame, tables)
    items: list[Item] = [*build_lines(rest), *tables]
    items.sort(key=_item_top)
    return PageLayout(PageInfo(number=number), width, height, items, frame)


def image_share(page: Any) -> float:
    """Share of the page covered by its largest image."""
    area = float(page.width) * float(page.height)
    if area <= 0:
        return 0.0
    sizes = [max(0.0, float(i["x1"]) - float(i["x0"])) * max(0.0, float(i["bottom"]) - float(i["top"]))
             for i in page.images]
    return min(max(sizes, default=0.0) / area, 1.0)


def needs_ocr(page: Any, info: PageInfo) -> bool:
    """Whether a page must be read by OCR: its text layer is garbled, or it has none but shows
    a scanned image or text drawn as outlines (an empty page or a bare ruled grid needs none)."""
    if info.text_layer == "garbled":
        return True
    if info.text_layer != "absent":
        return False
    return image_share(page) >= SCAN_IMAGE_SHARE or len(page.curves) >= OUTLINE_MIN_CURVES


def image_regions(page: Any, info: PageInfo) -> list[tuple[float, float, float, float]]:
    """Bboxes of the images on a text page that hold text the text layer lacks: images of at
    least IMAGE_REGION_SHARE of the page with at most IMAGE_REGION_GLYPHS glyphs over them (a
    table pasted as a picture).  [] for a page that is not a good upright text page."""
    if info.text_layer != "good" or not page.images:
        return []
    area = float(page.width) * float(page.height)
    out = []
    for im in page.images:
        box = (float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"]))
        if (box[2] - box[0]) * (box[3] - box[1]) < IMAGE_REGION_SHARE * area:
            continue
        over = sum(1 for c in page.chars if not c["text"].isspace()
                   and box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2] and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3])
        if over <= IMAGE_REGION_GLYPHS:
            out.append(box)
    return out


def _turn_upright(frame: Frame, chars: list[Char], boxes: list[TableBox]) -> tuple[list[Char], list[TableBox]]:
    """Chars and table boxes mapped into the page's upright frame."""
    turned = [TableBox(bbox=frame.to_upright(b.bbox), cells=[frame.to_upright(c) for c in b.cells]) for b in boxes]
    return [frame.char(c) for c in chars], turned


def cells_to_page(frame: Frame, tables: list[PageTable]) -> None:
    """Give the cells of tables built in an upright frame their page-coordinate bboxes."""
    for t in tables:
        for cell in t.grid.cells:
            if cell.prov is not None and cell.prov.bbox is not None:
                x0, top, x1, bottom = frame.to_page(cell.prov.bbox)
                cell.prov.bbox = (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def _item_top(item: Item) -> tuple[float, float]:
    if isinstance(item, Line):
        return (item.band_top, item.x0)
    return (item.bbox[1], item.bbox[0])


def is_page_number(text: str) -> bool:
    """Whether a line's text is only a page number ("3", "- 3 -", "第3页", "3/25", "Page 3")."""
    compact = re.sub(r"\s+", "", text)
    return any(p.match(compact) for p in PAGE_NUMBER)


def _in_margin(line: Line, page: PageLayout) -> bool:
    zone = MARGIN_ZONE * page.height
    return line.bottom <= zone or line.top >= page.height - zone


def _end_lines(page: PageLayout, n: int) -> list[Line]:
    """Up to `n` lines at each end of the page that lie in its margin zone (no table crossed)."""
    out: list[Line] = []
    for seq in (page.items, page.items[::-1]):
        for item in seq[:n]:
            if not isinstance(item, Line) or not _in_margin(item, page):
                break
            out.append(item)
    return out


_CAPTION = re.compile(r"单位\s*[:：]|[(（]\s*(?:万元|元)\s*[)）]")


def _is_caption(text: str) -> bool:
    """A table's unit line (单位：万元, 编制单位：… 金额单位：元): printed over each table page
    alike, but it belongs to the table under it, not to the page furniture."""
    return bool(_CAPTION.search(text))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_furniture(pages: Sequence[PageLayout]) -> None:
    """Remove page numbers and running headers/footers from `pages` in place."""
    seen: dict[str, set[int]] = defaultdict(set)
    for i, page in enumerate(pages):
        for line in _end_lines(page, FURNITURE_LINES):
            seen[_furniture_key(line.text)].add(i)
    floor = max(REPEAT_MIN_PAGES, REPEAT_SHARE * len(pages))
    running = {k for k, idx in seen.items() if len(idx) >= floor}
    for page in pages:
        drop = {id(ln) for ln in _end_lines(page, FURNITURE_LINES) if is_page_number(ln.text)}
        drop |= {id(ln) for ln in _end_lines(page, FURNITURE_LINES)
                 if _furniture_key(ln.text) in running and not _is_caption(ln.text)}
        if drop:
            page.items = [i for i in page.items if id(i) not in drop]
