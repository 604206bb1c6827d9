"""`juesuan report`: the static site, checked as HTML and in a real headless Chromium.

The browser tests need Debian's chromium + chromium-driver and the selenium package (installed
by `make system-deps` and the dev extras); they skip when either is missing.  Selenium talks to
/usr/bin/chromedriver directly, so selenium-manager never downloads anything.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.analysis.report import build_report
from pipeline.analysis.report.grid import render_grid
from pipeline.analysis.report.highlight import flag_cells, matching_items
from pipeline.analysis.report.pages import DEFAULT_SCALE, image_name
from pipeline.analysis.serve import serve_in_thread
from pipeline.cli import main
from tests.conftest import SAMPLES
from tests.test_query import DOC_A, DOC_B, _cells, _line_items, build_tiny

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ALTERED = SAMPLES / "上海市普陀区财政局2024年度部门决算（含错误的修改版）.pdf"


class _Html(HTMLParser):
    """Collects ids, local hrefs, img srcs and the <tr>/<td> structure of tables."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.rows: dict[str, list[list[dict]]] = {}
        self._table: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "img":
            self.srcs.append(a["src"])
        if tag == "table" and a.get("id", "").startswith("grid-"):
            self._table = a["id"]
            self.rows[self._table] = []
        if tag == "tr" and self._table:
            self.rows[self._table].append([])
        if tag == "td" and self._table:
            self.rows[self._table][-1].append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None


def _parse(path: Path) -> _Html:
    p = _Html()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for page in (1, 2, 3):
        c.drawString(72, 760, f"Page {page}: 201 1,000.00 / 20101 600.00")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    pdf = _pdf(tmp_path / "a.pdf")
    out = build_tiny(tmp_path / "out", hashlib.sha256(pdf.read_bytes()).hexdigest(), pdf)
    return out, build_report(out).parent


def test_a_finding_points_at_the_failing_cell_only():
    items = _line_items(DOC_A)
    f = {"table_code": "T05", "subject_code": "201", "actual": 10000000.0, "page": 1}
    assert [li["row"] for li in matching_items(f, items)] == [1]
    assert [li["row"] for li in matching_items({**f, "subject_code": None}, items)] == [1, 3]  # by amount
    assert matching_items({**f, "subject_code": None, "actual": 1.0, "expected": None}, items) == []
    assert matching_items({**f, "table_code": "T04"}, items) == []
    assert [li["row"] for li in matching_items({**f, "actual": 5.0}, items)] == [1]  # subject alone
    flags = flag_cells([f, {**f, "severity": "error"}], items)
    assert list(flags) == [("t01", 1, 2)] and flags[("t01", 1, 2)][0]["severity"] == "error"


def test_grid_keeps_spans_and_covers_every_position():
    table = {"table_id": "t01", "n_rows": 4, "n_cols": 3, "page_start": 1}
    cells = _cells(DOC_A) + [{"doc_id": DOC_A, "table_id": "t01", "row": 1, "col": 0, "row_span": 2, "col_span": 1,
                              "text": "201", "page": 1}]
    cells = [c for c in cells if (c["row"], c["col"]) != (2, 0)]
    p = _Html()
    items = {("t01", li["row"], li["col"]): li for li in _line_items(DOC_A)}
    p.feed(render_grid(table, cells, {}, items, lambda page: f"#t01-p{page}"))
    rows = p.rows["grid-t01"]
    assert len(rows) == 4 and [len(r) for r in rows] == [3, 3, 2, 2]  # row 2 under a rowspan, row 3 a colspan
    assert rows[1][0]["rowspan"] == "2" and rows[3][0]["colspan"] == "2"
    assert p.hrefs == ["#t01-p1"] * 3 and rows[1][2]["class"] == "num"  # the three amounts link to page 1
    assert "class" not in rows[1][0] and "class" not in rows[2][0]  # subject codes are not numbers


def test_site_pages_link_to_what_exists(site: tuple[Path, Path]):
    out, root = site
    doc_id = json.loads((out / "manifest.json").read_text())["documents"][0]["doc_id"]
    index, page = _parse(root / "index.html"), _parse(root / "doc" / f"{doc_id}.html")
    assert f"doc/{doc_id}.html" in index.hrefs and f"doc/{DOC_B}.html" in index.hrefs
    text = (root / "index.html").read_text(encoding="utf-8")
    assert "<svg" in text and "玉林市测试局 2024" in text and "<script" not in text
    assert not re.search(r'(src|href)="(https?:)?//|url\(', text)  # nothing fetched from elsewhere
    assert len(page.rows["grid-t01"]) == 4
    flagged = page.rows["grid-t01"][1][2]
    assert flagged["class"] == "num flagged flag-error" and "hierarchy_sum" in flagged["title"]
    for href in page.hrefs:
        assert href.lstrip("#") in page.ids if href.startswith("#") else (root / "doc" / href).resolve().is_file()
    assert page.srcs == [f"../pages/{doc_id}/{image_name(1, DEFAULT_SCALE)}"]
    assert (root / "doc" / page.srcs[0]).resolve().is_file()
    assert {"t01-p1", "findings", "table-t01"} <= page.ids


def test_missing_source_still_gives_a_report(tmp_path: Path, capsys):
    out = build_tiny(tmp_path / "out")
    assert main(["report", str(out), "--site", str(tmp_path / "site")]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "site" / "index.html")
    html = (tmp_path / "site" / "doc" / f"{DOC_A}.html").read_text(encoding="utf-8")
    assert "source file not found" in html and "<img" not in html and 'class="num flagged flag-error"' in html


# --- in a browser -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian chromium and chromium-driver are not installed (make system-deps)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="juesuan-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1600,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _load(driver, url: str) -> list[dict]:
    """Open `url`, wait for it to finish loading, and return the console's error entries."""
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    driver.execute_script("return document.readyState")
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _cell(driver, table_id: str, row: int, col: int):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'#grid-{table_id} td[data-row="{row}"][data-col="{col}"]')


def test_browser_shows_the_planted_inconsistency(site: tuple[Path, Path], browser):
    from selenium.webdriver.common.by import By

    out, root = site
    server, base = serve_in_thread(root)
    try:
        assert _load(browser, base + "index.html") == []
        assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
        doc_id = json.loads((out / "manifest.json").read_text())["documents"][0]["doc_id"]
        assert _load(browser, f"{base}doc/{doc_id}.html") == []
        assert len(browser.find_elements(By.CSS_SELECTOR, "#grid-t01 tr")) == 4
        bad, good = _cell(browser, "t01", 1, 2), _cell(browser, "t01", 2, 2)
        assert "flag-error" in bad.get_attribute("class") and "flagged" not in (good.get_attribute("class") or "")
        assert bad.value_of_css_property("background-color") == "rgba(255, 215, 215, 1)"
        link = bad.find_element(By.TAG_NAME, "a")
        assert link.get_attribute("href").endswith("#t01-p1")
        link.click()
        image = browser.find_element(By.CSS_SELECTOR, "#t01-p1 img")
        assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 500
        assert browser.execute_script("return location.hash") == "#t01-p1"
    finally:
        server.shutdown()


def _altered_dataset(out: Path) -> Path:
    from pipeline.runner import process
    from pipeline.writers.dataset import write_document

    doc = process(ALTERED)
    if not doc.findings:  # until the validate stage runs inside process()
        validate = pytest.importorskip("pipeline.stages.validate")
        doc = validate.run(doc)
    if not doc.findings:
        pytest.skip("the validation stage finds nothing in the altered sample yet")
    write_document(doc, out)
    manifest = {"documents": [{"doc_id": doc.doc_id, "path": str(ALTERED), "status": "ok"}]}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return out


def test_browser_on_the_altered_sample(tmp_path: Path, browser):
    from selenium.webdriver.common.by import By

    out = _altered_dataset(tmp_path / "out")
    root = build_report(out).parent
    doc_id = hashlib.sha256(ALTERED.read_bytes()).hexdigest()
    server, base = serve_in_thread(root)
    try:
        assert _load(browser, f"{base}doc/{doc_id}.html") == []
        tables = {e.get_attribute("id"): e for e in browser.find_elements(By.CSS_SELECTOR, "section.tbl")}
        t05 = next(s for s in tables.values() if s.find_element(By.TAG_NAME, "h2").text.startswith("T05"))
        grid = t05.find_element(By.CSS_SELECTOR, "table.grid")
        n_rows = int(re.search(r"(\d+)×\d+", t05.find_element(By.TAG_NAME, "h2").text).group(1))
        assert len(grid.find_elements(By.TAG_NAME, "tr")) == n_rows
        row = next(r for r in grid.find_elements(By.TAG_NAME, "tr") if "行政运行" in r.text)
        # planted: the narrative says 行政运行's outturn exceeds its budget; the table prints 1,511.89 < 1,560.05
        flagged = row.find_elements(By.CSS_SELECTOR, "td.flag-error")
        assert [td.text for td in flagged][:1] == ["1,511.89"]
        images = t05.find_elements(By.CSS_SELECTOR, ".page-images img")
        assert images and all(browser.execute_script("return arguments[0].naturalWidth", i) > 500 for i in images)
        browser.save_screenshot(str(tmp_path / "altered.png"))
        assert (tmp_path / "altered.png").stat().st_size > 10_000
    finally:
        server.shutdown()


def test_index_tells_documents_of_one_department_and_year_apart(tmp_path: Path):
    """Issue 14 item 18: charts and the list show department, year, kind and source file, no cut doc_id."""
    from tests.test_query import write_rows

    out = build_tiny(tmp_path / "out")
    twin = "c" * 64
    write_rows(out, "documents", [
        {"doc_id": twin, "source_name": "a（修改版）.pdf", "source_format": "pdf", "doc_kind": "final_department",
         "fiscal_year": 2024, "region": "玉林市", "department": "玉林市测试局", "status": "ok", "aliases": []}], twin)
    write_rows(out, "facts", [{"doc_id": d, "key": "total_expenditure", "value": v, "unit": "yuan"}
                              for d, v in ((DOC_A, 1e7), (twin, 2e7))], "both")
    html = (build_report(out, tmp_path / "site")).read_text(encoding="utf-8")
    chart = html[html.index('<figure id="chart-total_expenditure">'):]
    chart = chart[:chart.index("</figure>")]
    assert chart.count("玉林市测试局 2024 部门决算") >= 4  # two bars: label and tooltip each
    assert "a.pdf" in chart and "a（修改版）.pdf" in chart
    shown = re.sub(r'href="[^"]*"', "", html)
    assert DOC_A[:6] not in shown and twin[:6] not in shown


def _text_source_table(out: Path) -> None:
    """Doc B (a .txt source) gets a T05 with line provenance, a rounding warning and an error finding."""
    from tests.test_query import write_rows

    write_rows(out, "tables", [{"doc_id": DOC_B, "table_id": "t01", "table_code": "T05", "title": "支出决算表",
                                "n_rows": 2, "n_cols": 3, "unit": "元"}], DOC_B)
    write_rows(out, "cells", [{"doc_id": DOC_B, "table_id": "t01", "row": r, "col": c, "row_span": 1, "col_span": 1,
                               "text": t, "line": 130 + r}
                              for r, row in enumerate([["科目编码", "科目名称", "合计"],
                                                       ["201", "一般公共服务支出", "19,932,300.00"]])
                              for c, t in enumerate(row)], DOC_B)
    write_rows(out, "line_items", [{"doc_id": DOC_B, "table_code": "T05", "row_label": "一般公共服务支出",
                                    "subject_code": "201", "subject_level": 1, "measure": "合计",
                                    "amount_yuan": Decimal("19932300.00"), "amount_text": "19,932,300.00",
                                    "table_id": "t01", "row": 1, "col": 2}], DOC_B)
    write_rows(out, "findings", [
        {"doc_id": DOC_B, "rule_id": "table.hierarchy_sum", "severity": "warning", "table_code": "T05",
         "subject_code": "201", "expected": 19932400.0, "actual": 19932300.0,
         "message": "T05 201 应等于其下各款之和：相差100.00元（在舍入容差±150.00元）"},
        {"doc_id": DOC_B, "rule_id": "narrative.change_ratio", "severity": "error", "expected": -1.0,
         "actual": -0.0187, "message": "变动率不符"}], DOC_B)


def test_findings_in_the_page_unit_rounding_as_info_and_text_lines(tmp_path: Path):
    """Issue 14 items 15, 16, 17."""
    from pipeline.analysis.report.units import shown_value

    out = build_tiny(tmp_path / "out")
    _text_source_table(out)
    site = build_report(out, tmp_path / "site").parent
    a = (site / "doc" / f"{DOC_A}.html").read_text(encoding="utf-8")
    # 15: the tiny T05 prints 万元: expected 6,000,000 yuan shows as 600.00 万元, labelled
    assert "<td class=\"n\">600.00 万元</td>" in a and "<td class=\"n\">1,000.00 万元</td>" in a
    findings = a[a.index('id="findings"'):a.index('<section class="tbl"')]
    assert "6000000" not in findings and "6,000,000" not in findings and "按页面单位" in findings
    b = (site / "doc" / f"{DOC_B}.html").read_text(encoding="utf-8")
    assert "19,932,400.00 元" in b and "-1.87%" in b and "-100.00%" in b
    # 16: the rounding warning paints no cell and is listed apart as info; ok with errors says so
    assert "flag-warning" not in b.split("<style>")[1].split("</style>")[1]
    assert "舍入差异" in b and '<span class="sev-info">info</span>' in b
    assert "ok — 但有 1 个错误发现" in a  # tiny A: status ok, one error finding
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "但有 1 个错误发现" in index
    # 17: a text source's table and finding say where by line, never p.None
    assert "p.None" not in b and "line 130–131" in b and "line 131" in b
    assert shown_value({"rule_id": "document.fiscal_year", "actual": 2023.0}, "actual", {}, None) == "2023 年"


def test_a_number_links_to_its_box_on_a_readable_page_image(tmp_path: Path):
    """Issue 14 item 19: the cell's bbox becomes a highlighted target on the page image; a wide
    table puts its page images below it at full width; every image links to its full size."""
    from tests.test_query import write_rows

    pdf = _pdf(tmp_path / "a.pdf")  # reportlab's default page: A4, 595.28 × 841.89 pt
    doc_id = hashlib.sha256(pdf.read_bytes()).hexdigest()
    out = build_tiny(tmp_path / "out", doc_id, pdf)
    cells = [{"row": 1, "col": 2, "prov": {"origin": "pdf", "page": 1, "bbox": [306.0, 198.0, 367.2, 217.8]}},
             {"row": 2, "col": 2, "prov": {"origin": "pdf", "page": 1, "bbox": None}}]
    (out / "json").mkdir()
    data = {"tables": [{"table_id": "t01", "grid": {"cells": cells}}]}
    (out / "json" / f"{doc_id}.json").write_text(json.dumps(data), encoding="utf-8")
    root = build_report(out).parent
    page = _parse(root / "doc" / f"{doc_id}.html")
    html = (root / "doc" / f"{doc_id}.html").read_text(encoding="utf-8")
    assert "#box-t01-1-2" in page.hrefs and "box-t01-1-2" in page.ids
    box = re.search(r'<a class="box" id="box-t01-1-2" href="#box-t01-1-2" style="([^"]+)"', html).group(1)
    got = [float(v) for v in re.findall(r"([\d.]+)%", box)]
    want = [100 * 306 / 595.28, 100 * 198 / 841.89, 100 * 61.2 / 595.28, 100 * 19.8 / 841.89]
    assert all(abs(g - w) < 0.1 for g, w in zip(got, want, strict=True)), (got, want)
    assert "#t01-p1" in page.hrefs  # the cell without a bbox still links to its page
    assert 'class="pair"' in html and "pair wide" not in html  # three columns: side by side
    full = f"../pages/{doc_id}/{image_name(1, DEFAULT_SCALE)}"
    assert f'href="{full}" target="_blank"' in html
    assert "a.box:target" in html  # the followed box is highlighted
    write_rows(out, "tables", [{"doc_id": doc_id, "table_id": "t01", "table_code": "T05", "title": "宽表",
                                "page_start": 1, "page_end": 1, "n_rows": 4, "n_cols": 12, "unit": "万元"}], doc_id)
    root = build_report(out).parent
    assert 'class="pair wide"' in (root / "doc" / f"{doc_id}.html").read_text(encoding="utf-8")
