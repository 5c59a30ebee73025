import pytest

from assistant.draft import DraftRequest
from assistant.draft.retrieve import GROUP_SEP, examples_for_prompt, retrieve

BLOOD = "003_1c981b526f6e6f3d/p7"  # 无偿献血补助经费
RED_CROSS = "004_c7c74f520e7223bf/p1::职能3:负责湟源县红十字会工作。"


@pytest.mark.parametrize("retriever", ["index", "hybrid_index"])
def test_equipment_task_finds_the_equipment_project_first(retriever, request):
    # the same examples come back from the in-memory index and the chromadb-backed one
    index = request.getfixturevalue(retriever)
    retrieval = retrieve(DraftRequest(name="基层医疗卫生机构设备购置", budget=500), index)
    best = retrieval.projects[0]
    assert best.key == "003_1c981b526f6e6f3d/p4" and best.title == "专用设备购置"
    assert best.money == 2857.99
    assert [r.name for r in best.rows][:2] == ["购置设备数量", "政府采购率"]  # table order, as in the form
    assert len(best.rows) == 8


def test_candidates_are_real_corpus_rows(index, corpus_rows):
    retrieval = retrieve(DraftRequest(name="全科医生规范化培训", content="培训全科医生，提高基层服务能力"), index)
    assert retrieval.rows
    for candidate in retrieval.rows:
        project, group, row = corpus_rows[candidate.indicator.id]
        assert (candidate.indicator.name, candidate.indicator.value.raw) == (row.name, row.value.raw)
        assert candidate.indicator.level2 == row.level2
    scores = [c.score for c in retrieval.rows]
    assert scores == sorted(scores, reverse=True)


def test_whole_unit_groups_are_examples_of_their_own(index, corpus_rows):
    retrieval = retrieve(DraftRequest(name="红十字会应急救护培训", content="开展群众应急救护培训，培训人数2000人次"),
                         index, k_projects=8)
    groups = [p for p in retrieval.projects if GROUP_SEP in p.key]
    assert RED_CROSS in [p.key for p in groups]
    red_cross = next(p for p in groups if p.key == RED_CROSS)
    assert red_cross.money is None and red_cross.title == "职能3:负责湟源县红十字会工作。"
    # Only the rows of that function, not the unit's 161.
    assert len(red_cross.rows) == 15
    assert {corpus_rows[r.id][1].title for r in red_cross.rows} == {"职能3:负责湟源县红十字会工作。"}


@pytest.mark.parametrize("retriever", ["index", "hybrid_index"])
def test_left_out_project_and_group_are_never_returned(retriever, request):
    index = request.getfixturevalue(retriever)
    task = DraftRequest(name="无偿献血补助经费", content="向无偿献血人员发放补助")
    retrieval = retrieve(task, index, exclude_projects=[BLOOD, RED_CROSS])
    assert all(c.project not in (BLOOD, RED_CROSS) for c in retrieval.rows)
    assert all(p.key not in (BLOOD, RED_CROSS) for p in retrieval.projects)
    assert BLOOD in [c.project for c in retrieve(task, index).rows]  # it would be found otherwise


def test_left_out_form_is_never_returned(index):
    retrieval = retrieve(DraftRequest(name="无偿献血补助经费"), index, exclude_forms=["003_1c981b526f6e6f3d"])
    assert retrieval.rows and all(c.form != "003_1c981b526f6e6f3d" for c in retrieval.rows)


def test_examples_for_prompt_trim_big_tables_to_matching_rows(index):
    retrieval = retrieve(DraftRequest(name="全科医生规范化培训"), index, k_projects=8)
    examples = examples_for_prompt(retrieval, n=8, max_rows=5)
    assert len(examples) == len(retrieval.projects)
    full = {p.key: p.rows for p in retrieval.projects}
    for example in examples:
        assert len(example.rows) == min(5, len(full[example.key]))
        ids = [r.id for r in full[example.key]]
        assert [r.id for r in example.rows] == [i for i in ids if i in {r.id for r in example.rows}]


def test_index_lists_every_row_of_a_project_without_a_query(index, corpus_forms):
    blood = corpus_forms["003_1c981b526f6e6f3d"].projects[6]
    hits = index.indicators_of([BLOOD])
    assert sorted(h.id for h in hits) == sorted(i.id for i in blood.indicators)
    assert {h.project_id for h in hits} == {BLOOD} and all(h.fused_score == 0 for h in hits)
    assert index.indicators_of([]) == []
