"""The Draft model turns into a Form the validator, the exporters and the corpus read."""

from assistant.corpus.tables import form_from_csv, form_to_csv
from assistant.draft import Draft, DraftRequest, DraftRow, DraftSource


def test_a_draft_becomes_a_project_form_with_parsed_values():
    draft = Draft(request=DraftRequest(name="培训项目", content="开展业务培训", budget=20, year=2025, unit="某局"),
                  engine="offline", rows=[
                      DraftRow(level1="产出指标", level2="数量指标", name="培训人数", value="≥200人",
                               sources=[DraftSource(why="retrieved", id="x#L1")]),
                      DraftRow(level1="满意度指标", level2="服务对象满意度指标", name="受训学员满意度", value="≥90%")])
    form = draft.to_form("draft-1")
    project = form.projects[0]
    assert (form.year, form.unit, project.money.total) == (2025, "某局", 20)
    assert [i.value.canonical for i in project.indicators] == ["≥200人", "≥90%"]
    assert [i.id for i in project.indicators] == ["draft-1#r1", "draft-1#r2"]
    again = form_from_csv(form_to_csv(form), form_id="x", source_file="x.csv")
    assert [i.name for i in again.projects[0].indicators] == ["培训人数", "受训学员满意度"]


def test_user_input_becomes_a_request_or_a_chinese_message_naming_the_field():
    import pytest

    from assistant.draft.models import build_request
    from assistant.errors import UserError

    assert build_request(name=" 设备购置 ".strip(), budget=12.5).budget == 12.5
    with pytest.raises(UserError, match="预算金额（万元）不能是负数"):
        build_request(name="设备购置", budget=-5)
    with pytest.raises(UserError, match="项目名称（--name）是空的"):
        build_request({"name": "项目名称（--name）"}, name="  ")


def test_a_source_reads_as_the_cited_row_or_the_reason_for_the_row():
    cited = DraftSource(why="retrieved", id="003_1c981b526f6e6f3d#L192", form="003_1c981b526f6e6f3d",
                        project="无偿献血补助经费", name="无偿献血人员对补贴政策满意度", value="≥90%")
    assert cited.label() == "无偿献血补助经费：无偿献血人员对补贴政策满意度 ≥90%〔003_1c981b526f6e6f3d#L192〕"
    assert DraftSource(why="rule", note="K1").label() == "规则 K1"
    assert DraftSource(why="library", note="购置").label() == "常用指标库 购置"
    assert DraftSource(why="adapted").label() == "按本项目情况调整了指标值"
