"""Word `.docx` → Document: body paragraphs and tables in reading order (python-docx).

Contract of `read_blocks` (also used for LibreOffice conversions of .doc/.wps):
- The body's children are walked in order (content controls `w:sdt` and `w:customXml`
  unwrapped), so paragraphs and tables interleave as printed.  Headers, footers, footnotes
  and comments live in other parts and are dropped.
- A paragraph becomes one block per line (a `w:br` line break splits it, as a printed line
  would be read); empty paragraphs make none.  Its Word list number (numPr on the paragraph
  or its style) is rebuilt and prefixed ("一、本部门职责"), see docx_numbering.
- kind="heading" for heading styles ("Heading 1", "标题 1", "Title") and paragraphs with an
  outline level 0-8; `Block.style` is the paragraph's style name.
- Hidden runs (`w:vanish`), deleted revisions and field codes are not printed text: dropped.
- Text boxes (`w:txbxContent`) become paragraphs before the paragraph that anchors them;
  the VML fallback copy of a DrawingML text box (`mc:Fallback`) is skipped.
- Tables: `w:gridSpan` → col_span, `w:vMerge` restart/continue → row_span, `w:gridBefore`
  skips leading grid columns.  A table nested in a cell becomes its own table block after
  the outer table (the cell keeps its own paragraphs' text).  A 1×1 table is a frame, not
  data: its content is read as paragraphs.
- Pictures of at least 400×150 px in body paragraphs are read by OCR (docx_pictures): the
  blocks of those that hold a table go where the picture stands; without OCR installed the
  document is partial with a reason naming the pictures' body elements.
- Provenance: origin="docx", page None, line_start = the 1-based ordinal of the body element
  (paragraph or table) the block comes from; cells carry their table's ordinal.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.office.docx_pictures import Picture, picture_refs, read_pictures
from extractors.office.numbering import Numbering, Style, inherited, read_styles, w, wval
from extractors.sniff import OLE_MAGIC, check_zip, ole_format
from pipeline.model import Block, Cell, Document, Grid, Provenance, StageError

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WRAPPERS = {w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")}
_SKIP = {w("txbxContent"), f"{{{MC}}}Fallback", w("del"), w("moveFrom"), w("pPr"), w("rPr"),
         w("footnoteReference"), w("endnoteReference"), w("commentReference")}
_HEADING_NAME = re.compile(r"^(heading|标题)\s*\d|^(title|标题)$", re.IGNORECASE)
_NO_SPACE_AFTER = "、.．:：)）]】"


def extract(path: Path) -> Document:
    """The Document of a .docx file; ExtractionError when it cannot be read as one."""
    data = path.read_bytes()
    problems: list[str] = []
    blocks = read_blocks(path, problems)
    errors = [StageError(stage="extract", reason=p) for p in problems]
    return new_document(path, "docx", data=data).model_copy(update={"blocks": blocks, "errors": errors})


def read_blocks(path: Path, problems: list[str] | None = None) -> list[Block]:
    """Blocks of the .docx at `path` in reading order (see the module docstring); what could
    not be read (pictures needing OCR when it is not installed) is added to `problems`."""
    import docx

    with path.open("rb") as f:
        if f.read(8) == OLE_MAGIC:
            ole_format(path, "docx")  # raises for an encrypted package
            raise ExtractionError(f"{path.name} is a binary Word/OLE file, not a .docx")
    check_zip(path).close()
    try:
        document = docx.Document(str(path))
        numbering_root = document.part.numbering_part.element
    except Exception as e:  # noqa: BLE001 - python-docx raises many kinds on foreign zips
        raise ExtractionError(f"{path.name} is not a readable Word document: {type(e).__name__}: {e}") from e
    styles, default = read_styles(document.styles.element)
    walker = _Walker(Numbering.from_xml(numbering_root), styles, default)
    walker.body(document.element.body)
    return _with_pictures(walker, document.part.related_parts, problems)


def _with_pictures(walker: _Walker, parts: dict[str, object], problems: list[str] | None) -> list[Block]:
    """The walker's blocks with the tables read by OCR from its pictures put in their places."""
    pictures = [Picture(ordinal, position, blob, width)
                for ordinal, position, rid, width in walker.pictures
                if isinstance(blob := getattr(parts.get(rid), "blob", None), bytes)]
    if not pictures:
        return walker.blocks
    found, reasons = read_pictures(pictures)
    if problems is not None:
        problems += reasons
    blocks: list[Block] = []
    for i in range(len(walker.blocks) + 1):
        blocks += found.get(i, [])
        if i < len(walker.blocks):
            blocks.append(walker.blocks[i])
    return [b.model_copy(update={"index": i}) for i, b in enumerate(blocks)]


def _children(el: object) -> Iterator[object]:
    """Child elements of `el` with content-control and custom-XML wrappers unwrapped."""
    for ch in el:  # type: ignore[attr-defined]
        if not isinstance(ch.tag, str):
            continue
        if ch.tag in _WRAPPERS:
            yield from _children(ch)
        else:
            yield ch


def _text_parts(el: object, out: list[str]) -> None:
    """Printed text of a paragraph: w:t, tabs as spaces, w:br as "\\n"; text boxes skipped."""
    for ch in el:  # type: ignore[attr-defined]
        tag = ch.tag
        if not isinstance(tag, str) or tag in _SKIP or (tag == w("r") and _hidden(ch)):
            continue
        if tag == w("t"):
            out.append(ch.text or "")
        elif tag in (w("tab"), w("ptab")):
            out.append(" ")
        elif tag in (w("br"), w("cr")):
            out.append("\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        else:
            _text_parts(ch, out)


def _hidden(run: object) -> bool:
    """A run formatted as hidden text (w:vanish), which Word neither shows nor prints."""
    pr = run.find(w("rPr"))  # type: ignore[attr-defined]
    vanish = pr.find(w("vanish")) if pr is not None else None
    return vanish is not None and vanish.get(w("val")) not in ("0", "false", "off")


def _text_boxes(p: object) -> list[object]:
    """The outermost w:txbxContent elements in paragraph `p`, fallback copies excluded."""
    found: list[object] = []

    def walk(el: object) -> None:
        for ch in el:  # type: ignore[attr-defined]
            if not isinstance(ch.tag, str) or ch.tag == f"{{{MC}}}Fallback":
                continue
            if ch.tag == w("txbxContent"):
                found.append(ch)
            else:
                walk(ch)

    walk(p)
    return found


class _Walker:
    """Walks one document body, accumulating blocks and counting list numbers in order."""

    def __init__(self, numbering: Numbering, styles: dict[str, Style], default_style: str | None) -> None:
        self.numbering = numbering
        self.styles = styles
        self.default_style = default_style
        self.blocks: list[Block] = []
        self.ordinal = 0
        self.pictures: list[tuple[int, int, str, float | None]] = []  # ordinal, position, rel id, width
        self.in_table = 0

    def body(self, el: object, ordinal: int | None = None) -> None:
        """Paragraphs and tables of `el`; each counts as a body element unless `ordinal` is fixed."""
        for ch in _children(el):
            if ch.tag not in (w("p"), w("tbl")):  # type: ignore[attr-defined]
                continue
            if ordinal is None:
                self.ordinal += 1
            at = self.ordinal if ordinal is None else ordinal
            if ch.tag == w("p"):  # type: ignore[attr-defined]
                self.paragraph(ch, at)
            else:
                self.table(ch, at)

    # ------------------------------------------------------------------ paragraphs
    def paragraph(self, p: object, ordinal: int) -> None:
        for box in _text_boxes(p):
            self.body(box, ordinal)
        text = self.paragraph_text(p)
        if not self.in_table:  # pictures in table cells are icons and seals, not tables
            self.pictures += [(ordinal, -1, rid, width) for rid, width in picture_refs(p)]
        if not text.strip():
            self._place_pictures()
            return
        sid = wval(p, "w:pPr/w:pStyle") or self.default_style
        style = self.styles.get(sid or "")
        name = _ui_name(style.name) if style else None
        kind = "heading" if self._is_heading(p, sid, name) else "paragraph"
        for line in text.split("\n"):
            if line.strip():
                self._add(kind, line.strip(), ordinal, name)
        self._place_pictures()

    def _place_pictures(self) -> None:
        """Pictures not yet placed go after the blocks read so far."""
        self.pictures = [(o, len(self.blocks) if pos < 0 else pos, rid, wd) for o, pos, rid, wd in self.pictures]

    def paragraph_text(self, p: object) -> str:
        """The printed text of `p` with its list number, if any, rebuilt in front."""
        parts: list[str] = []
        _text_parts(p, parts)
        text = re.sub(r"[ \t\u00a0]+", " ", "".join(parts))
        if not text.strip():
            return ""
        prefix, suffix = self._number(p)
        if not prefix:
            return text
        sep = "" if suffix == "nothing" or prefix[-1] in _NO_SPACE_AFTER else " "
        return prefix + sep + text.lstrip()

    def _number(self, p: object) -> tuple[str, str]:
        num_id = wval(p, "w:pPr/w:numPr/w:numId")
        ilvl_text = wval(p, "w:pPr/w:numPr/w:ilvl")
        sid = wval(p, "w:pPr/w:pStyle") or self.default_style
        if num_id is None:
            num_id = inherited(self.styles, sid, "num_id")  # type: ignore[assignment]
            if num_id is None:
                return "", "nothing"
            ilvl = inherited(self.styles, sid, "ilvl")
            if ilvl is None:
                ilvl = self.numbering.level_of_style(num_id, sid or "")
        else:
            ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else 0
        if num_id == "0":
            return "", "nothing"
        return self.numbering.label(num_id, int(ilvl))  # type: ignore[call-overload]

    def _is_heading(self, p: object, sid: str | None, name: str | None) -> bool:
        outline = wval(p, "w:pPr/w:outlineLvl")
        if outline is None:
            level = inherited(self.styles, sid, "outline")
        else:
            level = int(outline) if outline.isdigit() else None
        return bool(name and _HEADING_NAME.match(name)) or (isinstance(level, int) and 0 <= level <= 8)

    def _add(self, kind: str, text: str, ordinal: int, style: str | None = None, grid: Grid | None = None) -> None:
        prov = Provenance(origin="docx", line_start=ordinal, line_end=ordinal)
        self.blocks.append(Block(index=len(self.blocks), kind=kind, text=text, grid=grid,  # type: ignore[arg-type]
                                 prov=prov, style=style))

    # ------------------------------------------------------------------ tables
    def table(self, tbl: object, ordinal: int) -> None:
        """The table block, then blocks of the tables nested in its cells."""
        rows = [ch for ch in _children(tbl) if ch.tag == w("tr")]  # type: ignore[attr-defined]
        tcs = [[tc for tc in _children(tr) if tc.tag == w("tc")] for tr in rows]  # type: ignore[attr-defined]
        if sum(len(r) for r in tcs) == 1 and _span(tcs[0][0], "gridSpan") == 1:
            self.body(tcs[0][0], ordinal)  # a one-cell frame: its content is text, not a table
            return
        nested: list[object] = []
        self.in_table += 1
        try:
            grid = self._grid(rows, tcs, nested, ordinal)
        finally:
            self.in_table -= 1
        if grid.cells:
            self._add("table", "", ordinal, grid=grid)
        for inner in nested:
            self.table(inner, ordinal)

    def _grid(self, rows: list[object], tcs: list[list[object]], nested: list[object], ordinal: int) -> Grid:
        owner: dict[tuple[int, int], Cell] = {}
        cells: list[Cell] = []
        width = 0
        for r, (tr, row) in enumerate(zip(rows, tcs, strict=True)):
            col = _span(tr, "trPr/w:gridBefore", default=0)
            for tc in row:
                span = _span(tc, "tcPr/w:gridSpan")
                text = self._cell_text(tc, nested)
                above = owner.get((r - 1, col))
                if _vmerge(tc) == "continue" and above is not None and above.col == col:
                    above.row_span = r - above.row + 1
                    above.text = f"{above.text}\n{text}" if text else above.text
                    cell = above
                else:
                    cell = Cell(row=r, col=col, col_span=span, text=text,
                                prov=Provenance(origin="docx", line_start=ordinal, line_end=ordinal))
                    cells.append(cell)
                for k in range(col, col + cell.col_span):
                    owner[(r, k)] = cell
                col += cell.col_span
            width = max(width, col)
        return Grid(n_rows=len(rows), n_cols=width, cells=cells)

    def _cell_text(self, tc: object, nested: list[object]) -> str:
        lines: list[str] = []
        for ch in _children(tc):
            if ch.tag == w("p"):  # type: ignore[attr-defined]
                text = self.paragraph_text(ch)
                lines += [ln.strip() for ln in text.split("\n") if ln.strip()]
            elif ch.tag == w("tbl"):  # type: ignore[attr-defined]
                nested.append(ch)
        return "\n".join(lines)


def _span(el: object, path: str = "tcPr/w:gridSpan", default: int = 1) -> int:
    v = wval(el, f"w:{path}")
    return int(v) if v and v.isdigit() and 0 < int(v) < 1000 else default


def _vmerge(tc: object) -> str | None:
    """"restart", "continue" or None: a w:vMerge without w:val continues the cell above."""
    pr = tc.find(w("tcPr"))  # type: ignore[attr-defined]
    vm = pr.find(w("vMerge")) if pr is not None else None
    if vm is None:
        return None
    return "restart" if vm.get(w("val")) == "restart" else "continue"


def _ui_name(name: str) -> str:
    """Built-in style names as Word shows them ("heading 1" → "Heading 1")."""
    from docx.styles import BabelFish

    return BabelFish.internal2ui(name)
