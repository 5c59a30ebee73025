"""`assistant draft` and `assistant suggest` over the real index."""

import json

import pytest

from assistant.corpus.files import load_form


@pytest.fixture
def run(cli, cli_data_dir):
    return lambda *args, data_dir=cli_data_dir: cli(*args, JXMB_DATA_DIR=str(data_dir))


def test_draft_json_lists_indicators_with_sources_and_findings(run, corpus_forms):
    result = run("draft", "--name", "基层医疗卫生机构设备购置", "--content", "为基层医疗卫生机构购置医疗设备",
                 "--budget", "800", "--engine", "offline", "--format", "json")
    assert result.exit_code == 0, result.stderr
    draft = json.loads(result.stdout)
    assert draft["engine"] == "offline" and draft["request"]["budget"] == 800
    assert 7 <= len(draft["indicators"]) <= 16 and isinstance(draft["findings"], list)
    corpus_ids = {ind.id for form in corpus_forms.values() for _, _, ind in form.iter_indicators()}
    for row in draft["indicators"]:
        assert {"level1", "level2", "name", "value", "sources"} <= set(row) and row["sources"]
        assert all(s["id"] in corpus_ids for s in row["sources"] if s["why"] == "retrieved")
    assert {"name": "项目总成本", "value": "≤800万元"}.items() <= next(
        r for r in draft["indicators"] if r["level2"] == "成本指标").items()


def test_draft_xlsx_is_a_form_load_form_reads_back(run, tmp_path):
    target = tmp_path / "初稿.xlsx"
    result = run("draft", "--name", "全科医生规范化培训", "--budget", "120", "--format", "xlsx", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    form = load_form(target)
    project = form.projects[0]
    assert project.name == "全科医生规范化培训" and project.money.total == 120
    assert 7 <= len(project.indicators) <= 16
    assert "≤120万元" in [i.value.raw for i in project.indicators]


def test_draft_table_names_sources(run):
    result = run("draft", "--name", "无偿献血补助经费", "--budget", "150")
    assert result.exit_code == 0, result.stderr
    assert "无偿献血补助经费 绩效指标初稿" in result.stdout and "003_1c981b526f6e6f3d#L" in result.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["--name", "", "--budget", "10"], "项目名称（--name）是空的"),
    (["--name", "设备购置", "--budget", "-5"], "不能是负数"),
    (["--name", "设备购置", "--format", "docx"], "不支持的输出格式"),
    (["--name", "设备购置", "--format", "xlsx"], "--out"),
])
def test_bad_input_gets_a_chinese_message_and_exit_2(run, args, words):
    result = run("draft", *args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_draft_on_an_empty_index_says_to_build_it(run, tmp_path):
    result = run("draft", "--name", "设备购置", data_dir=tmp_path / "empty")
    assert result.exit_code == 2 and "assistant index build" in result.stderr


def test_suggest_json_names_the_missing_level2_with_rows(run, corpus_forms, tmp_path):
    form = corpus_forms["003_1c981b526f6e6f3d"].model_copy(deep=True)
    form.projects = [form.projects[8]]  # 医疗救助专项经费: 7 rows, 2 of them 时效
    for group in form.projects[0].groups:
        group.indicators = [i for i in group.indicators if i.level2 != "时效指标"]
    path = tmp_path / "half.json"
    path.write_text(form.model_dump_json(), encoding="utf-8")
    result = run("suggest", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    suggestions = json.loads(result.stdout)
    by_level2 = {s["level2"]: s for s in suggestions}
    # The form never had a cost row either; the 时效 rows are the ones removed.
    assert set(by_level2) == {"时效指标", "成本指标"}
    assert by_level2["时效指标"]["rows"] and all(r["sources"] for r in by_level2["时效指标"]["rows"])


def test_draft_batch_writes_one_workbook_with_an_index_and_a_sheet_per_project(run, tmp_path):
    from openpyxl import load_workbook

    listing = tmp_path / "清单.csv"
    listing.write_text("项目名称,主要内容,金额,实施单位\n"
                       "预防性体检工作经费,组织服务业从业人员预防性体检,336,大连高新技术产业园区卫生健康局\n"
                       "中小学教师培训,组织全区中小学教师参加专业培训,120,某区教育局\n", encoding="utf-8")
    book = tmp_path / "2024.xlsx"
    result = run("draft", "--batch", listing, "--out", book, "--year", "2024", "--engine", "offline")
    assert result.exit_code == 0, result.stderr
    assert "[1/2] 起草 预防性体检工作经费" in result.stderr and "已写入" in result.stderr
    assert "上年同项目" in result.stdout and "中小学教师培训" in result.stdout
    wb = load_workbook(book)
    assert wb.sheetnames[0] == "目录" and wb.sheetnames[-1] == "指标清单" and len(wb.sheetnames) == 4
    form = load_form(book)
    assert [p.name for p in form.projects] == ["预防性体检工作经费", "中小学教师培训"] and form.year == 2024


def test_draft_batch_names_the_bad_row_and_writes_nothing(run, tmp_path):
    listing = tmp_path / "清单.csv"
    listing.write_text("项目名称,主要内容,金额\n道路养护,养护道路,十万\n", encoding="utf-8")
    book = tmp_path / "书.xlsx"
    result = run("draft", "--batch", listing, "--out", book)
    assert result.exit_code == 2
    assert "清单.csv" in result.stderr and "第 2 行" in result.stderr and "金额“十万”不是数字" in result.stderr
    assert not book.exists()
    assert "--out" in run("draft", "--batch", listing).stderr


def test_last_years_form_is_found_among_the_users_own_forms(run, cli_data_dir, corpus_forms, tmp_path):
    """A form the user ingested or approved lives under the data folder; the draft starts from it."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(cli_data_dir, data)
    own = corpus_forms["003_1c981b526f6e6f3d"].model_copy(update={"id": "own_dalian_2030", "year": 2030})
    (data / "corpus" / "forms").mkdir(parents=True)
    (data / "corpus" / "forms" / "own_dalian_2030.json").write_text(own.model_dump_json(), encoding="utf-8")

    result = run("draft", "--name", "预防性体检工作经费", "--content", "组织服务业从业人员预防性体检",
                 "--budget", "280", "--year", "2031", "--unit", own.unit, "--engine", "offline", "--format", "json",
                 data_dir=data)

    assert result.exit_code == 0, result.stderr
    sources = [s for row in json.loads(result.stdout)["indicators"] for s in row["sources"]]
    assert any("2030" in json.dumps(s, ensure_ascii=False) for s in sources)
