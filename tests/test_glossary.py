"""The glossary stage: 名词解释 entries in the numbering and punctuation styles seen in print."""
from __future__ import annotations

from pipeline.model import Block, Document, Provenance, Source
from pipeline.stages import glossary, sections


def _doc(lines: list[str], page: int | None = None) -> Document:
    blocks = [Block(index=i, kind="paragraph", text=t, prov=Provenance(origin="text", page=page, line_start=i + 1))
              for i, t in enumerate(lines)]
    src = Source(name="t.txt", sha256="0" * 64, format="txt", size=1)
    return sections.run(Document(doc_id="0" * 64, source=src, blocks=blocks))


def entries(lines: list[str], page: int | None = None) -> list[tuple[str, str]]:
    return [(e.term, e.definition) for e in glossary.run(_doc(lines, page)).glossary]


def test_part_four_entries_ascii_and_full_width():
    got = entries(["第三部分 情况说明", "一、收入决算情况说明", "本年收入合计10万元。",
                   "第四部分 名词解释",
                   "一、财政拨款收入:指玉林市财政部门当年拨付的资金。",
                   "二、“三公”经费：指单位使用本级财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
                   "十三、机关运行经费:为保障行政单位运行用于购买货物和服务的各项资金。",
                   "关联文件:"])
    assert got == [("财政拨款收入", "指玉林市财政部门当年拨付的资金。"),
                   ("“三公”经费",
                    "指单位使用本级财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"),
                   ("机关运行经费", "为保障行政单位运行用于购买货物和服务的各项资金。")]


def test_arabic_numbering_under_a_level_two_heading_and_shi_zhi():
    got = entries(["第三部分 情况说明", "十二、名词解释", "1.财政拨款收入：是指本级财政当年拨付的资金。",
                   "(2)事业收入 指事业单位开展专业业务活动及其辅助活动取得的收入。"])
    assert got == [("财政拨款收入", "是指本级财政当年拨付的资金。"),
                   ("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。")]


def test_wrapped_definition_and_term_heading():
    got = entries(["第四部分 名词解释", "一、基本支出：指单位为保障机构正常运转、完成日常工作任务而发生的",
                   "各项支出。", "二、项目支出", "指单位为完成特定的行政工作任务在基本支出之外发生的各项支出。"],
                  page=25)
    assert got == [("基本支出", "指单位为保障机构正常运转、完成日常工作任务而发生的各项支出。"),
                   ("项目支出", "指单位为完成特定的行政工作任务在基本支出之外发生的各项支出。")]
    doc = _doc(["第四部分 名词解释", "一、经营支出：指经营活动发生的支出。"], 25)
    assert [e.page for e in glossary.run(doc).glossary] == [25]


def test_unnumbered_title_line_starts_a_run_that_ends_at_the_next_text():
    got = entries(["目录", "三、名词解释", "四、部门预算编制说明",
                   "某街道办事处是区政府的派出机关，依据法律法规的规定履行相应的政府服务管理职能，负责辖区的综合管理。",
                   "名词解释",
                   "（一）财政拨款收入：是本年度从本级财政部门取得的财政拨款。",
                   "（二）事业收入：指事业单位取得的收入。",
                   "2025年部门预算编制说明", "2025年，收入预算100万元。"])
    assert got == [("财政拨款收入", "是本年度从本级财政部门取得的财政拨款。"), ("事业收入", "指事业单位取得的收入。")]


def test_no_glossary_section_means_no_entries_and_toc_is_ignored():
    assert entries(["目 录", "第一部分 概况", "第四部分 名词解释", "第一部分 概况", "一、财政拨款收入:指资金。"]) == []
    doc = _doc(["第三部分 情况说明", "一、收入决算情况说明", "本年收入合计10万元。"])
    assert glossary.run(doc) is doc
