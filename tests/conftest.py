from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
YULIN = SAMPLES / "玉林市大数据发展和政务服务局2024年度部门决算.txt"
PUTUO = SAMPLES / "上海市普陀区财政局2024年度部门决算.pdf"
BUDGET = SAMPLES / "上海市普陀区人民政府万里街道办事处2025年部门预算.pdf"
GOLD = ROOT.parent / "shared" / "eval" / "gold"  # the dev gold beside the checkout (CI lays shared/ there too)


@pytest.fixture(scope="session")
def processed():
    """process(path), each sample run once per session."""
    from pipeline.runner import process

    cache: dict[Path, object] = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = process(path)
        return cache[path]

    return get


@pytest.fixture(scope="session")
def yulin_doc(processed):
    return processed(YULIN)
