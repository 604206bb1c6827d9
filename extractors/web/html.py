"""HTML pages (and Word's MHTML "web page" saves) → Document, with lxml.

Contract of `extract`:
- Encoding: a BOM; else the charset a MIME part, `<meta charset>` or `<meta http-equiv>`
  declares (GB2312/GBK read as GB18030, their superset); else detected: strict UTF-8, then
  GB18030.  A page labelled GB* whose bytes are valid non-ASCII UTF-8 is read as UTF-8 (a
  mislabel: GBK text is practically never valid UTF-8).  When nothing decodes cleanly the
  declared (or GB18030) codec is used with replacement characters and the document gets a
  partial error saying how many.
- Text blocks in reading order: each p/div/li/… and each `<br>`-separated line is a block;
  h1–h6 are kind="heading" (style "h1".."h6"); `<ol>` items get their printed number.
- Ignored: script/style/noscript/template, nav/header/footer/aside, form controls, elements
  hidden by the `hidden` attribute, aria-hidden, or display:none/visibility:hidden/mso-hide,
  and page chrome marked by class or id (nav, menu, breadcrumb, header, footer, sidebar,
  copyright …).  If that chrome rule leaves no text at all it is dropped and the page re-read.
- `<table>` → Grid by the HTML table algorithm (occupancy matrix; rowspan=0 runs to the last
  row, spans are clipped at the table's edge).  A table nested in a data table's cell is its
  own table block after the outer one.  A layout table — one cell, or one cell holding most
  of the table's text in paragraphs/headings/tables — is read as flowing text instead.
- Provenance: origin="html", page None, line_start = the source line of the element.
"""
from __future__ import annotations

import codecs
import email
import email.policy
import re
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.sniff import is_html, looks_binary
from pipeline.model import Block, Cell, Document, Grid, Provenance, StageError

_BOMS = [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn", "csgb2312", "gb18030", "936"}
_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "head", "iframe",
         "object", "embed", "select", "option", "button", "input", "textarea", "svg", "canvas", "map", "title"}
_BLOCK = {"p", "div", "section", "article", "main", "blockquote", "center", "address", "pre", "ul", "ol", "li",
          "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "caption", "figure",
          "figcaption", "hr", "body", "html", "fieldset", "legend", "details", "summary", "tbody", "thead",
          "tfoot", "form"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)
_CHROME = {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "header", "footer",
           "sidebar", "copyright", "toolbar", "share", "skip-link", "topbar"}
_SPACE = re.compile(r"[ \t\n\r\f\xa0]+")
LAYOUT_MIN_CHARS = 200  # a table with less text than this is never a layout table
LAYOUT_SHARE = 0.5  # ... and is one when a structured cell holds this share of its text
MAX_SPAN = 1000


def extract(path: Path) -> Document:
    """The Document of an HTML or MHTML file; ExtractionError when it holds no HTML."""
    data = path.read_bytes()
    if not data.strip():
        raise ExtractionError(f"{path.name} is empty")
    body, declared = _mime_html(data)
    if not is_html(body[:4096]) and looks_binary(body[:4096]):
        raise ExtractionError(f"{path.name} holds binary data, not a web page")
    text, encoding, replaced = decode(body, declared)
    blocks = read_blocks(text, path.name)
    doc = new_document(path, "html", data=data, encoding=encoding)
    errors = [StageError(stage="extract", reason=f"{replaced} bytes could not be decoded as {encoding}; "
                         "they were replaced")] if replaced else []
    return doc.model_copy(update={"blocks": blocks, "errors": errors})


def _mime_html(data: bytes) -> tuple[bytes, str | None]:
    """The text/html part of an MHTML file and its declared charset; other bytes as they are."""
    head = data[:2048].lstrip().lower()
    if not (head.startswith(b"mime-version:") or b"multipart/related" in head):
        return data, None
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    return data, None


# --------------------------------------------------------------------------- encoding
def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _GB:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, int]:
    """(text, encoding, number of bytes replaced) — see the module docstring for the order."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc, 0
    m = _CHARSET.search(data[:4096])
    codec = _codec(declared) or _codec(m.group(1).decode("ascii", "ignore") if m else None)
    order = ["utf-8", "gb18030"]
    if codec and codec != "utf-8":
        if codec == "gb18030" and _is_utf8(data) and not data.isascii():
            order = ["utf-8"]
        else:
            order = [codec, *order]
    for enc in order:
        try:
            return data.decode(enc), enc, 0
        except UnicodeDecodeError:
            continue
    enc = codec or "gb18030"
    text = data.decode(enc, errors="replace")
    return text, enc, text.count("\ufffd")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --------------------------------------------------------------------------- blocks
def read_blocks(text: str, name: str = "page") -> list[Block]:
    """Blocks of an HTML document in reading order (see the module docstring)."""
    import lxml.html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise ExtractionError(f"{name} holds no HTML content")
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as e:  # noqa: BLE001 - lxml raises ParserError/ValueError on junk
        raise ExtractionError(f"{name} cannot be parsed as HTML: {e}") from e
    blocks = _Walker(chrome=True).run(root)
    if not any(b.text or b.grid for b in blocks):
        blocks = _Walker(chrome=False).run(root)
    return blocks


def _tag(el: object) -> str:
    tag = getattr(el, "tag", None)
    return tag.lower().split("}")[-1] if isinstance(tag, str) else ""


def _skipped(el: object, chrome: bool) -> bool:
    tag = _tag(el)
    if not tag or tag in _SKIP:
        return True
    get = el.get  # type: ignore[attr-defined]
    if get("hidden") is not None or (get("aria-hidden") or "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(get("style") or ""):
        return True
    if chrome and tag not in ("html", "body"):
        tokens = {t.lower() for t in (get("class") or "").split()} | {(get("id") or "").lower()}
        return bool(tokens & _CHROME)
    return False


def _clean(text: str) -> str:
    """Whitespace collapsed as a browser shows it; a list marker's spacer after 、 dropped."""
    return re.sub(r"^([^\s]{1,6}、) ", r"\1", _SPACE.sub(" ", text).strip())


class _Walker:
    """Walks the page once; `lines` collects the current block's inline text."""

    def __init__(self, chrome: bool, nested: list[object] | None = None) -> None:
        self.chrome = chrome
        self.nested = nested  # inside a cell: tables met are set aside here, not read
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.line: int | None = None
        self.kind: list[tuple[str, str | None]] = [("paragraph", None)]

    def run(self, root: object) -> list[Block]:
        body = root.find("body")  # type: ignore[attr-defined]
        self.visit(body if body is not None else root)
        self.flush()
        return self.blocks

    def add(self, kind: str, text: str, line: int | None, grid: Grid | None = None, style: str | None = None) -> None:
        prov = Provenance(origin="html", line_start=line, line_end=line)
        self.blocks.append(Block(index=len(self.blocks), kind=kind, text=text, grid=grid,  # type: ignore[arg-type]
                                 prov=prov, style=style))

    def flush(self) -> None:
        text = _clean("".join(self.buf))
        if text:
            kind, style = self.kind[-1]
            self.add(kind, text, self.line, style=style)
        self.buf, self.line = [], None

    def inline(self, text: str | None, line: int | None) -> None:
        if text:
            if self.line is None and text.strip():
                self.line = line
            self.buf.append(text)

    def visit(self, el: object) -> None:
        tag = _tag(el)
        line = getattr(el, "sourceline", None)
        if _skipped(el, self.chrome):
            return
        if tag == "br":
            self.flush()
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag == "pre":
            self.flush()
            for ln in (el.text_content() or "").splitlines():  # type: ignore[attr-defined]
                self.inline(ln, line)
                self.flush()
        elif tag in _BLOCK:
            self.flush()
            self.kind.append(("heading", tag) if tag in _HEADINGS else self.kind[-1])
            self.inline(_ol_number(el), line)
            self.children(el, line)
            self.flush()
            self.kind.pop()
        else:
            self.children(el, line)

    def children(self, el: object, line: int | None) -> None:
        self.inline(el.text, line)  # type: ignore[attr-defined]
        for ch in el:  # type: ignore[attr-defined]
            self.visit(ch)
            self.inline(ch.tail, getattr(ch, "sourceline", line))

    # ------------------------------------------------------------------ tables
    def table(self, table: object) -> None:
        if self.nested is not None:
            self.nested.append(table)
            return
        rows = _rows(table)
        tds = [[td for td in tr if _tag(td) in ("td", "th") and not _skipped(td, False)] for tr in rows]
        caption = next((c for c in table if _tag(c) == "caption"), None)  # type: ignore[attr-defined]
        if caption is not None:
            self.visit(caption)
        if _is_layout([td for row in tds for td in row]):
            for row in tds:
                for td in row:
                    self.visit(td)
            return
        nested: list[object] = []
        grid = _grid(tds, nested, self.chrome)
        if grid.cells:
            self.add("table", "", getattr(table, "sourceline", None), grid=grid)
        for inner in nested:
            self.table(inner)


def _ol_number(el: object) -> str:
    """The number an `<ol>` prints before this `<li>` ("3. "), else ""."""
    parent = el.getparent() if _tag(el) == "li" else None  # type: ignore[attr-defined]
    if parent is None or _tag(parent) != "ol":
        return ""
    items = [c for c in parent if _tag(c) == "li"]
    start = parent.get("start") or "1"
    n = items.index(el) + (int(start) if start.lstrip("-").isdigit() else 1)
    kind = parent.get("type") or "1"
    if kind in ("a", "A"):
        letter = chr(ord("a") + (n - 1) % 26)
        return (letter.upper() if kind == "A" else letter) + ". "
    return f"{n}. "


def _rows(table: object) -> list[object]:
    """The table's own visible rows, in source order, from thead/tbody/tfoot or directly under it."""
    out: list[object] = []
    for ch in table:  # type: ignore[attr-defined]
        tag = _tag(ch)
        if tag == "tr":
            out.append(ch)
        elif tag in ("thead", "tbody", "tfoot") and not _skipped(ch, False):
            out += [tr for tr in ch if _tag(tr) == "tr"]
    return [tr for tr in out if not _skipped(tr, False)]


def _span(td: object, attr: str) -> int:
    m = re.match(r"\s*(\d+)", td.get(attr) or "")  # type: ignore[attr-defined]
    return min(int(m.group(1)), MAX_SPAN) if m else 1


def _structured(td: object) -> bool:
    """Does the cell hold a page's structure: a table, a heading, or several paragraphs?"""
    if next(td.iter("table", *_HEADINGS), None) is not None:  # type: ignore[attr-defined]
        return True
    return sum(1 for _ in td.iter("p", "div", "li", "br")) >= 2  # type: ignore[attr-defined]


def _is_layout(tds: list[object]) -> bool:
    """A frame (one cell) or a table one structured cell of which holds most of the text."""
    if len(tds) == 1:
        return True
    sizes = [len(_SPACE.sub("", td.text_content() or "")) for td in tds]  # type: ignore[attr-defined]
    total = sum(sizes)
    if total < LAYOUT_MIN_CHARS:
        return False
    return any(size >= LAYOUT_SHARE * total and _structured(td) for td, size in zip(tds, sizes, strict=True))


def _grid(tds: list[list[object]], nested: list[object], chrome: bool) -> Grid:
    """The HTML table algorithm: each cell goes to the first free slot of its row."""
    n_rows = len(tds)
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(tds):
        col = 0
        for td in row:
            while (r, col) in taken:
                col += 1
            rs = _span(td, "rowspan")
            rs = n_rows - r if rs == 0 else max(1, min(rs, n_rows - r))
            cs = max(1, _span(td, "colspan"))
            line = getattr(td, "sourceline", None)
            cells.append(Cell(row=r, col=col, row_span=rs, col_span=cs, text=_cell_text(td, nested, chrome),
                              prov=Provenance(origin="html", line_start=line, line_end=line)))
            taken.update((r + i, col + k) for i in range(rs) for k in range(cs))
            col += cs
    width = max((c.col + c.col_span for c in cells), default=0)
    return Grid(n_rows=n_rows, n_cols=width, cells=cells)


def _cell_text(td: object, nested: list[object], chrome: bool) -> str:
    """A cell's text, one line per block or `<br>`; nested tables are set aside in `nested`."""
    sub = _Walker(chrome=False, nested=nested)
    sub.children(td, getattr(td, "sourceline", None))
    sub.flush()
    return "\n".join(b.text for b in sub.blocks if b.text)
