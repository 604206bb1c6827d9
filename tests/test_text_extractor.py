"""Text sources: encodings detected (never guessed), paragraphs rebuilt, bad input explained."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors import ExtractionError, extract
from extractors.web.text import decode, lines_to_blocks
from pipeline.runner import process

TEXT = "第一部分:某某市财政局概况\n一、部门职责\n本部门2024年度总收入1993.23万元,其中本年收入1964.05万元。\n"


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"),
    ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
])
def test_encodings_are_detected(tmp_path: Path, encoding, expected):
    p = tmp_path / "doc.txt"
    p.write_bytes(TEXT.encode(encoding))
    doc = extract(p)
    assert doc.source.encoding == expected
    assert "本部门2024年度总收入1993.23万元" in " ".join(b.text for b in doc.blocks)


def test_binary_garbage_is_refused_with_a_reason():
    data = bytes(range(256)) * 40
    with pytest.raises(ExtractionError, match="not text in UTF-8, UTF-16 or GBK"):
        decode(data, "garbage.txt")


def test_bad_files_fail_alone(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    empty, garbage = process(tmp_path / "empty.txt"), process(tmp_path / "garbage.txt")
    assert empty.status == "failed" and "empty (0 bytes)" in empty.errors[0].reason
    assert garbage.status == "failed" and "not text" in garbage.errors[0].reason


def test_a_sentence_broken_across_lines_is_one_paragraph():
    lines = ["6.其他收入9.62万元,为预算单位在“财政拨款收入”", "“事业收入”“经营收入”之外取得的收入。",
             "7.使用非财政拨款结余0万元。"]
    blocks, _ = lines_to_blocks(lines)
    assert [b.text for b in blocks] == [lines[0] + lines[1], lines[2]]
    assert (blocks[0].prov.line_start, blocks[0].prov.line_end) == (1, 2)


def test_headings_and_list_lines_are_not_joined():
    lines = ["目 录", "表一:收入支出决算总表", "表二:收入决算表", "二、机构设置情况", "本局为行政机关单位。"]
    blocks, _ = lines_to_blocks(lines)
    assert [b.text for b in blocks] == lines


def test_cut_off_table_makes_the_document_partial(tmp_path: Path):
    p = tmp_path / "cut.txt"
    p.write_text("第一部分:某局概况\n|\n项目名称 |\n金额 | |\n|\n某项目 |\n", encoding="utf-8")
    doc = process(p)
    assert doc.status == "partial"
    assert any("cut off" in e.reason for e in doc.errors)
