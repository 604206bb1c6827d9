"""The inputs of a batch: which files to read, which to skip (with the reason), and how to name them.

`scan(paths)` never raises for what it finds: a symlink loop, a dangling link, a FIFO, a socket or
a device among the files is a `Skip` with a sentence, and the good files beside it are kept.  A
file is opened only when `os.stat` (following links) says it is a regular file, so nothing blocks
while hashing.  A path the user named that does not exist is the caller's usage error
(`missing(paths)`), never a failed row in the dataset.

File names that are not valid UTF-8 (GBK bytes as unzip leaves them on Linux, which Python holds
as surrogate escapes) get a lossless text form (`lossless_name`) and a readable one
(`readable_name`).
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extractors import EXTRACTORS
from extractors.sniff import EXTENSIONS

SUPPORTED = frozenset(EXTENSIONS)


@dataclass(frozen=True)
class Skip:
    path: Path
    reason: str


def missing(paths: list[Path]) -> list[Path]:
    """Named paths that do not exist at all (a dangling link exists: it is skipped with a reason)."""
    return [p for p in paths if not os.path.lexists(p)]


def scan(paths: list[Path]) -> tuple[list[Path], list[Skip]]:
    """(regular files to process, skipped entries with reasons), each file once, in a stable order."""
    files: list[Path] = []
    skipped: list[Skip] = []
    seen: set[tuple[int, int]] = set()
    for p in paths:
        for f in _walk(p, skipped):
            why, key = _regular(f)
            if why is not None:
                skipped.append(Skip(f, why))
            elif key not in seen:
                seen.add(key)
                files.append(f)
    return files, skipped


def _walk(p: Path, skipped: list[Skip]) -> Iterator[Path]:
    try:
        is_dir = stat.S_ISDIR(os.stat(p).st_mode)
    except OSError:
        is_dir = False
    if not is_dir:
        yield p
        return

    def onerror(e: OSError) -> None:
        skipped.append(Skip(Path(e.filename or p), f"folder cannot be read: {e.strerror or e}"))

    for root, dirs, names in os.walk(p, followlinks=False, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED:
                yield Path(root) / name


def _regular(f: Path) -> tuple[str | None, tuple[int, int]]:
    """(None, (device, inode)) for a readable regular file, else (why it is skipped, _)."""
    try:
        st = os.stat(f)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "a symbolic link loop (the link points back to itself)", (0, 0)
        if e.errno == errno.ENOENT and os.path.islink(f):
            return f"a symbolic link to a file that does not exist ({os.readlink(f)})", (0, 0)
        return f"cannot read the file ({e.strerror or e})", (0, 0)
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None, (st.st_dev, st.st_ino)
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a folder" if stat.S_ISDIR(mode)
            else "not a regular file")
    return f"{kind}, not a regular file", (0, 0)


def lossless_name(name: str) -> str:
    """`name` as valid UTF-8 text that maps back to the file name's exact bytes.

    A valid UTF-8 name without a backslash is returned unchanged.  Otherwise each byte that is not
    part of valid UTF-8 becomes `\\xNN` and a literal backslash becomes `\\\\`, so `name_bytes`
    inverts it exactly (an unchanged name never holds a backslash, an escaped one always does).
    """
    raw = os.fsencode(name)
    if b"\\" not in raw:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def name_bytes(text: str) -> bytes:
    """The file name bytes `lossless_name` stands for."""
    if "\\" not in text:
        return text.encode("utf-8")
    out, i = bytearray(), 0
    while i < len(text):
        if text.startswith("\\\\", i):
            out += b"\\"
            i += 2
        elif text.startswith("\\x", i) and len(text) >= i + 4:
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            out += text[i].encode("utf-8")
            i += 1
    return bytes(out)


def readable_name(name: str) -> str:
    """A name for people: valid UTF-8 as is; other bytes read as GB18030 (the Chinese superset of GBK)."""
    raw = os.fsencode(name)
    for codec in ("utf-8", "gb18030", "big5"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def unreadable_id(path: Path) -> str:
    """The doc_id of a file that cannot be read (no bytes to hash): stable per path."""
    return hashlib.sha256(f"unreadable:{lossless_name(str(path))}".encode()).hexdigest()


def extractor_modules(files: list[Path]) -> list[str]:
    """The extractor modules these files will need (by extension: a cheap guess, enough for the
    worker fork server's preload; sniffing still decides per document)."""
    return sorted({EXTRACTORS[f] for p in files if (f := EXTENSIONS.get(p.suffix.lower())) in EXTRACTORS})
