"""Excel workbooks (.xlsx with openpyxl, .xls/.et with xlrd) → Document.

Contract of `extract`:
- Each visible sheet with content gives a paragraph block holding the sheet's name (style
  "sheet"), then its blocks; a name that is no title (Sheet1, 表1, 附表3-1, 封面, 目录) gives
  none, so it never becomes a table's title.
- Pictures drawn on a sheet (a table pasted as an image) are read by OCR through the Word
  pictures' path (docx_pictures): those that hold a table give their blocks (the table and its
  title/unit lines, origin "ocr") among the sheet's blocks, after those whose first row is at or
  above the picture's first row; a logo or seal adds nothing, charts are not read.  Without
  OCR installed the document is partial with a reason naming the sheets; a sheet with no text
  from whose pictures no table was read is a problem naming it; a workbook from which nothing
  at all was read fails with the reasons.
- A sheet is split at fully blank rows (a row inside a vertical merge never splits); a part
  in which fewer than two rows hold two or more distinct texts is not a table (unless it is an
  empty one: a header row of three or more texts over a 此表为空 note): each of its rows
  becomes a paragraph (a title or 单位：万元 line set apart by a blank row, a 注： note below).
  A title row touching the table (no blank row between) stays in the grid's first row, where
  caption rows are read, as in the web-page path.
- Merged ranges → row/col spans; a covered position's stale value is ignored (Excel hides
  it).  Columns in which no non-blank cell starts are dropped from the grid.
- Values as printed (number_format, rendered by xlsx_numbers): "#,##0.00" gives "1,954.41", "0.00%" gives "36.37%", a
  zero section without digits gives its literal ("-").  "General" prints integers as
  integers and other numbers at Excel's 15 significant digits (1954.4100000000001 → "1954.41").
  Dates are ISO text; booleans TRUE/FALSE; errors as Excel prints them ("#DIV/0!").
- An .xls that xlrd cannot read (not an encrypted one), or one holding pictures (xlrd does not
  read them), is converted by LibreOffice (extractors.office.legacy) and read as .xlsx; when
  the conversion of one holding pictures fails, xlrd's reading is kept with that problem.
- Provenance: origin="xlsx", page = the sheet's 1-based position in the workbook, line_start
  and line_end = Excel row numbers.  A picture's blocks and cells: origin="ocr" (bbox in points
  on the picture), page = its sheet's position, line_start/line_end = the rows its anchor
  spans (None for an absolute anchor).
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.office.docx_pictures import EMU_PER_PT, Picture, read_pictures
from extractors.office.xlsx_numbers import render_value
from extractors.sniff import OLE_MAGIC, check_zip
from pipeline.model import Block, Cell, Document, Grid, Provenance, StageError


@dataclass
class Sheet:
    """A sheet's printed texts by (row, col), 0-based, and its merged ranges (inclusive)."""

    name: str
    number: int  # 1-based position in the workbook
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    pictures: int = 0  # images and charts drawn on the sheet
    drawn: list[Drawn] = field(default_factory=list)  # its images (charts carry none)


@dataclass
class Drawn:
    """An image drawn on a sheet: its bytes, the 1-based rows its anchor spans, its drawn width."""

    row: int | None  # None: an absolute anchor, on no row
    last_row: int | None
    col: int
    blob: bytes
    width_pt: float | None


SHEETS = ("sheet", "sheets")  # how docx_pictures names a picture's place


_NOT_A_TITLE = re.compile(
    r"^(?:sheet|工作表|chart|图表|表|附表|附件|封面|目录|封皮|首页|说明|cover|contents)?"
    r"\s*[\d一二三四五六七八九十]*(?:\s*[-—_－.．、]\s*[\d一二三四五六七八九十]+)*$", re.IGNORECASE)


def is_title_name(name: str) -> bool:
    """A sheet name that says what the sheet holds, not its place (Sheet1, 表1, 封面)."""
    return not _NOT_A_TITLE.match(name.strip())


def extract(path: Path) -> Document:
    """The Document of an .xlsx/.xls/.et workbook; ExtractionError when it cannot be read."""
    data = path.read_bytes()
    problems: list[str] = []
    if data.startswith(b"PK\x03\x04"):
        sheets, fmt = read_xlsx(path), "xlsx"
    elif data.startswith(OLE_MAGIC):
        sheets, fmt = read_xls(path, problems), "xls"
    elif data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<?xml"):
        sheets, fmt = _converted(path, "xlrd cannot read it (an Excel 2003 XML workbook)"), "xls"
    else:
        raise ExtractionError(f"{path.name} is not an Excel workbook (neither .xlsx zip nor .xls OLE file)")
    blocks: list[Block] = []
    for sheet in sheets:
        blocks += sheet_blocks(sheet, len(blocks))
    blocks, found = with_pictures(sheets, blocks)
    problems += found
    read = {b.prov.page for b in blocks}
    pictured = [s for s in sheets if s.pictures and not s.texts and s.number not in read]
    if pictured and not blocks:
        raise ExtractionError(f"{path.name} holds only pictures ({_named(pictured)}) and no table was read "
                              f"from them: {'; '.join(problems) or 'none is a picture of a table that OCR could read'}")
    problems += [f"sheet {_named([s])} holds only pictures, and no table was read from them" for s in pictured]
    errors = [StageError(stage="extract", reason=p) for p in problems]
    doc = new_document(path, fmt, data=data)  # type: ignore[arg-type]
    return doc.model_copy(update={"blocks": blocks, "errors": errors})


def with_pictures(sheets: list[Sheet], blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """`blocks` (the sheets' own, in sheet order) with the blocks read by OCR from the sheets'
    pictures in their places (see the module docstring), and the problems met."""
    pictures: list[Picture] = []
    for sheet in (s for s in sheets if s.drawn):
        own = [i for i, b in enumerate(blocks) if b.prov.page == sheet.number]
        start = own[0] if own else sum(1 for b in blocks if (b.prov.page or 0) < sheet.number)
        for d in sorted(sheet.drawn, key=lambda d: (d.row is None, d.row or 0, d.col)):
            above = sum(1 for i in own if d.row is not None
                        and (blocks[i].prov.line_start is None or blocks[i].prov.line_start <= d.row))
            pictures.append(Picture(d.row, start + above if d.row is not None else start + len(own),
                                    d.blob, d.width_pt, page=sheet.number, last=d.last_row,
                                    place=f"“{sheet.name}” (sheet {sheet.number})"))
    if not pictures:
        return blocks, []
    found, problems = read_pictures(pictures, unit=SHEETS)
    names = {s.number: s for s in sheets}
    out: list[Block] = []
    for i in range(len(blocks) + 1):
        for b in found.get(i, []):
            sheet = names[b.prov.page]  # type: ignore[index]
            if all(o.prov.page != sheet.number for o in out) and is_title_name(sheet.name):
                out.append(_name_block(sheet, 0))
            out.append(b)
        if i < len(blocks):
            out.append(blocks[i])
    return [b.model_copy(update={"index": i}) for i, b in enumerate(out)], problems


def _named(sheets: list[Sheet]) -> str:
    return ", ".join(f"“{s.name}” (sheet {s.number}, {s.pictures} picture(s))" for s in sheets)


def read_xlsx(path: Path) -> list[Sheet]:
    """Visible sheets of an .xlsx (cached values of formulas, as Excel last showed them)."""
    import openpyxl

    check_zip(path).close()
    try:  # a file object: openpyxl would refuse a workbook by its name (附表.docx)
        with path.open("rb") as f:
            wb = openpyxl.load_workbook(f, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise ExtractionError(f"{path.name} is not a readable Excel workbook: {type(e).__name__}: {e}") from e
    sheets = []
    for number, ws in enumerate(wb.worksheets, start=1):
        if ws.sheet_state != "visible":
            continue
        sheet = Sheet(name=ws.title, number=number)
        cells = ws._cells.values() if hasattr(ws, "_cells") else (c for row in ws.iter_rows() for c in row)
        for c in cells:  # only the cells the file stores: a styled 1,048,576-row column costs nothing
            text = render_value(c.value, c.number_format)
            if text:
                sheet.texts[(c.row - 1, c.column - 1)] = text
        sheet.merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        sheet.pictures = len(getattr(ws, "_images", [])) + len(getattr(ws, "_charts", []))
        sheet.drawn = [d for img in getattr(ws, "_images", []) if (d := _drawn(img)) is not None]
        sheets.append(sheet)
    wb.close()
    return sheets


def _drawn(img: object) -> Drawn | None:
    """An openpyxl image's bytes and anchor; None when its bytes cannot be had."""
    try:
        blob = img._data()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - Pillow/openpyxl raise many kinds on a damaged image
        return None
    anchor = getattr(img, "anchor", None)
    start, end = getattr(anchor, "_from", None), getattr(anchor, "to", None)
    row = start.row + 1 if start is not None else None
    last = end.row + 1 if end is not None else row
    ext = getattr(anchor, "ext", None)  # one-cell and absolute anchors; a two-cell one has the frame's
    if ext is None:
        xfrm = getattr(getattr(getattr(anchor, "pic", None), "spPr", None), "xfrm", None)
        ext = getattr(xfrm, "ext", None)
    cx = getattr(ext, "cx", None) or getattr(ext, "width", None)
    width = int(cx) / EMU_PER_PT if isinstance(cx, int | float) and cx > 0 else None
    return Drawn(row, last, start.col if start is not None else 0, bytes(blob), width)


def read_xls(path: Path, problems: list[str] | None = None) -> list[Sheet]:
    """Visible sheets of a BIFF .xls/.et; LibreOffice converts what xlrd cannot read, and a
    workbook holding pictures, which xlrd does not read (when it cannot, `problems` says so)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as e:
        if "encrypt" in str(e).lower():
            raise ExtractionError(f"{path.name} is a password-protected workbook; it cannot be read "
                                  "without the password") from e
        return _converted(path, f"xlrd cannot read it ({e})")
    except Exception as e:  # noqa: BLE001 - damaged BIFF: let LibreOffice try
        return _converted(path, f"xlrd cannot read it ({type(e).__name__}: {e})")
    try:
        if has_pictures(getattr(book, "mem", b"") or b""):
            try:
                return _converted(path, "it holds pictures, which xlrd does not read")
            except ExtractionError as e:
                if problems is not None:
                    problems.append(f"the workbook holds pictures, not read (they may be tables): {e}")
        return [_xls_sheet(book, i) for i in range(book.nsheets) if book.sheet_by_index(i).visibility == 0]
    finally:
        book.release_resources()


MSODRAWINGGROUP, CONTINUE, EOF = 0x00EB, 0x003C, 0x000A
BSTORE = 0xF001  # OfficeArtBStoreContainer: the workbook's pictures (BLIPs)


def has_pictures(stream: bytes) -> bool:
    """Whether a BIFF8 workbook stream's globals hold a picture store (MsoDrawingGroup with a
    BStore); comments and charts make drawings without one."""
    pos, group = 0, b""
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == MSODRAWINGGROUP or (kind == CONTINUE and group):
            group += stream[pos + 4:pos + 4 + size]
        elif group or kind == EOF:
            break
        pos += 4 + size
    off = 8  # the OfficeArtDggContainer's header; its children follow
    while off + 8 <= len(group):
        _, kind, size = struct.unpack_from("<HHI", group, off)
        if kind == BSTORE:
            return size > 0
        off += 8 + size
    return False


def _converted(path: Path, why: str) -> list[Sheet]:
    from extractors.office import legacy

    with legacy.converted(path, "xlsx", why=why) as out:
        return read_xlsx(out)


def _xls_sheet(book: object, index: int) -> Sheet:
    import xlrd

    sh = book.sheet_by_index(index)  # type: ignore[attr-defined]
    sheet = Sheet(name=sh.name, number=index + 1)
    for r in range(sh.nrows):
        for c in range(sh.row_len(r)):
            cell = sh.cell(r, c)
            fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key) if cell.xf_index is not None else None  # type: ignore[attr-defined]
            value: object = cell.value
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate_as_datetime(cell.value, book.datemode)  # type: ignore[attr-defined]
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(cell.value, "#ERR")
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            text = render_value(value, fmt.format_str if fmt else None)
            if text:
                sheet.texts[(r, c)] = text
    sheet.merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
    return sheet


# --------------------------------------------------------------------------- blocks
def _split_rows(sheet: Sheet) -> list[tuple[int, int]]:
    """Runs of rows [r0, r1] between fully blank rows; rows inside a vertical merge never split."""
    if not sheet.texts:
        return []
    rows_with_text = {r for r, _ in sheet.texts}
    joined = {r for r0, _, r1, _ in sheet.merges if r1 > r0 for r in range(r0, r1 + 1)}
    last = max(rows_with_text)
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for r in range(min(rows_with_text), last + 2):
        filled = r in rows_with_text or (r in joined and r <= last)
        if filled and start is None:
            start = r
        elif not filled and start is not None:
            runs.append((start, r - 1))
            start = None
    return runs


_CAPTION = re.compile(r"表\s*$|表\s*[(（]|^\s*续表|单位\s*[:：]")
MAX_CAPTION_CHARS = 60


def _split_at_captions(sheet: Sheet, r0: int, r1: int) -> list[tuple[int, int]]:
    """Tables on one sheet with no blank row between them: a new part starts at a caption row
    (one text: a title or 单位：万元) below a row that is not one (a table's last row, a note)."""
    rows: dict[int, list[str]] = {}
    for (r, _c), text in sorted(sheet.texts.items()):
        if r0 <= r <= r1:
            rows.setdefault(r, []).append(text)

    def caption(r: int) -> bool:
        texts = set(rows.get(r, []))
        return len(texts) == 1 and len(t := next(iter(texts))) <= MAX_CAPTION_CHARS and bool(_CAPTION.search(t))

    parts, start = [], r0
    for r in range(r0 + 1, r1 + 1):
        if caption(r) and not caption(r - 1) and not _in_vertical_merge(sheet, r):
            parts.append((start, r - 1))
            start = r
    return [*parts, (start, r1)]


def _in_vertical_merge(sheet: Sheet, r: int) -> bool:
    return any(mr0 < r <= mr1 for mr0, _, mr1, _ in sheet.merges)


def _anchors(sheet: Sheet, r0: int, r1: int) -> list[tuple[int, int, int, int, str]]:
    """(row, col, row_span, col_span, text) of each position's anchor within rows r0..r1."""
    covered: set[tuple[int, int]] = set()
    out = []
    for mr0, mc0, mr1, mc1 in sheet.merges:
        if r0 <= mr0 <= r1:
            mr1 = min(mr1, r1)
            out.append((mr0, mc0, mr1 - mr0 + 1, mc1 - mc0 + 1, sheet.texts.get((mr0, mc0), "")))
            covered.update((r, c) for r in range(mr0, mr1 + 1) for c in range(mc0, mc1 + 1))
    cols = {c for (r, c) in sheet.texts if r0 <= r <= r1} | {a[1] for a in out}
    if not cols:
        return out
    for r in range(r0, r1 + 1):
        for c in range(min(cols), max(cols) + 1):
            if (r, c) not in covered:
                out.append((r, c, 1, 1, sheet.texts.get((r, c), "")))
    return out


# an empty table's note in place of its rows: 此表为空, 本表无数据, 本单位2024年度无政府性基金…收支，故本表为空
_EMPTY_NOTE = re.compile(r"(?:此|本|该)表(?:为空|无数据)"
                         r"|^[(（]?(?:注\s*[:：]\s*)?(?:本单位|本部门)?(?:\d{4}年度?)?(?:无|没有)")
MAX_NOTE_CHARS = 80
EMPTY_HEADER_TEXTS = 3  # an empty table's header row names at least this many columns


def _is_table(anchors: list[tuple[int, int, int, int, str]]) -> bool:
    """At least two rows hold two or more distinct texts; or the table is empty: a header row of
    EMPTY_HEADER_TEXTS or more texts with nothing below it but an empty-table note (此表为空)."""
    per_row: dict[int, set[str]] = {}
    for r, _, _, _, text in anchors:
        if text:
            per_row.setdefault(r, set()).add(text)
    wide = [r for r, texts in per_row.items() if len(texts) >= 2]
    if len(wide) >= 2:
        return True
    notes = [r for r, texts in per_row.items()
             if len(texts) == 1 and len(t := next(iter(texts)).strip()) <= MAX_NOTE_CHARS and _EMPTY_NOTE.search(t)]
    return any(len(per_row[r]) >= EMPTY_HEADER_TEXTS and any(q > r for q in notes) for r in wide)


def _grid(anchors: list[tuple[int, int, int, int, str]], r0: int, sheet: Sheet) -> Grid:
    keep = sorted({c for _, c, _, _, text in anchors if text})
    new_col = {c: i for i, c in enumerate(keep)}
    cells = []
    for r, c, rs, cs, text in sorted(anchors):
        kept = [k for k in range(c, c + cs) if k in new_col]
        if not kept:
            continue
        prov = Provenance(origin="xlsx", page=sheet.number, line_start=r + 1, line_end=r + rs)
        cells.append(Cell(row=r - r0, col=new_col[kept[0]], row_span=rs, col_span=len(kept), text=text, prov=prov))
    n_rows = max(c.row + c.row_span for c in cells)
    return Grid(n_rows=n_rows, n_cols=len(keep), cells=cells)


def sheet_blocks(sheet: Sheet, start: int) -> list[Block]:
    """The sheet-name paragraph, then each part's table block or paragraphs."""
    blocks: list[Block] = []

    def add(kind: str, text: str, first: int | None, last: int | None, grid: Grid | None = None,
            style: str | None = None) -> None:
        prov = Provenance(origin="xlsx", page=sheet.number, line_start=first, line_end=last)
        blocks.append(Block(index=start + len(blocks), kind=kind, text=text, grid=grid,  # type: ignore[arg-type]
                            prov=prov, style=style))

    for r0, r1 in (part for run in _split_rows(sheet) for part in _split_at_captions(sheet, *run)):
        anchors = _anchors(sheet, r0, r1)
        if not any(a[4] for a in anchors):
            continue
        if not blocks and is_title_name(sheet.name):
            blocks.append(_name_block(sheet, start))
        if _is_table(anchors):
            add("table", "", r0 + 1, r1 + 1, _grid(anchors, r0, sheet))
            continue
        for r in range(r0, r1 + 1):
            texts = list(dict.fromkeys(t for (ar, c, _, _, t) in sorted(anchors) if ar == r and t))
            if texts:
                add("paragraph", " ".join(texts), r + 1, r + 1)
    return blocks


def _name_block(sheet: Sheet, index: int) -> Block:
    """The paragraph holding the sheet's name (style "sheet")."""
    return Block(index=index, kind="paragraph", text=sheet.name, style="sheet",
                 prov=Provenance(origin="xlsx", page=sheet.number))
