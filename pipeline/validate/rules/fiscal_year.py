"""document.fiscal_year — every year the document gives as its own agrees with its fiscal year.

"第三部分 …2023年度部门决算情况说明" in a 2024 决算, or "截至2023年12月31日，…共有车辆" (the asset
date is the fiscal year's end), is an error.  Other years (与2023年度相比) are comparisons and
are not read.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.records import Finding
from pipeline.validate.context import Context
from pipeline.validate.identity import Outcome, Passed
from pipeline.validate.lines import lines

RULE_ID = "document.fiscal_year"
OWN_YEAR = re.compile(r"(\d{4})年度?(?:部门|单位)(?:决算|决算表|决算情况说明|决算报表)")
YEAR_END = re.compile(r"截[至止](\d{4})年(?:12月31日|年?底|年?末)")


def check(ctx: Context) -> Iterator[Outcome]:
    year = ctx.doc.metadata.fiscal_year
    if year is None:
        return
    seen: set[tuple[str, str]] = set()
    for line in lines(ctx.doc):
        for rx, what in ((OWN_YEAR, "标题/正文所述决算年度"), (YEAR_END, "资产统计截止日期")):
            for m in rx.finditer(line.text):
                printed = int(m.group(1))
                if printed == year:
                    yield Passed(RULE_ID)
                    continue
                if (m.group(0), line.text) in seen:
                    continue
                seen.add((m.group(0), line.text))
                yield Finding(rule_id=RULE_ID, severity="error", expected=float(year), actual=float(printed),
                              page=line.page, evidence=line.text[:200],
                              message=f"{what}为{printed}年，与文档决算年度{year}年不一致：“{m.group(0)}”")
