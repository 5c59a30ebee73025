"""parse_payload on what models return, and payload_to_project feeding the rule checks.

The rows are 003 p1 卫生局工作业务经费 as its form states them.
"""

import json

import pytest

from assistant.corpus import levels
from assistant.validate.payload import DraftPayload, parse_payload, payload_to_project
from assistant.validate.rules import check_project

ROWS = [
    {"level1": "产出指标", "level2": "数量指标", "name": "卫生服务站数量", "value": "10个"},
    {"level1": "产出指标", "level2": "质量指标", "name": "医疗废物处置完成率", "value": "≥95%"},
    {"level1": "产出指标", "level2": "时效指标", "name": "医疗废物处置及时率", "value": "95%", "basis": "计划标准"},
    {"level1": "效益指标", "level2": "社会效益指标", "name": "卫生健康宣传活动普及程度", "value": "优良"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众对卫生服务站服务水平满意度", "value": "≥90%"},
]
TEXT = json.dumps({"indicators": ROWS}, ensure_ascii=False)


def names(payload: DraftPayload) -> list[str]:
    return [row.name for row in payload.indicators]


@pytest.mark.parametrize("text", [
    TEXT,
    f"```json\n{TEXT}\n```",
    f"好的，根据项目内容，指标如下：\n{TEXT}\n以上指标供参考。",
    f"注意[1]：数值均为年度目标。\n{TEXT}",
    json.dumps(ROWS, ensure_ascii=False),
])
def test_well_formed_output_parses_without_findings(text):
    payload, findings = parse_payload(text)
    assert findings == []
    assert names(payload) == [row["name"] for row in ROWS]
    assert payload.indicators[2].basis == "计划标准" and payload.indicators[0].basis is None


def test_a_dict_or_a_bare_list_is_accepted_as_is():
    assert names(parse_payload({"indicators": ROWS})[0]) == names(parse_payload(ROWS)[0])


def test_chinese_keys_are_accepted():
    row = {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人数", "指标值": "≥200人"}
    payload, findings = parse_payload([row])
    assert findings == [] and payload.indicators[0].value == "≥200人"


@pytest.mark.parametrize("text,words", [
    ("", "输出为空"),
    ("抱歉，我无法完成这个任务。", "输出不是 JSON"),
    ('{"indicators": [{"level1": "产出指标" "level2": "数量指标"}]}', "缺少逗号"),
    ('{"indicators": [{"level1": "产出指标", }]}', "缺少字段名或多了逗号"),
])
def test_text_that_is_not_json_gets_one_schema_finding(text, words):
    payload, [finding] = parse_payload(text)
    assert payload is None and finding.rule == "SCHEMA" and finding.severity == "error"
    assert words in finding.message and "indicators" in finding.suggestion


def test_a_wrong_type_is_located_by_path_and_in_words():
    rows = [dict(row) for row in ROWS]
    rows[3]["value"] = 95
    payload, [finding] = parse_payload({"indicators": rows})
    assert payload is None and finding.field == "indicators.3.value"
    assert finding.message == "第4条指标的“指标值”（indicators.3.value）应为文字（字符串），收到的是数字 95"


def test_every_missing_field_is_reported():
    rows = [dict(row) for row in ROWS]
    del rows[1]["value"]
    del rows[4]["level2"]
    payload, findings = parse_payload(rows)
    assert payload is None
    assert [(f.field, "缺少这一项" in f.message) for f in findings] == [
        ("indicators.1.value", True), ("indicators.4.level2", True)]


@pytest.mark.parametrize("data,field,words", [
    ({"rows": ROWS}, "indicators", "缺少这一项"),
    ({"indicators": []}, "indicators", "不能为空"),
    ({"indicators": "卫生服务站数量 10个"}, "indicators", "应为列表"),
    (42, None, "应为对象"),
])
def test_a_wrong_shape_is_reported(data, field, words):
    payload, [finding] = parse_payload(data)
    assert payload is None and finding.field == field and words in finding.message


def test_payload_to_project_normalises_levels_and_parses_values():
    payload, _ = parse_payload([{"level1": "产出指标(50分)", "level2": "数量指标（必填）", "name": "卫生服务站数量",
                                 "value": "≥%90"}])
    project = payload_to_project(payload, name="卫生局工作业务经费", content="保障卫生服务站基本运行", money_wan=10.25)
    [row] = project.indicators
    assert (row.level1, row.level2) == (levels.OUTPUT, levels.QUANTITY)
    assert row.level1_raw == "产出指标(50分)" and row.value.canonical == "≥90%" and row.id == "draft#r1"
    assert project.money.total == 10.25 and project.content == "保障卫生服务站基本运行"


def test_a_drafted_level2_under_the_wrong_level1_stays_there_for_h2():
    rows = [dict(row) for row in ROWS]
    rows[1]["level1"] = "效益指标"
    payload, _ = parse_payload(rows)
    project = payload_to_project(payload, name="卫生局工作业务经费", money_wan=10.25)
    [finding] = check_project(project, rules=["H2"])
    assert finding.position == 2 and "不属于一级指标“效益指标”" in finding.message


def test_the_drafted_project_is_checked_like_any_other():
    payload, _ = parse_payload(TEXT)
    project = payload_to_project(payload, name="卫生局工作业务经费",
                                 content="保障卫生健康宣传、医疗废物处置、卫生服务站基本运行等工作顺利开展。", money_wan=10.25)
    errors = [f for f in check_project(project) if f.severity == "error"]
    assert errors == []
