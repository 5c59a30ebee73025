"""Q1–Q4, S1, T1, D1, B1: 003 p1 as the form wrote it passes; one retyped value fails.

003 p1 rows: 1 卫生服务站数量 10个 · 2 卫生健康宣传活动次数 ≥3次 · 3 医疗废物处置完成率 ≥95% ·
4 医疗废物处置及时率 95% · 5 卫生健康宣传活动普及程度 优良 · 6 提高居民健康水平 逐步提高 ·
7 群众对卫生服务站服务水平满意度 ≥90%.
"""

import pytest

from assistant.corpus import levels
from tests.validate.rules.support import findings, indicator_named, project_named, set_value

COUNT = "卫生服务站数量"
RATE = "医疗废物处置完成率"
TIMELY = "医疗废物处置及时率"
SATISFACTION = "群众对卫生服务站服务水平满意度"


@pytest.mark.parametrize("rule", ["Q1", "Q2", "Q3", "Q4", "S1", "T1", "D1", "B1"])
def test_the_project_as_written_passes(health_station, form_003, rule):
    assert findings(health_station, form_003, rule) == []


def retyped(project, form, rule, name, raw, severity=None):
    set_value(indicator_named(project, name), raw)
    return findings(project, form, rule, severity)


# Q1: quantitative 数量 / 质量 / 时效 / 成本

def test_q1_warns_about_a_quantity_made_qualitative(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q1", COUNT, "完成")  # as seed 001 wrote one
    assert finding.severity == "warn" and finding.position == 1
    assert "数量指标的指标值“完成”是定性表述" in finding.message and "≥10个" in finding.suggestion


def test_q1_warns_about_timeliness_written_as_jishi(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q1", TIMELY, "及时")
    assert "及时率" in finding.suggestion


def test_q1_accepts_a_period_for_timeliness(health_station, form_003):
    assert retyped(health_station, form_003, "Q1", TIMELY, "全年") == []


def test_q1_only_notes_a_grade_for_quality(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q1", RATE, "良好")
    assert finding.severity == "info"


# Q2: a readable value

def test_q2_reports_an_empty_value_as_an_error(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q2", RATE, "")
    assert finding.severity == "error" and finding.message == "第3行“医疗废物处置完成率”：指标值为空"
    assert "≥95%" in finding.suggestion


def test_q2_reports_a_comparator_without_a_number(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q2", RATE, "≥")
    assert finding.severity == "error" and "无法识别" in finding.message


@pytest.mark.parametrize("raw,words", [
    ("医疗废物处置完成率", "照抄了指标名称"),
    ("看情况而定", "既不是数值，也不是常用的定性表述"),
    ("130个社区“四害”密度达到C级", "还有一段文字"),  # seed 001
])
def test_q2_warns_about_sentences_and_copies_in_the_value(health_station, form_003, raw, words):
    [finding] = retyped(health_station, form_003, "Q2", RATE, raw)
    assert finding.severity == "warn" and words in finding.message


def test_q2_reports_two_values_run_together_as_an_error(health_station, form_003):
    # The value grammar reads "100%" and flags the "0万元" after it; the checker must not let it pass.
    [finding] = retyped(health_station, form_003, "Q2", RATE, "100%0万元")
    assert finding.severity == "error" and finding.position == 3
    assert "“100%”后紧接着数字“0万元”" in finding.message and finding.suggestion == "只保留一个目标值，如“100%”"


@pytest.mark.parametrize("raw", ["2020年1月-2020年11月", "2023年1月-12月"])
def test_q2_does_not_take_a_date_span_for_two_values(health_station, form_003, raw):
    assert retyped(health_station, form_003, "Q2", TIMELY, raw, severity="error") == []


# Q3: rates within 0–100%

def test_q3_reports_a_rate_above_100_percent_as_an_error(health_station, form_003):
    # No share of the planned work can be above the whole of it: the form cannot be assessed.
    [finding] = retyped(health_station, form_003, "Q3", RATE, "120%")
    assert finding.severity == "error" and "120%超过了100%" in finding.message
    assert finding.suggestion == "写作“100%”或“=100%”"


def test_q3_warns_about_at_least_100_percent(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q3", RATE, "≥100%")  # seed 004: 鼠防知识覆盖率 ≥100%
    assert "写“≥”没有意义" in finding.message


def test_q3_warns_about_a_rate_written_as_a_fraction(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q3", RATE, "0.95")
    assert "写成了小数“0.95”，按95%理解" in finding.message and finding.suggestion == "写作“≥95%”"


def test_q3_warns_about_about_100_percent(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q3", RATE, "~100%")  # seed 002
    assert "“约”" in finding.message


def test_q3_warns_about_a_rate_measured_in_months(health_station, form_003):
    [finding] = retyped(health_station, form_003, "Q3", RATE, "≥12个月")  # seed 004: 办公耗材使用率
    assert "单位是“个月”，不是百分数" in finding.message


def test_q3_allows_a_growth_rate_above_100_percent(health_station, form_003):
    indicator_named(health_station, RATE).name = "医疗废物处置量增长率"
    assert retyped(health_station, form_003, "Q3", "医疗废物处置量增长率", "≥120%") == []


# Q4: count units on 数量

@pytest.mark.parametrize("raw,words,suggestion", [
    ("10", "只有数字，没有计量单位", "10个"),
    ("≥95%", "是比率；比率属于质量指标", "质量指标"),
    ("≥30万", "只写了“万”", "≥30万个"),
    ("≥0.0035万人", "即35人", "≥35人"),  # seed 002
    ("≤1000元", "是金额；金额属于成本指标", "成本指标"),
])
def test_q4_warns_about_quantities_without_a_count_unit(health_station, form_003, raw, words, suggestion):
    [finding] = retyped(health_station, form_003, "Q4", COUNT, raw)
    assert finding.severity == "warn" and words in finding.message and suggestion in finding.suggestion


def test_q4_accepts_counts_in_ten_thousands_of_people(health_station, form_003):
    assert retyped(health_station, form_003, "Q4", COUNT, "≥30万人") == []


# S1: satisfaction ≥ a percentage, not below 80%

@pytest.mark.parametrize("raw,words,suggestion", [
    ("≥50%", "偏低（低于80%）", "≥90%"),
    ("100%", "要求人人满意", "≥90%"),
    ("90%", "没有写“≥”", "≥90%"),
    ("≥95", "没有写%", "≥95%"),  # seed 004
    ("良好", "不是百分数", "≥90%"),
])
def test_s1_warns_about_satisfaction_values(health_station, form_003, raw, words, suggestion):
    [finding] = retyped(health_station, form_003, "S1", SATISFACTION, raw)
    assert finding.severity == "warn" and words in finding.message and suggestion in finding.suggestion


def test_s1_accepts_80_percent_the_floor_of_rules_md(health_station, form_003):
    assert retyped(health_station, form_003, "S1", SATISFACTION, "≥80%") == []


def test_s1_warns_about_a_non_satisfaction_row_under_satisfaction(health_station, form_003):
    row = indicator_named(health_station, SATISFACTION)
    row.name = "相关人员投诉率"  # seed 000 kept it there
    set_value(row, "0%")
    [finding] = findings(health_station, form_003, "S1")
    assert "名称不是满意度" in finding.message and "产出指标/质量指标" in finding.suggestion


def test_s1_warns_about_a_satisfaction_row_outside_satisfaction(health_station, form_003):
    row = indicator_named(health_station, SATISFACTION)
    row.level1, row.level2 = levels.OUTPUT, levels.QUANTITY
    [finding] = findings(health_station, form_003, "S1")
    assert "放在了“产出指标”下" in finding.message


# T1: the shape of a 时效 value

@pytest.mark.parametrize("raw", ["95%", "2023年12月底前", "≤30个工作日", "1次/月", "≤48小时"])
def test_t1_accepts_deadlines_durations_frequencies_and_rates(health_station, form_003, raw):
    assert retyped(health_station, form_003, "T1", TIMELY, raw) == []


@pytest.mark.parametrize("raw,words", [("365", "只有数字"), ("100人", "单位是“人”")])
def test_t1_warns_about_other_shapes(health_station, form_003, raw, words):
    indicator_named(health_station, TIMELY).name = "全年365天监测全覆盖"  # seed 001's 时效 row
    [finding] = retyped(health_station, form_003, "T1", "全年365天监测全覆盖", raw)
    assert words in finding.message


# D1: direction of reverse and forward indicators

def test_d1_accepts_a_reverse_indicator_with_at_most(form_003):
    equipment = project_named(form_003, "专用设备购置")  # 设备故障率 ≤2%, as the form wrote it
    assert findings(equipment, form_003, "D1") == []


def test_d1_warns_about_a_reverse_indicator_with_at_least(form_003):
    equipment = project_named(form_003, "专用设备购置")
    [finding] = retyped(equipment, form_003, "D1", "设备故障率", "≥2%")
    assert "反向指标（越低越好）" in finding.message and finding.suggestion == "写作“≤2%”"


def test_d1_warns_about_a_forward_rate_with_at_most(health_station, form_003):
    [finding] = retyped(health_station, form_003, "D1", RATE, "≤95%")
    assert "正向指标" in finding.message and finding.suggestion == "写作“≥95%”"


def test_d1_notes_a_reverse_target_without_a_comparator(form_003):
    equipment = project_named(form_003, "专用设备购置")
    [finding] = retyped(equipment, form_003, "D1", "设备故障率", "2%")
    assert finding.severity == "info" and finding.suggestion == "写作“≤2%”"


# B1: the basis column

@pytest.mark.parametrize("basis", ["计划标准", "行业标准：国家基本公共卫生服务规范", " 历史标准 "])
def test_b1_accepts_the_four_bases(health_station, form_003, basis):
    indicator_named(health_station, RATE).basis = basis
    assert findings(health_station, form_003, "B1") == []


@pytest.mark.parametrize("basis,suggested", [("按上年完成数", "历史标准"), ("年度工作计划", "计划标准"),
                                             ("领导要求", "其他标准")])
def test_b1_reports_another_basis_as_an_error(health_station, form_003, basis, suggested):
    indicator_named(health_station, RATE).basis = basis
    [finding] = findings(health_station, form_003, "B1")
    assert finding.severity == "error" and basis in finding.message and suggested in finding.suggestion


# Suggestions name deadlines in the form's own year, never an earlier one.

def test_a_deadline_suggestion_is_in_the_year_of_the_form(health_station, form_003):
    form_003.year = 2025
    set_value(indicator_named(health_station, TIMELY), "及时")
    [finding] = findings(health_station, form_003, "Q1")
    assert "2025年12月底前" in finding.suggestion and "2024" not in finding.suggestion
