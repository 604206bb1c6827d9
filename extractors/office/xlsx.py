"""Excel workbooks (.xlsx with openpyxl, .xls/.et with xlrd) → Document.

Contract of `extract`:
- Each visible sheet with content gives a paragraph block holding the sheet's name (style
  "sheet"), then its blocks; a name that is no title (Sheet1, 表1, 附表3-1, 封面, 目录) gives
  none, so it never becomes a table's title.  A sheet with no text but pictures (a table
  pasted as an image) is a problem of the document naming the sheet; a workbook that has
  nothing but pictures fails with that reason.
- A sheet is split at fully blank rows (a row inside a vertical merge never splits); a part
  in which fewer than two rows hold two or more distinct texts is not a table: each of its rows
  becomes a paragraph (a title or 单位：万元 line set apart by a blank row, a 注： note below).
  A title row touching the table (no blank row between) stays in the grid's first row, where
  caption rows are read, as in the web-page path.
- Merged ranges → row/col spans; a covered position's stale value is ignored (Excel hides
  it).  Columns in which no non-blank cell starts are dropped from the grid.
- Values as printed (number_format): "#,##0.00" gives "1,954.41", "0.00%" gives "36.37%", a
  zero section without digits gives its literal ("-").  "General" prints integers as
  integers and other numbers at Excel's 15 significant digits (1954.4100000000001 → "1954.41").
  Dates are ISO text; booleans TRUE/FALSE; errors as Excel prints them ("#DIV/0!").
- An .xls that xlrd cannot read (not an encrypted one) is converted by LibreOffice
  (extractors.office.legacy) and read as .xlsx.
- Provenance: origin="xlsx", page = the sheet's 1-based position in the workbook, line_start
  and line_end = Excel row numbers.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.sniff import OLE_MAGIC, check_zip
from pipeline.model import Block, Cell, Document, Grid, Provenance, StageError

_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_PLACEHOLDER = re.compile(r"[0#?]")


@dataclass
class Sheet:
    """A sheet's printed texts by (row, col), 0-based, and its merged ranges (inclusive)."""

    name: str
    number: int  # 1-based position in the workbook
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    pictures: int = 0  # images and charts drawn on the sheet


_NOT_A_TITLE = re.compile(
    r"^(?:sheet|工作表|chart|图表|表|附表|附件|封面|目录|封皮|首页|说明|cover|contents)?"
    r"\s*[\d一二三四五六七八九十]*(?:\s*[-—_－.．、]\s*[\d一二三四五六七八九十]+)*$", re.IGNORECASE)


def is_title_name(name: str) -> bool:
    """A sheet name that says what the sheet holds, not its place (Sheet1, 表1, 封面)."""
    return not _NOT_A_TITLE.match(name.strip())


def extract(path: Path) -> Document:
    """The Document of an .xlsx/.xls/.et workbook; ExtractionError when it cannot be read."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        sheets, fmt = read_xlsx(path), "xlsx"
    elif data.startswith(OLE_MAGIC):
        sheets, fmt = read_xls(path), "xls"
    elif data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<?xml"):
        sheets, fmt = _converted(path, "an Excel 2003 XML workbook"), "xls"
    else:
        raise ExtractionError(f"{path.name} is not an Excel workbook (neither .xlsx zip nor .xls OLE file)")
    blocks: list[Block] = []
    for sheet in sheets:
        blocks += sheet_blocks(sheet, len(blocks))
    pictured = [s for s in sheets if s.pictures and not s.texts]
    if pictured and not blocks:
        raise ExtractionError(f"{path.name} holds only pictures ({_named(pictured)}): no text or table "
                              "can be read from it (pictures in workbooks are not read by OCR)")
    errors = [StageError(stage="extract", reason=f"sheet {_named([s])} holds only a picture, "
                         "not read (pictures in workbooks are not read by OCR)") for s in pictured]
    doc = new_document(path, fmt, data=data)  # type: ignore[arg-type]
    return doc.model_copy(update={"blocks": blocks, "errors": errors})


def _named(sheets: list[Sheet]) -> str:
    return ", ".join(f"“{s.name}” (sheet {s.number}, {s.pictures} picture(s))" for s in sheets)


# --------------------------------------------------------------------------- number formats
def _sections(fmt: str) -> list[str]:
    """A number format split at ';' outside quotes."""
    out, cur, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return [*out, cur]


def _general(v: float | int) -> str:
    if isinstance(v, int) or (v.is_integer() and abs(v) < 1e15):
        return str(int(v))
    return format(Decimal(format(v, ".15g")), "f")


def render_number(v: float | int, fmt: str | None) -> str:
    """`v` as Excel prints it with number format `fmt` (see the module docstring)."""
    fmt = (fmt or "General").strip()
    if fmt.lower() in ("general", "@", ""):
        return _general(v)
    sections = _sections(fmt)
    section = sections[0]
    if v < 0 and len(sections) > 1:
        section = sections[1]
    elif v == 0 and len(sections) > 2:
        section = sections[2]
    core = _LITERAL.sub("", section)
    if v == 0 and not re.search(r"[0#]", core):  # accounting zero: _ * "-"??_ prints "-"
        literal = "".join(m.strip('"').lstrip("\\") for m in re.findall(r'"[^"]*"|\\.', section))
        return (literal or core.replace("?", "")).strip()
    if not _PLACEHOLDER.search(core):
        return _general(v)
    if "E" in core.upper() or "/" in core:
        return _general(v)
    return _render_digits(v, core, signed=section is sections[0])


def _render_digits(v: float | int, core: str, signed: bool) -> str:
    """Digits by the placeholders of one section: 0 pads, # and ? are optional, "," groups."""
    d = Decimal(format(v, ".15g")) if isinstance(v, float) else Decimal(v)
    if "%" in core:
        d *= 100
    number = core.split("%")[0]
    last = max(m.start() for m in _PLACEHOLDER.finditer(number))
    d /= Decimal(1000) ** (len(number[last + 1:]) - len(number[last + 1:].lstrip(",")))  # trailing , scales
    whole, _, frac = number.partition(".")
    decimals = len(_PLACEHOLDER.findall(frac))
    try:
        q = abs(d).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    except InvalidOperation:
        return _general(v)
    text = f"{q:,.{decimals}f}" if "," in whole.rstrip(",") else f"{q:.{decimals}f}"
    min_decimals = frac.count("0")
    if decimals > min_decimals:  # "0.##": optional decimals print only when not zero
        head, _, tail = text.partition(".")
        tail = tail.rstrip("0").ljust(min_decimals, "0")
        text = f"{head}.{tail}" if tail else head
    pad = whole.count("0")  # "00" prints 6 as 06 (a code column)
    head, dot, tail = text.partition(".")
    if "," not in head:
        text = ("" if pad == 0 and head == "0" else head.rjust(pad, "0")) + dot + tail
    text += "%" if "%" in core else ""
    if d < 0 and q != 0:
        if signed:
            return "-" + text
        return f"({text})" if "(" in core else ("-" + text if "-" in core else text)
    return text


def render_value(v: object, fmt: str | None) -> str:
    """Any cell value as printed text ("" for nothing)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float):
        return render_number(v, fmt)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    return str(v).replace("\r\n", "\n").replace("\r", "\n").strip()


# --------------------------------------------------------------------------- readers
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
        sheets.append(sheet)
    wb.close()
    return sheets


def read_xls(path: Path) -> list[Sheet]:
    """Visible sheets of a BIFF .xls/.et; LibreOffice converts what xlrd cannot read."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as e:
        if "encrypt" in str(e).lower():
            raise ExtractionError(f"{path.name} is a password-protected workbook; it cannot be read "
                                  "without the password") from e
        return _converted(path, str(e))
    except Exception as e:  # noqa: BLE001 - damaged BIFF: let LibreOffice try
        return _converted(path, f"{type(e).__name__}: {e}")
    try:
        return [_xls_sheet(book, i) for i in range(book.nsheets) if book.sheet_by_index(i).visibility == 0]
    finally:
        book.release_resources()


def _converted(path: Path, why: str) -> list[Sheet]:
    from extractors.office import legacy

    with legacy.converted(path, "xlsx", why=f"xlrd cannot read it ({why})") as out:
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


def _is_table(anchors: list[tuple[int, int, int, int, str]]) -> bool:
    """At least two rows hold two or more distinct texts."""
    per_row: dict[int, set[str]] = {}
    for r, _, _, _, text in anchors:
        if text:
            per_row.setdefault(r, set()).add(text)
    return sum(1 for texts in per_row.values() if len(texts) >= 2) >= 2


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
            add("paragraph", sheet.name, None, None, style="sheet")
        if _is_table(anchors):
            add("table", "", r0 + 1, r1 + 1, _grid(anchors, r0, sheet))
            continue
        for r in range(r0, r1 + 1):
            texts = list(dict.fromkeys(t for (ar, c, _, _, t) in sorted(anchors) if ar == r and t))
            if texts:
                add("paragraph", " ".join(texts), r + 1, r + 1)
    return blocks
