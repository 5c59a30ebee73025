"""Ask over the gathered forms, question kinds a blind set found missing (heldout5), tested on other
forms, units and projects where the corpus allows: two units' projects compared, each named by a
distinctive part of its name (跟…比，谁的资金多), the winner named by its corpus unit and project (the
unit its form's field lists that the question named), two items of one unit added up (an em-dash list,
加上, amounts in 元, a unit said before 的 and its project), an extreme among kinds counted in 只 and
头, and a follow-up naming one row of a whole-unit form. Expected figures are read off
corpus/gathered/*.txt and the seeds (corpus/raw/*.txt)."""

import pytest

from assistant.ask.query import counted_alike
from assistant.ask.question import parse_question
from tests.ask.conftest import TODAY
from tests.ask.helpers import ask, cited
from tests.corpus_rows import row_named


def head(answer):
    return answer.text.split("：")[0]


# -- 1. two units' projects, each named by a distinctive part of its name, compared by money -------

@pytest.mark.parametrize("question, winner, loser, word", [
    # r_18d2bc9f52e5: …罗家屯社区野生菌加工车间建设项目(续建) 年度资金总额 1100; r_cc3779eacfcf: …小型水库水标尺制作安装 年度资金总额 20
    ("南华县农业农村局的野生菌车间项目跟中江县水利局的水标尺项目比，谁的资金多？",
     "南华县乡村振兴示范园罗家屯社区野生菌加工车间建设项目(续建)", "中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装",
     "更多"),
    # r_c2e4301a0ef2: 昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目 年度财政资金总额 50
    ("中江县水利局的水标尺项目和昌宁县供销社的生猪养殖场，哪个钱少？",
     "中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装", "昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目", "更少"),
])
def test_two_units_projects_named_by_a_part_of_their_names_are_compared(asker, question, winner, loser, word):
    answer = ask(asker, question)
    assert answer.found and head(answer) == winner + word
    assert loser in answer.text and len({c.form for c in answer.citations}) == 2


def test_two_projects_said_by_long_runs_of_their_names_without_units_are_compared(asker):
    answer = ask(asker, "野生菌加工车间和水标尺制作安装哪个资金多？")
    assert answer.found and head(answer) == "南华县乡村振兴示范园罗家屯社区野生菌加工车间建设项目(续建)更多"
    assert "1100万元" in answer.text and "20万元" in answer.text


def test_gen_bi_shui_de_zijin_duo_is_a_money_comparison_of_both_sides(wide_catalog):
    q = parse_question("南华县农业农村局的野生菌车间项目跟中江县水利局的水标尺项目比，谁的资金多？", wide_catalog, today=TODAY)
    plan = q.plan()
    assert (plan.op, plan.over, plan.money, plan.compare_by) == ("compare", "projects", "total", "items")
    assert sorted(wide_catalog.item(i).form for i in q.items) == ["r_18d2bc9f52e5", "r_cc3779eacfcf"]


def test_side_words_an_indicator_name_holds_longer_name_the_row(wide_catalog):
    # r_cc3779eacfcf: rows 安装坡面水标尺 ≥266米, 水标尺宽度 ≥50厘米; its project …水标尺制作安装
    q = parse_question("中江县水利局的水标尺宽度和安装坡面水标尺哪个大？", wide_catalog, today=TODAY)
    assert q.items == []


# -- 2. the winner named by its corpus unit and project -------------------------------------------

def test_the_winner_is_named_by_the_unit_the_question_named_among_its_forms_units(asker):
    # r_80fd95e08201: 主管部门 稷山县卫生健康和体育局, 实施单位 稷山县翟店镇卫生院, 国家基本公共卫生服务 207.4538;
    # r_021dbd9113bc: 自治区教育厅 (实施单位 宁夏长庆初级中学), 学校体育设施向社会免费开放 5
    answer = ask(asker, "翟店镇卫生院的基本公共卫生服务和宁夏长庆初级中学的体育设施开放，哪个多？")
    assert answer.found and head(answer) == "稷山县翟店镇卫生院国家基本公共卫生服务更多"
    assert "207.4538万元" in answer.text and "5万元" in answer.text


def test_a_unit_said_short_is_named_by_its_corpus_name_first(asker):
    # r_42b5e04ce215: 霍邱县科学技术局 科技特派员创业行动经费 25; r_fc4a595436dc: 援滇对口支援及结对帮扶经费 20000.00元
    answer = ask(asker, "霍邱县科技局的科技特派员经费和普陀区体育局的援滇经费，谁的资金多？")
    assert answer.found and head(answer) == "霍邱县科学技术局科技特派员创业行动经费更多"
    assert "2万元" in answer.text


# -- 3. two items of one unit added up ------------------------------------------------------------

@pytest.mark.parametrize("question, total", [
    # r_838a8ef65cde (元): 业务装备经费 1,030,700.00, 办案(业务)经费 3,239,300.00
    ("扎赉特旗检察院2025年的两个项目——装备经费和办案经费，全年预算合计多少？", "427"),
    # r_5bd384b90806: 安全隐患维修 20, 办案业务费(陪审员及互联网专线) 24 — named by its bracket's words
    ("河北区法院的隐患维修加上陪审员专线，一共多少钱？", "44"),
])
def test_two_items_of_one_unit_listed_or_added_are_summed(asker, question, total):
    answer = ask(asker, question)
    assert answer.found and f"合计 {total} 万元" in answer.text and len(answer.citations) == 2


def test_de_ends_the_unit_before_a_project_named_like_an_agency(asker, wide_catalog):
    # r_fc4a595436dc (元): 普陀体育中心与委托运营方结算费用 250000.00, 援滇对口支援及结对帮扶经费 20000.00
    q = parse_question("普陀区体育局的体育中心委托运营结算费加上援滇经费，一共多少钱？", wide_catalog, today=TODAY)
    assert q.unknown_units == [] and q.forms == ["r_fc4a595436dc"] and len(q.items) == 2
    answer = ask(asker, "普陀区体育局的体育中心委托运营结算费加上援滇经费，一共多少钱？")
    assert answer.found and "合计 27 万元" in answer.text


# -- 4. an extreme among kinds counted in 只 and 头 -------------------------------------------------

def test_head_counts_compare_whatever_the_counting_word():
    assert counted_alike("只") == counted_alike("头") == counted_alike("羽")
    assert counted_alike("个") != counted_alike("头")


@pytest.mark.parametrize("question, name, value", [
    # r_00337f64dded: 补助家畜家禽养殖数量 192只 over 其中羊养殖数量 180只, 其中猪养殖数量 12头
    ("河西村特色种养补贴到户项目，养殖数量最多的是什么？", "其中羊养殖数量", "180只"),
    ("河西村特色种养补贴到户项目，养殖数量最少的是什么？", "其中猪养殖数量", "12头"),
])
def test_the_extreme_among_kinds_counted_in_zhi_and_tou(asker, form_of, question, name, value):
    row = row_named(form_of("县农业农村局", "河西村"), name)
    answer = ask(asker, question)
    assert answer.found and cited(answer) == [row.id] and value in answer.text


# -- 5. a follow-up naming one row of a whole-unit form -------------------------------------------

def test_a_follow_up_naming_a_row_under_another_goal_gives_its_value(asker, form_of):
    # seed 001: 长期目标1 全区从业人员健康检查体检 35000人; 年度指标1 城镇独生子女伤残家庭特别扶助 约1520人
    row = row_named(form_of("武汉市硚口区卫生健康局"), "城镇独生子女伤残家庭特别扶助")
    answer = ask(asker, "硚口区卫健局2020年全区从业人员健康检查体检有多少人？", "城镇独生子女伤残家庭特别扶助呢")
    assert answer.found and cited(answer) == [row.id] and "约1520人" in answer.text


def test_a_follow_up_naming_one_row_after_a_count_gives_its_value(asker, form_of):
    # seed 001: 城镇独生子女死亡家庭特别扶助 约1420人
    row = row_named(form_of("武汉市硚口区卫生健康局"), "城镇独生子女死亡家庭特别扶助")
    answer = ask(asker, "硚口区卫健局2020年数量指标有几个？", "城镇独生子女死亡家庭特别扶助呢")
    assert answer.found and cited(answer) == [row.id] and "约1420人" in answer.text


def test_how_many_of_a_thing_a_row_counts_in_ge_asks_its_value(asker, wide_catalog):
    # seed 002: 消毒监测点个数 ≥179个 (消毒监测点完成率 ≥98% is no count); 农村计划生育工作经费拨付单位 ~15个
    q = parse_question("库尔勒卫健委2021年消毒监测点有多少个？", wide_catalog, today=TODAY)
    assert q.plan().op == "lookup"
    answer = ask(asker, "库尔勒卫健委2021年消毒监测点有多少个？", "农村计划生育工作经费拨付单位呢")
    assert answer.found and "~15个" in answer.text
    assert parse_question("库尔勒卫健委2021年数量指标有几个？", wide_catalog, today=TODAY).plan().op == "count"
