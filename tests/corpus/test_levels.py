"""Level names: canonical vocabulary, variants, and inference from names and values."""

import pytest

from assistant.corpus import levels


def test_every_level2_has_one_parent_and_cost_belongs_to_output():
    for level1, children in levels.HIERARCHY.items():
        for level2 in children:
            assert levels.allowed(level1, level2)
    assert levels.parent_of("成本指标") == "产出指标"
    assert levels.parent_of("经济成本指标") == "成本指标"
    assert not levels.allowed("效益指标", "质量指标")


@pytest.mark.parametrize("text,expected", [
    ("产出指标", "产出指标"), ("项目完成指标", "产出指标"), ("预期产出指标", "产出指标"), ("产出值", "产出指标"),
    ("项目效益指标", "效益指标"), ("效果指标", "效益指标"), ("效益值", "效益指标"), ("产出指标(50分)", "产出指标"),
    ("产出指标（50分）", "产出指标"), ("满意度指标", "满意度指标"), (" 效益指标 ", "效益指标"),
])
def test_level1_variants(text, expected):
    assert levels.normalize_level1(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("数量指标", "数量指标"), ("数量值", "数量指标"), ("质量值", "质量指标"), ("时效值", "时效指标"),
    ("成本值", "成本指标"), ("环境效益指标", "生态效益指标"), ("可持续性发展影响指标", "可持续影响指标"),
    ("社会公众或服务对象满意度指标", "服务对象满意度指标"), ("服务对象或受益者满意度指标", "服务对象满意度指标"),
    ("满意度指标", "服务对象满意度指标"), ("数量指标(必填)", "数量指标"), ("成本指标（必填硬性指标）", "成本指标"),
    ("经济效益指标(选填)", "经济效益指标"), ("社会效益", "社会效益指标"), ("预算(投资规模)控制指标", "成本指标"),
    ("工期指标", "时效指标"), ("形象进度指标", "时效指标"), ("社会公益指标", "社会效益指标"),
    # OCR garbles from seed 000
    ("灰里1日外", "质量指标"), ("中3 XX 1日 47A", "时效指标"), ("意度指标 服务对象满意度指标", "服务对象满意度指标"),
])
def test_level2_variants(text, expected):
    assert levels.normalize_level2(text) == expected


def test_names_are_not_mistaken_for_labels():
    assert levels.normalize_level2("享受所有项目服务对象满意度") is None
    assert levels.normalize_level2("卫生服务站数量") is None


def test_list_style_cells_carry_both_levels():
    assert levels.split_pair("【产出指标-数量指标】") == ("产出指标", "数量指标")
    assert levels.split_pair("产出指标") is None


@pytest.mark.parametrize("name,value,level2", [
    ("群众对卫生服务站服务水平满意度", "≥90%", "服务对象满意度指标"),
    ("补贴发放及时率", "100%", "时效指标"),
    ("全民健康体检投入", "≤100万元", "成本指标"),
    ("养老金补助标准", "100元/人/年", "成本指标"),
    ("年度预计体检人数", "≥40000人", "数量指标"),
    ("设备质量合格率", "100%", "质量指标"),
    ("提高居民健康水平", "逐步提高", "社会效益指标"),
    ("设备使用年限", "≥2年", "时效指标"),
])
def test_guess_level2_from_name_and_value(name, value, level2):
    guess = levels.guess_level2(name, value)
    assert guess is not None and guess.level2 == level2
    assert 0 < guess.confidence <= 1 and guess.reason


def test_guess_stays_within_a_known_level1():
    guess = levels.guess_level2("相关人员投诉率", "0", within="满意度指标")
    assert guess.level2 == "服务对象满意度指标"
    assert guess.confidence < 0.5


def test_a_level2_written_after_its_level1_or_with_a_word_doubled_is_read():
    # r_b6f005f5f6ba (吕梁山护工培训) writes 产出数量 / 产出质量 / 产出时效 / 产出成本 in its 二级 column
    assert [levels.normalize_level2(t) for t in ("产出数量", "产出质量", "产出时效", "产出成本")] == [
        levels.QUANTITY, levels.QUALITY, levels.TIMELINESS, levels.UNIT_COST]
    assert levels.normalize_level2("效益社会效益指标") == levels.SOCIAL
    assert levels.normalize_level2("社会效益效益指标") == levels.SOCIAL
    assert levels.normalize_level2("产出") is None  # a 一级 alone names no 二级
