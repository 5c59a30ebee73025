"""Ask over the gathered forms, question kinds a blind set found missing (heldout3), tested on other
forms where the corpus allows: units said short (莆田市场监管局, 临翔区林业草原局, a unit field that
lists several units, 遂宁市场监管 read as 遂宁 + 市场监管), a row of a named form named in other words
(物管合格率), two projects of one unit summed when one is named loosely, two rows of one form
compared, extremes among a total's parts, follow-ups within the project in context, and the money of a
whole-unit form. Expected figures are read off corpus/gathered/*.txt and the seeds."""

import pytest

from assistant.ask.catalog import Catalog, listed_units, unit_aliases
from assistant.ask.question import parse_question
from assistant.corpus.schema import Form
from tests.ask.conftest import TODAY
from tests.ask.helpers import ask, cited
from tests.corpus_rows import row_named

# -- 1. units said short ------------------------------------------------------------------------

def test_a_unit_field_that_lists_several_units_names_each():
    unit = "县财政局 (主管部门); 江西赣州经济技术开发区管理委员会 (实施单位)"
    assert listed_units(unit) == ["县财政局", "江西赣州经济技术开发区管理委员会"]
    assert listed_units("嘉峪关市文化和旅游局 (项目实施单位: 嘉峪关城市博物馆)") == ["嘉峪关市文化和旅游局", "嘉峪关城市博物馆"]
    aliases = unit_aliases(Form(id="x", kind="project", unit=unit, source_file="x.txt"))
    # the province left out, 经济技术开发区 said 经开区, 管理委员会 said 管委会; a bare 县财政局 names no place
    assert {"赣州经开区", "赣州经开区管委会"} <= aliases
    assert not any(a.startswith("县") for a in aliases)


def test_common_short_forms_of_agencies_name_the_unit():
    form = Form(id="x", kind="project", unit="[021]赣州市章贡区市场监督管理局", source_file="x.txt")
    assert {"章贡区市场监管局", "赣州章贡区", "章贡区市场监督管理局"} <= unit_aliases(form)
    autonomous = Form(id="y", kind="project", unit="凉山彝族自治州卫生健康委员会机关", source_file="y.txt")
    assert {"凉山州卫健委机关", "凉山卫健委机关"} <= unit_aliases(autonomous)


def test_two_spellings_of_one_unit_name_both_its_forms():
    forms = [Form(id="a", kind="project", unit="[015001]赣州市章贡区教育局", source_file="a.txt"),
             Form(id="b", kind="project", unit="章贡区教育局", source_file="b.txt")]
    assert Catalog.from_forms(forms).aliases["章贡区教育局"] == {"a", "b"}


@pytest.mark.parametrize("question, unit", [
    ("莆田市场监管局2024年标准化工作专项补助经费有几个数量指标？", "莆田市市场监督管理局"),  # 莆田 + 市场监管局
    ("莆田市场监督局2024年标准化工作专项补助经费有几个数量指标？", "莆田市市场监督管理局"),  # characters dropped
    ("临翔区林业草原局野生动物收容所项目有几个数量指标？", "临沧市临翔区林业和草原局"),
])
def test_a_units_agency_said_short_names_it_and_no_unknown_place(wide_catalog, form_of, question, unit):
    q = parse_question(question, wide_catalog, today=TODAY)
    assert q.forms == [form_of(unit).id] and q.unknown_places == [] and q.unknown_units == []
    assert "局" not in q.rest


def test_a_place_said_without_its_level_before_a_market_agency(asker, form_of):
    # r_4341ded25e08: 主导制修订行业标准项目数量(项) 5 — 莆田市场监督 is 莆田 + 市场监督, not 莆田市 + 场监督
    row = row_named(form_of("莆田市市场监督管理局"), "主导制修订行业标准项目数量(项)")
    answer = ask(asker, "莆田市场监督局标准化工作专项补助经费，主导制修订行业标准项目数量是多少？")
    assert answer.found and cited(answer) == [row.id] and "5" in answer.text


# -- 2. a row of a named form named in other words -----------------------------------------------

@pytest.mark.parametrize("question, unit, name, value", [
    # r_c6430d4913a0: 物业管理保障工作合格率 100% (物业管理各项任务完成达标率 is the other 物业 row)
    ("东莞展览馆物业管理费支出，物管合格率是多少？", "东莞展览馆", "物业管理保障工作合格率", "100%"),
    # r_4341ded25e08: 主导制修订国家标准的项目数量(项) 2 (国标 for 国家标准)
    ("莆田市场监管局标准化工作那张表里，主导修国标项目是多少？", "莆田市市场监督管理局", "主导制修订国家标准的项目数量(项)", "2"),
])
def test_a_row_of_a_named_form_named_in_other_words(asker, form_of, question, unit, name, value):
    row = row_named(form_of(unit), name)
    answer = ask(asker, question)
    assert answer.found and cited(answer) == [row.id] and value in answer.text


def test_words_near_no_one_row_name_none_in_other_words(asker):
    answer = ask(asker, "东莞展览馆物业管理费支出，物业费标准是多少？")  # no row holds 物业费标准
    assert [c.name for c in answer.citations] != ["物业管理保障工作合格率"]


# -- 3. two projects of one unit summed, one named loosely ---------------------------------------

@pytest.mark.parametrize("question, unit, total", [
    # r_838a8ef65cde: 业务装备经费 1,030,700.00元 and 办案(业务)经费 3,239,300.00元
    ("扎赉特旗检察院的业务装备经费，加上办案经费，一共多少钱？", "扎赉特旗人民检察院", "427"),
    # r_5bd384b90806: 安全隐患维修 20 and 办案业务费(陪审员及互联网专线) 24
    ("河北区法院安全隐患维修加上陪审员和互联网专线的办案费，合计多少？", "天津市河北区人民法院", "44"),
])
def test_two_projects_of_one_unit_one_named_loosely_are_summed(asker, form_of, question, unit, total):
    form = form_of(unit)
    answer = ask(asker, question)
    assert answer.found and f"合计 {total} 万元" in answer.text
    assert sorted(cited(answer)) == sorted(p.id for p in form.projects)


# -- 4. two rows of one form compared --------------------------------------------------------------

@pytest.mark.parametrize("question, unit, winner, loser", [
    # r_4fd36be5f796: 补贴发放合规率 ≥95% against 补贴覆盖民办幼儿园率 ≥90.91%
    ("宁河区教育局民办园房租补贴里，补贴覆盖率和发放合规率哪个定得高？", "宁河区教育局", "补贴发放合规率", "补贴覆盖民办幼儿园率"),
    # r_980091beebf5: 补贴发放率 >=75% against 完成率 >=99%
    ("成安县民政局百岁老人高龄津贴，完成率和补贴发放率哪个低？", "成安县民政局", "补贴发放率", "完成率"),
])
def test_two_rows_of_one_form_are_compared(asker, form_of, question, unit, winner, loser):
    form = form_of(unit)
    answer = ask(asker, question)
    assert answer.found and answer.text.split("：")[0].startswith(winner)
    assert sorted(cited(answer)) == sorted([row_named(form, winner).id, row_named(form, loser).id])


# -- 5. extremes among a total's parts -------------------------------------------------------------

def test_a_total_and_its_parts_are_read_from_the_forms_layout(wide_catalog, form_of):
    # r_b11d911cd551: 补助家畜家禽养殖数量 (no value) over 猪 80头, 牛 3头, 鸡 500只, 羊 283只;
    # r_00337f64dded: 补助家畜家禽养殖数量 192只 over 其中羊养殖数量 180只, 其中猪养殖数量 12头
    yanglou, hexi = form_of("县农业农村局", "杨楼社区"), form_of("县农业农村局", "河西村")
    assert wide_catalog.parts[row_named(yanglou, "补助家畜家禽养殖数量").id] == [
        row_named(yanglou, name).id for name in ("猪养殖数量", "牛养殖数量", "鸡养殖数量", "羊养殖数量")]
    assert wide_catalog.parts[row_named(hexi, "补助家畜家禽养殖数量").id] == [
        row_named(hexi, name).id for name in ("其中羊养殖数量", "其中猪养殖数量")]
    assert row_named(hexi, "种植作物成活率").id not in wide_catalog.parts


@pytest.mark.parametrize("question, project, name, value", [
    ("河西村特色种养补贴到户项目的家畜家禽里，哪种养得最多？", "河西村", "其中羊养殖数量", "180只"),  # the total 192只 does not compete
    ("杨楼社区特色种养殖补贴项目，哪种瓜果蔬菜种植面积最大？", "杨楼社区", "梨树种植面积", "6亩"),
    ("杨楼社区特色种养殖补贴项目，哪种瓜果蔬菜种植面积最小？", "杨楼社区", "桃种植面积", "1亩"),
])
def test_the_extreme_among_a_totals_parts(asker, form_of, question, project, name, value):
    row = row_named(form_of("县农业农村局", project), name)
    answer = ask(asker, question)
    assert answer.found and cited(answer) == [row.id] and value in answer.text


# -- 6. follow-ups within the project or unit in context -----------------------------------------

def test_another_year_asked_after_a_units_row_is_that_years_form(asker, form_of, all_forms):
    # r_eb0db64c00f5 (2020) 产学研合作项目数量 20项以上; r_10a402e65649 (2022) ≥10项
    form = next(f for f in all_forms if f.unit == "桃源县科学技术局" and f.year == 2022)
    answer = ask(asker, "桃源县科技局2020年产学研合作项目数量定的多少？", "2022年呢？")
    assert answer.found and cited(answer) == [row_named(form, "产学研合作项目数量").id] and "≥10项" in answer.text


def test_the_money_of_the_project_in_context_is_asked(asker):
    # r_c6430d4913a0: 本年度申请市财政预算资金(万元) 282.92
    answer = ask(asker, "东莞展览馆物业管理费支出，物业管理保障工作合格率是多少？", "这个项目年度预算安排了多少？")
    assert answer.found and "282.92万元" in answer.text and [c.kind for c in answer.citations] == ["project"]


def test_a_level_counted_after_a_project_is_counted_within_it(asker, form_of):
    # r_f62f02b5efc6: one 生态效益 row (提高森林覆盖率,促进生物多样性保护。)
    form = form_of("原州区自然资源局")
    answer = ask(asker, "原州区南部水源涵养林建设项目一共多少钱？", "生态效益指标有几个？")
    assert answer.found and "共 1 条" in answer.text and {c.form for c in answer.citations} == {form.id}


# -- 7. the money of a whole-unit form -------------------------------------------------------------

def test_the_partys_prefix_is_left_out_of_a_units_name():
    form = Form(id="x", kind="whole_unit", unit="中共赣州市委政策研究室", source_file="x.txt")
    assert {"赣州市委政策研究室", "赣州"} <= unit_aliases(form)


@pytest.mark.parametrize("question, amount", [
    ("澧县食用菌研究所2021年部门整体资金总额是多少？", "222.45万元"),  # r_f8a9f6bdd718: 资金总额222.45
    ("桃源县科技局2022年部门整体资金总额是多少？", "1403.07万元"),  # r_10a402e65649
])
def test_a_whole_unit_forms_total(asker, question, amount):
    answer = ask(asker, question)
    assert answer.found and amount in answer.text


def test_a_whole_unit_forms_one_group_carries_its_money(wide_catalog, form_of):
    form = form_of("澧县食用菌研究所")
    groups = [i for i in wide_catalog.items if i.form == form.id and i.kind == "group"]
    assert [g.money for g in groups] == [222.45]


def test_a_form_without_a_money_block_answers_with_its_projects_money():
    from assistant.ask.query import execute
    from assistant.corpus.schema import Money, Project

    form = Form(id="x", kind="whole_unit", unit="赣州市章贡区档案馆", year=2024, source_file="x.txt",
                projects=[Project(id="x/p1", name="赣州市章贡区档案馆", money=Money(total=88.5))])
    catalog = Catalog.from_forms([form])
    result = execute(parse_question("章贡区档案馆2024年资金总额是多少？", catalog, today=TODAY).plan(), catalog)
    assert [f.number for f in result.facts] == [88.5] or [i.money for i in result.items] == [88.5]
