"""The structured query on the real corpus; expectations read off the seed texts by hand."""

from assistant.ask import query
from tests.ask.conftest import S000, S002, S003, S004
from tests.corpus_rows import row_id

TIMELINESS_ROWS = [("卫生局工作业务经费", "医疗废物处置及时率"), ("新冠疫情防控专项经费(保民生资金)", "疫情防控处置及时水平"),
                   ("预防性体检工作经费", "预防性体检有效期限"), ("无偿献血补助经费", "补贴发放及时率"),
                   ("医疗救助专项经费", "危重症患者抢救及时率"), ("医疗救助专项经费", "补助资金发放及时率")]


def ids(rows):
    return [r["id"] for r in rows]


def run(q, catalog):
    """The question's plan, executed."""
    return query.execute(q.plan(), catalog, rest=q.rest)


def test_timeliness_rows_of_dalian(parse, catalog, corpus_forms):
    # seed 003: six 时效指标 rows in five projects, in the form's order
    rows = run(parse("大连高新区哪些项目设了时效指标？"), catalog).rows
    assert ids(rows) == [row_id(corpus_forms[S003], name, project=project) for project, name in TIMELINESS_ROWS]
    assert len(query.group_by(rows, "project")) == 5


def test_count_and_sum_of_dalian_projects(parse, catalog):
    # seed 003 lists eleven projects; their 年度金额 add up to 9257.59 万元
    items = run(parse("2023年大连高新区一共报了几个项目、多少钱？"), catalog).items
    assert len(items) == 11 and {i.kind for i in items} == {"project"}
    assert query.total_money(items) == 9257.59


def test_satisfaction_below_ninety_percent(parse, catalog, corpus_forms):
    # 003: two at 85% and one at 80%; 000: 投诉率 0 filed under 满意度
    rows = run(parse("大连高新区满意度低于90%的指标有哪些"), catalog).rows
    assert ids(rows) == [row_id(corpus_forms[S003], name) for name in
                         ("群众对高新区疫情防控工作满意度", "危重症患者家庭对政策满意率", "收益群体对高新区计划生育工作满意度")]
    assert ids(run(parse("福田区满意度低于90%的指标有哪些"), catalog).rows) == [
        row_id(corpus_forms[S000], "相关人员投诉率")]


def test_largest_budget_task_of_futian(parse, catalog):
    items = run(parse("福田区金额最高的任务是哪个"), catalog).items
    assert [(i.name, i.money) for i in items] == [("计划生育奖励", 31631.0)]


def test_cost_rows_of_korla(parse, catalog, corpus_forms):
    # 002: the 13 成本指标 rows run from 人均运转经费数 to the 疫情防控… 投入 row
    form = corpus_forms[S002]
    in_order = [ind.id for _, _, ind in form.iter_indicators()]
    first = in_order.index(row_id(form, "人均运转经费数"))
    last = in_order.index(row_id(form, "开展疫情防控、基本公共卫生服务、计划生育服务、项目工作投入"))
    assert last - first + 1 == 13
    assert ids(run(parse("库尔勒2021年的成本指标有几条"), catalog).rows) == in_order[first:last + 1]


def test_tasks_over_a_thousand_wan(parse, catalog):
    # 000: 基本支出 2306, 计划生育奖励 31631, 独生子女…扶助 2798.71, (统筹)医疗发展保障 5717.51,
    # 基本医疗专项 11350, 国家基本公共卫生 6939.87, 社区卫生专项 1528, 直达资金 3800;
    # 002: 医疗建设项目专项资金 1013.85, 开展疫情防控… 1371.19; 003: 1547, 2857.99, 4000
    items = run(parse("金额超过1000万元的预算任务有哪些"), catalog).items
    assert len(items) == 14  # and 001: 项目支出 5671.98
    assert all(i.money > 1000 for i in items)


def test_whole_unit_form_without_tasks_counts_its_functions(parse, catalog, corpus_forms):
    # seed 004 has no task table: its "项目" are its 职能 groups (how many is left to its review)
    items = run(parse("湟源县一共有几个项目"), catalog).items
    assert len(items) == len(corpus_forms[S004].projects[0].groups) > 0
    assert {i.kind for i in items} == {"group"}


def test_extreme_compares_within_one_unit(parse, catalog, corpus_forms):
    # 003's 满意度 values: 90, 90, 90, 95, 85, 90, 90, 95, 80, 90, 85 (%) → the highest is 95%
    rows = run(parse("大连高新区满意度最高的是哪个项目"), catalog).rows
    assert ids(rows) == [row_id(corpus_forms[S003], "使用人员满意度"),
                         row_id(corpus_forms[S003], "卫生服务站工作人员对保障情况满意度")]


def test_names_holding_the_whole_phrase_win_over_near_names(parse, catalog, corpus_forms):
    # 补贴资金发放准确率 names two 003 rows (无偿献血, 计划生育); 补助资金发放准确率 is only near
    form = corpus_forms[S003]
    exact = [row_id(form, "补贴资金发放准确率", project=p) for p in ("无偿献血补助经费", "计划生育工作经费")]
    rows = run(parse("哪些项目设了补贴资金发放准确率"), catalog).rows
    assert ids(rows) == exact
    near = run(parse("哪些项目设了补贴资金发放准确度"), catalog).rows  # no name holds all of it
    assert row_id(form, "补助资金发放准确率") in ids(near) and exact[0] in ids(near)
