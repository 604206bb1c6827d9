"""The fast canonical JSON writer prints exactly what json.dumps(ensure_ascii=False, indent=1) prints."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.writers.canonical_json import dumps

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text())
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=30)


@settings(max_examples=400)
@given(JSON)
def test_same_text_as_the_standard_library(data):
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("data", [
    {}, [], {"a": {}, "b": []}, [[[]]], {"x": "引号\"和\\反斜杠\n\t\u2028\x00"}, -0.0, 1e-05, 1e16, 2 ** 70,
    {2: "int key", 1.5: "float key", True: "bool key", None: "none key"},
])
def test_edge_values(data):
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=1)


def test_what_json_cannot_write_is_refused():
    with pytest.raises(TypeError):
        dumps({"a": {1, 2}})
