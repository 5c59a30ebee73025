"""The question parser, table-driven: each question from the issue (and a few more) with what a
reader of the seed forms expects it to name."""

from datetime import date

import pytest

from tests.ask.conftest import S000, S003, S004

# (question, expected fields); project ids read off seed 003's project order.
CASES = [
    ("去年无偿献血补助的满意度指标定的多少？",
     {"years": [2025], "items": [f"{S003}/p7"], "level1": "满意度指标", "ops": [], "path": "query"}),
    ("大连高新区哪些项目设了时效指标？",
     {"forms": [S003], "level2": "时效指标", "ops": ["list"], "by": "project", "path": "query"}),
    ("2023年大连高新区一共报了几个项目、多少钱？",
     {"years": [2023], "forms": [S003], "target": "items", "path": "query"}),
    ("有没有别的单位设过'设备故障率'，值是多少？",
     {"phrase": "设备故障率", "other_units": True, "path": "retrieval", "ops": []}),
    ("满意度低于90%的指标有哪些", {"level1": "满意度指标", "ops": ["list"], "path": "query"}),
    ("福田区金额最高的任务是哪个", {"forms": [S000], "ops": ["max"], "target": "items"}),
    ("湟源县红十字会的满意度", {"forms": [S004], "level1": "满意度指标", "path": "query"}),
    ("预防性体检的体检人数是多少",
     {"items": [f"{S003}/p6"], "phrase": "体检人数", "path": "retrieval"}),
    ("北京市朝阳区的体检人数", {"unknown_places": ["北京市", "朝阳区"], "forms": []}),
    ("硚口2020年的成本指标有几条", {"years": [2020], "forms": ["001_6003ec96d5ffba37"], "level2": "成本指标",
                              "ops": ["count"], "target": "indicators"}),
    ("医疗救助专项经费的危重症患者抢救及时率定的多少", {"items": [f"{S003}/p9"], "path": "retrieval"}),
    ("福田区门户网站个数是多少", {"ops": [], "path": "retrieval"}),
    ("湟源县的预算是多少", {"forms": [S004], "ops": ["sum"], "target": "items", "path": "query"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_question_parsing(parse, text, expected):
    q = parse(text)
    for field, value in expected.items():
        assert getattr(q, field) == value, field


def test_a_group_is_named_by_its_words(parse, catalog):
    q = parse("湟源县红十字会的满意度")
    assert len(q.items) == 1 and "红十字会" in catalog.item(q.items[0]).name


def test_ops_of_a_count_and_sum_question(parse):
    assert set(parse("2023年大连高新区一共报了几个项目、多少钱？").ops) == {"count", "sum"}


def test_value_condition_is_read_with_its_unit(parse):
    condition = parse("满意度低于90%的指标有哪些").condition
    assert (condition.comparator, condition.number, condition.unit) == ("<", 90.0, "%")
    condition = parse("金额超过1000万元的预算任务有哪些").condition
    assert (condition.comparator, condition.number, condition.unit) == (">", 1000.0, "万元")


def test_relative_years_follow_the_reference_date(parse):
    assert parse("去年的满意度指标", today=date(2024, 3, 1)).years == [2023]
    assert parse("前年的满意度指标", today=date(2026, 1, 1)).years == [2024]


def test_unit_short_names_reach_their_forms(parse):
    assert parse("库尔勒的时效指标有哪些").forms == ["002_e1d26794d2b88a5d"]
    assert parse("深圳市福田区一共多少钱").forms == [S000]


def test_an_indicator_name_wins_over_a_project_sharing_its_words(parse):
    # "计划生育" is also in project names, but the question names an indicator of 003/p11 in full
    q = parse("计划生育特殊家庭走访户数是多少")
    assert q.items == []
    assert "计划生育特殊家庭走访户数" in q.phrase


def test_follow_up_is_marked_when_nothing_is_named(parse):
    assert parse("那它的数量指标呢？").follow_up
    assert not parse("无偿献血补助经费的数量指标呢？").follow_up


def test_a_question_without_rule_words_is_unsure(parse):
    assert not parse("血液").sure
