"""Chinese and English descriptions of every table and every column of the dataset, written once.

`TABLES` maps a table to (中文, English); `field(table, column)` gives a column's (中文, English),
looked up in the table's own entries first, then in `COMMON` (columns shared by many tables).
A test asserts every column of `pipeline.writers.columns.TABLES` has both.  The data package
(`datapackage.py`) and anything else that explains the data read them from here.
"""
from __future__ import annotations

Text = tuple[str, str]

TABLES: dict[str, Text] = {
    "documents": ("每个源文件一行：文件、部门、年度、状态与校验摘要",
                  "One row per source file: file, department, year, status and validation summary"),
    "sections": ("标题树：各部分、章节及其正文", "The heading tree: parts, sections and their body text"),
    "tables": ("文档中的每张表（用于核对）", "Every table of a document, as a grid for audit"),
    "cells": ("表格的每个单元格，含合并单元格跨度", "Every cell of every table, with row and column spans"),
    "line_items": ("九张标准决算表中的每个金额，整洁记录",
                   "Every amount of the nine standard tables as a tidy record"),
    "facts": ("情况说明中陈述的数字", "The figures stated in the narrative (情况说明)"),
    "budget_execution": ("功能分类科目的年初预算与决算对比",
                         "Each functional item's initial budget against its outturn"),
    "perf_subjects": ("绩效自评表的项目或部门", "The project or department of each performance self-evaluation table"),
    "perf_funds": ("绩效自评表的资金情况", "The funds rows of the performance self-evaluation tables"),
    "perf_indicators": ("绩效自评表的绩效指标", "The indicators of the performance self-evaluation tables"),
    "findings": ("校验（勾稽）发现的问题", "What validation (accounting identities) found"),
    "glossary": ("名词解释", "The glossary (名词解释)"),
}

COMMON: dict[str, Text] = {
    "doc_id": ("源文件字节的 SHA-256（小写十六进制），文档标识", "Lowercase hex SHA-256 of the source file's bytes"),
    "page": ("所在页码（从 1 开始；无分页的来源为空）", "1-based page number (null for sources without pages)"),
    "table_id": ("文档内的表格标识（对应 tables.table_id）", "Table identifier within the document (tables.table_id)"),
    "table_code": ("表格代码：T01–T09 决算标准表、B01–B09 预算标准表、PERF_PROJECT、PERF_DEPARTMENT 或 OTHER",
                   "Table code: T01–T09 (决算) or B01–B09 (预算), PERF_PROJECT, PERF_DEPARTMENT or OTHER"),
    "row": ("在表格网格中的行号（从 0 开始）", "0-based row in the table grid"),
    "col": ("在表格网格中的列号（从 0 开始）", "0-based column in the table grid"),
    "subject_code": ("科目编码（仅数字，完整编码）", "Subject code, digits only, the full code"),
    "evidence": ("数据所在的原文句子", "The source sentence the value came from"),
    "reason": ("原文陈述的主要原因", "The stated main reason (主要原因)"),
    "line": ("文本来源中的行号（从 1 开始）", "1-based line in a text source"),
    "scope": ("范围：project（项目）或 department（部门整体）", "Scope: project or department"),
    "subject": ("项目名称或部门名称（按原文）", "Project or department name, as printed"),
    "page_start": ("起始页码", "First page"),
    "page_end": ("结束页码", "Last page"),
    "title": ("标题（按原文）", "Title as printed"),
    "text": ("文本（按原文，已修复换行）", "Text as printed, line wraps repaired"),
}

FIELDS: dict[str, dict[str, Text]] = {
    "documents": {
        "source_name": ("源文件名", "Source file name"),
        "source_format": ("源文件格式：pdf、docx、doc、wps、html、txt、xlsx、xls",
                          "Source format: pdf, docx, doc, wps, html, txt, xlsx, xls"),
        "doc_kind": ("文档类型：部门决算、单位决算、部门预算、单位预算或未知",
                     "Document kind: final_department, final_unit, budget_department, budget_unit or unknown"),
        "fiscal_year": ("财政年度", "Fiscal year"),
        "region": ("地区（按原文，如 玉林市）", "Region as printed, e.g. 玉林市"),
        "region_code": ("六位 GB/T 2260 行政区划代码（无法确定时为空）",
                        "Six-digit GB/T 2260 administrative-division code (null when unresolved)"),
        "department_key": ("报告主体的稳定键：行政区划代码:规范化名称:范围（部门或单位），"
                           "同一部门的预算与决算、各年度相同；地区无法确定时为空",
                           "The reporting entity's stable key, region_code:normalised name:scope (部门 or 单位), the "
                           "same across years and across its budgets and final accounts; null when no region resolves"),
        "department": ("部门全称（按原文）", "Full department name as printed"),
        "source_unit": ("标准表的金额单位：元或万元", "Unit the standard tables print: 元 or 万元"),
        "pages": ("页数", "Number of pages"),
        "ocr": ("是否有页面需要 OCR", "Whether any page needed OCR"),
        "status": ("处理状态：ok、partial、failed", "Extraction status: ok, partial, failed"),
        "error": ("错误说明（成功时为空）", "Error text (null when ok)"),
        "schema_version": ("写入该行的数据结构版本", "Schema version that wrote the row"),
        "pipeline_version": ("写入该行的程序版本", "Pipeline version that wrote the row"),
        "title": ("文档标题", "Document title"),
        "encoding": ("文本来源的字符编码", "Character encoding of a text source"),
        "size_bytes": ("源文件大小（字节）", "Source file size in bytes"),
        "checks": ("已检查的勾稽关系数", "Identities checked"),
        "checks_passed": ("通过的勾稽关系数", "Identities that passed"),
        "checks_failed": ("未通过的勾稽关系数", "Identities that failed"),
        "aliases": ("内容相同的其他文件名", "Other file names with the same bytes"),
    },
    "sections": {
        "section_id": ("章节标识", "Section identifier"),
        "parent_id": ("上级章节标识", "Parent section identifier"),
        "level": ("层级：1 第X部分，2 一、，3 （一），4 1.，5 (1)",
                  "Level: 1 第X部分, 2 一、, 3 （一）, 4 1., 5 (1)"),
        "number": ("编号（按原文，如 第三部分、一、（一））", "Number as printed (第三部分, 一, （一） …)"),
        "text": ("正文（已修复换行）", "Body text, line wraps repaired"),
    },
    "tables": {
        "n_rows": ("行数", "Number of rows"),
        "n_cols": ("列数", "Number of columns"),
        "unit": ("表格标注的金额单位", "Unit printed on the table"),
        "note": ("表注（注：……）", "The table's note (注：…)"),
        "checks": ("本表表内勾稽关系检查数", "Identities within this table that were checked"),
        "checks_failed": ("本表表内未通过的勾稽关系数", "Of them, those off by more than rounding"),
    },
    "cells": {
        "row_span": ("合并的行数", "Rows the cell spans"),
        "col_span": ("合并的列数", "Columns the cell spans"),
        "text": ("单元格文本（按原文）", "Cell text as printed"),
        "confidence": ("识别置信度（OCR 时）", "Recognition confidence (OCR)"),
    },
    "line_items": {
        "side": ("收入或支出（T01/T04 两栏表），其他为空",
                 "income or expenditure for the two-sided T01/T04, else null"),
        "row_label": ("行名称（按原文）", "Row name as printed"),
        "subject_level": ("科目级次：1 类，2 款，3 项", "Subject level: 1 类, 2 款, 3 项"),
        "measure": ("规范列名，多级表头以 / 连接", "Canonical column name, header levels joined by /"),
        "amount_yuan": ("金额（元）", "Amount in yuan"),
        "amount_text": ("金额原文", "Amount as printed"),
    },
    "facts": {
        "key": ("指标键，如 total_income、three_public.total", "Fact key, e.g. total_income, three_public.total"),
        "value": ("数值：金额为元，比率为小数，其他为计数",
                  "Value: yuan for money, a fraction for rates, else a count"),
        "unit": ("单位：yuan、count、ratio、persons、vehicles、batches",
                 "Unit: yuan, count, ratio, persons, vehicles, batches"),
        "compared_to": ("比较对象：prior_year（上年）、initial_budget（年初预算）或空",
                        "Compared to: prior_year, initial_budget or null"),
        "change_value": ("变动额", "Change against the comparison"),
        "change_ratio": ("变动比例（小数）", "Change ratio as a fraction"),
        "section_id": ("所在章节标识", "Section the sentence is in"),
    },
    "budget_execution": {
        "path": ("类/款/项 名称以 / 连接", "类/款/项 names joined by /"),
        "initial_budget_yuan": ("年初预算数（元）", "Initial budget in yuan"),
        "final_yuan": ("决算数（元）", "Outturn in yuan"),
        "completion_rate": ("完成率（小数）", "Completion rate as a fraction"),
    },
    "perf_subjects": {
        "code": ("项目编码或部门编码", "Project or department code"),
        "implementing_unit": ("实施单位", "Implementing unit"),
        "authority": ("主管部门", "Supervising authority"),
        "total_score": ("总分", "Total score"),
        "execution_score": ("预算执行得分", "Budget-execution points"),
        "goal": ("年度绩效目标", "Annual performance goal"),
    },
    "perf_funds": {
        "fund_source": ("资金来源（合计、一般公共预算拨款 …）", "Fund source (合计, 一般公共预算拨款 …)"),
        "initial_yuan": ("年初预算数（元）", "Initial budget in yuan"),
        "adjustment_yuan": ("调整预算数（元）", "Budget adjustment in yuan"),
        "adjusted_yuan": ("全年预算数（元）", "Adjusted full-year budget in yuan"),
        "actual_yuan": ("全年执行数（元）", "Full-year outturn in yuan"),
        "execution_rate": ("执行率（小数）", "Execution rate as a fraction"),
    },
    "perf_indicators": {
        "level1": ("一级指标", "First-level indicator"),
        "level2": ("二级指标", "Second-level indicator"),
        "indicator": ("指标内容（三级指标）", "Indicator (third level)"),
        "target_text": ("指标值（按原文）", "Target as printed"),
        "target_op": ("目标比较符：≥ ≤ = > <", "Target comparison: ≥ ≤ = > <"),
        "target_value": ("目标数值（按原文数字）", "Target number as printed"),
        "target_unit": ("目标单位（项、%、元/件 …）", "Target unit (项, %, 元/件 …)"),
        "weight": ("分值", "Weight (points)"),
        "actual_text": ("实际完成值（按原文）", "Actual value as printed"),
        "actual_value": ("实际完成数值", "Actual number"),
        "score": ("指标得分", "Score"),
        "completion_note": ("完成情况", "Completion note"),
        "deviation_note": ("偏差原因及改进措施", "Deviation reasons and improvements"),
    },
    "findings": {
        "rule_id": ("规则标识", "Rule identifier"),
        "severity": ("严重程度：error、warning、info", "Severity: error, warning, info"),
        "message": ("问题说明", "What does not add up"),
        "expected": ("应有值（元或小数）", "Expected value (yuan, or a fraction for rates)"),
        "actual": ("实际值（元或小数）", "Actual value (yuan, or a fraction for rates)"),
    },
    "glossary": {
        "term": ("名词", "Term"),
        "definition": ("解释", "Definition"),
    },
}


def field(table: str, column: str) -> Text:
    """(中文, English) of a column; KeyError when it is described nowhere."""
    own = FIELDS.get(table, {})
    if column in own:
        return own[column]
    return COMMON[column]
