"""Hand fixes as data: each lands on its row with the note and the parser's original values."""

import pytest

from assistant.corpus.hand_fixes import ReviewError, apply_review
from assistant.corpus.ocr import parse_ocr_text
from tests.conftest import SEED_003, SEED_004


@pytest.fixture
def parsed_003():
    return parse_ocr_text(SEED_003.read_text(encoding="utf-8"), form_id=SEED_003.stem, source_file=SEED_003.name)


def row(form, line):
    return next(i for _, _, i in form.iter_indicators() if i.source.line == line)


def test_a_level_fix_records_note_and_original(parsed_003):
    fixed = apply_review(parsed_003, {"rows": [
        {"line": 106, "set": {"level2": "质量指标"}, "note": "示例：改为质量指标"}]})
    ind = row(fixed, 106)
    assert (ind.level1, ind.level2) == ("产出指标", "质量指标")
    assert ind.review.note == "示例：改为质量指标"
    assert ind.review.fields == ["level2"]
    assert ind.review.original == {"level2": "数量指标"}
    assert row(parsed_003, 106).level2 == "数量指标"  # the parse itself is untouched


def test_range_fix_name_and_value_fix_drop_and_add(parsed_003):
    fixed = apply_review(parsed_003, {"rows": [
        {"lines": [27, 28], "set": {"level2": "质量指标"}, "note": "范围修正"},
        {"line": 240, "set": {"value": "≥90%"}, "note": "值修正"},
        {"line": 110, "drop": True, "note": "删除空值行"},
        {"after_line": 111, "add": {"level2": "社会效益指标", "name": "设备利用率", "value": "≥85%"}, "note": "补行"},
    ]})
    assert [row(fixed, n).level2 for n in (27, 28)] == ["质量指标", "质量指标"]
    assert row(fixed, 240).value.raw == "≥90%" and row(fixed, 240).review.original["value"] == "≥%90"
    project = fixed.projects[3]
    names = [i.name for i in project.indicators]
    assert names.count("设备利用率") == 1
    added = next(i for i in project.indicators if i.name == "设备利用率")
    assert added.review.fields == ["added"] and added.value.canonical == "≥85%"
    assert any("删除" in n for n in fixed.notes)


def test_regrouping_places_every_row():
    form = parse_ocr_text(SEED_004.read_text(encoding="utf-8"), form_id=SEED_004.stem, source_file=SEED_004.name)
    lines = sorted(i.source.line for _, _, i in form.iter_indicators())
    half = lines[len(lines) // 2]
    fixed = apply_review(form, {"groups": [
        {"title": "甲", "lines": [[lines[0], half - 1]], "note": "分组示例"},
        {"title": "乙", "lines": [[half, lines[-1]]], "note": "分组示例"},
    ]})
    assert [g.title for g in fixed.projects[0].groups] == ["甲", "乙"]
    assert sum(len(g.indicators) for g in fixed.projects[0].groups) == len(lines)
    with pytest.raises(ReviewError, match="leaves rows out"):
        apply_review(form, {"groups": [{"title": "甲", "lines": [lines[0], half], "note": "x"}]})


@pytest.mark.parametrize("review,message", [
    ({"rows": [{"line": 3, "set": {"level2": "质量指标"}, "note": "x"}]}, "match no parsed row"),
    ({"rows": [{"line": 27, "set": {"level2": "质量指标"}}]}, "needs a note"),
    ({"rows": [{"line": 27, "set": {"colour": "红"}, "note": "x"}]}, "unknown row fields"),
    ({"rows": [{"line": 27, "set": {"level2": "质量类"}, "note": "x"}]}, "unknown level2"),
    ({"tasks": [{"line": 1, "set": {"name": "x"}, "note": "x"}]}, "matches 0 tasks"),
])
def test_stale_or_wrong_entries_are_errors(parsed_003, review, message):
    with pytest.raises(ReviewError, match=message):
        apply_review(parsed_003, review)
