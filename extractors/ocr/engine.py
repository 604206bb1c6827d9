"""RapidOCR (PP-OCRv4 Chinese models on ONNX Runtime) behind three calls: detect, turned, read.

The only module that imports `rapidocr_onnxruntime`.  Its detection, recognition and direction
models ship inside the wheel (``rapidocr_onnxruntime/models/*.onnx``); `load()` checks that they
are there and refuses to start otherwise, and nothing here (or in rapidocr's engine classes we
call) fetches anything over the network (issue #6: nothing is downloaded at run time).

The engine's stages are called one by one instead of through `RapidOCR.__call__`, so that a
page gets exactly one detection pass, recognition runs batched on the crops the extractor
chooses (split at table rules, see ocr_grid), and the direction classifier only ever sees a
small sample of lines (page orientation, see ocr_render) rather than every line.
"""
from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

DET_MAX_SIDE = 1280  # px: detection runs on a copy of the page this long (960 misses cells; bench_ocr)
REC_BATCH = 2  # crops per recognition batch (sorted by aspect ratio); no slower than 6 on CPU (bench_ocr)
REC_HEIGHT = 48  # the recognition model's input height
REC_MIN_WIDTH = 160  # a batch is padded to its widest crop, at least this wide: rapidocr's 320 makes a
#                      short cell cost as much as a line (1.7× slower); below 160 two-digit codes
#                      ("02") often lose a digit
REC_WIDE_WIDTH = 320  # a short crop read with little confidence is read again padded this wide …
RETRY_CONFIDENCE = 0.95  # … when its first reading is less sure than this
CLS_TURNED = "180"  # the direction classifier's label for upside-down text
MODEL_NAMES = ("det", "rec", "cls")
THREADS_ENV = "JUESUAN_OCR_THREADS"

PxBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels


class OcrUnavailable(RuntimeError):
    """rapidocr-onnxruntime (the `ocr` extra) is not installed, or its models are missing."""


@dataclass(slots=True)
class Timings:
    """Seconds spent per step, summed over the pages read (benchmarks/bench_ocr.py prints them)."""

    render: float = 0.0
    deskew: float = 0.0
    det: float = 0.0
    cls: float = 0.0
    rec: float = 0.0
    grid: float = 0.0
    pages: int = 0
    crops: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    def total(self) -> float:
        return self.render + self.deskew + self.det + self.cls + self.rec + self.grid


class Engine:
    """One loaded set of models; `load()` gives the process-wide instance."""

    def __init__(self, rapid: Any) -> None:
        self._det = rapid.text_det
        self._cls = rapid.text_cls
        self._rec = rapid.text_rec
        self._det.limit_type, self._det.limit_side_len = "min", 32  # never rescaled by rapidocr: detect() does it
        self._rec.rec_batch_num = REC_BATCH

    def detect(self, bgr: np.ndarray) -> list[PxBox]:
        """Text line boxes (axis-aligned bounding rectangles, in `bgr`'s pixels) on a page image;
        detection runs on a copy at most DET_MAX_SIDE long."""
        import cv2  # the `ocr` extra: this module is imported without it (extractors.ocr.reader)

        h, w = bgr.shape[:2]
        f = min(1.0, DET_MAX_SIDE / max(h, w))
        small = cv2.resize(bgr, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA) if f < 1 else bgr
        quads, _ = self._det(small)
        if quads is None or len(quads) == 0:
            return []
        out = []
        for q in quads:
            x0, y0 = np.floor(q.min(axis=0) / f).astype(int)
            x1, y1 = np.ceil(q.max(axis=0) / f).astype(int)
            out.append((max(int(x0), 0), max(int(y0), 0), min(int(x1), w), min(int(y1), h)))
        return out

    def turned(self, crops: Sequence[np.ndarray]) -> list[tuple[bool, float]]:
        """Per line crop: whether the direction classifier reads it as upside down, and its score."""
        if not crops:
            return []
        _, labels, _ = self._cls(list(crops))
        return [(CLS_TURNED in str(label), float(score)) for label, score in labels]

    def read(self, crops: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        """Recognised text and confidence (0..1, the mean character probability) per crop.

        Crops are read in batches padded to REC_MIN_WIDTH; the few short ones read with less
        than RETRY_CONFIDENCE are read again padded to rapidocr's REC_WIDE_WIDTH (a two-digit
        code such as "08" can lose a digit when padded little), and the surer reading is kept."""
        if not crops:
            return []
        out = self._read(crops, REC_MIN_WIDTH)
        retry = [i for i, (text, score) in enumerate(out)
                 if score < RETRY_CONFIDENCE and crops[i].shape[1] < REC_WIDE_WIDTH / REC_HEIGHT * crops[i].shape[0]]
        for i, again in zip(retry, self._read([crops[i] for i in retry], REC_WIDE_WIDTH), strict=True):
            if again[1] > out[i][1]:
                out[i] = again
        return out

    def _read(self, crops: Sequence[np.ndarray], min_width: int) -> list[tuple[str, float]]:
        if not crops:
            return []
        self._rec.rec_image_shape = [3, REC_HEIGHT, min_width]
        results, _ = self._rec(list(crops))
        return [(str(r[0]), float(r[1])) for r in results]


def model_files() -> dict[str, Path]:
    """The ONNX model files the installed rapidocr-onnxruntime will load, by role."""
    try:
        from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
        from rapidocr_onnxruntime.utils import read_yaml
    except ImportError as e:
        raise OcrUnavailable(f"OCR not installed ({e.name}); install juesuan[ocr]") from e
    cfg = read_yaml(DEFAULT_CFG_PATH)
    root = Path(DEFAULT_CFG_PATH).parent
    return {name: root / cfg[section]["model_path"] for name, section in zip(MODEL_NAMES, ("Det", "Rec", "Cls"),
                                                                             strict=True)}


@lru_cache(maxsize=1)
def load() -> Engine:
    """The engine, loaded once per process; raises OcrUnavailable when it cannot be.

    ONNX Runtime uses `threads()` threads per model."""
    missing = [str(p) for p in model_files().values() if not p.is_file()]
    if missing:
        raise OcrUnavailable(f"OCR models missing from the rapidocr-onnxruntime wheel: {', '.join(missing)}")
    from rapidocr_onnxruntime import RapidOCR

    n = threads()
    return Engine(RapidOCR(intra_op_num_threads=n) if n else RapidOCR())


def threads() -> int:
    """Threads per model from JUESUAN_OCR_THREADS (0 or unset: ONNX Runtime's default, one per
    core).  Set it to 1 when documents run in parallel on every core (`juesuan extract
    --workers N`): threads competing for busy cores make each page slower, not faster."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    return int(raw) if raw.isdigit() else 0


def timed(stats: Timings, step: str, t0: float) -> float:
    """Add the seconds since `t0` to `stats.<step>`; returns now."""
    now = time.perf_counter()
    setattr(stats, step, getattr(stats, step) + now - t0)
    return now
