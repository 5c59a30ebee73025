"""K1–K2 against the money: seed 003 project forms (万元) and seed 002's budget task table."""

import pytest

from assistant.corpus import levels
from assistant.validate.rules.money import matching_task
from tests.validate.rules.support import add_row, findings, indicator_named, project_named


@pytest.fixture
def check_ups(form_003):
    """003 p6 预防性体检工作经费: 280.00万元, no cost row as written."""
    return project_named(form_003, "预防性体检工作经费")


@pytest.mark.parametrize("raw", ["≤280万元", "≤2800000元", "≤280.004万元"])
def test_k1_passes_a_total_cost_within_the_money(check_ups, form_003, raw):
    add_row(check_ups, levels.OUTPUT, levels.UNIT_COST, "项目总成本", raw)
    assert findings(check_ups, form_003, "K1") == []


def test_k1_reports_a_total_cost_above_the_money(check_ups, form_003):
    add_row(check_ups, levels.OUTPUT, levels.UNIT_COST, "项目总成本", "≤300万元")
    [finding] = findings(check_ups, form_003, "K1")
    assert finding.severity == "error" and finding.aspect == "适当性"
    assert "超过了项目预算280万元" in finding.message and finding.suggestion.startswith("成本不应超过预算，写作“≤280万元”")


def test_k1_converts_yuan_before_comparing(check_ups, form_003):
    add_row(check_ups, levels.COST, levels.ECONOMIC_COST, "项目总成本", "≤2900000元")  # 290万元
    [finding] = findings(check_ups, form_003, "K1")
    assert "（即290万元）" in finding.message


def test_k1_says_so_when_the_money_is_missing(check_ups, form_003):
    check_ups.money.total = None
    add_row(check_ups, levels.OUTPUT, levels.UNIT_COST, "项目总成本", "≤300万元")
    [finding] = findings(check_ups, form_003, "K1")
    assert finding.severity == "info" and "没有填写项目金额" in finding.message


def test_k1_warns_about_a_cost_row_without_an_amount(check_ups, form_003):
    add_row(check_ups, levels.OUTPUT, levels.UNIT_COST, "成本控制率", "≤100%")  # seed 000
    [finding] = findings(check_ups, form_003, "K1")
    assert finding.severity == "warn" and "没有写金额" in finding.message and "≤280万元" in finding.suggestion


def test_k1_compares_a_task_cost_with_that_task_on_a_whole_unit_form(form_002):
    # 002: 农村计划生育免费技术服务经费投入 ≤30万元, task 农村计划生育免费技术服务 20.00万元 (as written).
    unit = form_002.projects[0]
    [finding] = findings(unit, form_002, "K1")
    assert finding.severity == "error"
    assert finding.text == "≤30万元" and "任务“农村计划生育免费技术服务”的预算20万元" in finding.message


def test_k1_passes_when_the_task_cost_is_fixed(form_002):
    unit = form_002.projects[0]
    row = indicator_named(unit, "农村计划生育免费技术服务经费投入")
    row.value = row.value.model_copy(update={"number": 20.0})
    assert findings(unit, form_002, "K1") == []


@pytest.mark.parametrize("cost,task", [
    ("全民健康体检投入", "全民体检"),
    ("基本公共卫生项目经费投入", "基本公共卫生服务"),
    ("“访惠聚”工作队第一书记工作经费投入", "工作队第一书记工作"),
    ("发放计划生育奖励扶助资金投入", "计划生育奖励扶助"),
])
def test_cost_rows_find_their_budget_task(form_002, cost, task):
    assert matching_task(cost, form_002.projects[0].tasks).name == task


def test_a_cost_row_naming_no_task_finds_none(form_002):
    assert matching_task("办公设备购置费", form_002.projects[0].tasks) is None


@pytest.fixture
def blood(form_003):
    """003 p7 无偿献血补助经费: 150.00万元; 预计年度无偿献血人数 ≥3000人."""
    return project_named(form_003, "无偿献血补助经费")


def test_k2_passes_when_unit_cost_times_quantity_is_the_money(blood, form_003):
    add_row(blood, levels.OUTPUT, levels.UNIT_COST, "人均献血补助标准", "500元/人")  # 3000 × 500元 = 150万元
    assert findings(blood, form_003, "K2") == []


def test_k2_warns_when_the_product_is_far_from_the_money(blood, form_003):
    add_row(blood, levels.OUTPUT, levels.UNIT_COST, "人均献血补助标准", "100元/人")  # 30万元
    [finding] = findings(blood, form_003, "K2")
    assert finding.severity == "warn" and "约为30万元" in finding.message and "150万元" in finding.message


def test_k2_says_so_when_no_quantity_matches_the_unit_cost(blood, form_003):
    add_row(blood, levels.OUTPUT, levels.UNIT_COST, "单台设备成本", "5000元/台")
    [finding] = findings(blood, form_003, "K2")
    assert finding.severity == "info" and "没有找到以“台”计的数量指标" in finding.message


def test_k2_leaves_a_unit_total_alone(form_002):
    # A whole-unit total covers far more than one subsidy: 25人 × 1000元 is not compared with 5141.32万元.
    unit = form_002.projects[0]
    add_row(unit, levels.OUTPUT, levels.QUANTITY, "特困家庭帮扶人数", "25人")
    add_row(unit, levels.OUTPUT, levels.UNIT_COST, "特困家庭帮扶标准", "1000元/人/年")
    assert findings(unit, form_002, "K2") == []
