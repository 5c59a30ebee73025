"""Ask over the gathered forms, question kinds a blind set found missing (heldout2), tested on other
forms where the corpus allows: extremes among one project's own rows measured in one unit (按亩计,
面积), extremes over the budget tasks that share a marker (（统筹）类任务), the money of two units'
projects compared (资金规模, 申请市财政的钱), one project summed over two years, a count within the
one form of a unit picked by its topic, a follow-up asking another row of the same form, and a
price row asked with 多少钱. Expected figures are read off corpus/gathered/*.txt and the seeds."""

import pytest

from assistant.ask.catalog import unit_aliases
from assistant.ask.question import parse_question
from assistant.corpus.schema import Form
from tests.ask.conftest import S000, S002, TODAY
from tests.ask.helpers import ask, cited
from tests.corpus_rows import row_named

# -- 1. extremes among one project's own rows, in one unit ---------------------------------------

@pytest.mark.parametrize("question, name", [
    # r_00337f64dded: 补助各类瓜果蔬菜种植面积 29.5亩 … 其中桃树种植面积 1.5亩; 羊 180只 is no 亩
    ("河西村特色种养补贴到户项目，以亩计的指标里哪项最大？", "补助各类瓜果蔬菜种植面积"),
    ("河西村特色种养补贴到户项目，以亩计的指标里哪项最小？", "其中桃树种植面积"),
])
def test_the_extreme_of_one_projects_rows_in_the_asked_unit(asker, form_of, question, name):
    row = row_named(form_of("县农业农村局", "河西村"), name)
    answer = ask(asker, question)
    assert answer.found and cited(answer) == [row.id] and row.value.raw in answer.text


def test_a_kind_of_quantity_asks_the_rows_in_its_units(asker, form_of, wide_catalog):
    # r_bd8d1d0bab5e: 新增和改善灌溉达标面积 ≥500亩 is the largest area; 年增粮食 3500公斤 and
    # 脱贫村村内道路硬化里程 ≥100公里 are larger numbers of other units
    form = form_of("岳阳县农业农村局")
    q = parse_question("岳阳县2022年高标准农田建设项目里哪项面积最大？", wide_catalog, today=TODAY)
    assert q.plan().over == "indicators" and "亩" in q.plan().measure
    answer = ask(asker, "岳阳县2022年高标准农田建设项目里哪项面积最大？")
    assert answer.found and cited(answer) == [row_named(form, "新增和改善灌溉达标面积").id]
    answer = ask(asker, "岳阳县2022年高标准农田建设项目，按人计的指标哪个最多？")  # ≥1000人 against ≥500人
    assert answer.found and cited(answer) == [row_named(form, "解决脱贫(监测)饮水安全问题人数").id]


def test_a_unit_given_in_the_rows_name_counts(asker, form_of):
    # r_f62f02b5efc6: 实施营造林总面积(亩) 80000, the unit only in the name
    row = row_named(form_of("原州区自然资源局"), "实施营造林总面积(亩)")
    answer = ask(asker, "原州区南部水源涵养林建设项目，按亩计的哪项最大？")
    assert answer.found and cited(answer) == [row.id] and "80000" in answer.text


def test_the_money_of_one_named_project_is_still_its_own(asker, form_of):
    money = form_of("岳阳县农业农村局").projects[0].money.total
    assert f"{money:g}万元" in ask(asker, "岳阳县2022年高标准农田建设项目一共多少钱？").text


@pytest.mark.parametrize("question, task, form", [
    ("福田区卫健局2024年（统筹）类任务里哪个金额最小？", "(统筹)英才荟经费", S000),  # 31.00 of nine (统筹) tasks
    ("库尔勒卫健委2021年工作队类任务里哪个钱最多？", "工作队为民办实家工作", S002),  # 40.00 against 4.00
])
def test_the_extreme_among_tasks_sharing_a_marker(asker, corpus_forms, question, task, form):
    answer = ask(asker, question)
    assert answer.found and [c.name for c in answer.citations] == [task]
    assert all(c.form == form for c in answer.citations)


# -- 2. the money of two units' projects compared ------------------------------------------------

def test_money_words_compare_two_units_projects_by_their_money(asker, form_of):
    puyang, huaibei = form_of("濮阳市档案馆"), form_of("淮北市文化旅游体育局")
    assert puyang.projects[0].money.total > huaibei.projects[0].money.total  # 24.998 against 5
    answer = ask(asker, "濮阳市档案馆的库房消防改造工程和淮北市文旅体局的农村文化建设配套补助经费，哪个资金规模大？")
    assert answer.found and answer.text.split("：")[0].endswith(puyang.projects[0].name + "更多")
    assert answer.text.count(puyang.projects[0].name) == 2  # the unit is not said twice before its name


def test_the_city_budget_asked_is_money_not_a_place(asker, form_of, wide_catalog):
    school, museum = form_of("临邑县师范附属小学"), form_of("嘉峪关市文化和旅游局")
    question = "嘉峪关市文旅局的博物馆提升改造项目和临邑县师范附属小学的小学教育公用经费，本年度申请市财政的钱哪个多？"
    assert parse_question(question, wide_catalog, today=TODAY).unknown_places == []
    answer = ask(asker, question)
    museum_money = next(p.money.total for p in museum.projects if p.name == "博物馆提升改造项目")
    assert school.projects[0].money.total > museum_money  # 438.768 against 174.78
    assert answer.found and answer.text.split("：")[0].endswith("小学教育公用经费更多")


def test_words_that_name_no_row_of_either_project_compare_their_money(asker, form_of):
    huangshan = form_of("黄山市公安局").projects[0]
    answer = ask(asker, "黄山市公安局雪亮工程机房租赁项目和宣城市公安局禁毒经费，哪个规模大？")
    assert answer.found and answer.text.startswith(huangshan.name) and f"{huangshan.money.total:g}万元" in answer.text


def test_another_phase_of_a_project_is_not_that_project(asker):
    answer = ask(asker, "东莞市交通运输局2019年镇际联网路升级改造工程二期申请了多少市财政资金？")
    assert not answer.found and "二期" in answer.text


# -- 3. one project summed over two years ---------------------------------------------------------

def test_one_project_of_two_years_and_units_is_summed(asker, form_of, wide_catalog):
    first, second = form_of("湘潭市环境卫生管理处"), form_of("湘潭市城市管理和综合执法局")
    q = parse_question("雾炮车抑尘降尘服务2023和2024年一共安排了多少钱？", wide_catalog, today=TODAY)
    assert sorted(q.items) == sorted([first.projects[0].id, second.projects[0].id])
    total = first.projects[0].money.total + second.projects[0].money.total  # 250 + 250
    answer = ask(asker, "雾炮车抑尘降尘服务2023和2024年一共安排了多少钱？")
    assert answer.found and f"合计 {total:g} 万元" in answer.text and "2023年" in answer.text


def test_one_year_asked_links_that_years_project_only(wide_catalog, form_of):
    q = parse_question("雾炮车降尘抑尘服务2023年的预算是多少？", wide_catalog, today=TODAY)
    assert q.items == [form_of("湘潭市环境卫生管理处").projects[0].id]


def test_a_units_money_of_two_years_is_summed(asker, all_forms):
    # r_eb0db64c00f5 (2020) 211.62 and r_10a402e65649 (2022) 1403.07
    totals = [f.projects[0].money.total for f in all_forms if f.unit == "桃源县科学技术局"]
    answer = ask(asker, "桃源县科技局2020年和2022年两年的资金总额加起来是多少？")
    assert answer.found and f"合计 {sum(totals):g} 万元" in answer.text


# -- 4. a count within the one form of a unit ------------------------------------------------------

def test_an_autonomous_place_is_said_without_its_peoples():
    form = Form(id="x", kind="project", unit="凉山彝族自治州民政局", source_file="x.txt")
    assert {"凉山州", "凉山"} <= unit_aliases(form)


def test_the_topic_of_a_form_picks_the_units_form_and_narrows_no_rows(asker, all_forms):
    # 大英县民政局 has two forms: 2020 (5 rows) and 2022's 中央对地方转移支付 self-evaluation (9 rows)
    form = next(f for f in all_forms if f.unit == "大英县民政局" and f.year == 2022)
    rows = [ind for _, _, ind in form.iter_indicators()]
    answer = ask(asker, "大英县民政局那张中央对地方转移支付绩效自评表，一共有几个指标？")
    assert answer.found and f"共 {len(rows)} 条" in answer.text and {c.form for c in answer.citations} == {form.id}


def test_a_units_form_counts_its_own_rows_only(asker, wide_catalog, all_forms):
    form = next(f for f in all_forms if "甘孜" in (f.unit or ""))
    q = parse_question("甘孜州市场监管局机关那张绩效目标表，质量指标有几个？", wide_catalog, today=TODAY)
    assert q.forms == [form.id]
    answer = ask(asker, "甘孜州市场监管局机关那张绩效目标表，成本指标有几个？")  # 检查差旅费, 培训费
    assert answer.found and "共 2 条" in answer.text and {c.form for c in answer.citations} == {form.id}


# -- 5. a follow-up asking another row of the same form --------------------------------------------

def test_a_value_set_is_asked_not_counted(asker, form_of):
    row = row_named(form_of("岳阳县农业农村局"), "脱贫户供水设施数量")
    answer = ask(asker, "岳阳县2022年高标准农田建设项目脱贫户供水设施数量定的多少个？")
    assert answer.found and cited(answer) == [row.id] and "共" not in answer.text
    assert "共 3 条" in ask(asker, "南岳镇2018年人大代表扶贫基地那个扶贫项目，成本指标设了几个？").text


@pytest.mark.parametrize("turns, unit, name", [
    (("岳阳县2022年高标准农田建设项目脱贫户供水设施数量定的多少个？", "那受益脱贫(监测)人口数呢？"),
     "岳阳县农业农村局", "受益脱贫(监测)人口数"),
    (("河西村特色种养补贴到户项目受益人口数量定的多少？", "那其中羊养殖数量呢？"), "县农业农村局", "其中羊养殖数量"),
])
def test_a_follow_up_names_another_row_of_the_same_form(asker, form_of, turns, unit, name):
    row = row_named(form_of(unit, "河西村" if "河西村" in turns[0] else ""), name)
    answer = ask(asker, *turns)
    assert answer.found and cited(answer) == [row.id] and row.value.raw in answer.text


# -- 6. a price row asked with 多少钱 --------------------------------------------------------------

@pytest.mark.parametrize("question, unit, name", [
    ("岳阳县2022年高标准农田建设项目，财政资金补助每亩多少钱？", "岳阳县农业农村局", "财政资金补助"),  # 1600元/亩
    ("南岳镇人大代表扶贫基地项目，流转土地补助标准每亩多少钱？", "南岳镇政府", "流转土地补助标准"),  # <=475元/亩
])
def test_a_price_row_is_asked_with_how_much_money(asker, form_of, question, unit, name):
    row = row_named(form_of(unit), name)
    answer = ask(asker, question)
    assert answer.found and cited(answer) == [row.id] and row.value.raw in answer.text
