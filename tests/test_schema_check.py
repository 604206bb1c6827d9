"""The compiled schema check (pipeline/schema_check.py) accepts exactly what the reference
validator accepts, and what the pydantic model accepts, on real documents and on documents with
one value replaced by anything JSON can hold."""
from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from pipeline.model import Document
from pipeline.runner import process
from pipeline.schema_check import compiled, reference, validate_document_json

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DOCS = [SAMPLES / "玉林市大数据发展和政务服务局2024年度部门决算.txt", SAMPLES / "上海市部门决算模板2024.pdf"]


@cache
def _doc(path: Path) -> dict[str, Any]:
    return process(path).model_dump(mode="json")


def doc(i: int) -> dict[str, Any]:
    return copy.deepcopy(_doc(DOCS[i]))


def slots(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a JSON value, depth first."""
    out: list[tuple[Any, Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in items:
        out.append((data, k))
        out.extend(slots(v))
    return out


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8) | st.sampled_from(["pdf", "table", "good", "T01", "partial", "ok", "paragraph"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _pydantic_accepts(data: dict[str, Any]) -> bool:
    try:
        Document.model_validate_json(Document.model_validate(data).model_dump_json())
        Document.model_validate(data, strict=True)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


@pytest.mark.parametrize("i", range(len(DOCS)), ids=lambda i: DOCS[i].suffix)
def test_real_documents_pass_both_validators(i: int):
    data = doc(i)
    assert compiled().is_valid(data) and reference().is_valid(data)
    validate_document_json(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(0, len(DOCS) - 1), pick=st.integers(0, 10**9), value=JSON, drop=st.booleans())
def test_compiled_and_reference_validators_agree_on_any_one_value_changed(which: int, pick: int, value: Any,
                                                                            drop: bool):
    data = doc(which)
    places = slots(data)
    container, key = places[pick % len(places)]
    if drop and isinstance(container, dict):
        del container[key]
    else:
        container[key] = value
    assert compiled().is_valid(data) == reference().is_valid(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pick=st.integers(0, 10**9), value=JSON)
def test_what_the_schema_rejects_the_model_rejects(pick: int, value: Any):
    """The schema is the model's: a document the schema rejects never validates as a Document
    in strict mode (lax pydantic may coerce "1" to 1; the writer never hands it such data)."""
    data = doc(0)
    places = slots(data)
    container, key = places[pick % len(places)]
    container[key] = value
    if not compiled().is_valid(data):
        assert not _pydantic_accepts(data)


def test_a_violation_is_named_with_its_path():
    data = doc(0)
    data["blocks"][0]["kind"] = "poem"
    where = r"^document JSON does not match schemas/document.schema.json at blocks/0/kind: "
    with pytest.raises(ValueError, match=where):
        validate_document_json(data)
