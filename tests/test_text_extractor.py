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


@pytest.mark.parametrize("stray", [b"\xff", b"\x00"])
def test_one_stray_byte_is_replaced_and_located(tmp_path: Path, stray: bytes):
    # the bug: one 0xFF or NUL failed the whole document ("not text in UTF-8, UTF-16 or GBK")
    lines = TEXT.encode("utf-8").split(b"\n")
    lines[2] = lines[2][:6] + stray + lines[2][6:]
    data = b"\n".join(lines)
    p = tmp_path / "doc.txt"
    p.write_bytes(data)
    doc = process(p)
    assert doc.status == "partial"
    offset = data.index(stray, len(lines[0]) + len(lines[1]))
    reason = next(e.reason for e in doc.errors if "stray byte" in e.reason)
    assert f"line 3 (byte offset {offset}: 0x{stray[0]:02X})" in reason
    assert "其中本年收入1964.05万元" in " ".join(b.text or "" for b in extract(p).blocks)


def test_stray_byte_in_gbk_text(tmp_path: Path):
    data = TEXT.encode("gbk") + b"\xff" + "其他收入9.62万元。\n".encode("gbk")
    p = tmp_path / "doc.txt"
    p.write_bytes(data)
    doc = extract(p)
    assert doc.source.encoding == "gb18030"
    assert any(f"byte offset {len(TEXT.encode('gbk'))}: 0xFF" in e.reason for e in doc.errors)


def test_many_stray_bytes_are_still_not_text():
    data = ("某某" * 100).encode("utf-8")
    data = b"".join(data[i:i + 10] + b"\xff" for i in range(0, len(data), 10))
    with pytest.raises(ExtractionError, match="not text"):
        decode(data, "bad.txt")


def test_utf8_text_with_a_stray_byte_is_not_read_as_gbk():
    data = ("本部门2024年度总收入1993.23万元。" * 20).encode("utf-8") + b"\xfe\xfe"
    text, encoding = decode(data, "x.txt")
    assert encoding == "utf-8" and text.startswith("本部门2024年度总收入")


def test_random_bytes_named_html_fail_as_binary(tmp_path: Path):
    import random

    rng = random.Random(7)
    p = tmp_path / "page.html"
    p.write_bytes(bytes(rng.randrange(256) for _ in range(20000)))
    doc = process(p)
    assert doc.status == "failed" and "binary" in doc.errors[0].reason
