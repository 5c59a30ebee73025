"""The typed plan: what the rules fill for each kind of question, and `check_plan`, which refuses a
plan naming what the catalog does not hold."""

import pytest

from assistant.ask.plan import Plan, check_plan
from tests.ask.conftest import S000, S002, S003

P001 = "001_6003ec96d5ffba37"


@pytest.mark.parametrize(("text", "expected"), [
    ("大连高新区2023年这11个项目加起来一共多少钱？", {"op": "sum", "over": "projects", "forms": [S003]}),
    ("硚口2019年的项目支出是多少？", {"op": "lookup", "over": "forms", "money": "project", "years": [2019]}),
    ("预防性体检工作经费的财政拨款是多少？", {"over": "projects", "money": "fiscal", "items": [f"{S003}/p6"]}),
    ("福田区卫健局2024年除了基本支出，其余任务一共多少钱？",
     {"op": "sum", "over": "projects", "exclude_items": [f"{S000}/p1/t1"], "money": "total"}),
    ("高新区的无偿献血补助经费和预防性体检工作经费，哪个钱多？",
     {"op": "compare", "compare_by": "items", "over": "projects", "items": [f"{S003}/p7", f"{S003}/p6"]}),
    ("硚口区基本支出2019年和2020年比哪年高？",
     {"op": "compare", "compare_by": "years", "over": "forms", "money": "basic", "years": [2019, 2020]}),
    ("专用设备购置和新冠疫情防控专项经费，哪个项目的满意度目标定得更高？",
     {"op": "compare", "compare_by": "items", "over": "indicators", "level1": "满意度指标"}),
    ("福田2024年所有带(统筹)的任务加起来多少钱？", {"op": "sum", "over": "projects", "contains": ["统筹"]}),
    ("高新区2023年预算最少的项目是哪个？", {"op": "extreme", "over": "projects", "highest": False}),
    ("库尔勒市卫健委2021年的成本指标有几个？", {"op": "count", "over": "indicators", "level2": "成本指标",
                                       "forms": [S002]}),
])
def test_the_rules_fill_the_plan(parse, text, expected):
    plan = parse(text).plan()
    for field, value in expected.items():
        got = getattr(plan, field)
        assert (sorted(got) if isinstance(got, list) else got) == (sorted(value) if isinstance(value, list) else value), field


def test_a_unit_of_another_kind_at_a_known_place_is_unknown(parse):
    q = parse("福田区教育局2024年的预算执行率目标是多少？")
    assert q.unknown_units == ["福田区教育局"] and q.forms == []
    assert parse("福田区卫健局2024年的预算执行率目标是多少？").forms == [S000]


def test_an_aside_on_what_to_count_names_nothing(parse):
    q = parse("福田区卫健局2024年的任务表一共列了多少个预算任务（基本支出也算一行）？")
    assert q.items == [] and q.plan().op == "count"


def test_check_plan_refuses_what_the_catalog_lacks(catalog):
    good = Plan(op="lookup", forms=[S003], items=[f"{S003}/p7"], indicators=["预计年度无偿献血人数"], years=[2023])
    assert check_plan(good, catalog) == []
    bad = Plan(op="lookup", forms=["nowhere"], items=[f"{S003}/p99"], indicators=["献血车数量"], years=[1999],
               sector="航天")
    problems = check_plan(bad, catalog)
    assert len(problems) == 5
    assert any("献血车数量" in p for p in problems) and any("1999" in p for p in problems)
