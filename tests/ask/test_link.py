"""Entity linking on the real catalog: shortened names, several names in one question, group
labels, a long name called by its first clause, and words that link to nothing."""

import pytest

from assistant.ask.link import ordered_run
from tests.ask.conftest import S002, S003

P001 = "001_6003ec96d5ffba37"


def test_ordered_run_allows_gaps_in_the_name_only():
    assert ordered_run("高新区疾控中心业务经费", "疾病预防控制中心工作业务经费") == (8, 3)
    assert ordered_run("控疾", "疾病预防控制") == (1, 0)  # order matters: 控 then 疾 is not in order


def names(catalog, question, **kwargs):
    from assistant.ask.link import link_items

    return [link.item.name for link in link_items(question, catalog, **kwargs)]


@pytest.mark.parametrize(("question", "expected"), [
    # seed 003's project names, shortened as budget staff shorten them
    ("高新区疾控中心业务经费那个项目，快检设备数量定的是多少？", ["疾病预防控制中心工作业务经费"]),
    ("预防性体捡工作经费今年预计体检多少人？", ["预防性体检工作经费"]),  # a typo costs one character
    ("计划生育工作直达资金区级配套那个项目", ["计划生育工作直达资金区级配套(保民生资金)"]),
])
def test_a_shortened_name_links_its_item(catalog, question, expected):
    assert names(catalog, question, forms=[S003]) == expected


def test_several_names_in_one_question_each_link_once(catalog):
    linked = names(catalog, "库尔勒市卫健委2021年农村计划生育免费技术服务、计划生育增培、计划生育奖励扶助三项合计多少？",
                   forms=[S002])
    assert sorted(linked) == sorted(["农村计划生育免费技术服务", "计划生育增培", "计划生育奖励扶助"])


def test_a_long_name_is_called_by_its_first_clause(catalog):
    assert "开展疫情防控、基本公共卫生服务、计划生育服务、项目工作" in names(
        catalog, "库尔勒医疗建设项目专项资金和开展疫情防控那项任务，哪个钱多？", forms=[S002])


def test_a_group_is_named_by_its_label(catalog):
    linked = names(catalog, "硚口区自评表年度指标1里数量指标有几个？", forms=[P001])
    assert len(linked) == 1 and linked[0].startswith("年度指标1")


def test_words_that_name_nothing_link_nothing(catalog):
    assert names(catalog, "这套表一共有几个？", forms=[S003]) == []
