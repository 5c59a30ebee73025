"""The whole form drafted: header, 年度绩效目标 and table; exported as xlsx, csv and JSON and read back."""

import json

from assistant.corpus.files import atomic_write, load_form
from assistant.draft.form import draft_form
from assistant.draft.models import DraftRequest
from assistant.review.workflow import export_bytes
from assistant.settings import Settings

SETTINGS = Settings(_env_file=None)


def test_a_new_project_gets_a_header_a_goal_and_a_table(index, corpus_forms):
    request = DraftRequest(name="社区老年人健康体检", content="为65岁以上老年人免费体检并建立健康档案。", budget=50,
                           year=2025, unit="某区卫生健康局", supervisor="某区卫生健康局")
    draft = draft_form(request, index, SETTINGS, forms=corpus_forms.values(), engine="offline")
    assert draft.base is None and draft.rows
    req = draft.request
    assert (req.implementer, req.period, req.fiscal) == ("某区卫生健康局", "2025年1月1日-2025年12月31日", 50)
    assert draft.goal.startswith("目标1：为65岁以上老年人免费体检并建立健康档案，年度资金50万元。")
    quantity = [r for r in draft.rows if r.level2 == "数量指标"]
    assert quantity and f"{quantity[0].name}" in draft.goal  # the goal quotes the table


def test_last_years_form_is_the_first_choice(index, corpus_forms):
    request = DraftRequest(name="预防性体检工作经费", content="组织服务业从业人员预防性体检", budget=336, year=2024,
                           unit="大连高新技术产业园区卫生健康局")
    draft = draft_form(request, index, SETTINGS, forms=corpus_forms.values(), engine="offline")
    assert draft.base == "003_1c981b526f6e6f3d/预防性体检工作经费"
    from_last_year = [r for r in draft.rows if r.sources[0].why == "previous"]
    assert len(from_last_year) == 7  # raw/003: the project's seven rows
    # raw/003's project has no 成本 row (RULES.md C2): one is added from the corpus and the library.
    assert any(r.level2 == "成本指标" for r in draft.rows[7:])


def test_the_whole_form_reads_back_from_each_export(tmp_path, index, corpus_forms):
    request = DraftRequest(name="中小学教师培训", content="组织全区中小学教师参加专业培训。", budget=120, year=2025,
                           unit="某区教师进修学校", supervisor="某区教育局", attribute="新增项目",
                           period="2025年3月-2025年11月", fiscal=100, other=20)
    draft = draft_form(request, index, SETTINGS, forms=corpus_forms.values(), engine="offline")
    form = draft.to_form("t_whole")
    for fmt in ("xlsx", "csv", "json"):
        data, filename = export_bytes(form, fmt)
        path = tmp_path / filename
        atomic_write(path, data)
        project = load_form(path).projects[0]
        assert (project.name, project.supervisor, project.implementer, project.attribute, project.period) == (
            "中小学教师培训", "某区教育局", "某区教师进修学校", "新增项目", "2025年3月-2025年11月"), fmt
        assert (project.money.total, project.money.fiscal, project.money.other) == (120, 100, 20), fmt
        assert project.annual_goal == draft.goal, fmt
        rows = sorted((i.level1, i.level2, i.name, i.value.raw) for i in project.indicators)
        assert rows == sorted((r.level1, r.level2, r.name, r.value) for r in draft.rows), fmt
    assert json.loads(export_bytes(form, "json")[0])["projects"][0]["attribute"] == "新增项目"
