from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import new_document
from pipeline.model import Block, Provenance
from pipeline.regions import region_code, split_region
from pipeline.stages.metadata import read_metadata


def doc_with(tmp_path: Path, name: str, lines: list[str], page: int | None = None):
    p = tmp_path / name
    p.write_bytes(b"x")
    d = new_document(p, "txt")
    blocks = [Block(index=i, kind="paragraph", text=t, prov=Provenance(origin="text", page=page, line_start=i))
              for i, t in enumerate(lines)]
    return d.model_copy(update={"blocks": blocks})


@pytest.mark.parametrize("title,kind,year", [
    ("上海市普陀区财政局2024年度部门决算", "final_department", 2024),
    ("上海市普陀区人民政府万里街道办事处2025年部门预算", "budget_department", 2025),
    ("某某市第一中学2023年度单位决算", "final_unit", 2023),
    ("某某县卫生健康局 2022 年单位预算", "budget_unit", 2022),
])
def test_title_gives_kind_year_department(tmp_path, title, kind, year):
    m = read_metadata(doc_with(tmp_path, "x.pdf", ["", title], page=1))
    assert (m.doc_kind, m.fiscal_year) == (kind, year)
    assert m.department and title.replace(" ", "").startswith(m.department)


def test_cover_split_over_lines(tmp_path):
    m = read_metadata(doc_with(tmp_path, "a.pdf", ["上海市普陀区财政局", "2024年度部门决算"], page=1))
    assert (m.department, m.region, m.region_code) == ("上海市普陀区财政局", "上海市普陀区", "310107")


def test_overview_title_then_file_name(tmp_path):
    m = read_metadata(doc_with(tmp_path, "玉林市大数据发展和政务服务局2024年度部门决算.txt",
                               ["第一部分:玉林市大数据发展和政务服务局概况"]))
    assert m.department == "玉林市大数据发展和政务服务局"
    assert (m.fiscal_year, m.doc_kind, m.region_code) == (2024, "final_department", "450900")


def test_unknown_document(tmp_path):
    m = read_metadata(doc_with(tmp_path, "notes.txt", ["会议纪要"]))
    assert (m.doc_kind, m.fiscal_year, m.department) == ("unknown", None, None)


@pytest.mark.parametrize("name,region,code", [
    ("上海市普陀区财政局", "上海市普陀区", "310107"), ("玉林市玉州区财政局", "玉林市玉州区", "450902"),
    ("北京市城市管理委员会", "北京市", "110000"), ("普陀区财政局", "普陀区", None),
    ("广西壮族自治区财政厅", "广西壮族自治区", "450000"),
])
def test_regions(name, region, code):
    assert split_region(name) == region
    assert region_code(region) == code
