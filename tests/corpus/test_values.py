"""The value grammar, table-driven: every value shape in the five seeds, DOMAIN.md and RULES.md."""

import pytest

from assistant.corpus.values import parse_split, parse_value

# (raw, indicator name or None, kind, comparator, number, upper, unit, flags that must be present, canonical)
CASES = [
    # plain targets from the seeds
    ("10个", None, "quantitative", None, 10, None, "个", [], "10个"),
    ("≥40000人", None, "quantitative", "≥", 40000, None, "人", [], "≥40000人"),
    ("≥60台", None, "quantitative", "≥", 60, None, "台", [], "≥60台"),
    ("≥95%", None, "quantitative", "≥", 95, None, "%", [], "≥95%"),
    ("100%", None, "quantitative", None, 100, None, "%", [], "100%"),
    ("≤2%", "设备故障率", "quantitative", "≤", 2, None, "%", [], "≤2%"),
    ("21名", None, "quantitative", None, 21, None, "名", [], "21名"),
    ("≥1000人次", None, "quantitative", "≥", 1000, None, "人次", [], "≥1000人次"),
    ("2批次", None, "quantitative", None, 2, None, "批次", [], "2批次"),
    ("≥20场次", None, "quantitative", "≥", 20, None, "场次", [], "≥20场次"),
    ("≥30宗", None, "quantitative", "≥", 30, None, "宗", [], "≥30宗"),
    ("≥10块", None, "quantitative", "≥", 10, None, "块", [], "≥10块"),
    ("=599张", None, "quantitative", "=", 599, None, "张", [], "=599张"),
    ("≥40所", None, "quantitative", "≥", 40, None, "所", [], "≥40所"),
    ("211平方米", None, "quantitative", None, 211, None, "平方米", [], "211平方米"),
    ("≥11项", None, "quantitative", "≥", 11, None, "项", [], "≥11项"),
    (">1000人", None, "quantitative", ">", 1000, None, "人", [], ">1000人"),
    ("<8.64/10万", None, "quantitative", "<", 8.64, None, "/10万", [], "<8.64/10万"),
    # money and per-unit
    ("≤14.2万元", None, "quantitative", "≤", 14.2, None, "万元", [], "≤14.2万元"),
    ("≤100万元", None, "quantitative", "≤", 100, None, "万元", [], "≤100万元"),
    ("≤430.80万元", None, "quantitative", "≤", 430.8, None, "万元", [], "≤430.8万元"),
    ("100元/人/年", None, "quantitative", None, 100, None, "元/人/年", [], "100元/人/年"),
    ("500元/户/年", None, "quantitative", None, 500, None, "元/户/年", [], "500元/户/年"),
    ("3000元/人", None, "quantitative", None, 3000, None, "元/人", [], "3000元/人"),
    ("≤1.5万元/年/人", None, "quantitative", "≤", 1.5, None, "万元/年/人", [], "≤1.5万元/年/人"),
    ("≤1000元", None, "quantitative", "≤", 1000, None, "元", [], "≤1000元"),
    # ranges
    ("6000元-8000元/人/年", None, "quantitative", None, 6000, 8000, "元/人/年", [], "6000-8000元/人/年"),
    ("4000元-6000元/户/年", None, "quantitative", None, 4000, 6000, "元/户/年", [], "4000-6000元/户/年"),
    # rates per population and per mille
    ("≤642.07/10万", None, "quantitative", "≤", 642.07, None, "/10万", [], "≤642.07/10万"),
    ("4.2‰", None, "quantitative", None, 4.2, None, "‰", [], "4.2‰"),
    # magnitudes
    ("≥0.0035万人", None, "quantitative", "≥", 0.0035, None, "万人", [], "≥0.0035万人"),
    ("≥30万人", None, "quantitative", "≥", 30, None, "万人", [], "≥30万人"),
    ("≥30万", "年疫苗接种覆盖人数", "quantitative", "≥", 30, None, "万", ["magnitude_without_unit"], "≥30万"),
    # time
    ("1年", None, "quantitative", None, 1, None, "年", [], "1年"),
    ("≥2年", None, "quantitative", "≥", 2, None, "年", [], "≥2年"),
    ("=12个月", None, "quantitative", "=", 12, None, "个月", [], "=12个月"),
    ("≥12个月", None, "quantitative", "≥", 12, None, "个月", [], "≥12个月"),
    ("30个工作日", None, "quantitative", None, 30, None, "个工作日", [], "30个工作日"),
    ("≤48小时", None, "quantitative", "≤", 48, None, "小时", [], "≤48小时"),
    ("<24小时", None, "quantitative", "<", 24, None, "小时", [], "<24小时"),
    ("1次/月", None, "quantitative", None, 1, None, "次/月", [], "1次/月"),
    ("≥2次/年", None, "quantitative", "≥", 2, None, "次/年", [], "≥2次/年"),
    ("1个月内", "各项补助资金在完成周期", "quantitative", "≤", 1, None, "个月", ["word_comparator"], "≤1个月"),
    # OCR and filling habits (DOMAIN.md)
    ("2, 306. 00", None, "quantitative", None, 2306, None, None, ["spaces_removed", "no_unit"], "2306"),
    ("≥%90", "危重症患者抢救及时率", "quantitative", "≥", 90, None, "%", ["percent_sign_moved"], "≥90%"),
    ("0.6", "高血压患者规范管理率", "quantitative", None, 60, None, "%", ["fraction_as_percent"], "60%"),
    ("0.85", "新生儿访视率", "quantitative", None, 85, None, "%", ["fraction_as_percent"], "85%"),
    ("1", "老年证办理率", "quantitative", None, 100, None, "%", ["fraction_as_percent"], "100%"),
    ("0", "医疗事故率", "quantitative", None, 0, None, "%", ["fraction_as_percent"], "0%"),
    ("≥95", "群众对村医服务的满意度", "quantitative", "≥", 95, None, "%", ["percent_assumed"], "≥95%"),
    ("~117人", None, "quantitative", "≈", 117, None, "人", ["tilde_as_about"], "约117人"),
    ("~100%", "资金使用规范率", "quantitative", "≈", 100, None, "%", ["tilde_as_about"], "约100%"),
    ("约400份", None, "quantitative", "≈", 400, None, "份", [], "约400份"),
    ("约1800户", None, "quantitative", "≈", 1800, None, "户", [], "约1800户"),
    ("展板≥10个", None, "quantitative", "≥", 10, None, "个", ["prefix_text"], "展板≥10个"),
    ("上升5%", None, "quantitative", None, 5, None, "%", [], "上升5%"),
    ("9个乡镇", None, "quantitative", None, 9, None, "个", ["trailing_text"], "9个乡镇"),
    ("130个社区“四害”密度达到C级", None, "quantitative", None, 130, None, "个", ["trailing_text"],
     "130个社区“四害”密度达到C级"),
    ("365", "全年365天监测全覆盖", "quantitative", None, 365, None, None, ["no_unit"], "365"),
    ("80000", "家庭医生签约数", "quantitative", None, 80000, None, None, ["no_unit"], "80000"),
    # comparator variants (RULES.md)
    ("≧95%", None, "quantitative", "≥", 95, None, "%", ["symbol_normalised"], "≥95%"),
    ("≦5%", None, "quantitative", "≤", 5, None, "%", ["symbol_normalised"], "≤5%"),
    ("═1个", None, "quantitative", "=", 1, None, "个", ["symbol_normalised"], "=1个"),
    (">=90%", None, "quantitative", "≥", 90, None, "%", ["symbol_normalised"], "≥90%"),
    ("<=10%", None, "quantitative", "≤", 10, None, "%", ["symbol_normalised"], "≤10%"),
    ("＞90%", None, "quantitative", ">", 90, None, "%", [], ">90%"),
    ("＜5%", None, "quantitative", "<", 5, None, "%", [], "<5%"),
    ("95%以上", None, "quantitative", "≥", 95, None, "%", ["word_comparator"], "≥95%"),
    ("±3%以内", None, "quantitative", "≤", 3, None, "%", ["plus_minus"], "≤3%"),
    ("不低于90%", None, "quantitative", "≥", 90, None, "%", ["word_comparator"], "≥90%"),
    ("≥ 90 %", None, "quantitative", "≥", 90, None, "%", ["spaces_removed"], "≥90%"),
    ("0.97", "资金到位率", "quantitative", None, 97, None, "%", ["fraction_as_percent"], "97%"),
    ("预算资金当年下达率 100%", None, "quantitative", None, 100, None, "%", ["prefix_text"], "预算资金当年下达率100%"),
    ("下降3个百分点", None, "quantitative", None, 3, None, "个百分点", [], "下降3个百分点"),
]

QUALITATIVE = ["逐步提高", "有效提高", "有效提升", "显著提高", "不断提高", "有效保障", "降低", "减少", "提高", "优良",
               "优秀", "良好", "及时", "完成", "达到预期", "中长期", "不适用", "稳步提高", "巩固提高", "持续改善",
               "显著改善", "有所提升", "进一步完善", "是", "否", "长期", "逐年提高", "逐年提升", "逐年上升", "显著完成",
               "按期完工", "全年"]


@pytest.mark.parametrize("raw,name,kind,comparator,number,upper,unit,flags,canonical", CASES)
def test_quantitative_values(raw, name, kind, comparator, number, upper, unit, flags, canonical):
    value = parse_value(raw, name=name)
    assert value.raw == raw
    assert value.kind == kind
    assert value.comparator == comparator
    assert value.number == pytest.approx(number)
    assert value.upper == (None if upper is None else pytest.approx(upper))
    assert value.unit == unit
    for flag in flags:
        assert flag in value.flags, f"{raw}: expected flag {flag}, got {value.flags}"
    assert value.canonical == canonical


@pytest.mark.parametrize("phrase", QUALITATIVE)
def test_accepted_qualitative_phrases(phrase):
    value = parse_value(phrase)
    assert value.kind == "qualitative"
    assert value.phrase == phrase
    assert "unknown_phrase" not in value.flags
    assert value.canonical == phrase


@pytest.mark.parametrize("raw", ["2025年年底前", "2023.07-2024.01", "2023.01.01-2023.12.31", "12月底前", "年底前"])
def test_dates_and_deadlines(raw):
    value = parse_value(raw)
    assert value.kind == "date"
    assert value.canonical == raw


def test_qualitative_phrase_with_text_is_flagged_not_dropped():
    value = parse_value("逐步提高居民健康水平")
    assert value.kind == "qualitative"
    assert "qualitative_with_text" in value.flags
    assert value.canonical == "逐步提高居民健康水平"


def test_unknown_text_is_kept_raw_and_flagged():
    value = parse_value("视情况而定")
    assert value.kind == "qualitative"
    assert "unknown_phrase" in value.flags
    assert value.raw == "视情况而定"


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_values(raw):
    assert parse_value(raw).kind == "empty"


def test_comparator_without_number_is_unparsed_but_kept():
    value = parse_value("≥若干")
    assert value.kind == "unparsed"
    assert value.raw == "≥若干"
    assert value.canonical == "≥若干"


def test_a_rate_name_does_not_change_values_that_have_a_unit():
    assert parse_value("85%", name="产后访视率").number == 85
    assert parse_value("2次", name="覆盖率").unit == "次"


def test_money_in_yuan_and_wan_yuan_compare_in_wan_yuan():
    assert parse_value("≤100万元").money_wan() == pytest.approx(100)
    assert parse_value("≤1000000元").money_wan() == pytest.approx(100)
    assert parse_value("100元/人/年").money_wan() is None  # a per-unit amount is not a total
    assert parse_value("≥95%").money_wan() is None


def test_per_unit_parts():
    value = parse_value("6720元/人/年")
    assert value.base_unit == "元"
    assert value.per == ["人", "年"]


def test_split_columns_from_integrated_systems():
    value = parse_split("≥", "95", "百分比", name="满意度")
    assert (value.comparator, value.number, value.unit) == ("≥", 95, "%")
    assert value.raw == "≥ 95 百分比"
    assert parse_split("", "40000", "人").canonical == "40000人"


def test_canonical_text_parses_back_to_the_same_value():
    for raw, name, *_ in CASES:
        first = parse_value(raw, name=name)
        again = parse_value(first.canonical, name=name)
        assert (again.comparator, again.number, again.upper, again.unit) == (
            first.comparator, first.number, first.upper, first.unit), raw
