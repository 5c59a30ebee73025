"""The flat indicator table: csv import, export, round trips and bad input."""

import pytest

from assistant.corpus.tables import form_from_csv, form_to_csv, read_csv_rows
from assistant.errors import InputError

HEADER = "项目名称,主要内容,预算金额（万元）,一级指标,二级指标,三级指标,指标值"
SAMPLE = f"""{HEADER}
预防性体检工作经费,组织做好从业人员预防性健康检查,280.00,产出指标,数量指标,年度预计体检人数,≥40000人
,,,,,涉及预防性体检机构数量,≥500家
,,,,质量指标,服务业场所接受体检人数比例,100%
,,,,时效指标,预防性体检有效期限,1年
,,,效益指标,社会效益指标,涉事机构预防性体检成本,降低
,,,满意度指标,服务对象满意度指标,群众对高新区公共卫生环境满意度,≥90%
无偿献血补助经费,向无偿献血人员发放补助,150,产出指标,数量指标,预计年度无偿献血人数,≥3000人
,,,,时效指标,补贴发放及时率,100%
"""


def test_blank_cells_mean_same_as_above():
    form = form_from_csv(SAMPLE, form_id="t", source_file="t.csv")
    assert [p.name for p in form.projects] == ["预防性体检工作经费", "无偿献血补助经费"]
    first = form.projects[0]
    assert first.money.total == 280.0 and first.content.startswith("组织做好")
    rows = first.indicators
    assert len(rows) == 6
    assert (rows[1].level1, rows[1].level2, rows[1].name) == ("产出指标", "数量指标", "涉及预防性体检机构数量")
    assert (rows[2].level1, rows[2].level2) == ("产出指标", "质量指标")
    assert rows[0].source.line == 2 and rows[5].source.line == 7
    assert form.projects[1].indicators[1].value.number == 100


def test_csv_round_trip_keeps_every_row():
    form = form_from_csv(SAMPLE, form_id="t", source_file="t.csv")
    again = form_from_csv(form_to_csv(form), form_id="t", source_file="t2.csv")
    def rows(f):
        return [(p.name, p.money.total, i.level1, i.level2, i.name, i.value.raw) for p in f.projects for i in p.indicators]
    assert rows(again) == rows(form)
    assert len(rows(again)) == 8


def test_corpus_forms_round_trip_through_csv(corpus_forms):
    for form in corpus_forms.values():
        again = form_from_csv(form_to_csv(form), form_id=form.id, source_file="x.csv")
        before = [(i.level1, i.level2, i.name, i.value.raw) for _, _, i in form.iter_indicators()]
        after = [(i.level1, i.level2, i.name, i.value.raw) for _, _, i in again.iter_indicators()]
        assert sorted(after, key=str) == sorted(before, key=str), form.id  # exports lay rows out by level


def test_the_whole_header_round_trips_through_csv(corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"].model_copy(deep=True)
    project = form.projects[5]  # 预防性体检工作经费 (raw/003): 主管部门, 实施单位, 实施期, 280 万元 read from the seed
    project.attribute = "延续项目"
    project.money.other = 12.5
    project.annual_goal = "目标1：完成预防性体检。\n目标2：群众满意。"
    form.projects = [project]
    again = form_from_csv(form_to_csv(form), form_id="x", source_file="x.csv").projects[0]
    assert (again.supervisor, again.implementer, again.period) == (
        "大连高新技术产业园区卫生健康局", "大连高新技术产业园区卫生健康局", "2023.01.01-2023.12.31")
    assert (again.attribute, again.annual_goal) == ("延续项目", "目标1：完成预防性体检。\n目标2：群众满意。")
    assert (again.money.total, again.money.fiscal, again.money.other) == (280, 280, 12.5)


def test_a_header_amount_that_is_not_a_number_names_its_row_and_column():
    text = "项目名称,一级指标,二级指标,三级指标,指标值,财政拨款\n培训项目,产出指标,数量指标,培训人数,≥200人,约五十\n"
    with pytest.raises(InputError) as caught:
        form_from_csv(text, form_id="s", source_file="s.csv")
    assert "财政拨款“约五十”不是数字" in str(caught.value) and "第 2 行" in str(caught.value)


def test_split_value_columns_and_optional_columns():
    text = ("项目名称,一级指标,二级指标,三级指标,计算符号,目标值,度量单位,年度,单位名称,指标值设定依据\n"
            "培训项目,产出指标,数量指标,培训人数,≥,200,人,2025,某某局,计划标准\n"
            ",,,受训学员满意度,≥,90,百分比,,,\n")
    form = form_from_csv(text, form_id="s", source_file="s.csv")
    assert form.year == 2025 and form.unit == "某某局"
    first, second = form.projects[0].indicators
    assert (first.value.comparator, first.value.number, first.value.unit) == ("≥", 200, "人")
    assert first.basis == "计划标准"
    assert second.value.canonical == "≥90%"


def test_money_in_yuan_is_converted_and_remembered():
    text = "项目名称,预算金额（元）,一级指标,二级指标,三级指标,指标值\n某项目,2800000,产出指标,数量指标,人数,10人\n"
    project = form_from_csv(text, form_id="y", source_file="y.csv").projects[0]
    assert project.money.total == pytest.approx(280.0) and project.money.unit_raw == "元"


def test_semicolon_and_tab_separated_files_are_read():
    assert read_csv_rows("a\tb\n1\t2\n") == [["a", "b"], ["1", "2"]]


def test_unknown_level_names_are_kept_raw_for_the_validator():
    text = f"{HEADER}\n某项目,,,产出类,数量指标,人数,10人\n"
    ind = form_from_csv(text, form_id="u", source_file="u.csv").projects[0].indicators[0]
    assert ind.level1 is None and ind.level1_raw == "产出类" and ind.level2 == "数量指标"


@pytest.mark.parametrize("text,words", [
    ("名称,数值\n某项目,人数\n", ["找不到表头"]),
    ("项目名称,三级指标\n某项目,人数\n", ["缺少必需的列", "一级指标", "二级指标", "指标值"]),
    ("项目名称,一级指标,三级指标,指标值\n某项目,产出指标,人数,10人\n", ["缺少必需的列", "二级指标"]),
    (f"{HEADER}\n,,,产出指标,数量指标,人数,10人\n", ["第 2 行", "项目名称"]),
    (f"{HEADER}\n某项目,,abc,产出指标,数量指标,人数,10人\n", ["第 2 行", "不是数字"]),
    (f"{HEADER}\n某项目,,,产出指标,数量指标,,10人\n", ["第 2 行", "三级指标"]),
    (f"{HEADER}\n", ["没有指标行"]),
])
def test_bad_tables_get_a_message_naming_file_and_line(text, words):
    with pytest.raises(InputError) as info:
        form_from_csv(text, form_id="b", source_file="bad.csv")
    message = str(info.value)
    assert "bad.csv" in message
    for word in words:
        assert word in message


def test_an_unparseable_value_is_kept_raw_and_flagged_not_dropped():
    text = f"{HEADER}\n某项目,,,产出指标,数量指标,人数,≥若干\n"
    ind = form_from_csv(text, form_id="v", source_file="v.csv").projects[0].indicators[0]
    assert ind.value.kind == "unparsed" and ind.value.raw == "≥若干"
