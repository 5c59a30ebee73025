import pytest

from assistant.corpus import levels
from assistant.draft import DraftRequest
from assistant.draft.common_indicators import fill_value, library_entries, project_type, project_types


@pytest.mark.parametrize(("name", "content", "sector", "expected"), [
    ("专用设备购置", "", None, "购置"),
    ("全科医生规范化培训", "", None, "培训"),
    ("卫生健康工作会议", "召开年度工作会议", None, "会议"),
    ("农村道路养护", "", None, "建设"),
    ("计划生育特别扶助", "发放扶助金和补贴", None, "补助"),
    ("健康知识宣传", "", None, "宣传"),
    ("卫生局工作业务经费", "保障日常办公", "培训", "培训"),  # a stated sector wins over the text
    ("卫生局工作业务经费", "保障日常办公", None, None),
])
def test_project_type_by_keywords(name, content, sector, expected):
    assert project_type(DraftRequest(name=name, content=content, sector=sector)) == expected


def test_every_type_can_fill_the_required_slots_with_the_general_entries():
    required = {levels.QUANTITY, levels.QUALITY, levels.TIMELINESS, levels.UNIT_COST, levels.SERVICE_SATISFACTION}
    assert set(project_types()) == {"购置", "培训", "会议", "文字成果", "建设", "补助", "服务", "宣传"}
    for kind in [*project_types(), None]:
        entries = library_entries(kind)
        assert required <= {e.level2 for e in entries}, kind
        assert {e.level2 for e in entries} & {levels.SOCIAL, levels.SUSTAINABLE}
        assert all(levels.allowed(e.level1, e.level2) and e.source for e in entries)


def test_total_cost_template_takes_the_budget():
    total = next(e for e in library_entries(None) if e.name == "项目总成本")
    assert fill_value(total, 120.0) == "≤120万元"
    assert fill_value(total, None) is None
    rate = next(e for e in library_entries("购置") if e.name == "设备质量合格率")
    assert fill_value(rate, None) == "100%"
