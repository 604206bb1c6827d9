"""Legacy Word/WPS (.doc, .wps, RTF) and unreadable .xls/.et → the modern path via LibreOffice.

Contract:
- `converted(path, "docx"|"xlsx")` runs `soffice --headless --convert-to` in a subprocess of
  its own process group, with a throw-away profile (-env:UserInstallation) and output folder
  under a temporary directory, HOME pointed there too, and no proxy variables; the input is
  copied there under a plain ASCII name first.  At TIMEOUT_SECONDS (env
  JUESUAN_SOFFICE_TIMEOUT overrides) the whole group is killed and ExtractionError raised.
  The temporary directory is removed when the `with` block ends.
- No soffice/libreoffice on PATH → ExtractionError("LibreOffice is not installed: …").
- `extract(path)`: an encrypted .doc is refused before conversion (sniff.py reads the FIB);
  the converted .docx is read by extractors.office.docx; the Document keeps the original file's
  name, hash and format ("doc" or "wps"); blocks carry origin="docx".
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extractors.base import ExtractionError, new_document
from extractors.sniff import sniff_format
from pipeline.model import Document, StageError

TIMEOUT_SECONDS = 180.0
_KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "FONTCONFIG_PATH", "FONTCONFIG_FILE")


def soffice() -> str | None:
    """The LibreOffice binary on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def timeout_seconds() -> float:
    try:
        return float(os.environ.get("JUESUAN_SOFFICE_TIMEOUT", TIMEOUT_SECONDS))
    except ValueError:
        return TIMEOUT_SECONDS


def extract(path: Path) -> Document:
    """A .doc/.wps/RTF file converted to .docx and read; ExtractionError with the reason if not."""
    from extractors.office import docx

    fmt = sniff_format(path)  # raises for a password-protected file
    if fmt not in ("doc", "wps"):
        fmt = "wps" if path.suffix.lower() == ".wps" else "doc"
    data = path.read_bytes()
    problems: list[str] = []  # pictures that could not be read (OCR not installed), as for a .docx
    with converted(path, "docx") as out:
        blocks = docx.read_blocks(out, problems)
    errors = [StageError(stage="extract", reason=p) for p in problems]
    return new_document(path, fmt, data=data).model_copy(  # type: ignore[arg-type]
        update={"blocks": blocks, "errors": errors})


@contextmanager
def converted(path: Path, target: str, why: str = "", timeout: float | None = None) -> Iterator[Path]:
    """The file LibreOffice makes of `path` in format `target` ("docx" or "xlsx")."""
    binary = soffice()
    kind = path.suffix.lower() or "file"
    if binary is None:
        reason = f"; {why}" if why else ""
        raise ExtractionError(f"LibreOffice is not installed: cannot convert {kind} {path.name}{reason} "
                              "(install libreoffice-writer-nogui/libreoffice-calc-nogui: make system-deps)")
    limit = timeout_seconds() if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="juesuan-soffice-") as tmp:
        work = Path(tmp)
        src = work / f"input{_input_suffix(path)}"
        shutil.copyfile(path, src)
        _run(binary, src, target, work, limit, path.name)
        out = work / "out" / f"input.{target}"
        if not out.is_file() or out.stat().st_size == 0:
            raise ExtractionError(f"LibreOffice could not convert {path.name} to .{target} "
                                  "(damaged, password-protected or not a document)")
        yield out


def _input_suffix(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"{\\rtf"):
        return ".rtf"
    suffix = path.suffix.lower()
    return suffix if suffix in (".doc", ".wps", ".xls", ".et", ".rtf", ".docx", ".xlsx") else ".doc"


def _run(binary: str, src: Path, target: str, work: Path, limit: float, name: str) -> None:
    """Run one conversion; kill the process group at `limit` seconds."""
    env = {k: v for k, v in os.environ.items() if k in _KEEP_ENV}
    env["HOME"] = str(work)
    cmd = [binary, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
           f"-env:UserInstallation={(work / 'profile').as_uri()}",
           "--convert-to", target, "--outdir", str(work / "out"), str(src)]
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ExtractionError(f"LibreOffice conversion of {name} timed out after {limit:g} s (killed)") from None
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        raise ExtractionError(f"LibreOffice failed on {name} (exit {proc.returncode}){': ' + tail[0] if tail else ''}")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    try:
        proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # a grandchild escaped the group and holds the pipes
        pass
