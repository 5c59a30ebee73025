"""validate_form: canonical JSON that lost its shape gets SCHEMA findings, located, never an exception."""

import json

from assistant.validate.schema_findings import place, validate_form
from tests.conftest import CORPUS

SEED_003 = CORPUS / "forms" / "003_1c981b526f6e6f3d.json"


def seed_data():
    return json.loads(SEED_003.read_text(encoding="utf-8"))


def test_a_canonical_form_validates():
    form, findings = validate_form(seed_data())
    assert findings == [] and len(form.projects) == 11


def test_a_malformed_form_is_located_by_project_group_and_row():
    data = seed_data()
    indicator = data["projects"][1]["groups"][0]["indicators"][2]   # 003 p2 row 3: 印刷文件数量
    indicator["value"] = "≥5次"                                     # a string where an object belongs
    del data["projects"][0]["name"]
    form, findings = validate_form(data)
    assert form is None
    by_field = {f.field: f for f in findings}
    assert by_field["projects.0.name"].message.startswith("第1个项目的“名称”")
    value = by_field["projects.1.groups.0.indicators.2.value"]
    assert value.position == 3 and "第2个项目的第1个分组的第3条指标的“指标值”" in value.message
    assert "应为对象" in value.message and "“≥5次”" in value.message


def test_an_unknown_form_kind_lists_the_allowed_ones():
    data = seed_data()
    data["kind"] = "budget"
    _, [finding] = validate_form(data)
    assert finding.field == "kind" and "'project'" in finding.message


def test_place_reads_a_path_in_words():
    assert place(("indicators", 3, "value")) == "第4条指标的“指标值”"
    assert place(()) == "整个输入"
