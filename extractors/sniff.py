"""Decide a file's format from its bytes first, its extension second.

The bytes win because published files lie: a `.doc` that is a web page saved by Word, a
`.docx` that is a PDF, an `.xls` that is an HTML table, a `.docx` that is an encrypted OLE
package.  Containers are looked into without being read: a zip by its directory and its
`[Content_Types].xml` (Word or Excel), an OLE file by its stream names.  `check_zip` (the zip
bomb guard) and `ole_streams` live here so every extractor inspects containers the same way.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from extractors.base import ExtractionError

EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "wps",
    ".html": "html", ".htm": "html", ".shtml": "html", ".mht": "html", ".mhtml": "html",
    ".xlsx": "xlsx", ".xls": "xls", ".et": "xls",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_MARKS = (b"<html", b"<!doctype html", b"<table", b"<head", b"<body")

MAX_UNZIPPED = 200 * 1024 * 1024  # refuse a zip whose members would inflate past this
MAX_RATIO = 100  # ... or whose members inflate more than this many times their packed size
RATIO_FLOOR = 1024 * 1024  # below this many unpacked bytes a high ratio is harmless
_WORD_TYPES = (b"wordprocessingml.document.main", b"ms-word.document.macroenabled.main",
               b"wordprocessingml.template.main", b"ms-word.template.macroenabledtemplate")
_EXCEL_TYPES = (b"spreadsheetml.sheet.main", b"ms-excel.sheet.macroenabled.main",
                b"spreadsheetml.template.main", b"ms-excel.sheet.binary")


def sniff_format(path: Path) -> str:
    """The format of `path` as one of the contract's source_format values.

    Raises ExtractionError for what no extractor can read: an empty or unreadable file, a
    zip bomb, a zip that is neither Word nor Excel, a password-protected Office file.
    """
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise ExtractionError(f"cannot read {path.name}: {e.strerror or e}") from e
    if not head:
        raise ExtractionError(f"{path.name} is empty (0 bytes)")
    ext = EXTENSIONS.get(path.suffix.lower())
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path, ext)
    if head.startswith(OLE_MAGIC):
        return ole_format(path, ext)
    if head.startswith(b"{\\rtf"):
        return "wps" if ext == "wps" else "doc"  # RTF saved as .doc: LibreOffice converts it
    office_xml = _office_xml(head)
    if office_xml:
        return office_xml
    if is_html(head):
        return "html"
    if ext in (None, "txt", "html") and looks_binary(head):  # office extensions: their reader says why
        raise ExtractionError(f"{path.name} holds binary data, not text or a web page "
                              f"(its first bytes read as no known document format)")
    return ext or "txt"


_TEXT_CONTROLS = {9, 10, 12, 13, 27}  # tab, newline, form feed, carriage return, escape


def looks_binary(head: bytes) -> bool:
    """Bytes that are no text in any encoding we read: many control bytes (NUL aside in the
    UTF-16 pattern) or undecodable in both UTF-8 and GB18030.  A stray byte or two is text."""
    sample = head[:4096]
    if not sample or sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False
    if utf16_pattern(sample):
        return False
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls > max(4, len(sample) // 100):
        return True
    # a multi-byte character cut at the sample's end is not an error
    limit = max(4, len(sample) // 200)
    return all(sample.decode(enc, errors="replace").count("\ufffd") > limit for enc in ("utf-8", "gb18030"))


def utf16_pattern(sample: bytes) -> bool:
    """NULs in one byte position of the pairs, far fewer in the other (U+4E00 一 has a NUL byte): UTF-16."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2 or 1
    return max(even, odd) >= 0.05 * half and min(even, odd) <= max(even, odd) / 3


def _office_xml(head: bytes) -> str | None:
    """Word 2003 XML ("doc") or Excel 2003 XML ("xls"): LibreOffice converts both."""
    low = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if not low.startswith(b"<?xml"):
        return None
    if b'progid="word.document"' in low or b"<w:worddocument" in low:
        return "doc"
    if b'progid="excel.sheet"' in low or b"urn:schemas-microsoft-com:office:spreadsheet" in low:
        return "xls"
    return None


def is_html(head: bytes) -> bool:
    low = head.replace(b"\0", b"").lower() if b"\0" in head[:200] else head.lower()
    if low.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"mime-version:") or b"multipart/related" in low[:1024]:
        return True  # MHTML: Word's "single file web page", often published as .doc
    return any(m in low for m in _HTML_MARKS)


# --------------------------------------------------------------------------- zip
def check_zip(path: Path) -> zipfile.ZipFile:
    """`path` opened as a zip after its directory passed the bomb limits; caller closes it.

    The limits are read from the central directory before any member is inflated: the sum
    of declared sizes (MAX_UNZIPPED) and the overall inflation ratio (MAX_RATIO, checked past
    RATIO_FLOOR).  zipfile never inflates a member past its declared size, so they hold.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ExtractionError(f"{path.name} is not a valid zip container (Word/Excel files are zips): {e}") from e
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_UNZIPPED or (total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)):
        zf.close()
        raise ExtractionError(
            f"{path.name} refused as a likely zip bomb: {total:,} bytes unpacked from {packed:,} "
            f"(limits {MAX_UNZIPPED:,} bytes, {MAX_RATIO}:1)")
    return zf


def _zip_format(path: Path, ext: str | None) -> str:
    with check_zip(path) as zf:
        names = set(zf.namelist())
        types = zf.read("[Content_Types].xml").lower() if "[Content_Types].xml" in names else b""
    if any(t in types for t in _WORD_TYPES) or "word/document.xml" in names:
        return "docx"
    if any(t in types for t in _EXCEL_TYPES) or "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names or "content.xml" in names:
        raise ExtractionError(f"{path.name} is an OpenDocument file (.odt/.ods), which is not supported")
    raise ExtractionError(f"{path.name} is a zip archive holding neither a Word nor an Excel document")


# --------------------------------------------------------------------------- OLE
def ole_streams(path: Path) -> set[str]:
    """The stream names (top level, as written) of an OLE compound file; empty if unreadable."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return {"/".join(p) for p in ole.listdir(streams=True, storages=False)}
    except Exception:  # noqa: BLE001 - olefile raises many kinds on damaged files
        return set()


def _word_encrypted(path: Path) -> bool:
    """The FIB's fEncrypted bit (byte 0x0B, bit 0) of a binary Word file's WordDocument stream."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            fib = ole.openstream("WordDocument").read(12)
    except Exception:  # noqa: BLE001 - a damaged stream is LibreOffice's to judge
        return False
    return len(fib) >= 12 and bool(fib[0x0B] & 0x01)


def ole_format(path: Path, ext: str | None) -> str:
    streams = ole_streams(path)
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise ExtractionError(f"{path.name} is password-protected (an encrypted Office package); "
                              "it cannot be read without the password")
    if "WordDocument" in streams:
        if _word_encrypted(path):
            raise ExtractionError(f"{path.name} is a password-protected Word document; "
                                  "it cannot be read without the password")
        return "wps" if ext == "wps" else "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    return ext if ext in ("doc", "wps", "xls") else "doc"
