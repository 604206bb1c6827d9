"""The printed pieces of a variant as a file: HTML, Word, Excel, text PDF, scraped pipe text.

Every renderer draws the same paragraphs and grids; a `Break` is a page break in the PDF and
nothing elsewhere (a continuation grid then simply follows its table).  Excel puts each table
on its own sheet (title and unit rows above the grid, set apart by a blank row); a continuation
that repeats the header gets a sheet of its own, a bare one runs on in its table's sheet.
"""
from __future__ import annotations

import html as html_lib
from pathlib import Path

from tests.variants.transforms import Break, GridPiece, Para, Piece, U

FORMATS = ("html", "docx", "xlsx", "pdf", "txt")
Span = tuple[int, int, int, int]


def spans(rows: list[list[str | None]]) -> list[Span]:
    """(row, col, row_span, col_span) of every printed cell of a row spec."""
    out = []
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            if text is None or text == U:
                continue
            cs = 1
            while col + cs < len(row) and row[col + cs] is None:
                cs += 1
            rs = 1
            while r + rs < len(rows) and rows[r + rs][col] == U:
                rs += 1
            out.append((r, col, rs, cs))
    return out


def render(pieces: list[Piece], fmt: str, path: Path) -> Path:
    path = path.with_suffix("." + fmt)
    {"html": _html, "docx": _docx, "xlsx": _xlsx, "pdf": _pdf, "txt": _pipe}[fmt](pieces, path)
    return path


# ---------------------------------------------------------------- HTML
def _html(pieces: list[Piece], path: Path) -> None:
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>部门决算</title></head><body>']
    for p in pieces:
        if isinstance(p, Para):
            out.append(f"<p>{html_lib.escape(p.text)}</p>")
        elif isinstance(p, GridPiece):
            out.append(_html_table(p.rows))
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def _html_table(rows: list[list[str | None]]) -> str:
    by_row: dict[int, list[str]] = {r: [] for r in range(len(rows))}
    for r, c, rs, cs in spans(rows):
        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        by_row[r].append(f"<td{attrs}>{html_lib.escape(rows[r][c] or '')}</td>")
    body = "".join(f"<tr>{''.join(tds)}</tr>" for tds in by_row.values())
    return f'<table border="1">{body}</table>'


# ---------------------------------------------------------------- Word
def _docx(pieces: list[Piece], path: Path) -> None:
    import docx

    d = docx.Document()
    for p in pieces:
        if isinstance(p, Para):
            d.add_paragraph(p.text)
        elif isinstance(p, GridPiece):
            n_cols = len(p.rows[0])
            t = d.add_table(rows=len(p.rows), cols=n_cols)
            t.style = "Table Grid"
            for r, c, rs, cs in spans(p.rows):
                cell = t.cell(r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
                cell.text = p.rows[r][c] or ""
    d.save(path)


# ---------------------------------------------------------------- Excel
def _xlsx(pieces: list[Piece], path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws = None
    row0 = 1
    pending: list[str] = []
    for p in pieces:
        if isinstance(p, Para):
            pending.append(p.text)
        elif isinstance(p, GridPiece):
            if ws is None or p.header_rows or pending:
                ws = wb.create_sheet(f"表{len(wb.sheetnames) + 1}")
                row0 = 1
            for text in pending:
                ws.cell(row=row0, column=1, value=text)
                row0 += 1
            if pending:
                row0 += 1  # a blank row sets title and unit apart from the grid
            pending = []
            for r, c, rs, cs in spans(p.rows):
                ws.cell(row=row0 + r, column=c + 1, value=_excel_value(p.rows[r][c] or ""))
                if rs > 1 or cs > 1:
                    ws.merge_cells(start_row=row0 + r, start_column=c + 1, end_row=row0 + r + rs - 1,
                                   end_column=c + cs)
            row0 += len(p.rows)
    wb.save(path)


def _excel_value(text: str) -> object:
    """Amounts as text exactly as printed: the variant is about layout, not number formats."""
    return text


# ---------------------------------------------------------------- PDF
_PAGE = (842.0, 595.0)  # A4 landscape
_WIDTH = {"code": 62.0, "split": 30.0, "label": 165.0, "amount": 66.0, "furniture": 30.0}


def _pdf(pieces: list[Piece], path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    c = canvas.Canvas(str(path), pagesize=_PAGE)
    w_page, h_page = _PAGE
    y = h_page - 40
    page = 1

    def finish_page() -> None:
        nonlocal y, page
        c.setFont(font, 9)
        c.drawCentredString(w_page / 2, 20, f"- {page} -")
        c.showPage()
        page += 1
        y = h_page - 40

    for p in pieces:
        if isinstance(p, Break):
            finish_page()
        elif isinstance(p, Para):
            size = 9 if p.text.startswith("编制单位") else 14
            c.setFont(font, size)
            c.drawCentredString(w_page / 2, y, p.text)
            y -= size + 10
        else:
            widths = _widths(p)
            data = [["" if t is None or t == U else t for t in row] for row in p.rows]
            data = [[_wrap(t, _span_width(p.rows, r, col, widths)) for col, t in enumerate(row)]
                    for r, row in enumerate(data)]
            merged = [("SPAN", (col, r), (col + cs - 1, r + rs - 1)) for r, col, rs, cs in spans(p.rows)
                      if rs > 1 or cs > 1]
            style = [("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
                     ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("ALIGN", (0, 0), (-1, -1), "CENTER"), *merged]
            heights = [8 + 10 * max(t.count("\n") + 1 for t in row) for row in data]
            table = Table(data, colWidths=widths, rowHeights=heights)
            table.setStyle(TableStyle(style))
            tw, th = table.wrapOn(c, w_page, h_page)
            table.drawOn(c, (w_page - tw) / 2, y - th)
            y -= th + 10
    finish_page()
    c.save()


def _span_width(rows: list[list[str | None]], r: int, col: int, widths: list[float]) -> float:
    cs = 1
    while col + cs < len(rows[r]) and rows[r][col + cs] is None:
        cs += 1
    return sum(widths[col:col + cs])


def _wrap(text: str, width: float) -> str:
    """Lines that fit the cell at 8 pt (a CJK character is 8 pt wide, a digit about 4.5)."""
    lines, cur, w = [], "", 0.0
    for ch in text:
        cw = 8.0 if ord(ch) > 0x2e80 else 4.6
        if cur and w + cw > width - 4:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    return "\n".join([*lines, cur])


def _widths(p: GridPiece) -> list[float]:
    """Column widths from what the body prints: labels wide, codes and numbers narrow."""
    n = len(p.rows[0])
    out = []
    for col in range(n):
        texts = [row[col] or "" for row in p.rows[p.header_rows:] if row[col] not in (None, U)]
        longest = max((len(t) for t in texts), default=0)
        cjk = any(ord(ch) > 0x2e80 for t in texts for ch in t if not t.startswith("注"))
        if cjk:
            out.append(_WIDTH["label"])
        elif longest <= 3:
            out.append(_WIDTH["split"])
        else:
            out.append(max(_WIDTH["amount"], 5.2 * longest + 8))
    total = sum(out)
    scale = min(1.0, (_PAGE[0] - 40) / total)
    return [w * scale for w in out]


# ---------------------------------------------------------------- scraped pipe text
def _pipe(pieces: list[Piece], path: Path) -> None:
    lines: list[str] = []
    for p in pieces:
        if isinstance(p, Para):
            lines.append(p.text)
        elif isinstance(p, GridPiece):
            n_cols = len(p.rows[0])
            by_row: dict[int, list[str]] = {r: [] for r in range(len(p.rows))}
            for r, c, _rs, _cs in spans(p.rows):
                by_row[r].append(p.rows[r][c] or "")
            for cells in by_row.values():
                if not cells:
                    continue
                lines.append("|")
                pad = n_cols + 1 - len(cells)
                lines += [f"{t} |" for t in cells[:-1]]
                lines.append(f"{cells[-1]} | " + "|" * pad)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")



def to_grid(piece: GridPiece):
    """The grid a perfect extractor reads from a piece (for layout unit tests without a file)."""
    from pipeline.model import Cell, Grid

    cells = [Cell(row=r, col=c, row_span=rs, col_span=cs, text=piece.rows[r][c] or "")
             for r, c, rs, cs in spans(piece.rows)]
    return Grid(n_rows=len(piece.rows), n_cols=len(piece.rows[0]), cells=cells)
