"""Ask over the gathered forms of other sectors (issue 13): units named by place and agency
though their names carry budget codes, projects named by their distinctive words, values asked
with 几个 / 多少个, two projects of different units summed or compared, counts and extremes
within one project, follow-ups, and figures kept as the form gives them."""

import pytest

from assistant.ask.catalog import split_unit
from assistant.ask.question import parse_question
from assistant.corpus.units import clean_unit
from tests.ask.conftest import TODAY
from tests.ask.helpers import ask
from tests.corpus_rows import row_named


def parse(catalog, text):
    return parse_question(text, catalog, today=TODAY)


# -- units: codes dropped, places and agencies said short ------------------------------------

def test_a_unit_name_is_read_without_its_code_and_notes_as_places_and_agency():
    assert clean_unit("207101天津市河北区人民法院") == "天津市河北区人民法院"
    assert clean_unit("[042]六安市金安区体育局") == "六安市金安区体育局"
    assert clean_unit("湘潭市城市管理和综合执法局 308001") == "湘潭市城市管理和综合执法局"
    assert clean_unit("廊坊市发改委 (实施单位: 廊坊市食品工程学校)") == "廊坊市发改委"
    assert split_unit("天津市河北区人民法院") == (["天津市", "河北区"], "人民法院")
    assert split_unit("池州市贵池区棠溪镇人民政府") == (["池州市", "贵池区", "棠溪镇"], "人民政府")
    assert split_unit("湘潭市城市管理和综合执法局") == (["湘潭市"], "城市管理和综合执法局")


@pytest.mark.parametrize("text, unit", [
    ("天津河北区法院办案业务费里，陪审员参审案件数量的目标是多少件？", "天津市河北区人民法院"),
    ("扎赉特旗检察院业务装备经费里车辆购置成本标准是多少", "扎赉特旗人民检察院"),
    ("金安区体育局2025年安徽省常规赛费用是多少？", "六安市金安区体育局"),
    ("金安区残联2023年残疾人精准康复项目签约康复人数目标多少", "六安市金安区残疾人联合会"),
])
def test_a_place_and_a_short_agency_name_one_unit(wide_catalog, form_of, text, unit):
    assert parse(wide_catalog, text).forms == [form_of(unit).id]


def test_the_court_question_is_answered_from_the_court_form(asker, form_of):
    form = form_of("天津市河北区人民法院")
    answer = ask(asker, "天津河北区法院办案业务费里，陪审员参审案件数量的目标是多少件？")
    row = row_named(form, "陪审员参审案件数量")
    assert answer.found and [c.id for c in answer.citations] == [row.id] and row.value.raw in answer.text


def test_a_unit_the_corpus_lacks_is_answered_with_the_nearest_few_units_only(asker, all_forms):
    answer = ask(asker, "福田区教育局2024年的预算执行率目标是多少？")
    assert not answer.found
    near = answer.text.split("相近的单位：", 1)[1].split("）")[0].split("、")
    units = {clean_unit(f.unit) for f in all_forms if f.unit}
    assert near[0] == "深圳市福田区卫生健康局(本级)"  # the unit at the asked place first
    assert set(near) <= units and len(near) == 3 < len(units)  # a few, not the corpus's 70-odd


# -- projects: distinctive words decide ------------------------------------------------------

def test_shared_common_words_do_not_link_another_project(wide_catalog, form_of):
    form = form_of("岳阳县农业农村局")
    q = parse(wide_catalog, "岳阳县2022年高标准农田建设项目的工程设计使用年限目标定的多少？")
    assert q.items == [form.projects[0].id]  # not 医疗建设项目专项资金 of seed 002
    q = parse(wide_catalog, "马鹿坑林场野生动物收容所建设项目，建成后可持续影响年限的目标值是多少？")
    assert q.items == [form_of("临翔区林业和草原局").projects[0].id]


def test_a_long_name_is_linked_by_a_long_run_of_its_words(wide_catalog, form_of):
    form = form_of("黄山市公安局")
    q = parse(wide_catalog, "黄山市公安局雪亮工程机房租赁项目要保障多少个机柜？")
    assert q.items == [form.projects[0].id]


# -- 几个 / 多少个 asking a value -----------------------------------------------------------

def test_how_many_of_a_thing_asks_the_indicator_value(asker, form_of):
    row = row_named(form_of("濮阳市档案馆"), "烟感、温感控制设备")
    answer = ask(asker, "濮阳市档案馆库房消防改造工程要装多少个烟感温感控制设备？")
    assert answer.found and row.value.raw in answer.text and "共" not in answer.text
    row = row_named(form_of("淮北市文化旅游体育局"), "开展送戏进万村")
    assert row.value.raw in ask(asker, "淮北市文旅体局农村文化建设配套补助经费，送戏进万村计划送多少个村？").text


def test_how_many_indicators_is_still_a_count(wide_catalog):
    assert parse(wide_catalog, "南岳镇那个扶贫基地项目设了几个满意度指标？").plan().op == "count"
    assert parse(wide_catalog, "福田卫健局2024年申报表里门户网站个数目标是几个？").plan().op == "lookup"


# -- two projects summed or compared, across units ------------------------------------------

def test_two_projects_of_one_unit_are_summed(asker, form_of):
    form = form_of("扎赉特旗人民检察院")
    total = sum(p.money.total for p in form.projects)
    answer = ask(asker, "扎赉特旗检察院业务装备经费和办案(业务)经费两个项目加起来多少万元？")
    assert answer.found and f"{total:g}" in answer.text


def test_two_tasks_joined_by_jia_are_summed(asker, all_forms):
    answer = ask(asker, "库尔勒卫健委2021年全民体检加基本公共卫生服务一共安排了多少？")
    form = next(f for f in all_forms if f.unit == "库尔勒市卫生健康委员会")
    tasks = {t.name: t.money.total for t in form.projects[0].tasks}
    assert f"{tasks['全民体检'] + tasks['基本公共卫生服务']:g}" in answer.text


def test_projects_of_two_units_are_compared_by_their_money(asker, form_of):
    xuancheng, huangshan = form_of("宣城市公安局"), form_of("黄山市公安局")
    assert huangshan.projects[0].money.total > xuancheng.projects[0].money.total
    answer = ask(asker, "宣城市公安局禁毒经费和黄山市公安局雪亮工程机房租赁项目，谁的预算高？")
    assert answer.text.split("：")[0].endswith(huangshan.projects[0].name + "更多")


def test_which_year_compares_the_years_of_the_named_unit(wide_catalog, asker):
    q = parse(wide_catalog, "桃源县科技局整体支出，2020年和2022年哪年资金总额大？")
    assert q.plan().compare_by == "years" and q.unlinked == []
    assert ask(asker, "桃源县科技局整体支出，2020年和2022年哪年资金总额大？").text.startswith("2022年")


# -- counts and extremes within one project ------------------------------------------------

def test_a_count_of_one_projects_indicators(asker, form_of):
    form = form_of("黄山市公安局")
    rows = [ind for _, _, ind in form.iter_indicators()]
    answer = ask(asker, "黄山市公安局雪亮工程机房租赁项目总共设了多少个绩效指标？")
    assert answer.found and f"共 {len(rows)} 条" in answer.text


def test_the_highest_within_one_projects_level(asker, form_of):
    row = row_named(form_of("莆田市市场监督管理局"), "主导制修订行业标准项目数量(项)")
    answer = ask(asker, "莆田市场监管局标准化补助经费的数量指标里，哪一项项目数最多？")
    assert answer.found and [c.id for c in answer.citations] == [row.id]


# -- follow-ups ------------------------------------------------------------------------------

def test_a_follow_up_inside_the_last_answer_keeps_its_unit(asker, form_of):
    form = form_of("六安市金安区体育局")
    richest = max(form.projects, key=lambda p: p.money.total or 0)
    answer = ask(asker, "六安市金安区体育局2025年报了哪几个项目的绩效目标？", "里面哪个钱最多？")
    assert answer.found and [c.name for c in answer.citations] == [richest.name]


def test_a_follow_up_after_a_money_question_asks_an_indicator(asker, form_of):
    row = row_named(form_of("岳阳县农业农村局"), "财政资金补助")
    answer = ask(asker, "岳阳县2022年高标准农田建设项目年度资金总额是多少？", "那每亩的财政资金补助标准是多少？")
    assert answer.found and row.value.raw in answer.text


# -- figures as the form gives them ----------------------------------------------------------

def test_a_figure_with_three_decimals_is_not_rounded(asker, form_of):
    money = form_of("濮阳市档案馆").projects[0].money.total
    assert money == pytest.approx(24.998)
    answer = ask(asker, "濮阳市档案馆库房消防设备改造安装工程年度资金总额是多少？")
    assert "24.998万元" in answer.text
