"""Ready queries for `juesuan query OUT --examples` / `--example NAME`.

Each example is plain SQL over the views of `pipeline.analysis.views` (so it can be copied into
any DuckDB session that defines the same views).  Money stays in yuan, rates are fractions.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    name: str
    title: str  # 中文 / English, one line
    sql: str


_THREE_PUBLIC = """
-- 三公 by department and year: the T09 table's 决算数 where extracted, else the narrative's figure
WITH stated AS (
  SELECT doc_id,
    first(value ORDER BY page NULLS LAST, line) FILTER (WHERE key = 'three_public.total') AS total,
    first(value ORDER BY page NULLS LAST, line) FILTER (WHERE key = 'three_public.budget') AS budget,
    first(value ORDER BY page NULLS LAST, line) FILTER (WHERE key = 'three_public.outbound') AS outbound,
    first(value ORDER BY page NULLS LAST, line) FILTER (WHERE key = 'three_public.vehicle') AS vehicle,
    first(value ORDER BY page NULLS LAST, line) FILTER (WHERE key = 'three_public.reception') AS reception
  FROM facts WHERE key LIKE 'three_public.%' GROUP BY doc_id),
tabled AS (
  SELECT doc_id,
    sum(amount_yuan) FILTER (WHERE measure = '合计/决算数') AS total,
    sum(amount_yuan) FILTER (WHERE measure = '合计/预算数') AS budget,
    sum(amount_yuan) FILTER (WHERE measure = '因公出国（境）费/决算数') AS outbound,
    sum(amount_yuan) FILTER (WHERE measure = '公务用车购置及运行费/小计/决算数') AS vehicle,
    sum(amount_yuan) FILTER (WHERE measure = '公务接待费/决算数') AS reception
  FROM line_items WHERE table_code = 'T09' GROUP BY doc_id)
SELECT d.region, d.department, d.fiscal_year, d.doc_kind,
  coalesce(t.total, s.total) AS total_yuan,
  coalesce(t.budget, s.budget) AS budget_yuan,
  coalesce(t.outbound, s.outbound) AS outbound_yuan,
  coalesce(t.vehicle, s.vehicle) AS vehicle_yuan,
  coalesce(t.reception, s.reception) AS reception_yuan,
  CASE WHEN t.total IS NOT NULL THEN 'T09' ELSE 'narrative' END AS total_from
FROM documents d LEFT JOIN stated s USING (doc_id) LEFT JOIN tabled t USING (doc_id)
WHERE s.doc_id IS NOT NULL OR t.doc_id IS NOT NULL
ORDER BY d.region, d.department, d.fiscal_year
"""

_VARIANCE = """
-- Each functional item's outturn against its initial budget, largest gaps first
SELECT d.department, d.fiscal_year, d.source_name, b.path, b.subject_code,
  b.initial_budget_yuan, b.final_yuan,
  b.final_yuan - b.initial_budget_yuan AS variance_yuan,
  b.completion_rate, b.reason, b.page
FROM budget_execution b JOIN documents d USING (doc_id)
WHERE b.initial_budget_yuan IS NOT NULL AND b.final_yuan IS NOT NULL
ORDER BY abs(b.final_yuan - b.initial_budget_yuan) DESC, d.department, b.path
"""

_BUDGET_FINAL = """
-- Budget against final accounts, per department and year: the largest gaps between an item of a
-- published budget (B table) and the same item of the final accounts (T table), with the budget
-- as the 决算 restates it (T05 年初预算数, T09 预算数) where printed
SELECT department, fiscal_year, budget_table, final_table, side, subject_code, row_label,
  budget_measure, final_measure, budget_yuan, final_yuan, difference_yuan,
  round(difference_yuan / nullif(budget_yuan, 0), 4) AS difference_ratio,
  restated_budget_yuan, budget_page, final_page, department_key
FROM budget_vs_final
WHERE budget_yuan IS NOT NULL AND final_yuan IS NOT NULL
ORDER BY abs(difference_yuan) DESC, department_key, fiscal_year, table_no, subject_code, row_label
LIMIT 100
"""

_FAILED = """
-- Documents ranked by failed identities (error findings), with the rules that failed
SELECT any_value(d.department) AS department, any_value(d.fiscal_year) AS fiscal_year,
  any_value(d.source_name) AS source_name, any_value(d.status) AS status,
  any_value(d.checks) AS checks, any_value(d.checks_failed) AS checks_failed,
  count(f.rule_id) FILTER (WHERE f.severity = 'error') AS errors,
  count(f.rule_id) FILTER (WHERE f.severity = 'warning') AS warnings,
  string_agg(DISTINCT f.rule_id, ', ' ORDER BY f.rule_id) FILTER (WHERE f.severity = 'error') AS failed_rules
FROM documents d LEFT JOIN findings f USING (doc_id)
GROUP BY d.doc_id
ORDER BY errors DESC, checks_failed DESC NULLS LAST, source_name
"""

_MISSED = """
-- 绩效 indicators whose actual value misses the printed target, or that lost points
SELECT d.department, i.scope, i.subject, i.level2, i.indicator, i.target_text, i.actual_text,
  i.weight, i.score, i.deviation_note
FROM perf_indicators i JOIN documents d USING (doc_id)
WHERE (i.target_op = '≥' AND i.actual_value < i.target_value)
   OR (i.target_op = '>' AND i.actual_value <= i.target_value)
   OR (i.target_op = '≤' AND i.actual_value > i.target_value)
   OR (i.target_op = '<' AND i.actual_value >= i.target_value)
   OR (i.target_op = '=' AND i.actual_value <> i.target_value)
   OR i.score < i.weight
ORDER BY d.department, i.subject, i.level2, i.indicator
"""

_OVERVIEW = """
-- Documents by kind and status, with pages and OCR
SELECT doc_kind, status, count(*) AS documents, sum(pages) AS pages,
  count(*) FILTER (WHERE ocr) AS ocr_documents, sum(checks_failed) AS failed_identities
FROM documents GROUP BY ALL ORDER BY doc_kind, status
"""

EXAMPLES: dict[str, Example] = {e.name: e for e in [
    Example("three_public", "三公经费（按部门、年度）/ 三公 spending by department and year", _THREE_PUBLIC),
    Example("budget_variance", "预算与决算差异 / Outturn against initial budget by functional item", _VARIANCE),
    Example("budget_vs_final_gaps", "预算与决算的最大差距（按部门、年度）/ Largest gaps between published budget "
            "and final accounts", _BUDGET_FINAL),
    Example("failed_identities", "勾稽不符最多的文档 / Documents with the most failed identities", _FAILED),
    Example("missed_targets", "未达目标的绩效指标 / Performance indicators that missed their targets", _MISSED),
    Example("overview", "文档概况 / Documents by kind and status", _OVERVIEW),
]}


def listing() -> str:
    """The examples as `name  title` lines followed by their SQL, for --examples."""
    parts = []
    for e in EXAMPLES.values():
        parts.append(f"{e.name}: {e.title}\n{e.sql.strip()}\n")
    return "\n".join(parts)
