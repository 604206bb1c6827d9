"""Budgets end to end as real files: a budget/final pair of one department through `juesuan extract`
and the `budget_vs_final` view, a budget split into a 表 file and a 说明 file, and bad budget input.

The budget is an HTML 部门预算 (B01, B03, B05, B09), the final a PDF 部门决算 of the same department
and year (T01, T03, T05 with 年初预算数, T09 with 预算数 and 决算数), both drawn here with the
renderers of tests/variants/render.py.  The view's rows are asserted exactly, through the CLI.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.variants.render import render
from tests.variants.transforms import Break, GridPiece, L, Para, U

pytest.importorskip("reportlab")

D = Decimal
DEPT = "上海市测试局"
KEY = "310000:测试局:部门"
UNIT_LINE = f"编制单位：{DEPT} 单位：元"


def grid(code: str, header_rows: int, *rows: list[str | None]) -> GridPiece:
    return GridPiece([list(r) for r in rows], code, header_rows)


def coded(head: list[str], rows: dict[str, tuple[str, list[str]]], total: list[str]) -> list[list[str | None]]:
    return [head, *([code, label, *amounts] for code, (label, amounts) in rows.items()), ["合计", L, *total]]


SUBJECTS = {"201": "一般公共服务支出", "20101": "人大事务", "2010101": "行政运行",
            "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "2080505": "机关事业单位基本养老保险缴费支出"}


def by_subject(amounts_201: list[str], amounts_208: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Each 类 with one 款 and one 项 printing the same amounts."""
    return {code: (label, amounts_201 if code.startswith("201") else amounts_208) for code, label in SUBJECTS.items()}


THREE_PUBLIC = ["合计", "因公出国(境)费", "公务用车购置及运行费", L, L, "公务接待费"]
THREE_PUBLIC_2 = [U, U, "小计", "公务用车购置费", "公务用车运行费", U]

BUDGET = [
    Para(f"{DEPT}2025年部门预算"),
    Para("部门收支预算总表"), Para(UNIT_LINE),
    grid("B01", 2, ["收入", L, "支出", L], ["项目", "预算数", "项目", "预算数"],
         ["一、一般公共预算财政拨款收入", "1,000,000.00", "一、一般公共服务支出", "900,000.00"],
         ["二、事业收入", "200,000.00", "二、社会保障和就业支出", "300,000.00"],
         ["收入总计", "1,200,000.00", "支出总计", "1,200,000.00"]),
    Para("部门支出预算总表"), Para(UNIT_LINE),
    GridPiece(coded(["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                    by_subject(["900,000.00", "600,000.00", "300,000.00"], ["300,000.00", "300,000.00", ""]),
                    ["1,200,000.00", "900,000.00", "300,000.00"]), "B03", 1),
    Para("部门一般公共预算支出表"), Para(UNIT_LINE),
    GridPiece(coded(["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                    by_subject(["800,000.00", "500,000.00", "300,000.00"], ["200,000.00", "200,000.00", ""]),
                    ["1,000,000.00", "700,000.00", "300,000.00"]), "B05", 1),
    Para("部门“三公”经费预算表"), Para(UNIT_LINE),
    grid("B09", 2, THREE_PUBLIC, THREE_PUBLIC_2,
         ["50,000.00", "0.00", "30,000.00", "0.00", "30,000.00", "20,000.00"]),
]

FINAL = [
    Para(f"{DEPT}2025年度部门决算"),
    Para("收入支出决算总表"), Para(UNIT_LINE),
    grid("T01", 2, ["收入", L, "支出", L], ["项目", "决算数", "项目", "决算数"],
         ["一、一般公共预算财政拨款收入", "930,000.00", "一、一般公共服务支出", "860,000.00"],
         ["二、事业收入", "230,000.00", "二、社会保障和就业支出", "300,000.00"],
         ["本年收入合计", "1,160,000.00", "本年支出合计", "1,160,000.00"],
         ["年初结转和结余", "0.00", "年末结转和结余", "0.00"],
         ["收入总计", "1,160,000.00", "支出总计", "1,160,000.00"]),
    Break(),
    Para("支出决算表"), Para(UNIT_LINE),
    GridPiece(coded(["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
                    by_subject(["860,000.00", "580,000.00", "280,000.00"], ["300,000.00", "300,000.00", ""]),
                    ["1,160,000.00", "880,000.00", "280,000.00"]), "T03", 1),
    Break(),
    Para("一般公共预算财政拨款支出决算表"), Para(UNIT_LINE),
    GridPiece(coded(["科目编码", "科目名称", "年初预算数", "合计", "基本支出", "项目支出"],
                    by_subject(["790,000.00", "760,000.00", "480,000.00", "280,000.00"],
                               ["200,000.00", "190,000.00", "190,000.00", ""]),
                    ["990,000.00", "950,000.00", "670,000.00", "280,000.00"]), "T05", 1),
    Break(),
    Para("财政拨款“三公”经费支出决算表"), Para(UNIT_LINE),
    grid("T09", 3, ["预算数", L, L, L, L, L, "决算数", L, L, L, L, L], THREE_PUBLIC * 2, THREE_PUBLIC_2 * 2,
         ["48,000.00", "0.00", "30,000.00", "0.00", "30,000.00", "18,000.00",
          "41,000.00", "0.00", "26,000.00", "0.00", "26,000.00", "15,000.00"]),
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("pair-src")
    render(BUDGET, "html", src / "测试局2025年部门预算")
    render(FINAL, "pdf", src / "测试局2025年度部门决算")
    out = tmp_path_factory.mktemp("pair-out")
    assert main(["extract", str(src), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    return out


def query(out: Path, capsys, *args: str) -> list[dict]:
    capsys.readouterr()
    assert main(["query", str(out), *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def dec(v) -> Decimal | None:
    return None if v is None else D(str(v))


def test_both_documents_share_the_department_key(pair, capsys):
    rows = query(pair, capsys, "SELECT doc_kind, fiscal_year, department, department_key, status FROM documents "
                               "ORDER BY doc_kind")
    assert rows == [
        {"doc_kind": "budget_department", "fiscal_year": 2025, "department": DEPT, "department_key": KEY,
         "status": "ok"},
        {"doc_kind": "final_department", "fiscal_year": 2025, "department": DEPT, "department_key": KEY,
         "status": "ok"},
    ]


def _subject_rows(table_no: str, budget: dict[str, list[str]], final: dict[str, list[str]],
                  b_measures: list[str], t_measures: list[str], restated: dict[str, str] | None = None) -> dict:
    """Expected rows of a coded table: subject → amounts per measure (blank = no item on that side)."""
    out = {}
    for code in budget:
        for i, (bm, tm) in enumerate(zip(b_measures, t_measures, strict=True)):
            b, f = budget[code][i], final[code][i]
            if not b and not f:
                continue
            r = (restated or {}).get(code) if bm == "合计" else None
            out[(table_no, None, code, bm if b else None, tm if f else None)] = (b or None, f or None, r)
    return out


def expected() -> dict[tuple, tuple]:
    """(table_no, side, subject_code or row_label, budget_measure, final_measure) → (budget, final, restated)."""
    want: dict[tuple, tuple] = {
        ("01", "income", "一、一般公共预算财政拨款收入", "预算数", "决算数"): ("1000000", "930000", None),
        ("01", "income", "二、事业收入", "预算数", "决算数"): ("200000", "230000", None),
        ("01", "income", "收入总计", "预算数", "决算数"): ("1200000", "1160000", None),
        ("01", "income", "本年收入合计", None, "决算数"): (None, "1160000", None),
        ("01", "income", "年初结转和结余", None, "决算数"): (None, "0", None),
        ("01", "expenditure", "一、一般公共服务支出", "预算数", "决算数"): ("900000", "860000", None),
        ("01", "expenditure", "二、社会保障和就业支出", "预算数", "决算数"): ("300000", "300000", None),
        ("01", "expenditure", "支出总计", "预算数", "决算数"): ("1200000", "1160000", None),
        ("01", "expenditure", "本年支出合计", None, "决算数"): (None, "1160000", None),
        ("01", "expenditure", "年末结转和结余", None, "决算数"): (None, "0", None),
    }
    b03 = {c: ["900000", "600000", "300000"] if c.startswith("201") else ["300000", "300000", ""] for c in SUBJECTS}
    t03 = {c: ["860000", "580000", "280000"] if c.startswith("201") else ["300000", "300000", ""] for c in SUBJECTS}
    b03["合计"], t03["合计"] = ["1200000", "900000", "300000"], ["1160000", "880000", "280000"]
    want |= _subject_rows("03", b03, t03, ["合计", "基本支出", "项目支出"], ["本年支出合计", "基本支出", "项目支出"])
    b05 = {c: ["800000", "500000", "300000"] if c.startswith("201") else ["200000", "200000", ""] for c in SUBJECTS}
    t05 = {c: ["760000", "480000", "280000"] if c.startswith("201") else ["190000", "190000", ""] for c in SUBJECTS}
    b05["合计"], t05["合计"] = ["1000000", "700000", "300000"], ["950000", "670000", "280000"]
    restated = {c: "790000" if c.startswith("201") else "200000" for c in SUBJECTS} | {"合计": "990000"}
    want |= _subject_rows("05", b05, t05, ["合计", "基本支出", "项目支出"], ["合计", "基本支出", "项目支出"], restated)
    for cat, b, f, r in [("合计", "50000", "41000", "48000"), ("因公出国（境）费", "0", "0", "0"),
                         ("公务用车购置及运行费/小计", "30000", "26000", "30000"),
                         ("公务用车购置及运行费/公务用车购置费", "0", "0", "0"),
                         ("公务用车购置及运行费/公务用车运行费", "30000", "26000", "30000"),
                         ("公务接待费", "20000", "15000", "18000")]:
        want[("09", None, None, f"{cat}/预算数", f"{cat}/决算数")] = (b, f, r)
    return want


def test_budget_vs_final_rows_are_exact(pair, capsys):
    rows = query(pair, capsys, "SELECT * FROM budget_vs_final")
    got = {(r["table_no"], r["side"], r["subject_code"] or r["row_label"], r["budget_measure"], r["final_measure"]):
           (dec(r["budget_yuan"]), dec(r["final_yuan"]), dec(r["difference_yuan"]), dec(r["restated_budget_yuan"]))
           for r in rows}
    assert len(got) == len(rows), "one row per item pair"
    want = {k: (dec(b), dec(f), dec(f) - dec(b) if b and f else None, dec(r)) for k, (b, f, r) in expected().items()}
    assert got == want
    assert {(r["department_key"], r["fiscal_year"], r["department"]) for r in rows} == {(KEY, 2025, DEPT)}
    t05_total = next(r for r in rows if r["table_no"] == "05" and r["row_label"] == "合计"
                     and r["budget_measure"] == "合计")
    assert (t05_total["budget_table"], t05_total["final_table"], t05_total["final_page"]) == ("B05", "T05", 3)


def test_gaps_example_lists_the_largest_gap_first(pair, capsys):
    rows = query(pair, capsys, "--example", "budget_vs_final_gaps")
    first = rows[0]
    assert (first["budget_table"], first["side"], first["row_label"], dec(first["difference_yuan"])) == \
        ("B01", "income", "一、一般公共预算财政拨款收入", D("-70000"))
    gaps = [abs(dec(r["difference_yuan"])) for r in rows]
    assert gaps == sorted(gaps, reverse=True)
    assert len(rows) == sum(1 for b, f, _ in expected().values() if b and f)


# ------------------------------------------------------------------ 2. one budget in two files: 表 and 说明
B01_SMALL = grid("B01", 2, ["收入", L, "支出", L], ["项目", "预算数", "项目", "预算数"],
                 ["一、一般公共预算财政拨款收入", "1,000.00", "一、一般公共服务支出", "1,000.00"],
                 ["收入总计", "1,000.00", "支出总计", "1,000.00"])


def narrative(title: str) -> list:
    return [Para(title), Para("一、部门主要职能"), Para(f"{DEPT}主要负责本市测试工作。"),
            Para("二、2025年部门预算情况说明"),
            Para(f"{DEPT}2025年收入预算1000元，支出预算1000元，比2024年预算增加100元，主要原因是人员增加。"),
            Para("三、其他重要事项的情况说明"), Para(f"截至2024年12月31日，{DEPT}共有车辆2辆。")]


SPLIT = {  # file name → (format, pieces)
    "测试局2025年部门预算（表）": ("html", [Para(f"{DEPT}2025年部门预算（表）"), Para("部门收支预算总表"),
                                       Para(UNIT_LINE), B01_SMALL]),
    "测试局2025年部门预算说明": ("docx", narrative(f"{DEPT}2025年部门预算说明")),
    "测试局2025年部门预算编制说明": ("html", narrative(f"{DEPT}2025年部门预算编制说明")),
    "关于测试局2025年部门预算的说明": ("docx", narrative(f"关于{DEPT}2025年部门预算的说明")),
}


@pytest.mark.parametrize("name", list(SPLIT))
def test_split_budget_files_share_department_year_kind_and_key(tmp_path, name):
    from pipeline.department_key import department_key
    from pipeline.runner import process

    fmt, pieces = SPLIT[name]
    doc = process(render(pieces, fmt, tmp_path / name))
    m = doc.metadata
    assert (m.department, m.fiscal_year, m.doc_kind) == (DEPT, 2025, "budget_department")
    assert department_key(m.region_code, m.department, m.doc_kind) == KEY
    assert doc.status == "ok", doc.errors
    assert [f.message for f in doc.findings if f.severity != "info"] == []
    assert [t.table_code for t in doc.tables] == (["B01"] if "（表）" in name else [])


def _coded_doc(first: str, name: str):
    """A PDF-like document in code: a title, a 目录 listing B01 and B09, a 说明 and one extra grid."""
    from pipeline.model import Block, Document, Provenance, Source
    from tests.test_classify_tables import make_grid

    texts = [(first, None), ("目录", "toc"), ("一、部门收支预算总表", "toc"), ("二、“三公”经费预算表", "toc"),
             ("一、部门主要职能", None), (f"{DEPT}主要负责本市测试工作。", None), ("机关运行经费预算", None)]
    blocks = [Block(index=i, kind="paragraph", text=t, style=s, prov=Provenance(origin="text", page=1 + i // 4))
              for i, (t, s) in enumerate(texts)]
    extra = make_grid([["项目", "预算数"], ["机关运行经费", "50.00"]], page=2)
    blocks.append(Block(index=len(blocks), kind="table", grid=extra, prov=Provenance(origin="text", page=2)))
    return Document(doc_id="0" * 64, source=Source(name=name, sha256="0" * 64, format="pdf", size=1, pages=2),
                    blocks=blocks)


def test_narrative_half_is_not_partial_for_tables_its_toc_lists():
    from pipeline.stages import run_stages

    doc = run_stages(_coded_doc(f"{DEPT}2025年部门预算说明", "测试局2025年部门预算说明.pdf"))
    assert doc.metadata.doc_kind == "budget_department"
    assert doc.status == "ok", doc.errors
    found = [f for f in doc.findings if f.rule_id == "document.missing_table"]
    want = [("info", "说明文件目录列有B01、B09，本文件未印表（表另文件公开）")]
    assert [(f.severity, f.message) for f in found] == want


def test_a_whole_budget_missing_its_listed_tables_stays_partial():
    from pipeline.stages import run_stages

    doc = run_stages(_coded_doc(f"{DEPT}2025年部门预算", "测试局2025年部门预算.pdf"))
    found = [(f.severity, f.table_code) for f in doc.findings if f.rule_id == "document.missing_table"]
    assert found == [("warning", "B01"), ("warning", "B09")]
    assert doc.status == "partial"


def test_a_section_titled_like_a_narrative_does_not_excuse_missing_tables():
    from pipeline.stages import run_stages

    doc = run_stages(_coded_doc("第三部分2025年部门预算情况说明", "测试局2025年部门预算.pdf"))
    assert {f.severity for f in doc.findings if f.rule_id == "document.missing_table"} == {"warning"}
    assert doc.status == "partial"


# ------------------------------------------------------------------ 3. bad budget input
def _budget(tmp_path: Path, name: str, *pieces) -> object:
    from pipeline.runner import process

    return process(render([Para(f"{DEPT}2025年部门预算"), *pieces], "html", tmp_path / name))


def _errors(doc, rule: str) -> list:
    return [f for f in doc.findings if f.rule_id == rule and f.severity == "error"]


def test_budget_whose_tables_and_narrative_name_another_year(tmp_path):
    doc = _budget(tmp_path, "测试局2025年部门预算", Para("2024年部门收支预算总表"), Para(UNIT_LINE), B01_SMALL,
                  Para("2024年部门预算情况说明"), Para("本部门2024年预算，收入1000元。"))
    assert doc.metadata.fiscal_year == 2025
    got = sorted((f.actual, f.expected, f.evidence) for f in _errors(doc, "document.fiscal_year"))
    assert got == [(2024.0, 2025.0, "2024年部门收支预算总表"), (2024.0, 2025.0, "2024年部门预算情况说明"),
                   (2024.0, 2025.0, "本部门2024年预算,收入1000元。")]


def test_budget_comparisons_and_prior_year_assets_are_no_other_year(tmp_path):
    doc = _budget(tmp_path, "测试局2025年部门预算", Para("2025年部门收支预算总表"), Para(UNIT_LINE), B01_SMALL,
                  *narrative(f"{DEPT}2025年部门预算情况说明")[1:],
                  Para("与2024年部门预算相比，2024年预算执行情况良好。"))
    assert _errors(doc, "document.fiscal_year") == []
    assert any(f.rule_id == "document.fiscal_year" for f in doc.findings) is False


def test_budget_asset_date_of_another_year_than_the_year_before(tmp_path):
    doc = _budget(tmp_path, "测试局2025年部门预算", Para("2025年部门收支预算总表"), Para(UNIT_LINE), B01_SMALL,
                  Para(f"截至2023年12月31日，{DEPT}共有车辆2辆。"))
    assert [(f.actual, f.expected) for f in _errors(doc, "document.fiscal_year")] == [(2023.0, 2024.0)]


def test_final_account_year_checks_are_unchanged(tmp_path):
    from pipeline.runner import process

    pieces = [Para(f"{DEPT}2025年度部门决算"), Para("截至2024年12月31日，共有车辆2辆。"),
              Para("2025年度部门预算执行良好。")]
    doc = process(render(pieces, "html", tmp_path / "测试局2025年度部门决算"))
    assert [(f.actual, f.expected) for f in _errors(doc, "document.fiscal_year")] == [(2024.0, 2025.0)]


def test_budget_b01_whose_sides_do_not_balance(tmp_path):
    b01 = grid("B01", 2, ["收入", L, "支出", L], ["项目", "预算数", "项目", "预算数"],
               ["一、一般公共预算财政拨款收入", "1,000.00", "一、一般公共服务支出", "900.00"],
               ["收入总计", "1,000.00", "支出总计", "900.00"])
    doc = _budget(tmp_path, "测试局2025年部门预算", Para("部门收支预算总表"), Para(UNIT_LINE), b01)
    errors = _errors(doc, "budget.balance")
    assert [(f.table_code, f.expected, f.actual) for f in errors] == [("B01", 1000.0, 900.0)]
    assert [i.amount_yuan for i in doc.line_items if i.row_label == "支出总计"] == [D("900.00")]


def test_b09_in_wan_yuan_inside_a_yuan_budget(tmp_path):
    b09 = grid("B09", 2, THREE_PUBLIC, THREE_PUBLIC_2, ["3.5", "1", "2", "0", "2", "0.5"])
    doc = _budget(tmp_path, "测试局2025年部门预算", Para("部门收支预算总表"), Para(UNIT_LINE), B01_SMALL,
                  Para("部门“三公”经费预算表"), Para(f"编制单位：{DEPT} 单位：万元"), b09,
                  Para("2025年“三公”经费预算3.5万元，其中因公出国（境）费1万元，公务用车购置及运行费2万元，公务接待费0.5万元。"))
    assert doc.metadata.source_unit == "元"
    assert [(t.table_code, t.unit) for t in doc.tables] == [("B01", "元"), ("B09", "万元")]
    got = {i.measure: i.amount_yuan for i in doc.line_items if i.table_code == "B09"}
    assert got == {"合计/预算数": D("35000.00"), "因公出国（境）费/预算数": D("10000.00"),
                   "公务用车购置及运行费/小计/预算数": D("20000.00"),
                   "公务用车购置及运行费/公务用车购置费/预算数": D("0.00"),
                   "公务用车购置及运行费/公务用车运行费/预算数": D("20000.00"), "公务接待费/预算数": D("5000.00")}
    assert [(f.rule_id, f.message) for f in doc.findings if f.severity in ("error", "warning")] == []
    assert doc.status == "ok"
