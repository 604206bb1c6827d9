"""department_key: one key per reporting entity across years, budgets and final accounts."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.department_key import department_key, normalise_name
from pipeline.model import Document, Metadata, Source
from pipeline.writers.rows import document_row

DEPT = "上海市普陀区商务委员会"


def test_budget_and_final_of_one_department_share_a_key():
    keys = {department_key("310107", DEPT, kind) for kind in ("budget_department", "final_department")}
    assert keys == {"310107:商务委员会:部门"}


def test_unit_budget_has_its_own_key():
    assert department_key("310107", DEPT, "budget_unit") == "310107:商务委员会:单位"
    assert department_key("310107", DEPT, "final_unit") == department_key("310107", DEPT, "budget_unit")


def test_printed_variants_fold_to_one_key():
    variants = ["上海市普陀区商务委员会", "上海市普陀区 商务委员会", "普陀区商务委员会", "商务委员会",
                "上海市普陀区商务委员会\n"]
    assert {department_key("310107", v, "final_department") for v in variants} == {"310107:商务委员会:部门"}
    brackets = ["玉林市委员会办公室（玉林市档案局）", "玉林市委员会办公室(玉林市档案局)",
                "玉林市委员会办公室【玉林市档案局】", "玉林市委员会办公室 （ 玉林市档案局 ）"]
    assert len({department_key("450900", b, "final_department") for b in brackets}) == 1


def test_province_prefix_is_folded():
    assert (department_key("450900", "广西壮族自治区玉林市财政局", "final_department")
            == department_key("450900", "玉林市财政局", "final_department") == "450900:财政局:部门")


def test_different_departments_and_regions_differ():
    assert department_key("450900", "玉林市财政局", "final_department") != \
        department_key("450900", "玉林市教育局", "final_department")
    assert department_key("450900", "玉林市财政局", "final_department") != \
        department_key("450902", "玉林市玉州区财政局", "final_department")


def test_null_when_region_department_or_scope_unknown():
    assert department_key(None, DEPT, "final_department") is None
    assert department_key("310107", None, "final_department") is None
    assert department_key("310107", "  ", "final_department") is None
    assert department_key("310107", DEPT, "unknown") is None


def test_documents_row_carries_the_key():
    doc = Document(doc_id="a" * 64, source=Source(name="x.pdf", sha256="a" * 64, format="pdf", size=1),
                   metadata=Metadata(department=DEPT, region="上海市普陀区", region_code="310107",
                                     doc_kind="budget_department", fiscal_year=2025))
    assert document_row(doc)["department_key"] == "310107:商务委员会:部门"
    doc2 = doc.model_copy(update={"metadata": doc.metadata.model_copy(update={"region_code": None})})
    assert document_row(doc2)["department_key"] is None


_NAME = st.text(alphabet="财政局教育委员会办公室中心街道事务所卫生健康（）() 【】", min_size=1, max_size=12)


@given(_NAME)
def test_key_ignores_spaces_and_bracket_forms(name):
    spaced = " ".join(name).replace("（", "(").replace("）", ")").replace("【", "[")
    a = department_key("450900", "玉林市" + name, "final_department")
    b = department_key("450900", "玉林市 " + spaced, "budget_department")
    assert a == b


@given(_NAME)
def test_normalise_is_idempotent(name):
    once = normalise_name(name)
    assert normalise_name(once) == once
