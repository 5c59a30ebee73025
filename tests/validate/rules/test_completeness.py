"""C1–C3 on seed 003 projects and on a grouped table built from their rows."""

from assistant.corpus import levels
from assistant.corpus.schema import IndicatorGroup, Project
from assistant.validate.rules import check_form
from tests.validate.rules.support import add_row, findings, indicator_named, project_named, remove, set_value


def test_c1_passes_when_output_benefit_and_satisfaction_are_present(health_station, form_003):
    assert findings(health_station, form_003, "C1") == []


def test_c1_is_an_error_when_all_satisfaction_rows_are_dropped(health_station, form_003):
    remove(health_station, lambda ind: ind.level1 == levels.SATISFACTION)
    [finding] = findings(health_station, form_003, "C1")
    assert finding.severity == "error" and finding.position is None
    assert "没有满意度指标" in finding.message and "≥90%" in finding.suggestion


def test_c1_does_not_count_a_not_applicable_row(health_station, form_003):
    remove(health_station, lambda ind: ind.level1 == levels.SATISFACTION)
    add_row(health_station, levels.SATISFACTION, levels.OTHER_SATISFACTION, "不适用", "不适用")
    assert [f.message for f in findings(health_station, form_003, "C1")] == ["没有满意度指标（不计写“不适用”的行）"]


def test_c1_reports_a_project_without_indicators(health_station, form_003):
    health_station.groups[0].indicators = []
    [finding] = findings(health_station, form_003, "C1")
    assert finding.message == "这个项目没有任何绩效指标"


def test_c1_checks_each_function_group_of_a_whole_unit_form(form_003):
    """Two 职能 tables built from 003 p1 and p2; p2's 效益 row is dropped from its table only."""
    p1, p2 = project_named(form_003, "卫生局工作业务经费"), project_named(form_003, "疾病预防控制中心工作业务经费")
    remove(p2, lambda ind: ind.level1 == levels.BENEFIT)
    unit = Project(id="u/p1", name="整体支出", groups=[
        IndicatorGroup(kind="function", title="职能1：卫生健康宣传", indicators=p1.indicators),
        IndicatorGroup(kind="function", title="职能2：疾病预防控制", indicators=p2.indicators)])
    form_003.kind = "whole_unit"
    [finding] = findings(unit, form_003, "C1")
    # The unit has 效益 in function 1, so function 2's gap is a warning located at its first row.
    assert finding.severity == "warn" and "分组“职能2：疾病预防控制”没有效益指标" in finding.message
    assert finding.position == len(p1.indicators) + 1


def test_c2_passes_when_output_has_quantity_quality_time_and_cost(health_station, form_003):
    add_row(health_station, levels.OUTPUT, levels.UNIT_COST, "项目总成本", "≤10.25万元")
    assert findings(health_station, form_003, "C2", "warn") == []


def test_c2_warns_about_missing_timeliness_and_cost(form_003):
    # 003 p2 has 数量 and 质量 but neither 时效 nor 成本 (as the form wrote it).
    project = project_named(form_003, "疾病预防控制中心工作业务经费")
    messages = [f.message for f in findings(project, form_003, "C2", "warn")]
    assert messages == ["产出指标缺少时效指标", "没有成本指标，而项目花钱就应说明成本"]


def test_c2_notes_a_project_table_shorter_than_seven_rows(health_station, form_003):
    remove(health_station, lambda ind: ind.name == "提高居民健康水平")
    sizes = [f for f in findings(health_station, form_003, "C2") if "通常有7–16条" in f.message]
    assert len(sizes) == 1 and sizes[0].severity == "info" and "指标共6条" in sizes[0].message


def test_c3_notes_not_applicable_on_an_optional_benefit(health_station, form_003):
    add_row(health_station, levels.BENEFIT, levels.ECONOMIC, "不适用", "不适用")
    [finding] = findings(health_station, form_003, "C3")
    assert finding.severity == "info" and "经济效益指标是选填的" in finding.message


def test_c3_warns_about_not_applicable_on_a_hard_indicator(health_station, form_003):
    set_value(indicator_named(health_station, "卫生服务站数量"), "不适用")
    [finding] = findings(health_station, form_003, "C3")
    assert finding.severity == "warn" and "数量指标是必填硬性指标" in finding.message


def test_c3_is_silent_without_not_applicable_rows(health_station, form_003):
    assert findings(health_station, form_003, "C3") == []


def test_c1_reports_a_form_without_projects(form_003):
    form_003.projects = []
    [finding] = check_form(form_003)
    assert finding.rule == "C1" and finding.severity == "error" and "没有任何项目" in finding.message


def test_c2_offers_a_deadline_in_the_year_of_the_form(form_003):
    # 003 is the 2023 form: its missing 时效 is suggested with a 2023 deadline; a 2025 form gets 2025's.
    project = project_named(form_003, "疾病预防控制中心工作业务经费")
    [timeliness] = [f for f in findings(project, form_003, "C2", "warn") if "时效" in f.message]
    assert "2023年12月底前完成" in timeliness.suggestion
    form_003.year = 2025
    [timeliness] = [f for f in findings(project, form_003, "C2", "warn") if "时效" in f.message]
    assert "2025年12月底前完成" in timeliness.suggestion
