"""Pictures in a Word document or an Excel sheet that hold tables, read through the OCR path of
scanned PDFs.

Some publishers paste each 决算 table into Word, or into a workbook sheet, as a picture.  A
picture at least MIN_WIDTH × MIN_HEIGHT pixels is wrapped as a one-page PDF (its page the size
Word or Excel draws it, so the OCR path's point-based thresholds hold) and read by
`extractors.pdf.document`, which finds no text layer and runs OCR (extractors.ocr).  What OCR
reads is kept only when it holds a table: a logo, seal or photo adds nothing.  Without the `ocr`
extra the document is partial with the reason naming the pictures' places.  Blocks keep OCR
provenance (origin "ocr", bbox in points on the picture), with page, line_start and line_end
those of the picture's `Picture` (Word: page None and the body element holding it; Excel: the
sheet's number and the rows it is anchored on).
"""
from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extractors.base import ExtractionError
from pipeline.model import Block

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TEXT_BOX = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent"
EMU_PER_PT = 12700
MIN_WIDTH, MIN_HEIGHT = 400, 150  # px: smaller pictures are logos, seals, signatures
DEFAULT_DPI = 150.0


@dataclass
class Picture:
    ordinal: int | None  # the body element holding it (Word), its anchor's first row (Excel)
    position: int  # blocks before it in reading order
    blob: bytes
    width_pt: float | None  # as Word/Excel draws it, when given
    page: int | None = None  # the provenance page of its blocks (Excel: the sheet's number)
    last: int | None = None  # the provenance line_end (Excel: the anchor's last row); None: ordinal
    place: str | None = None  # its place in reasons, after the unit's name; None: str(ordinal)

    @property
    def where(self) -> str:
        return self.place if self.place is not None else str(self.ordinal)


BODY_ELEMENTS = ("body element", "body elements")  # how a place is named: singular, plural


def picture_refs(p: object) -> list[tuple[str, float | None]]:
    """(relationship id, drawn width in points) of each picture in paragraph `p`."""
    found: list[tuple[str, float | None]] = []

    def walk(el: object, width: float | None) -> None:
        for ch in el:  # type: ignore[attr-defined]
            tag = ch.tag
            if not isinstance(tag, str) or tag in (MC_FALLBACK, TEXT_BOX):
                continue  # a text box's pictures are read with its own paragraphs
            if tag == f"{{{WP}}}extent" and (cx := ch.get("cx", "")).isdigit():
                width = int(cx) / EMU_PER_PT
            if tag == f"{{{A}}}blip" and ch.get(f"{{{R}}}embed"):
                found.append((ch.get(f"{{{R}}}embed"), width))
            elif tag == f"{{{V}}}imagedata" and ch.get(f"{{{R}}}id"):
                found.append((ch.get(f"{{{R}}}id"), width))
            walk(ch, width)

    walk(p, None)
    return found


def as_pdf(pic: Picture) -> bytes | None:
    """The picture as a one-page PDF, or None when it is too small or not an image."""
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(pic.blob))
        img.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    if img.width < MIN_WIDTH or img.height < MIN_HEIGHT:
        return None
    dpi = img.width / (pic.width_pt / 72) if pic.width_pt else DEFAULT_DPI
    out = io.BytesIO()
    img.convert("RGB").save(out, "PDF", resolution=max(72.0, min(dpi, 600.0)))
    return out.getvalue()


def read_pictures(pictures: list[Picture], read_pdf: Callable[[Path], object] | None = None,
                  unit: tuple[str, str] = BODY_ELEMENTS) -> tuple[dict[int, list[Block]], list[str]]:
    """Blocks read from the pictures holding a table (by position, pictures at one position in
    order) and the problems, which name each picture's place as `unit` ("body element 3")."""
    if read_pdf is None:
        read_pdf = _default_reader()
    out: dict[int, list[Block]] = {}
    problems: list[str] = []
    missing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="juesuan-docx-pic-") as tmp:
        for n, pic in enumerate(pictures, start=1):
            pdf = as_pdf(pic)
            if pdf is None:
                continue
            path = Path(tmp) / f"picture-{n}.pdf"
            path.write_bytes(pdf)
            try:
                doc = read_pdf(path)
            except ExtractionError as e:
                problems.append(f"picture {n} ({unit[0]} {pic.where}) could not be read: {e}")
                continue
            reasons = [e.reason for e in doc.errors]  # type: ignore[attr-defined]
            if any(r.startswith("OCR not installed") for r in reasons):
                missing.append(pic.where)
                continue
            problems += [f"picture {n} ({unit[0]} {pic.where}): {r}" for r in reasons]
            blocks = doc.blocks  # type: ignore[attr-defined]
            if any(b.kind == "table" for b in blocks):
                out.setdefault(pic.position, []).extend(_placed(b, pic) for b in blocks)
    if missing:
        problems.append(f"OCR not installed: pictures in {unit[1]} "
                        f"{', '.join(dict.fromkeys(missing))} may be tables and need OCR "
                        "(install the `ocr` extra: rapidocr-onnxruntime)")
    return out, problems


def _default_reader() -> Callable[[Path], object]:
    from extractors.pdf.document import extract

    return extract


def _placed(b: Block, pic: Picture) -> Block:
    """`b` with the picture's place as its provenance (and its cells')."""
    where = {"page": pic.page, "page_end": None, "line_start": pic.ordinal,
             "line_end": pic.ordinal if pic.last is None else pic.last}
    prov = b.prov.model_copy(update=where)
    grid = b.grid
    if grid is not None:
        cells = [c.model_copy(update={"prov": c.prov.model_copy(update=where)}) if c.prov else c
                 for c in grid.cells]
        grid = grid.model_copy(update={"cells": cells})
    return b.model_copy(update={"prov": prov, "grid": grid})
