"""N1–N2 on seed 003 rows, with names a reviewer would send back (some from seed 000 and 001)."""

import pytest

from tests.validate.rules.support import add_row, findings, indicator_named


def test_n1_passes_on_noun_phrase_names(health_station, form_003):
    assert findings(health_station, form_003, "N1", "warn") == []


@pytest.mark.parametrize("name,reason", [
    ("提升干部能力,加强队伍建设", "由2个分句组成"),                               # seed 000
    ("按国家随机监督抽查任务数量，完成率大于等于全省水平", "把指标值（比较关系）写进了名称"),  # seed 001
    ("确保建成区病媒生物防制工作达标。", "含句号或分号"),                          # seed 004
    ("病例数/登记传染病病例数×100%", "含计算公式"),                             # seed 001
    ("对区属医疗卫生单位员工和社会医疗机构安全生产相关负责人开展安全生产网络教育培训次数", "长达41字"),  # seed 000
])
def test_n1_warns_about_names_that_are_sentences(health_station, form_003, name, reason):
    indicator_named(health_station, "卫生服务站数量").name = name
    [finding] = findings(health_station, form_003, "N1", "warn")
    assert finding.position == 1 and reason in finding.message


def test_n1_suggests_keeping_the_first_clause(health_station, form_003):
    indicator_named(health_station, "卫生服务站数量").name = "提升干部能力,加强队伍建设"
    [finding] = findings(health_station, form_003, "N1", "warn")
    assert "“干部能力”" in finding.suggestion


def test_n1_warns_about_an_empty_name(health_station, form_003):
    indicator_named(health_station, "卫生服务站数量").name = " "
    [finding] = findings(health_station, form_003, "N1", "warn")
    assert finding.message == "第1行：没有三级指标名称"


def test_n1_notes_a_goal_phrase_posing_as_a_name(health_station, form_003):
    # 003 p1 row 6 as the form wrote it: 提高居民健康水平 / 逐步提高.
    [finding] = findings(health_station, form_003, "N1")
    assert finding.severity == "info" and finding.position == 6 and "工作目标" in finding.message


def test_n2_passes_without_duplicates(health_station, form_003):
    assert findings(health_station, form_003, "N2") == []


def test_n2_warns_about_a_duplicated_row(health_station, form_003):
    add_row(health_station, "产出指标", "数量指标", "卫生服务站 数量", "10个")
    [finding] = findings(health_station, form_003, "N2")
    assert finding.position == 8 and "与第1行重复（二级、三级指标和指标值相同）" in finding.message


def test_n2_allows_the_same_name_under_another_level2(health_station, form_003):
    add_row(health_station, "产出指标", "质量指标", "卫生服务站数量", "100%")
    assert findings(health_station, form_003, "N2") == []
