"""A layout-variant generator for 决算 documents (issue 12, "Tests").

`model` holds one logical 决算 document (T01 two-sided, T02, T03, T05, T06, T09) with its exact
gold line items; `transforms` turns it into printed tables under composable `Variant` options
(furniture columns and rows, header wording, header shape, units, code columns, continuation,
titles); `render` writes the printed document as HTML, Word, Excel, text PDF or scraped pipe
text; `score` computes line-item F1 the way /work/shared/eval/score.py does.
"""
