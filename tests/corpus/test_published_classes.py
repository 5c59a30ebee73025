"""Layout classes of published forms, each on a small text written for the test in the style of real forms
(never copied from the gathered forms): the rows each must give, and the project's name and money.

The reader must read a layout, not the forms it was tuned on: every class here is one the tuning split
showed failing, written afresh with other names, values and column orders."""

from __future__ import annotations

import re

import pytest

from assistant.corpus.files import form_from_text


def plain(text: str | None) -> str:
    return re.sub(r"\s|[(（][^()（）]*\*\*[^()（）]*[)）]", "", text or "")


def rows(text: str) -> list[tuple[str | None, str, str]]:
    form = form_from_text(text, form_id="t", source_file="t.txt")
    return [(ind.level2, plain(ind.name), plain(ind.value.raw)) for _, _, ind in form.iter_indicators()]


def header(text: str) -> list[tuple[str, float | None]]:
    form = form_from_text(text, form_id="t", source_file="t.txt")
    return [(plain(p.name), p.money.total) for p in form.projects]


ROAD = [("数量指标", "养护里程", "≥320公里"), ("质量指标", "路面完好率", "≥90%"),
        ("服务对象满意度指标", "群众满意度", "≥90%")]

SELF_EVALUATION = {
    "pipes, a score before the target, the actual value and a reason after it": (
        "某县2023年项目支出绩效自评表\n项目名称 | 农村公路养护 | 主管部门 | 县交通运输局 |\n"
        "一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因分析及改进措施 |\n"
        "产出指标 | 数量指标 | 养护里程 | 10 | ≥320公里 | 325公里 | 10 | 无 |\n"
        "| 质量指标 | 路面完好率 | 10 | ≥90% | 92% | 10 | |\n"
        "满意度指标 | 服务对象满意度指标 | 群众满意度 | 10 | ≥90% | 95% | 10 | |\n"),
    "space-separated rows, scores after the actual value": (
        "某县2023年项目支出绩效自评表\n项目名称 农村公路养护\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n"
        "产出指标 数量指标 养护里程 ≥320公里 325公里 10 10 无\n质量指标 路面完好率 ≥90% 92% 10 10 无\n"
        "满意度指标 服务对象满意度指标 群众满意度 ≥90% 95% 10 10 无\n"),
    "a cell a line, target and actual side by side": (
        "某县2023年项目支出绩效自评表\n项目名称\n农村公路养护\n一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n"
        "分值\n得分\n产出指标\n数量指标\n养护里程\n≥320公里\n325公里\n10\n10\n质量指标\n路面完好率\n≥90%\n92%\n10\n10\n"
        "满意度指标\n服务对象满意度指标\n群众满意度\n≥90%\n95%\n10\n10\n"),
    "an actual value left blank": (
        "项目支出绩效自评表\n项目名称 | 农村公路养护 |\n"
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n"
        "产出指标 | 数量指标 | 养护里程 | ≥320公里 | | 10 | 10 | |\n| 质量指标 | 路面完好率 | ≥90% | 92% | 10 | 10 | |\n"
        "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 | |\n"),
}


@pytest.mark.parametrize("layout", SELF_EVALUATION)
def test_a_self_evaluation_gives_the_target_column_not_the_actual_or_the_scores(layout):
    assert rows(SELF_EVALUATION[layout]) == ROAD


SCORES = {
    "pipes, 分值 before 指标值": (
        "项目支出绩效目标表\n项目名称 | 农村公路养护 |\n一级指标 | 二级指标 | 三级指标 | 分值 | 指标值 |\n"
        "产出指标 | 数量指标 | 养护里程 | 20 | ≥320公里 |\n| 质量指标 | 路面完好率 | 20 | ≥90% |\n"
        "满意度指标 | 服务对象满意度指标 | 群众满意度 | 10 | ≥90% |\n"),
    "a cell a line, 分值 after 指标值": (
        "项目支出绩效目标表\n项目名称\n农村公路养护\n一级指标\n二级指标\n三级指标\n指标值\n分值\n产出指标\n数量指标\n"
        "养护里程\n≥320公里\n20\n质量指标\n路面完好率\n≥90%\n20\n满意度指标\n服务对象满意度指标\n群众满意度\n≥90%\n10\n"),
    "a cell a line, 分值 before 指标值": (
        "项目支出绩效目标表\n项目名称\n农村公路养护\n一级指标\n二级指标\n三级指标\n分值\n指标值\n产出指标\n数量指标\n"
        "养护里程\n20\n≥320公里\n质量指标\n路面完好率\n20\n≥90%\n满意度指标\n服务对象满意度指标\n群众满意度\n10\n≥90%\n"),
    "space-separated, 分值 before 指标值": (
        "项目支出绩效目标表\n项目名称 农村公路养护\n一级指标 二级指标 三级指标 分值 指标值\n"
        "产出指标 数量指标 养护里程 20 ≥320公里\n质量指标 路面完好率 20 ≥90%\n"
        "满意度指标 服务对象满意度指标 群众满意度 10 ≥90%\n"),
}


@pytest.mark.parametrize("layout", SCORES)
def test_a_score_column_is_never_the_value(layout):
    assert rows(SCORES[layout]) == ROAD


SPLIT_VALUES = {
    "pipes: 计算符号 | 目标值 | 度量单位": (
        "项目支出绩效目标表\n项目名称 | 农村公路养护 |\n一级指标 | 二级指标 | 三级指标 | 计算符号 | 目标值 | 度量单位 |\n"
        "产出指标 | 数量指标 | 养护里程 | ≥ | 320 | 公里 |\n| 质量指标 | 路面完好率 | ≥ | 90 | % |\n"
        "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥ | 90 | % |\n"),
    "spaces: 计算符号 目标值 度量单位": (
        "项目支出绩效目标表\n项目名称 农村公路养护\n一级指标 二级指标 三级指标 计算符号 目标值 度量单位\n"
        "产出指标 数量指标 养护里程 ≥ 320 公里\n质量指标 路面完好率 ≥ 90 %\n"
        "满意度指标 服务对象满意度指标 群众满意度 ≥ 90 %\n"),
    "the comparator under 指标性质": (
        "项目支出绩效目标表\n项目名称 | 农村公路养护 |\n一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |\n"
        "产出指标 | 数量指标 | 养护里程 | ≥ | 320 | 公里 |\n| 质量指标 | 路面完好率 | ≥ | 90 | % |\n"
        "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥ | 90 | % |\n"),
}


@pytest.mark.parametrize("layout", SPLIT_VALUES)
def test_a_value_split_over_columns_is_one_value(layout):
    assert rows(SPLIT_VALUES[layout]) == ROAD


def test_template_placeholders_after_a_name_are_not_the_name():
    text = ("项目支出绩效目标表\n项目名称\n农村公路养护\n一级指标\n二级指标\n三级指标\n指标值\n产出指标\n数量指标\n"
            "养护里程(≥**公里)\n≥320公里\n质量指标\n路面完好率（≥**%）\n≥90%\n满意度指标\n服务对象满意度指标\n"
            "群众满意度(≥**%)\n≥90%\n")
    form = form_from_text(text, form_id="t", source_file="t.txt")
    assert [(i.name, i.value.raw) for _, _, i in form.iter_indicators()] == [
        ("养护里程", "≥320公里"), ("路面完好率", "≥90%"), ("群众满意度", "≥90%")]


MONEY_GRIDS = {
    "pipes, 年初预算数 beside 全年预算数": (
        "某县2023年项目支出绩效自评表\n项目名称 | 农村公路养护 |\n主管部门 | 县交通运输局 | 实施单位 | 县公路站 |\n"
        "项目资金(万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
        "| 年度资金总额 | 100 | 120 | 118 | 10 | 98.3% | 9.8 |\n| 其中:当年财政拨款 | 100 | 120 | 118 | - | - | - |\n"
        "| 其他资金 | 0 | 0 | 0 | - | - | - |\n"
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "产出指标 | 数量指标 | 养护里程 | ≥320公里 | 325公里 | 10 | 10 |\n"),
    "spaces, dashes in the score columns": (
        "某县2023年项目支出绩效自评表\n项目名称 农村公路养护 主管部门 县交通运输局\n"
        "项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额 100 120 118 10 98.3% 9.8\n"
        "其中:当年财政拨款 100 120 118 — — —\n一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 养护里程 ≥320公里 325公里 10 10\n"),
    "a cell a line, 年初预算数 left blank": (
        "某县2023年项目支出绩效自评表\n项目名称\n农村公路养护\n项目资金(万元)\n年初预算数\n全年预算数\n全年执行数\n分值\n"
        "执行率\n得分\n年度资金总额\n120\n118\n10\n98.3%\n9.8\n其中:当年财政拨款\n120\n118\n一级指标\n二级指标\n三级指标\n"
        "年度指标值\n实际完成值\n产出指标\n数量指标\n养护里程\n≥320公里\n325公里\n"),
}


@pytest.mark.parametrize("layout", MONEY_GRIDS)
def test_a_money_grid_gives_the_years_budget_column(layout):
    assert header(MONEY_GRIDS[layout]) == [("农村公路养护", 120.0)]
    assert rows(MONEY_GRIDS[layout])[0] == ROAD[0]


def test_a_lone_budget_label_is_still_a_label():
    text = ("项目支出绩效目标表\n项目名称 | 农村公路养护 |\n全年预算数 | 120 |\n"
            "一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 养护里程 | ≥320公里 |\n")
    assert header(text) == [("农村公路养护", 120.0)]


RUN_TOGETHER = {
    "a value run into its name, spaces between the other cells": (
        "项目支出绩效目标表\n项目名称 农村公路养护\n一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 养护里程≥320公里\n"
        "质量指标 路面完好率≥90%\n满意度指标 服务对象满意度指标 群众满意度≥90%\n"),
    "no cell breaks left at all": (
        "项目支出绩效目标表\n项目名称：农村公路养护\n一级指标二级指标三级指标指标值\n产出指标数量指标养护里程≥320公里\n"
        "质量指标路面完好率≥90%\n满意度指标服务对象满意度指标群众满意度≥90%\n"),
}


@pytest.mark.parametrize("layout", RUN_TOGETHER)
def test_cells_run_together_are_cut_into_name_and_value(layout):
    assert rows(RUN_TOGETHER[layout]) == ROAD


@pytest.mark.parametrize("sep", [" | ", "\n"])
def test_a_value_run_into_the_next_rows_name_starts_that_row(sep):
    cells = ["产出指标", "数量指标", "养护里程", "≥320公里桥梁检测", "≥12座", "质量指标", "路面完好率", "12月底前完成",
             "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"]
    text = "项目支出绩效目标表\n项目名称" + sep + "农村公路养护\n一级指标" + sep + "二级指标" + sep + "三级指标" + sep + \
        "指标值\n" + sep.join(cells) + "\n"
    if sep == " | ":
        text = text.replace(" | 质量指标", "\n| 质量指标").replace(" | 满意度指标", "\n满意度指标")
    assert rows(text) == [("数量指标", "养护里程", "≥320公里"), ("数量指标", "桥梁检测", "≥12座"),
                          ("质量指标", "路面完好率", "12月底前完成"), ("服务对象满意度指标", "群众满意度", "≥90%")]


def test_level_names_misread_by_one_character_are_still_levels():
    text = ("项目支出绩效目标表\n项目名称 | 农村公路养护 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
            "产岀指标 | 数呈指标 | 养护里程 | ≥320公里 |\n| 质虽指标 | 路面完好率 | ≥90% |\n"
            "| 时效指杨 | 完成时间 | 12月底前 |\n满竟度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% |\n")
    assert rows(text) == [ROAD[0], ROAD[1], ("时效指标", "完成时间", "12月底前"), ROAD[2]]


TITLES = {
    "项目名称 nowhere, the name before the form's kind": (
        "黄岩区2023年农村公路养护项目绩效目标表", "黄岩区2023年农村公路养护项目"),
    "a self-evaluation titled by its fund, a year note after it": (
        "城乡环境整治专项经费绩效自评表(2023年度)", "城乡环境整治专项经费"),
    "the name in brackets before the kind": ("(困难群众救助)绩效目标自评表", "困难群众救助"),
    "a report naming its project in brackets after the kind": (
        "2023年度县级预算项目绩效自评报告(农村饮水安全维修养护经费)", "农村饮水安全维修养护经费"),
    "a page breadcrumb before the title": (
        "当前位置：首页›政务公开›道路照明设施维护经费绩效目标申报表", "道路照明设施维护经费"),
}


@pytest.mark.parametrize("layout", TITLES)
def test_a_project_named_only_in_the_title_is_named_without_the_forms_kind(layout):
    title, name = TITLES[layout]
    text = (f"{title}\n单位：万元\n主管部门 | 县交通运输局 |\n年度资金总额 | 120 |\n"
            "一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 养护里程 | ≥320公里 |\n")
    assert header(text) == [(name, 120.0)]


def test_a_title_that_names_no_project_is_kept_whole():
    text = ("2023年度市级项目支出绩效目标表\n年度资金总额 | 120 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
            "产出指标 | 数量指标 | 养护里程 | ≥320公里 |\n")
    assert header(text) == [("2023年度市级项目支出绩效目标表", 120.0)]


@pytest.mark.parametrize("title, page, unit", [
    ("城关区水务局2023年度部门整体支出绩效目标申报表", "", "城关区水务局"),
    ("2023年水务局部门整体支出绩效自评表", "发布机构: 城关区水务局 发布日期: 2024-03-01\n", "城关区水务局"),
])
def test_a_whole_unit_form_without_a_unit_field_is_named_by_the_unit_its_title_or_publisher_gives(title, page, unit):
    text = (f"{page}{title}\n年度资金总额 | 120 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
            "产出指标 | 数量指标 | 维修水渠 | ≥12公里 |\n")
    assert header(text) == [(unit, 120.0)]


def test_a_blank_unit_cell_left_out_does_not_pull_the_description_into_the_value():
    text = ("项目支出绩效目标表\n项目名称 | 农村公路养护 |\n"
            "一级指标 | 二级指标 | 三级指标 | 指标值类型 | 指标值 | 计量单位 | 指标解释 | 评(扣)分标准 |\n"
            "产出指标 | 数量指标 | 养护里程 | 定量 | 320 | 公里 | 考察养护任务完成情况 | 未达指标值酌情扣分 |\n"
            "| 时效指标 | 养护频次 | 定性 | 按季度养护 | 考察养护工作安排 | 未达指标值酌情扣分 |\n")
    assert rows(text) == [("数量指标", "养护里程", "320公里"), ("时效指标", "养护频次", "按季度养护")]


def test_a_level_name_with_one_character_too_many_is_still_a_level():
    text = ("项目支出绩效目标表\n项目名称 | 农村公路养护 |\n一级指标 | 二级指标 | 三级指标 | 计算符号 | 指标值 | 单位 |\n"
            "产出指标 | 数量指标 | 养护里程 | ≥ | 320 | 公里 |\n"
            "满意度指标 | 服务对象满意度指标等 | 群众满意度 | ≥ | 90 | % |\n| 沿线企业满意度 | ≥ | 85 | % |\n")
    assert rows(text) == [ROAD[0], ROAD[2], ("服务对象满意度指标", "沿线企业满意度", "≥85%")]


@pytest.mark.parametrize("sep", [" | ", " "])
def test_score_cells_of_a_short_row_are_never_its_value(sep):
    lines = ["项目支出绩效自评表", "项目名称 | 特色种养补贴 |",
             "一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因",
             "产出指标 | 数量指标 | 补助粮食作物种植面积 | 10 | 10", "玉米种植面积 | 5.5亩 | 6亩",
             "大豆种植面积 | 3亩 | 3亩", "质量指标 | 种植作物成活率 | 10 | ≥90% | 95% | 9 | 无",
             "满意度指标 | 服务对象满意度指标 | 受益农户满意度 | 10 | ≥90% | 96% | 10 | 无"]
    text = "\n".join(line.replace(" | ", sep) for line in lines) + "\n"
    assert rows(text) == [("数量指标", "补助粮食作物种植面积", ""), ("数量指标", "玉米种植面积", "5.5亩"),
                          ("数量指标", "大豆种植面积", "3亩"), ("质量指标", "种植作物成活率", "≥90%"),
                          ("服务对象满意度指标", "受益农户满意度", "≥90%")]


def tabbed(text: str) -> str:
    """A pipe layout as a page copied from a spreadsheet gives it: tabs between cells, blank cells kept."""
    out = []
    for line in text.split("\n"):
        cells = [c.strip() for c in line.split("|")]
        if line.endswith("|"):
            cells = cells[:-1]
        out.append("\t".join(cells))
    return "\n".join(out)


TABBED = {
    **{f"tabs: {k}": tabbed(v) for k, v in SELF_EVALUATION.items() if "|" in v},
    **{f"tabs: {k}": tabbed(v) for k, v in SPLIT_VALUES.items() if "|" in v},
    **{f"tabs: {k}": tabbed(v) for k, v in SCORES.items() if "|" in v},
}


@pytest.mark.parametrize("layout", TABBED)
def test_a_tab_separated_published_table_is_read_by_its_columns(layout):
    """Tabs alone do not make a text the seeds' OCR layout: a self-evaluation's actual value, scores and
    reasons, or a value split over columns, are columns that reader would take for values."""
    assert "\t" in TABBED[layout]
    assert rows(TABBED[layout]) == ROAD


@pytest.mark.parametrize("layout", [k for k, v in MONEY_GRIDS.items() if "|" in v])
def test_a_tab_separated_money_grid_gives_the_years_budget_column(layout):
    text = tabbed(MONEY_GRIDS[layout])
    assert header(text) == [("农村公路养护", 120.0)]
    assert rows(text)[0] == ROAD[0]


def test_tab_separated_ocr_text_with_the_seeds_columns_stays_with_the_ocr_reader(monkeypatch):
    from assistant.corpus import published
    from assistant.corpus.ocr import reads_layout

    text = ("2023年区本级项目支出绩效目标表\n项目名称\t农村公路养护\t\t项目实施期\t2023\n"
            "资金投入(万元)\t实施期金额\t120\t年度金额\t120\n一级指标\t二级指标\t三级指标\t\t年度指标值\n"
            "产出指标\t数量指标\t养护里程\t\t≥320公里\n\t质量指标\t路面完好率\t\t≥90%\n"
            "满意度指标\t服务对象满意度指标\t群众满意度\t\t≥90%\n")
    assert reads_layout(text)
    assert rows(text) == ROAD

    def never(*args, **kwargs):
        raise AssertionError("the seeds' layout is the OCR reader's")

    monkeypatch.setattr(published, "read_published", never)
    form = form_from_text(text, form_id="t", source_file="t.txt")
    assert [i.source.line for _, _, i in form.iter_indicators()] == [5, 6, 7]
    assert not reads_layout(tabbed(SELF_EVALUATION["an actual value left blank"]))


EXTRA_ROWS = {
    "scores of a wrapped row on a line of their own, a level with only a score": (
        "某县2023年项目支出绩效自评表\n项目名称 农村公路养护\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 养护里程 ≥320公里 325公里 10 10\n质量指标 路面完好率 ≥90% 92%\n10 10\n"
        "效益指标 生态效益指标 0\n"
        "满意度指标 服务对象满意度指标 群众满意度 ≥90% 95% 10 10\n"),
    "the actual value on a marked row of its own after the target": (
        "项目支出绩效自评表\n项目名称 | 农村公路养护 |\n"
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "| 产出指标 | 数量指标 | 养护里程 | ≥320公里 | 325公里 | 10 | 10 |\n"
        "| 质量指标 | 路面完好率 |\n| ≥90% |\n| 92% | 10 | 10 |\n"
        "| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 |\n"),
    "scoring notes under a row": (
        "某县2023年项目支出绩效自评表\n项目名称 农村公路养护\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 养护里程 ≥320公里 325公里 10 10\n"
        "定量指标计算:完成值达到指标值,记满分;未达到指标值,按完成比例记分。\n"
        "定性指标计算:按好、中、差三档分别记分。\n"
        "质量指标 路面完好率 ≥90% 92% 10 10\n"
        "满意度指标 服务对象满意度指标 群众满意度 ≥90% 95% 10 10\n"),
    "a scoring-rule cell where a row's name should be": (
        "项目支出绩效目标表\n项目名称 | 农村公路养护 |\n"
        "一级指标 | 二级指标 | 三级指标 | 指标值 | 指标解释 | 评(扣)分标准 |\n"
        "产出指标 | 数量指标 | 养护里程 | ≥320公里 | 考察养护任务完成情况 | 未达指标值酌情扣分 |\n"
        "| 质量指标 | 路面完好率 | ≥90% | 考察养护质量 | 未达指标值酌情扣分 |\n"
        "效益指标 | 经济效益指标 | 未达指标值酌情扣分 |\n"
        "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 考察群众满意程度 | 未达指标值酌情扣分 |\n"),
    "a report's next part after the table": (
        "某县交通运输局2023年项目支出绩效自评报告\n项目名称 农村公路养护\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值\n"
        "产出指标 数量指标 养护里程 ≥320公里 325公里\n质量指标 路面完好率 ≥90% 92%\n"
        "满意度指标 服务对象满意度指标 群众满意度 ≥90% 95%\n\n第三部分\n\n名词解释\n\n"
        "1.财政拨款收入:指单位从同级财政部门取得的财政预算资金。\n\n"
        "2.项目支出:指单位为完成特定行政任务和事业发展目标所发生的支出。\n"),
}
SECOND_FORM = (
    "县交通运输局 | 单位:万元 |\n项目名称 | 农村公路养护 |\n年度资金总额 | 120 |\n"
    "一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 养护里程 | ≥320公里 |\n"
    "| 质量指标 | 路面完好率 | ≥90% |\n"
    "207101县交通运输局 | 单位:万元 |\n项目名称 | 桥梁检测 |\n年度资金总额 | 30 |\n"
    "一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 检测桥梁 | ≥12座 |\n"
    "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% |\n")


@pytest.mark.parametrize("layout", EXTRA_ROWS)
def test_what_is_not_an_indicator_row_gives_no_row(layout):
    """Scores or an actual value on a line of their own, scoring rules, a report's next part: no rows."""
    assert rows(EXTRA_ROWS[layout]) == ROAD


def test_the_next_forms_top_line_inside_a_table_is_no_row():
    assert rows(SECOND_FORM) == [ROAD[0], ROAD[1], ("数量指标", "检测桥梁", "≥12座"), ROAD[2]]
    assert header(SECOND_FORM) == [("农村公路养护", 120.0), ("桥梁检测", 30.0)]


@pytest.mark.parametrize("name, value", [("0", "0.00%"), ("2020年", "2020年"), ("增加就业机会,提高农民收入。", ""),
                                         ("提升服务水平", "")])
def test_a_name_that_looks_like_a_value_is_still_a_row_when_it_is_one(name, value):
    text = ("项目支出绩效目标表\n项目名称 | 农村公路养护 |\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
            f"产出指标 | 数量指标 | 养护里程 | ≥320公里 |\n效益指标 | 社会效益指标 | {name} | {value} |\n")
    assert rows(text) == [ROAD[0], ("社会效益指标", name, value)]
