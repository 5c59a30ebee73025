"""The OCR text parser on the seeds as given (before any hand fix)."""

import pytest

from assistant.corpus.ocr import amount, parse_ocr_text, squeeze
from assistant.errors import InputError
from tests.conftest import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004
from tests.corpus_rows import line_of

# Seed 003 read by hand: (project name, indicator rows in its table, 年度金额 in 万元)
SEED_003_PROJECTS = [
    ("卫生局工作业务经费", 7, 10.25), ("疾病预防控制中心工作业务经费", 8, 32.49), ("基本公共卫生专项经费", 9, 1547.00),
    ("专用设备购置", 8, 2857.99), ("新冠疫情防控专项经费(保民生资金)", 8, 4000.00), ("预防性体检工作经费", 7, 280.00),
    ("无偿献血补助经费", 7, 150.00), ("卫生服务站运行经费", 7, 11.76), ("医疗救助专项经费", 7, 7.00),
    ("计划生育工作直达资金区级配套(保民生资金)", 8, 307.50), ("计划生育工作经费", 8, 53.60),
]


def parse(path):
    return parse_ocr_text(path.read_text(encoding="utf-8"), form_id=path.stem, source_file=path.name)


def test_seed_003_has_eleven_projects_with_their_rows_and_money():
    form = parse(SEED_003)
    assert form.kind == "project" and form.year == 2023
    assert form.unit == "大连高新技术产业园区卫生健康局"
    got = [(p.name, len(p.indicators), p.money.total) for p in form.projects]
    assert got == SEED_003_PROJECTS
    for project in form.projects:
        assert project.period == "2023.01.01-2023.12.31"
        assert project.money.fiscal == project.money.total and project.money.other == 0
        assert project.content and project.annual_goal


def test_seed_003_merged_level_cells_are_inherited():
    form = parse(SEED_003)
    rows = {(i.name): i for i in form.projects[0].indicators}
    assert (rows["卫生健康宣传活动次数"].level1, rows["卫生健康宣传活动次数"].level2) == ("产出指标", "数量指标")
    assert not rows["卫生健康宣传活动次数"].inferred  # inherited from the merged cell, not guessed


def test_seed_003_keeps_a_missing_value_as_empty():
    form = parse(SEED_003)
    row = next(i for i in form.projects[3].indicators if i.name == "设备利用率")
    assert row.value.kind == "empty"
    assert (row.level1, row.level2) == ("效益指标", "社会效益指标")  # shifted one column, still read


def test_indicator_ids_cite_the_source_line():
    form = parse(SEED_003)
    row = next(i for i in form.projects[5].indicators if i.name == "年度预计体检人数")
    line = line_of(SEED_003.read_text(encoding="utf-8"), "年度预计体检人数")
    assert row.source.line == line
    assert row.id == f"{SEED_003.stem}#L{line}"


def test_every_seed_parses_without_losing_name_rows():
    for path, kind in [(SEED_000, "whole_unit"), (SEED_001, "self_evaluation"), (SEED_002, "whole_unit"),
                       (SEED_003, "project"), (SEED_004, "whole_unit")]:
        form = parse(path)
        assert form.kind == kind
        assert all(i.name for _, _, i in form.iter_indicators())
        ids = [i.id for _, _, i in form.iter_indicators()]
        assert len(ids) == len(set(ids))


def test_seed_004_keeps_one_row_per_named_indicator_line():
    import re

    def names_a_row(line):
        cells = [c.strip() for c in line.split("\t")]
        return any(re.fullmatch(r"指标\d+[:：]", c) and i + 1 < len(cells) and cells[i + 1]
                   for i, c in enumerate(cells))

    text = SEED_004.read_text(encoding="utf-8").splitlines()
    marked = [n for n, line in enumerate(text, 1) if names_a_row(line)]
    assert len(marked) > 150
    form = parse(SEED_004)
    parsed_lines = {i.source.line for _, _, i in form.iter_indicators()}
    assert set(marked) <= parsed_lines


def test_seed_000_flattened_tasks_add_up_to_the_stated_total():
    form = parse(SEED_000)
    unit = form.projects[0]
    assert unit.money.total == pytest.approx(69913.34)
    assert sum(t.money.total for t in unit.tasks) == pytest.approx(69913.34)
    names = [t.name for t in unit.tasks]
    for name in ("卫生健康宣传教育", "专项业务管理", "老龄事务", "流动人口管理"):
        assert name in names
    aging = next(t for t in unit.tasks if t.name == "老龄事务")
    assert (aging.money.total, aging.money.fiscal, aging.money.other) == (45.0, 45.0, 0.0)


def test_seed_002_tasks_add_up_to_the_total():
    form = parse(SEED_002)
    unit = form.projects[0]
    assert len(unit.tasks) == 15
    assert unit.money.total == pytest.approx(5141.32)
    assert sum(t.money.total for t in unit.tasks) == pytest.approx(5141.32)


def test_seed_001_history_columns():
    form = parse(SEED_001)
    row = next(i for _, _, i in form.iter_indicators() if i.name == "春节慰问计生特殊家庭")
    assert row.history == {"2019年": "1550户", "2020年": "1651户"}
    assert (row.value.comparator, row.value.number, row.value.unit) == ("≈", 1800, "户")
    basis = [i.basis for _, _, i in form.iter_indicators() if i.basis]
    assert set(basis) <= {"行业标准", "历史标准", "计划标准", "其他标准"} and len(basis) >= 14


def test_seed_004_groups_by_function():
    form = parse(SEED_004)
    titles = [g.title for g in form.projects[0].groups]
    assert all(t.startswith("职能") for t in titles)
    assert len(form.functions) == 18


def test_helpers():
    assert amount("2, 306. 00") == 2306.0
    assert amount("31, 631. 00") == 31631.0
    assert amount("abc") is None
    assert squeeze("开展系统党建活动服务对象人 次") == "开展系统党建活动服务对象人次"
    assert squeeze("HPV 疫苗") == "HPV 疫苗"


@pytest.mark.parametrize("text,message", [
    ("", "空"),
    ("今天天气很好\n明天也不错", "看不出这是哪一类"),
    ("项目支出绩效目标表\n项目名称\t某项目", "没有找到指标表"),
])
def test_text_that_is_not_a_form_is_refused_with_a_clear_message(text, message):
    with pytest.raises(InputError) as info:
        parse_ocr_text(text, form_id="x", source_file="x.txt")
    assert message in str(info.value)
    assert "x.txt" in str(info.value)
