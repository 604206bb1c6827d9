"""The `budget_vs_final` view: a department's published budget beside its final accounts.

For each department_key and fiscal_year with a budget (doc_kind budget_*) and a final account
(final_*) of the same scope, every line item of a B table stands beside the line item of the T
table with the same number (B05 ↔ T05), side, subject_code (row_label where a row prints no
code) and measure; `difference_yuan` is final − budget.  An item printed on one side only keeps
its row with NULLs on the other (a full outer join: nothing is dropped, nothing is guessed).

The B and T tables name some measures differently; `MEASURES` maps them explicitly (B01 预算数 ↔
T01 决算数, B02 合计 ↔ T02 本年收入合计, B03 合计 ↔ T03 本年支出合计 …); B09's “X/预算数” pairs
with T09's “X/决算数”.  The budget as the 决算 restates it — T05's 年初预算数 and T09's “X/预算数”
— is not an outturn: it is shown as `restated_budget_yuan` beside the published budget (B05 合计,
B09 X/预算数) and does not appear as a final item of its own.
"""
from __future__ import annotations

# (table number, B measure) → T measure; an unlisted measure pairs with the same name
MEASURES: dict[tuple[str, str], str] = {
    ("01", "预算数"): "决算数",
    ("02", "合计"): "本年收入合计",
    ("02", "预算数"): "本年收入合计",
    ("02", "事业单位经营收入"): "经营收入",
    ("03", "合计"): "本年支出合计",
    ("04", "预算数"): "决算数",
    ("04", "一般公共预算"): "一般公共预算财政拨款",
    ("04", "政府性基金预算"): "政府性基金预算财政拨款",
    ("04", "国有资本经营预算"): "国有资本经营预算财政拨款",
    ("06", "合计"): "决算数",
    ("07", "合计"): "本年支出/小计",
    ("07", "基本支出"): "本年支出/基本支出",
    ("07", "项目支出"): "本年支出/项目支出",
    ("08", "合计"): "本年支出/小计",
    ("08", "基本支出"): "本年支出/基本支出",
    ("08", "项目支出"): "本年支出/项目支出",
}

# the measures of a T table that restate the budget: (table number, T measure pattern) → B measure
RESTATED_T05 = "年初预算数"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _measure_values() -> str:
    rows = ", ".join(f"({_literal(n)}, {_literal(b)}, {_literal(t)})" for (n, b), t in MEASURES.items())
    return f"(VALUES {rows}) AS m(table_no, b_measure, t_measure)"


def view_sql() -> str:
    """CREATE VIEW budget_vs_final over the `documents` and `line_items` views."""
    return f"""
CREATE OR REPLACE VIEW budget_vs_final AS
WITH keyed AS (
  SELECT doc_id, department_key, fiscal_year, department, doc_kind FROM documents
  WHERE department_key IS NOT NULL AND fiscal_year IS NOT NULL),
docs AS (
  SELECT * FROM keyed WHERE (department_key, fiscal_year) IN (
    SELECT (department_key, fiscal_year) FROM keyed GROUP BY department_key, fiscal_year
    HAVING bool_or(doc_kind LIKE 'budget_%') AND bool_or(doc_kind LIKE 'final_%'))),
items AS (
  SELECT d.department_key, d.fiscal_year, d.department, d.doc_kind, li.*,
    substr(li.table_code, 2, 2) AS table_no,
    coalesce(li.subject_code, regexp_replace(li.row_label, '\\s+', '', 'g')) AS match_key
  FROM line_items li JOIN docs d USING (doc_id)
  WHERE regexp_matches(li.table_code, '^[BT]0[1-9]$')),
b AS (
  SELECT i.*,
    CASE WHEN i.table_no = '09' AND i.measure LIKE '%预算数'
         THEN regexp_replace(i.measure, '预算数$', '决算数')
         ELSE coalesce(m.t_measure, i.measure) END AS t_measure
  FROM items i LEFT JOIN {_measure_values()} ON m.table_no = i.table_no AND m.b_measure = i.measure
  WHERE i.table_code LIKE 'B%' AND i.doc_kind LIKE 'budget_%'),
t_all AS (SELECT * FROM items WHERE table_code LIKE 'T%' AND doc_kind LIKE 'final_%'),
restated AS (
  SELECT department_key, fiscal_year, table_no, side, match_key,
    CASE WHEN table_no = '05' THEN '合计' ELSE measure END AS b_measure,
    any_value(amount_yuan) AS restated_yuan, any_value(doc_id) AS restated_doc_id
  FROM t_all
  WHERE (table_no = '05' AND measure = {_literal(RESTATED_T05)}) OR (table_no = '09' AND measure LIKE '%预算数')
  GROUP BY ALL),
t AS (
  SELECT * FROM t_all
  WHERE NOT ((table_no = '05' AND measure = {_literal(RESTATED_T05)}) OR (table_no = '09' AND measure LIKE '%预算数')))
SELECT
  coalesce(b.department_key, t.department_key) AS department_key,
  coalesce(b.fiscal_year, t.fiscal_year) AS fiscal_year,
  coalesce(b.department, t.department) AS department,
  coalesce(b.table_no, t.table_no) AS table_no,
  b.table_code AS budget_table, t.table_code AS final_table,
  coalesce(b.side, t.side) AS side,
  coalesce(b.subject_code, t.subject_code) AS subject_code,
  coalesce(b.row_label, t.row_label) AS row_label,
  b.measure AS budget_measure, t.measure AS final_measure,
  b.amount_yuan AS budget_yuan, t.amount_yuan AS final_yuan,
  t.amount_yuan - b.amount_yuan AS difference_yuan,
  r.restated_yuan AS restated_budget_yuan,
  b.doc_id AS budget_doc_id, t.doc_id AS final_doc_id,
  b.page AS budget_page, t.page AS final_page
FROM b
FULL OUTER JOIN t
  ON t.department_key = b.department_key AND t.fiscal_year = b.fiscal_year AND t.table_no = b.table_no
 AND t.side IS NOT DISTINCT FROM b.side AND t.match_key IS NOT DISTINCT FROM b.match_key
 AND t.measure = b.t_measure
LEFT JOIN restated r
  ON r.department_key = b.department_key AND r.fiscal_year = b.fiscal_year AND r.table_no = b.table_no
 AND r.side IS NOT DISTINCT FROM b.side AND r.match_key IS NOT DISTINCT FROM b.match_key
 AND r.b_measure = b.measure
"""
