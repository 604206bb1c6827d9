"""Page images for the report: find each document's source PDF and render the pages it needs.

The source path comes from OUT/manifest.json (`documents[].path`, as given to `juesuan extract`,
so relative to where extract ran): tried as is, against the current directory, OUT's parent and
OUT, then by file name in any extra `sources` folders.  A candidate counts only if the SHA-256
of its bytes is the doc_id, so a moved or edited file never shows the wrong pages.
Pages are rendered with pypdfium2 to PNG under SITE/pages/<doc_id>/ and kept between runs (the
name carries the scale; the doc_id fixes the content); images the document no longer shows are removed.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_SCALE = 1.5  # 108 dpi: an A4 page is about 893 × 1263 px, 150–250 kB


def manifest_paths(out: Path) -> dict[str, str]:
    """doc_id → source path recorded in OUT/manifest.json ({} when there is none)."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {d["doc_id"]: d["path"] for d in manifest.get("documents", []) if d.get("doc_id") and d.get("path")}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def find_source(doc_id: str, recorded: str | None, name: str | None, out: Path,
                sources: Iterable[Path] = ()) -> Path | None:
    """The source file of `doc_id`, or None when no candidate has those bytes."""
    candidates: list[Path] = []
    if recorded:
        p = Path(recorded)
        candidates += [p] if p.is_absolute() else [Path.cwd() / p, out.parent / p, out / p]
    if name:
        candidates += [Path(s) / name for s in sources]
    for c in candidates:
        try:
            if c.is_file() and _sha256(c) == doc_id:
                return c
        except OSError:
            continue
    return None


def image_name(page: int, scale: float) -> str:
    return f"p{page}-s{round(scale * 100)}.png"


def render_pages(source: Path, pages: Iterable[int], folder: Path, scale: float = DEFAULT_SCALE) -> dict[int, Path]:
    """Render the 1-based `pages` of a PDF to PNG files in `folder`; page → file for those that exist.

    A page out of range or that fails to render is left out (and logged), never raised.
    """
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    done: dict[int, Path] = {}
    todo = sorted({p for p in pages if p and p > 0})
    pdf = None
    try:
        for page in todo:
            target = folder / image_name(page, scale)
            if not target.is_file():
                pdf = pdf or pdfium.PdfDocument(str(source))
                if page > len(pdf):
                    continue
                image = pdf[page - 1].render(scale=scale).to_pil()
                tmp = target.with_suffix(".tmp.png")
                image.save(tmp, optimize=True)
                tmp.replace(target)
            done[page] = target
    except Exception as e:  # noqa: BLE001 - a broken PDF costs its images, never the report
        log.warning("could not render pages of %s: %s", source, e)
    finally:
        if pdf is not None:
            pdf.close()
    keep = set(done.values())
    for old in folder.glob("p*-s*.png"):  # pages no longer shown, or of another scale
        if old not in keep:
            old.unlink(missing_ok=True)
    return done
