"""H1–H3 on real rows of seed 003 (project forms) and seed 002 (a whole-unit form)."""

from assistant.corpus import levels
from tests.validate.rules.support import add_row, findings, form_findings, indicator_named, seed


def test_h1_passes_when_every_row_has_a_known_level1(health_station, form_003):
    assert findings(health_station, form_003, "H1") == []


def test_h1_reports_an_unknown_level1_with_the_text_the_form_wrote(health_station, form_003):
    row = indicator_named(health_station, "卫生服务站数量")
    row.level1, row.level1_raw = None, "项目指标"
    [finding] = findings(health_station, form_003, "H1")
    assert finding.severity == "error" and finding.aspect == "完整性"
    assert finding.position == 1 and finding.text == "项目指标"
    assert "第1行“卫生服务站数量”" in finding.message and "项目指标" in finding.message
    assert finding.suggestion == "改为“产出指标”"  # 数量指标 belongs to 产出指标


def test_h1_accepts_variants_that_normalise(health_station, form_003):
    indicator_named(health_station, "卫生服务站数量").level1 = "项目完成指标"  # RULES.md: = 产出指标
    assert findings(health_station, form_003, "H1") == []


def test_h2_passes_on_a_well_formed_project(health_station, form_003):
    assert findings(health_station, form_003, "H2") == []


def test_h2_reports_a_level2_under_the_wrong_level1(health_station, form_003):
    indicator_named(health_station, "医疗废物处置完成率").level1 = levels.BENEFIT
    [finding] = findings(health_station, form_003, "H2")
    assert finding.severity == "error" and finding.position == 3
    assert "“质量指标”不属于一级指标“效益指标”" in finding.message
    assert "产出指标" in finding.suggestion


def test_h2_reports_a_missing_or_unknown_level2(health_station, form_003):
    row = indicator_named(health_station, "医疗废物处置及时率")
    row.level2, row.level2_raw = None, "灰灰灰"
    [finding] = findings(health_station, form_003, "H2")
    assert "“灰灰灰”无法识别" in finding.message and "时效指标" in finding.suggestion


def test_h2_warns_when_the_importer_moved_a_row_away_from_the_level1_the_form_wrote(health_station, form_003):
    row = indicator_named(health_station, "医疗废物处置完成率")
    row.level1_raw = "效益指标"  # the form said 效益; the importer filed it under 产出 by its 二级
    [finding] = findings(health_station, form_003, "H2")
    assert finding.severity == "warn" and "原表" in finding.message and "效益指标" in finding.message


def test_h3_passes_when_the_form_keeps_cost_under_output(form_002):
    # 002 puts all 13 成本指标 rows under 产出指标 (the older layout).
    assert form_findings(form_002, "H3") == []


def test_h3_warns_when_a_form_mixes_both_cost_layouts(form_002):
    unit = form_002.projects[0]
    add_row(unit, levels.COST, levels.ECONOMIC_COST, "项目总成本", "≤5141.32万元")
    [finding] = form_findings(form_002, "H3")
    assert finding.severity == "warn" and finding.position == len(unit.indicators)
    assert "13行把成本指标放在产出指标下，1行把成本指标作为一级" in finding.message


def test_h3_checks_the_whole_form_not_each_project(corpus_forms):
    form = seed(corpus_forms, "003")
    first, second = form.projects[0], form.projects[1]
    add_row(first, levels.OUTPUT, levels.UNIT_COST, "项目总成本", "≤10.25万元")
    add_row(second, levels.COST, levels.ECONOMIC_COST, "项目总成本", "≤32.49万元")
    [finding] = form_findings(form, "H3")
    assert finding.project_id in (first.id, second.id)
