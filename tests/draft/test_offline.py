import pytest

from assistant.corpus import levels
from assistant.draft import DraftRequest
from assistant.draft.offline import adapt, draft_offline, is_placeholder
from assistant.draft.retrieve import Candidate
from assistant.draft.similarity import same_indicator
from tests.corpus_rows import row_named

TASKS = [
    DraftRequest(name="基层医疗卫生机构设备购置", content="为辖区基层医疗卫生机构购置DR、彩超等医疗设备", budget=800),
    DraftRequest(name="全科医生规范化培训", content="组织全科医生参加规范化培训，提升基层医疗服务能力", budget=120),
    DraftRequest(name="预防接种门诊运行经费", content="保障预防接种门诊正常运行，开展儿童免疫规划疫苗接种", budget=60),
]


@pytest.mark.parametrize("request_", TASKS, ids=lambda r: r.name)
def test_offline_draft_is_a_complete_cited_table(request_, index, corpus_rows):
    draft = draft_offline(request_, index)
    assert draft.engine == "offline" and draft.request == request_
    assert 7 <= len(draft.rows) <= 16
    level1s = {r.level1 for r in draft.rows}
    level2s = {r.level2 for r in draft.rows}
    assert {levels.OUTPUT, levels.BENEFIT, levels.SATISFACTION} <= level1s
    assert {levels.QUANTITY, levels.QUALITY, levels.TIMELINESS, levels.UNIT_COST} <= level2s
    assert level2s & {levels.SOCIAL, levels.SUSTAINABLE}
    for row in draft.rows:
        assert row.sources, row.name
        for source in row.sources:
            if source.why == "retrieved":
                _, _, corpus_row = corpus_rows[source.id]
                assert (source.name, source.value) == (corpus_row.name, corpus_row.value.raw)
    costs = [r for r in draft.rows if r.level2 == levels.UNIT_COST]
    assert [r.value for r in costs] == [f"≤{request_.budget:g}万元"]
    names = [r.name for r in draft.rows]
    assert len(set(names)) == len(names)
    assert not [f for f in draft.findings if f.severity == "error"]
    assert {"retrieve", "generate", "check", "total"} <= set(draft.timing)


def test_equipment_draft_draws_on_the_equipment_project(index):
    draft = draft_offline(TASKS[0], index)
    cited = {s.project for r in draft.rows for s in r.sources if s.why == "retrieved"}
    assert "专用设备购置" in cited
    count = next(r for r in draft.rows if r.name == "购置设备数量")
    # 60台 was bought with 2857.99万元; this task has 800万元, so the count must be checked.
    assert count.value == "≥60台" and count.needs_review and "2857.99万元" in count.note


def test_left_out_project_is_not_cited(index, corpus_forms):
    blood = corpus_forms["003_1c981b526f6e6f3d"].projects[6]
    assert blood.name == "无偿献血补助经费"
    own = {ind.id for ind in blood.indicators}
    draft = draft_offline(DraftRequest(name=blood.name, content=blood.content, budget=blood.money.total), index,
                          exclude_projects=[blood.id])
    cited = {s.id for r in draft.rows for s in r.sources if s.id}
    assert cited and not cited & own


def test_task_outside_the_corpus_falls_back_to_the_library(index):
    draft = draft_offline(DraftRequest(name="道路养护", content="对辖区道路进行日常养护和维修", budget=300), index)
    quantity = [r for r in draft.rows if r.level2 == levels.QUANTITY]
    # Health forms count people, stations and devices, never road works: the library, or a marked gap.
    assert quantity and all(s.why == "library" for r in quantity if not is_placeholder(r) for s in r.sources)
    assert all(r.needs_review for r in quantity)
    assert not any("补助" in r.name or "献血" in r.name for r in draft.rows)
    assert any("内置常用指标库" in note for note in draft.notes)
    assert 7 <= len(draft.rows) <= 16


def test_no_two_rows_are_near_duplicates(index):
    for request_ in TASKS:
        rows = draft_offline(request_, index).rows
        for i, a in enumerate(rows):
            assert not any(a.level2 == b.level2 and same_indicator(a.name, b.name) for b in rows[i + 1:])


def _candidate(corpus_forms, form_id, name, money):
    """The corpus row named `name` as a retrieved example from a project with `money`."""
    form = corpus_forms[form_id]
    indicator = row_named(form, name)
    project = next(p for p, _, ind in form.iter_indicators() if ind is indicator)
    return Candidate(indicator=indicator, form=form_id, project=project.id, project_title=project.name,
                     project_money=money, score=1.0)


def test_satisfaction_below_the_usual_range_becomes_90(corpus_forms):
    low = adapt(_candidate(corpus_forms, "003_1c981b526f6e6f3d", "危重症患者家庭对政策满意率", 7.0), DraftRequest(name="医疗救助", budget=7))
    assert low.name == "危重症患者家庭对政策满意率" and low.value == "≥90%"
    assert [s.why for s in low.sources] == ["retrieved", "adapted"] and "≥80%" in low.sources[1].note
    usual = adapt(_candidate(corpus_forms, "003_1c981b526f6e6f3d", "使用人员满意度", 2857.99), DraftRequest(name="设备", budget=9))
    assert usual.value == "≥95%" and [s.why for s in usual.sources] == ["retrieved"]


def test_counts_carry_over_only_between_projects_of_similar_money(corpus_forms):
    count = _candidate(corpus_forms, "003_1c981b526f6e6f3d", "购置设备数量", 2857.99)
    assert not adapt(count, DraftRequest(name="设备购置", budget=2800)).needs_review
    assert adapt(count, DraftRequest(name="设备购置", budget=100)).needs_review
    rate = _candidate(corpus_forms, "003_1c981b526f6e6f3d", "设备质量合格率", 2857.99)
    kept = adapt(rate, DraftRequest(name="设备购置", budget=100))
    assert kept.value == "100%" and not kept.needs_review


def test_a_count_from_a_project_with_zero_money_is_marked_for_review(corpus_forms):
    count = _candidate(corpus_forms, "003_1c981b526f6e6f3d", "购置设备数量", 0.0)
    assert adapt(count, DraftRequest(name="设备购置", budget=100)).needs_review


def test_the_total_cost_keeps_every_digit_of_the_budget(index):
    # 12345.67 written as 12345.7 would be above the budget: a K1 error in our own draft.
    draft = draft_offline(DraftRequest(name="专用设备购置", content="购置医疗专用设备", budget=12345.67), index)
    cost = [row for row in draft.rows if row.value.startswith("≤") and row.value.endswith("万元")]
    assert [row.value for row in cost] == ["≤12345.67万元"]
    assert not [f for f in draft.findings if f.rule == "K1" and f.severity == "error"]


def test_fraction_written_for_a_rate_is_rewritten_as_percent(corpus_forms):
    assert row_named(corpus_forms["004_c7c74f520e7223bf"], "资金发放率").value.raw == "1"
    row = adapt(_candidate(corpus_forms, "004_c7c74f520e7223bf", "资金发放率", None), DraftRequest(name="培训"))
    assert row.value == "100%" and row.sources[-1].why == "adapted"


def test_rows_the_validator_flags_on_their_own_are_passed_over(corpus_forms):
    from assistant.draft.offline import flagged

    deadline = adapt(_candidate(corpus_forms, "001_6003ec96d5ffba37", "全年365天监测全覆盖", None), DraftRequest(name="监测"))
    assert (deadline.name, deadline.value) == ("全年365天监测全覆盖", "365")  # T1: a bare number is no deadline
    assert flagged(deadline)
    assert not flagged(adapt(_candidate(corpus_forms, "003_1c981b526f6e6f3d", "补贴发放及时率", 150.0), DraftRequest(name="补贴")))
