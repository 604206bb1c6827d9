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


# ---- document_json: pydantic-core's text where it spells floats as json does, canonical_json elsewhere

from pipeline.model import Block, Document, Provenance, Source  # noqa: E402
from pipeline.writers.dataset import document_json, respelled  # noqa: E402

FINITE = st.floats(allow_nan=False, allow_infinity=False)


def _doc(text: str, floats: list[float]) -> Document:
    src = Source(name="x.pdf", sha256="0" * 64, format="pdf", size=1)
    blocks = [Block(index=i, kind="paragraph", text=text,
                    prov=Provenance(origin="pdf", page=1, bbox=(f, -f, f / 3, f / 7), confidence=f))
              for i, f in enumerate(floats)]
    return Document(doc_id="0" * 64, source=src, blocks=blocks)


def _reference(doc: Document) -> bytes:
    return (json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n").encode()


@settings(max_examples=300)
@given(st.text(max_size=12), st.lists(FINITE, min_size=1, max_size=4))
def test_document_json_is_the_standard_librarys_text(text, floats):
    assert document_json(_doc(text, floats)) == _reference(_doc(text, floats))


@settings(max_examples=300)
@given(FINITE)
def test_pydantic_spells_a_float_as_json_does_unless_respelled_says_it_may_not(value):
    doc = _doc("", [value])
    fast = doc.model_dump_json(indent=1)
    assert respelled(fast) or (fast + "\n").encode() == _reference(doc)


@pytest.mark.parametrize("value", [1e-05, 2.5e-05, 1.2e-07, -3e-06, 5e-324, 1e-4, 1e16, 1e22, -0.0])
def test_small_and_huge_floats(value):
    assert document_json(_doc("0.00001 in a string", [value])) == _reference(_doc("0.00001 in a string", [value]))
