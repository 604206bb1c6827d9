from __future__ import annotations

import os

from pipeline.schema_gen import generate
from tests.conftest import ROOT


def test_committed_schemas_match_the_models():
    for name, text in generate().items():
        path = ROOT / "schemas" / name
        assert path.is_file(), f"schemas/{name} missing: run `make schemas`"
        assert path.read_text("utf-8") == text, f"schemas/{name} is stale: run `make schemas`"


def test_golden_regeneration_flag_is_off():
    assert not os.environ.get("JUESUAN_GEN_GOLDEN"), "golden files are regenerated only by `make golden`"
