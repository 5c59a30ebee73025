"""R1 on 003 p1: "保障高新区卫生部门卫生健康宣传、医疗废物处置、卫生服务站基本运行等工作顺利开展。"."""

from assistant.corpus import levels
from assistant.validate.rules import scope_of
from assistant.validate.rules.relevance import activities
from tests.validate.rules.support import add_row, findings, remove


def test_activities_are_the_items_of_the_content(health_station, form_003):
    labels = [a.label for a in activities(scope_of(health_station, form_003))]
    assert labels == ["高新区卫生部门卫生健康宣传", "医疗废物处置", "卫生服务站基本运行"]


def test_basis_and_purpose_clauses_are_not_activities(form_003):
    # 003 p9: 依据…要求 (basis), 保障…紧急救助 (activity), 确保…及时救治 (purpose).
    project = next(p for p in form_003.projects if p.name == "医疗救助专项经费")
    assert [a.label for a in activities(scope_of(project, form_003))] == ["特殊群体急难危重症患者紧急救助"]


def test_r1_passes_when_every_activity_has_an_output_indicator(health_station, form_003):
    assert findings(health_station, form_003, "R1") == []


def test_r1_finds_an_activity_that_no_indicator_measures(health_station, form_003):
    remove(health_station, lambda ind: ind.name.startswith("医疗废物"))
    [finding] = findings(health_station, form_003, "R1")
    assert finding.aspect == "相关性" and finding.position is None
    assert finding.message == "主要内容中的“医疗废物处置”没有对应的产出指标"


def test_r1_finds_an_indicator_that_nothing_in_the_text_mentions(health_station, form_003):
    add_row(health_station, levels.OUTPUT, levels.QUANTITY, "道路硬化里程", "≥5公里")
    [finding] = findings(health_station, form_003, "R1")
    assert finding.position == 8 and "道路" in finding.message and "硬化" in finding.message


def test_r1_ignores_indicators_every_project_has(health_station, form_003):
    add_row(health_station, levels.OUTPUT, levels.QUALITY, "资金到位率", "100%")
    add_row(health_station, levels.OUTPUT, levels.TIMELINESS, "项目按计划完成率", "100%")
    assert findings(health_station, form_003, "R1") == []


def test_r1_says_so_when_there_is_no_content(health_station, form_003):
    health_station.content = health_station.annual_goal = ""
    [finding] = findings(health_station, form_003, "R1")
    assert finding.severity == "info" and "没有填写主要内容" in finding.message


def test_r1_on_a_whole_unit_form_checks_the_budget_tasks(form_002):
    # 002's task 深化医药体制改革 has cost rows only; no 产出 row names it.
    [finding] = findings(form_002.projects[0], form_002, "R1")
    assert finding.message.startswith("预算任务中的“深化医药体制改革”")
