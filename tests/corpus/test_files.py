"""Loading files of every kind: encodings, binary and empty files, atomic writes."""

import os

import pytest

from assistant.corpus.files import atomic_write, load_form, read_text
from assistant.errors import InputError

CSV = "项目名称,主要内容,预算金额（万元）,一级指标,二级指标,三级指标,指标值\n某项目,内容,10,产出指标,数量指标,人数,≥10人\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_gbk(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes(CSV.encode(encoding))
    form = load_form(path)
    assert form.projects[0].indicators[0].name == "人数"
    assert form.projects[0].name == "某项目"


@pytest.mark.parametrize("name,data,words", [
    ("empty.txt", b"", ["empty.txt", "空"]),
    ("empty.csv", b"  \n", ["empty.csv", "空"]),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", ["image.txt", "二进制"]),
    ("latin.txt", "caf\u00e9".encode("utf-16"), ["latin.txt"]),
    ("notes.txt", "会议纪要\n今天讨论了预算".encode(), ["notes.txt", "看不出"]),
    ("form.pdf", b"%PDF-1.4 text", ["form.pdf", "PDF", "损坏"]),
    ("form.wps", b"whatever", ["form.wps", "不支持", ".docx"]),
    ("form.docx", b"not a zip", ["form.docx", "docx", "损坏"]),
    ("form.png", b"\x89PNG\r\n\x1a\n broken", ["form.png", "图片"]),
    ("page.html", "<html><body><p>会议纪要</p></body></html>".encode(), ["page.html", "指标"]),
    ("empty.docx", b"", ["empty.docx", "空"]),
    ("bad.json", b'{"id": "x"}', ["bad.json", "JSON"]),
    ("bad.xlsx", b"not a zip", ["bad.xlsx", "xlsx"]),
])
def test_bad_files_get_a_clear_message(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_form(path)
    for word in words:
        assert word in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        read_text(tmp_path / "nope.txt")


def test_atomic_write_leaves_no_partial_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    atomic_write(target, "old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, "new content")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_json_round_trip(tmp_path, corpus_forms):
    from assistant.corpus.files import form_to_json

    form = corpus_forms["003_1c981b526f6e6f3d"]
    path = tmp_path / "f.json"
    atomic_write(path, form_to_json(form))
    assert load_form(path) == form
