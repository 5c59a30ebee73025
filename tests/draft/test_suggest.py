from assistant.corpus import levels
from assistant.draft.suggest import missing_level2, suggest

MEDICAL_AID = 8  # 003 p9 医疗救助专项经费: 数量 1, 质量 1, 时效 2, 社会效益 2, 满意度 1, no 成本


def _without(project, *level2s):
    project = project.model_copy(deep=True)
    for group in project.groups:
        group.indicators = [i for i in group.indicators if i.level2 not in level2s]
    return project


def test_half_filled_project_gets_suggestions_for_exactly_what_was_removed(index, corpus_forms):
    original = corpus_forms["003_1c981b526f6e6f3d"].projects[MEDICAL_AID]
    assert original.name == "医疗救助专项经费"
    before = {level2 for _, level2, _ in missing_level2(original)}
    assert before == {levels.UNIT_COST}  # the form itself has no cost row
    half = _without(original, levels.TIMELINESS, levels.SERVICE_SATISFACTION)
    suggestions = suggest(half, index)
    assert {s.level2 for s in suggestions} - before == {levels.TIMELINESS, levels.SERVICE_SATISFACTION}
    own = {i.id for i in original.indicators}
    for s in suggestions:
        assert 1 <= len(s.rows) <= 3 and s.reason
        assert all(r.level2 == s.level2 for r in s.rows)
        assert all(src.id not in own for r in s.rows for src in r.sources)  # its own rows are not suggested back
    satisfaction = next(s for s in suggestions if s.level2 == levels.SERVICE_SATISFACTION)
    assert all(r.value.startswith("≥") and r.value.endswith("%") for r in satisfaction.rows)
    cost = next(s for s in suggestions if s.level2 == levels.UNIT_COST)
    assert [r.value for r in cost.rows] == ["≤7万元"]


def test_complete_project_gets_no_suggestion_but_cost(index, corpus_forms):
    equipment = corpus_forms["003_1c981b526f6e6f3d"].projects[3]
    assert equipment.name == "专用设备购置"
    assert [s.level2 for s in suggest(equipment, index)] == [levels.TIMELINESS, levels.UNIT_COST]


def test_phrase_hook_receives_and_returns_the_suggestions(index, corpus_forms):
    project = _without(corpus_forms["003_1c981b526f6e6f3d"].projects[MEDICAL_AID], levels.TIMELINESS)
    seen = []

    def phrase(target, suggestions):
        seen.append((target.name, [s.level2 for s in suggestions]))
        return suggestions[:1]

    result = suggest(project, index, phrase=phrase)
    assert seen == [("医疗救助专项经费", [levels.TIMELINESS, levels.UNIT_COST])]
    assert [s.level2 for s in result] == [levels.TIMELINESS]
