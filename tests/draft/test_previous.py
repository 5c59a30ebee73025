"""Last year's form as the base: the same unit's project from an earlier year, brought forward.

Expected values come from the seed and gathered texts: raw/003 (大连高新区 2023, 预防性体检工作经费:
280 万元, ≥40000人, ≥500家) and gathered r_0354597370ae (湘潭市环境卫生管理处 2023, 雾炮车降尘抑尘服务,
服务周期 2023.07-2024.01)."""

from assistant.corpus.schema import Indicator
from assistant.corpus.units import unit_key
from assistant.draft.models import DraftRequest
from assistant.draft.previous import draft_from_previous, find_previous, same_unit
from assistant.draft.years import shift_years
from assistant.validate.rules import check_project
from tests.corpus_rows import row_id

DALIAN = "大连高新技术产业园区卫生健康局"


def test_unit_names_are_compared_without_codes_and_notes():
    assert unit_key("[066]六安市农业农村局") == "六安市农业农村局"
    assert unit_key("776001-扎赉特旗人民检察院") == "扎赉特旗人民检察院"
    assert same_unit("深圳市福田区卫生健康局(本级)", "深圳市福田区卫生健康局")
    assert not same_unit("大连高新技术产业园区卫生健康局", "湘潭市环境卫生管理处")


def test_years_roll_forward_in_deadlines_and_periods():
    assert shift_years("2024年12月底前", 1, 2024) == "2025年12月底前"
    assert shift_years("2023.07-2024.01", 1, 2023) == "2024.07-2025.01"
    assert shift_years("2018年建成的设施", 1, 2024) == "2018年建成的设施"  # an older year is history, not a deadline


def test_the_same_units_project_of_an_earlier_year_is_found(corpus_forms):
    request = DraftRequest(name="预防性体检工作经费", unit=DALIAN, year=2024, budget=336)
    base = find_previous(request, corpus_forms.values())
    assert base is not None and base.form.id == "003_1c981b526f6e6f3d" and base.project.name == "预防性体检工作经费"


def test_no_base_for_another_unit_the_same_year_or_no_unit(corpus_forms):
    forms = list(corpus_forms.values())
    assert find_previous(DraftRequest(name="预防性体检工作经费", unit="某县卫生健康局", year=2024), forms) is None
    assert find_previous(DraftRequest(name="预防性体检工作经费", unit=DALIAN, year=2023), forms) is None
    assert find_previous(DraftRequest(name="预防性体检工作经费", year=2024), forms) is None
    assert find_previous(DraftRequest(name="专用设备购置维修", unit=DALIAN, year=2024), forms) is not None
    assert find_previous(DraftRequest(name="计划生育家庭奖励", unit=DALIAN, year=2024), forms) is None


def test_counts_scale_with_the_money_and_are_marked(corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    request = DraftRequest(name="预防性体检工作经费", unit=DALIAN, year=2024, budget=336)  # 280 → 336: ×1.2
    draft = draft_from_previous(request, find_previous(request, corpus_forms.values()))
    by_name = {r.name: r for r in draft.rows}
    people = by_name["年度预计体检人数"]
    assert people.value == "≥48000人" and people.needs_review and "280万元" in people.note
    assert by_name["涉及预防性体检机构数量"].value == "≥600家"
    assert by_name["群众对高新区公共卫生环境满意度"].value == "≥90%"  # a rate is not scaled
    assert people.sources[0].why == "previous" and people.sources[0].label().startswith("上年同项目")
    assert people.sources[0].id == row_id(form, "年度预计体检人数", project="预防性体检工作经费")
    assert draft.request.period == "2024.01.01-2024.12.31" and draft.request.attribute == "延续项目"
    assert draft.base and "上年同项目" in draft.notes[0]


def test_the_same_money_keeps_the_counts_and_rolls_the_period(all_forms):
    request = DraftRequest(name="雾炮车降尘抑尘服务", unit="湘潭市环境卫生管理处", year=2024, budget=250)
    draft = draft_from_previous(request, find_previous(request, all_forms))
    by_name = {r.name: r for r in draft.rows}
    assert by_name["雾炮车降尘抑尘服务配备车辆数"].value == "10辆" and not by_name["雾炮车降尘抑尘服务配备车辆数"].needs_review
    assert by_name["服务周期"].value == "2024.07-2025.01"


def test_rows_the_validator_flags_are_repaired_or_marked(all_forms):
    request = DraftRequest(name="雾炮车降尘抑尘服务", unit="湘潭市环境卫生管理处", year=2024, budget=250)
    base = find_previous(request, all_forms)
    before = [f for f in check_project(base.project) if f.severity != "info" and f.position]
    draft = draft_from_previous(request, base)
    flagged = {f.position for f in draft.findings if f.severity != "info" and f.position}
    assert before and flagged  # raw: ≥80M has no unit (Q4), a name of two clauses (N1)
    assert all(draft.rows[p - 1].needs_review and "上年此行审核有问题" in draft.rows[p - 1].note for p in flagged)


def test_a_rate_above_100_percent_last_year_is_repaired(corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"].model_copy(deep=True)
    project = next(p for p in form.projects if p.name == "预防性体检工作经费")
    rate = next(i for i in project.indicators if i.name == "服务业场所接受体检人数比例")
    rate.value = Indicator.make(None, None, rate.name, "120%").value  # raw/003 says 100%
    request = DraftRequest(name="预防性体检工作经费", unit=DALIAN, year=2024, budget=280)
    draft = draft_from_previous(request, find_previous(request, [form]))
    row = next(r for r in draft.rows if r.name == "服务业场所接受体检人数比例")
    assert row.value == "100%" and row.sources[-1].why == "adapted" and "120%" in row.sources[-1].note
