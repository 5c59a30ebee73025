"""The relevance gate on the real corpus: a road, a teacher-training or a sewer task never gets a row
naming another sector's object (issue 12's examples), with words learnt from the corpus itself."""

import pytest

from assistant.corpus.schema import Indicator, IndicatorGroup, Money, Project
from assistant.draft import DraftRequest
from assistant.draft.models import is_placeholder
from assistant.draft.offline import draft_offline
from assistant.draft.sector_gate import Gate, sector_words
from assistant.draft.suggest import suggest_project
from tests.corpus_rows import row_named

ROAD = DraftRequest(name="农村公路养护工程", content="养护县乡道320公里，保障农村公路安全畅通", budget=560)
TEACHERS = DraftRequest(name="中小学教师培训", content="组织中小学教师参加业务培训800人次", budget=80)
SEWER = DraftRequest(name="城区污水管网维护", content="疏通污水管网12公里，清掏窨井300座", budget=150)


@pytest.fixture(scope="module")
def whole_index(all_forms):
    from assistant.index.memory import MemoryIndex

    return MemoryIndex(all_forms)


@pytest.fixture(scope="module")
def words(whole_index):
    return sector_words(whole_index.sector_rows())


@pytest.fixture(scope="module")
def health_rows(all_forms):
    """Rows the issue saw drafted into a road project, as they stand in the health forms."""
    seeds = {f.id: f for f in all_forms}
    names = ["农村独生子女奖励人数", "上级信息安全部门对网站安全工作满意度"]
    return [row_named(next(f for f in seeds.values() if any(i.name == n for _, _, i in f.iter_indicators())), n)
            for n in names]


def test_words_specific_to_health_are_learnt_from_the_health_forms(words):
    for word in ("独生子女", "无偿献血", "疫苗", "计生"):
        assert words.group_of[word] == "卫生健康", word
    for common in ("培训", "设备", "宣传"):
        assert common not in words.group_of, common


def test_the_road_task_is_a_transport_task_and_refuses_the_health_rows(words, health_rows):
    gate = Gate.for_task(ROAD, words)
    assert gate.group == "交通运输"
    for row in health_rows:
        assert gate.foreign_words(row.name), row.name
    assert gate.admits("公路养护里程") and gate.admits("项目验收合格率")


def test_a_word_the_task_itself_uses_is_not_foreign(words):
    vaccines = DraftRequest(name="疫苗冷链运输车辆购置", content="购置疫苗冷链运输车2辆")
    assert Gate.for_task(vaccines, words).admits("疫苗运输及时率")
    assert not Gate.for_task(ROAD, words).admits("疫苗运输及时率")


@pytest.mark.parametrize("request_", [ROAD, TEACHERS, SEWER], ids=lambda r: r.name)
def test_drafts_of_other_sectors_carry_no_health_row(request_, whole_index, words, all_forms):
    health_forms = {f.id for f in all_forms if f.sector == "卫生健康"}
    draft = draft_offline(request_, whole_index)
    judge = Gate.for_task(request_, words)
    assert draft.rows and not [r.name for r in draft.rows if not judge.admits(r.name)]
    for row in draft.rows:
        for source in row.sources:
            if source.id and source.form in health_forms:
                assert not words.specific_in(row.name).keys() - set(request_.content), (row.name, source.form)
    assert not [f for f in draft.findings if f.severity == "error"]


def test_the_road_draft_counts_the_kilometres_the_task_names(whole_index):
    draft = draft_offline(ROAD, whole_index)
    kilometres = [r for r in draft.rows if r.value == "≥320公里"]
    assert len(kilometres) == 1 and kilometres[0].level2 == "数量指标"
    assert "320公里" in kilometres[0].sources[-1].note


def test_a_slot_nothing_fits_gets_a_marked_placeholder_not_a_foreign_row(whole_index, words):
    from assistant.draft.offline import Pool, Slot, candidate_pool, fill_slot
    from assistant.draft.retrieve import retrieve

    gate = Gate.for_task(ROAD, words)
    pool = candidate_pool(ROAD, retrieve(ROAD, whole_index), gate)
    ecological = Pool(ROAD, pool.task_words, pool.kind, [], [c for c in pool.candidates
                                                          if c.indicator.level2 != "生态效益指标"], gate)
    rows, _ = fill_slot(Slot("效益指标", ("生态效益指标",), 1, 1), ecological, [])
    assert len(rows) == 1 and is_placeholder(rows[0])
    assert (rows[0].level1, rows[0].level2, rows[0].value, rows[0].needs_review) == ("效益指标", "生态效益指标", "待补充", True)
    assert "生态效益指标" in rows[0].note


def test_suggestions_for_a_road_project_hold_no_health_row(whole_index, words):
    road = Project(id="user/p1", name=ROAD.name, content=ROAD.content, money=Money(total=560), groups=[IndicatorGroup(
        kind="project", indicators=[Indicator.make("产出指标", "数量指标", "养护里程", "≥320公里", id="user#1")])])
    suggestions = suggest_project(road, whole_index)
    rows = [r for s in suggestions for r in s.rows]
    assert rows
    gate = Gate.for_task(ROAD, words)
    assert all(gate.admits(r.name) for r in rows)


def test_a_row_named_by_its_level_or_left_to_fill_belongs_to_no_sector(words):
    # r_3d6f50fd20b0 (临海 绿化养护经费) names its rows by their 二级 ("社会效益指标"): such words name a
    # level every sector's forms have, and a 待补充 row is a gap, not a borrowed row.
    gate = Gate.for_task(ROAD, words)
    assert gate.admits("社会效益指标") and gate.admits("生态效益") and gate.admits("待补充（经济效益指标）")


def test_a_generic_health_benefit_is_foreign_to_a_road_but_not_to_a_clinic(words):
    # 提高居民健康水平 stands in health forms' 效益 rows (seed 003); 健康 was generic while the corpus was
    # one bureau's, and is health's own word across sectors.
    assert not Gate.for_task(ROAD, words).admits("提高居民健康水平")
    clinic = DraftRequest(name="社区卫生服务中心基本运行", content="保障社区居民基本医疗和健康管理服务", budget=100)
    assert Gate.for_task(clinic, words).admits("提高居民健康水平")
