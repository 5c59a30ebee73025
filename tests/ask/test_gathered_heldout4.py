"""Ask over the gathered forms, question kinds a blind set found missing (heldout4), tested on other
forms, rows and items where the corpus allows: two items compared with 哪家 / 哪边 and an item picked by
the bracket said with it, compared items named by their units' own names, one row compared over two
years (each year's row from that year's form), two items summed with 加总, extremes among a total's
parts said short and among rows listed by name, a follow-up that asks the other extreme, a value asked
with 按多少算, and a 一级 said before its 二级 (产出质量指标). Expected figures are read off
corpus/gathered/*.txt and the seeds (corpus/raw/*.txt)."""

import pytest

from assistant.ask.question import parse_question
from tests.ask.conftest import S000, S002, TODAY
from tests.ask.helpers import ask, cited
from tests.corpus_rows import row_named


def head(answer):
    return answer.text.split("：")[0]


# -- 1. two items compared: 哪家 / 哪边, and the bracket said --------------------------------------

@pytest.mark.parametrize("which", ["哪家", "哪边"])
def test_which_one_of_two_units_items_is_a_comparison(asker, form_of, which):
    # 濮阳市档案馆 库房消防改造工程 24.998 against 淮北市文化旅游体育局 农村文化建设配套补助经费 5
    puyang = form_of("濮阳市档案馆").projects[0]
    answer = ask(asker, f"濮阳市档案馆的库房消防改造工程和淮北市文旅体局的农村文化建设配套补助经费，{which}钱多？")
    assert answer.found and puyang.name in head(answer) and head(answer).endswith("更多")
    assert len(answer.citations) == 2


def test_the_bracket_said_picks_the_item_that_carries_it(asker, wide_catalog):
    # seed 000 line 23: (统筹)医疗发展保障 5,717.51; line 14: 医疗发展保障 (局本级维保项目) 447.00; line 13: 爱国卫生运动 400.00
    q = parse_question("福田区卫健局2024年，(统筹)医疗发展保障和爱国卫生运动哪个预算小？", wide_catalog, today=TODAY)
    assert sorted(wide_catalog.item(i).name for i in q.items) == ["(统筹)医疗发展保障", "爱国卫生运动"]
    answer = ask(asker, "福田区卫健局2024年，(统筹)医疗发展保障和爱国卫生运动哪个预算小？")
    assert answer.found and head(answer).startswith("爱国卫生运动") and "5717.51万元" in answer.text
    assert {c.form for c in answer.citations} == {S000}


def test_two_items_said_with_their_own_brackets_are_both_linked(wide_catalog):
    # seed 000: (统筹)基本医疗专项 and (统筹)国家基本公共卫生, each said with its bracket
    q = parse_question("福田区卫健局2024年（统筹）国家基本公共卫生和（统筹）基本医疗专项哪个多？", wide_catalog, today=TODAY)
    assert sorted(wide_catalog.item(i).name for i in q.items) == ["(统筹)国家基本公共卫生", "(统筹)基本医疗专项"]


# -- 2. compared items named by their units' own names --------------------------------------------

def test_a_unit_said_short_is_named_by_its_own_name_too(asker, form_of):
    huaibei = form_of("淮北市文化旅游体育局")
    answer = ask(asker, "濮阳市档案馆的库房消防改造工程和淮北市文旅体局的农村文化建设配套补助经费，哪个钱多？")
    assert answer.found and f"{huaibei.projects[0].name}（淮北市文化旅游体育局）" in answer.text
    assert "（濮阳市档案馆）" not in answer.text  # said by its own name: nothing to add


# -- 3. one row compared over two years: each year's row from that year's form ------------------

def test_each_year_of_a_comparison_reads_its_own_forms_row(asker, all_forms):
    # r_eb0db64c00f5 (2020, titled 2021年度): 培育指导高新技术企业数量 15家以上; r_10a402e65649 (2022): ≥10家
    forms = {f.year: f for f in all_forms if f.unit == "桃源县科学技术局"}
    answer = ask(asker, "桃源县科技局2020年和2022年，培育指导高新技术企业数量哪年定得高？")
    assert answer.found and head(answer).startswith("2020年") and "15家以上" in head(answer)
    assert sorted(cited(answer)) == sorted(row_named(forms[y], "培育指导高新技术企业数量").id for y in (2020, 2022))
    assert "≥10家" in answer.text


# -- 4. two items summed with 加总 ----------------------------------------------------------------

@pytest.mark.parametrize("question, total", [
    # r_5bd384b90806: 安全隐患维修 20, 办案业务费(陪审员及互联网专线) 24
    ("河北区法院安全隐患维修和办案业务费两项加总是多少万元？", "44"),
    # seed 002: 全民体检 100.00, 重大公共卫生项目 10.00
    ("库尔勒卫健委2021年全民体检和重大公共卫生项目两项加总是多少？", "110"),
])
def test_two_items_added_up_with_jiazong_are_summed(asker, question, total):
    answer = ask(asker, question)
    assert answer.found and f"合计 {total} 万元" in answer.text and len(answer.citations) == 2


# -- 5. extremes among a total's parts said short, and among rows listed by name ------------------

@pytest.mark.parametrize("question, name, value", [
    # r_00337f64dded: 补助各类瓜果蔬菜种植面积 29.5亩 over 其中桃树 1.5亩, 其中苹果树 5亩, 其中露天蔬菜 20亩, 其中大棚蔬菜 3亩
    ("河西村特色种养补贴到户项目，瓜果种植里哪种面积最大？", "其中露天蔬菜", "20亩"),
    ("河西村特色种养补贴到户项目，瓜果种植里哪种面积最小？", "其中桃树种植面积", "1.5亩"),
])
def test_the_extreme_among_a_totals_parts_said_short(asker, form_of, question, name, value):
    row = row_named(form_of("县农业农村局", "河西村"), name)
    answer = ask(asker, question)
    assert answer.found and cited(answer) == [row.id] and value in answer.text


def test_a_totals_parts_measured_alike_when_the_total_states_no_value(asker, form_of):
    # r_b11d911cd551: 补助家畜家禽养殖数量 (no value) over 猪 80头, 牛 3头, 鸡 500只, 羊 283只
    row = row_named(form_of("县农业农村局", "杨楼社区"), "牛养殖数量")
    answer = ask(asker, "杨楼社区特色种养殖补贴项目，家禽养殖里哪种数量最少？")
    assert answer.found and cited(answer) == [row.id] and "3头" in answer.text


def test_rows_listed_by_name_bound_the_extreme(asker, form_of, wide_catalog):
    # r_00337f64dded: 其中大棚蔬菜 3亩 against 其中桃树种植面积 1.5亩 (露天蔬菜 20亩 is not listed)
    form = form_of("县农业农村局", "河西村")
    q = parse_question("河西村特色种养补贴到户项目，桃树种植面积、大棚蔬菜，哪个面积最大？", wide_catalog, today=TODAY)
    assert q.indicators == ["其中桃树种植面积", "其中大棚蔬菜"]
    answer = ask(asker, "河西村特色种养补贴到户项目，桃树种植面积、大棚蔬菜，哪个面积最大？")
    assert answer.found and cited(answer) == [row_named(form, "其中大棚蔬菜").id]


def test_rows_listed_whose_names_hold_he_are_read_whole(wide_catalog, form_of):
    # r_bd8d1d0bab5e: 新增和改善灌溉达标面积 ≥500亩, 新增和改善排水达标面积 ≥200亩, 脱贫村村内道路硬化里程 ≥100公里
    q = parse_question("岳阳县2022年高标准农田建设项目，新增和改善灌溉达标面积、新增和改善排水达标面积、"
                       "脱贫村村内道路硬化里程，哪个最小？", wide_catalog, today=TODAY)
    assert q.indicators == ["新增和改善灌溉达标面积", "新增和改善排水达标面积", "脱贫村村内道路硬化里程"]


@pytest.mark.parametrize("question", [
    "岳阳县2022年高标准农田建设项目示范区里，哪项面积最大？",
    "原州区南部水源涵养林建设项目的保护区里，按亩计的哪项最大？",
])
def test_an_area_a_project_works_in_is_no_place(wide_catalog, question):
    q = parse_question(question, wide_catalog, today=TODAY)
    assert q.unknown_places == [] and q.items


# -- 6. a follow-up that asks the other extreme ---------------------------------------------------

def test_the_other_extreme_of_the_items_asked_before(asker):
    # seed 002: 开展疫情防控… 1,371.19 the most, 工作队第一书记工作 4.00 the least of 15 tasks
    answer = ask(asker, "库尔勒卫健委2021年哪个任务钱最多？", "那最少的是哪个？")
    assert answer.found and [c.name for c in answer.citations] == ["工作队第一书记工作"]
    assert all(c.form == S002 for c in answer.citations) and "4万元" in answer.text


def test_the_other_extreme_of_one_projects_rows_asked_before(asker, form_of):
    # r_bd8d1d0bab5e: 新增和改善灌溉达标面积 ≥500亩, 新增和改善排水达标面积 ≥200亩
    row = row_named(form_of("岳阳县农业农村局"), "新增和改善排水达标面积")
    answer = ask(asker, "岳阳县2022年高标准农田建设项目里哪项面积最大？", "那最小的呢？")
    assert answer.found and cited(answer) == [row.id]


def test_a_miss_names_no_item_for_the_next_turn(wide_catalog):
    q = parse_question("大连高新区卫健局2023年哪个项目资金最多？", wide_catalog, today=TODAY)
    assert q.unlinked == [] and q.plan().op == "extreme" and q.plan().over == "projects"


# -- 7. a value asked with 按多少算 ---------------------------------------------------------------

def test_how_much_it_is_reckoned_at_asks_the_rows_value(asker, form_of, wide_catalog):
    # r_bd8d1d0bab5e: 成本指标 财政资金补助 1600元/亩
    row = row_named(form_of("岳阳县农业农村局"), "财政资金补助")
    q = parse_question("岳阳县2022年高标准农田建设项目，财政资金补助按多少算？", wide_catalog, today=TODAY)
    assert q.measure == [] and q.phrase == "财政资金补助"
    answer = ask(asker, "岳阳县2022年高标准农田建设项目，财政资金补助按多少算？")
    assert answer.found and cited(answer) == [row.id] and "1600元/亩" in answer.text
    assert parse_question("岳阳县2022年高标准农田建设项目，按亩计的指标哪个最大？", wide_catalog,
                          today=TODAY).measure == ["亩"]


# -- 8. a 一级 said before its 二级 -----------------------------------------------------------------

@pytest.mark.parametrize("question, unit, names", [
    # r_4fd36be5f796: 时效指标 补贴发放及时率 ≥95%, 补贴期限
    ("宁河区民办园房租补贴项目的产出时效指标是哪几个？", "宁河区教育局", ["补贴发放及时率", "补贴期限"]),
    # r_bd8d1d0bab5e: 社会效益指标 受益脱贫(监测)人口数, 解决脱贫(监测)饮水安全问题人数
    ("岳阳县2022年高标准农田建设项目的效益社会效益指标有哪些？", "岳阳县农业农村局",
     ["受益脱贫(监测)人口数", "解决脱贫(监测)饮水安全问题人数"]),
])
def test_a_level1_said_before_its_level2_is_one_level(asker, form_of, question, unit, names):
    form = form_of(unit)
    answer = ask(asker, question)
    assert answer.found and sorted(cited(answer)) == sorted(row_named(form, n).id for n in names)


def test_a_form_that_writes_its_level1_into_the_level2_is_read_by_its_level2(asker, all_forms):
    # r_b6f005f5f6ba: 产出时效 培训任务完成及时, 考核任务完成及时 (the form writes 产出时效, 产出数量 …)
    form = next(f for f in all_forms if any("吕梁山护工培训" in p.name for p in f.projects))
    answer = ask(asker, "吕梁山护工培训项目的产出时效指标有几个？")
    assert answer.found and "共 2 条" in answer.text
    assert sorted(cited(answer)) == sorted(row_named(form, n).id for n in ("培训任务完成及时", "考核任务完成及时"))
    assert ask(asker, "吕梁山护工培训项目的数量指标有几个？").text.count("共 2 条") == 1
