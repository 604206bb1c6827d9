"""Every sample against its golden records (tests/golden/<sample>.json)."""
from __future__ import annotations

import pytest

from tests.conftest import SAMPLES
from tests.golden import check

SOURCES = sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("source", SOURCES, ids=[p.name for p in SOURCES])
def test_sample_matches_golden(source, processed):
    check(processed(source), source)
