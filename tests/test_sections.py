from __future__ import annotations

from pipeline.headings import heading, numbering
from pipeline.model import Block, Provenance
from pipeline.stages.sections import build_sections


def blocks(lines: list[str]) -> list[Block]:
    return [Block(index=i, kind="paragraph", text=t, prov=Provenance(origin="text", line_start=i + 1))
            for i, t in enumerate(lines)]


def test_heading_levels_and_numbers_as_printed():
    assert heading("第三部分:某局2024年度部门决算情况说明") == numbering("第三部分:某局2024年度部门决算情况说明")
    assert (heading("第三部分 情况说明").level, heading("第三部分 情况说明").number) == (1, "第三部分")
    assert (heading("一、收入支出决算总体情况说明").level, heading("一、收入支出决算总体情况说明").number) == (2, "一")
    assert heading("（一）机关运行经费支出情况说明。").number == "（一）"
    assert heading("(二)政府采购支出情况说明").level == 3
    assert heading("1.绩效管理工作开展情况").level == 4
    assert heading("(1)项目绩效自评总体情况").level == 5
    assert heading("十一、其他重要事项说明").number == "十一"


def test_numbered_sentences_are_body_text():
    assert heading("1.一般公共预算财政拨款收入1954.42万元,为本级财政当年拨付的资金。") is None
    assert heading("一、财政拨款收入:指本级财政部门当年拨付的资金。") is None
    assert heading("2024年度收入支出决算总体情况") is None
    assert heading("1.5万元") is None


def test_toc_is_set_aside_and_body_tree_built():
    doc = blocks(["目 录", "第一部分 某局概况", "一、主要职能", "第二部分 情况说明", "一、收入支出决算总体情况说明",
                  "第一部分 某局概况", "一、主要职能", "负责全区财政工作。", "第二部分 情况说明",
                  "一、收入支出决算总体情况说明", "本年收入合计100万元。", "（一）收入情况", "收入增加。"])
    secs = build_sections(doc)
    toc = secs[0]
    assert (toc.title, toc.level) == ("目录", 1) and "第二部分 情况说明" in toc.text
    body = secs[1:]
    assert [(s.level, s.number, s.title) for s in body] == [
        (1, "第一部分", "某局概况"), (2, "一", "主要职能"), (1, "第二部分", "情况说明"),
        (2, "一", "收入支出决算总体情况说明"), (3, "（一）", "收入情况")]
    by_id = {s.section_id: s for s in body}
    assert by_id[body[4].parent_id].title == "收入支出决算总体情况说明"
    assert body[1].text == "负责全区财政工作。" and body[3].text == "本年收入合计100万元。"


def test_yulin_sections(yulin_doc):
    titles = [(s.level, s.number, s.title) for s in yulin_doc.sections]
    assert titles[0][2] == "目录"
    assert (2, "六", "财政拨款安排的“三公”经费支出决算情况说明") in titles
    part3 = next(s for s in yulin_doc.sections if s.number == "第三部分")
    kids = [s.title for s in yulin_doc.sections if s.parent_id == part3.section_id]
    assert kids[:2] == ["2024年度收入支出决算总体情况", "2024年度一般公共预算财政拨款支出决算情况"]
    first = next(s for s in yulin_doc.sections if s.title == "2024年度收入支出决算总体情况")
    assert "本部门2024年度总收入1993.23万元" in first.text


def test_text_after_the_toc_does_not_join_it():
    doc = blocks(["目 录", "一、收入支出预算总表", "二、收入预算表",
                  "本部门2025年部门预算按照财政部门要求编制，现将有关情况说明如下，请予审议和监督。",
                  "一、部门主要职能"])
    secs = build_sections(doc)
    toc = secs[0]
    assert "本部门2025年部门预算" not in toc.text
    assert [(s.title, s.parent_id) for s in secs[1:]] == [("部门主要职能", None)]
