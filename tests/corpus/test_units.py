"""Unit names: the budget codes and notes gathered forms put around them."""

import pytest

from assistant.corpus.units import clean_unit, unit_key


@pytest.mark.parametrize(("written", "said"), [
    ("[042]六安市金安区体育局", "六安市金安区体育局"),
    ("776001-扎赉特旗人民检察院", "扎赉特旗人民检察院"),
    ("湘潭市城市管理和综合执法局 308001", "湘潭市城市管理和综合执法局"),
    ("嘉峪关市文化和旅游局 (项目实施单位: 嘉峪关城市博物馆)", "嘉峪关市文化和旅游局"),
])
def test_a_unit_is_named_without_its_code_and_notes(written, said):
    assert clean_unit(written) == said
    assert unit_key(written) == said


def test_the_matching_key_also_drops_brackets_marks_and_spaces():
    assert unit_key("深圳市福田区卫生健康局(本级)") == "深圳市福田区卫生健康局"
    assert unit_key("** 某县 教育局") == "某县教育局"


def test_every_corpus_unit_keeps_a_name(all_forms):
    units = [f.unit for f in all_forms if f.unit]
    assert units and all(unit_key(u) for u in units if any("\u4e00" <= ch <= "\u9fff" for ch in u))
