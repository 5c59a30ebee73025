"""A year's batch: a project list read, every project drafted with progress, one workbook with an index."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from assistant.corpus.files import load_form
from assistant.corpus.xlsx import FLAT_SHEET, INDEX_SHEET
from assistant.draft.batch import batch_workbook, draft_batch, read_project_list, summary_rows
from assistant.draft.form import draft_form
from assistant.errors import InputError
from assistant.settings import Settings

LIST = ("项目名称,主要内容,金额（万元）,实施单位,年度\n"
        "预防性体检工作经费,组织服务业从业人员预防性体检,336,大连高新技术产业园区卫生健康局,2024\n"
        "中小学教师培训,组织全区中小学教师参加专业培训,120,某区教育局,2025\n"
        "社区老年人健康体检,为65岁以上老年人免费体检并建立健康档案,50,某区卫生健康局,2025\n")


def _xlsx(path, rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_a_csv_list_becomes_requests(tmp_path):
    path = tmp_path / "清单.csv"
    path.write_text(LIST, encoding="utf-8")
    requests = read_project_list(path)
    assert [(r.name, r.budget, r.unit, r.year) for r in requests][0] == (
        "预防性体检工作经费", 336, "大连高新技术产业园区卫生健康局", 2024)
    assert len(requests) == 3


def test_an_xlsx_list_with_a_title_and_aliases_and_a_default_year(tmp_path):
    path = _xlsx(tmp_path / "清单.xlsx", [["2025年项目清单"], ["项目名称", "项目内容", "预算金额（万元）", "主管部门"],
                                          ["道路养护", "养护辖区道路", 85.5, "某区交通运输局"]])
    [request] = read_project_list(path, year=2025)
    assert (request.name, request.content, request.budget, request.supervisor, request.year) == (
        "道路养护", "养护辖区道路", 85.5, "某区交通运输局", 2025)


@pytest.mark.parametrize(("rows", "words"), [
    ([["名称", "金额"], ["道路养护", 10]], "找不到表头"),
    ([["项目名称", "金额"], ["道路养护", 10]], "缺少必需的列：主要内容"),
    ([["项目名称", "主要内容", "金额"], ["道路养护", "养护道路", "十万"]], "第 2 行，“金额（万元）”列：金额“十万”不是数字"),
    ([["项目名称", "主要内容", "金额"], ["道路养护", "养护道路", 10], ["", "修桥", 5]], "第 3 行，“项目名称”列"),
    ([["项目名称", "主要内容", "金额"], ["道路养护", "", 10]], "第 2 行，“主要内容”列：项目“道路养护”没有填写主要内容"),
    ([["项目名称", "主要内容", "金额", "年度"], ["道路养护", "养护道路", 10, "明年"]], "年度“明年”不是年份"),
])
def test_a_bad_row_is_named_by_file_row_and_column(tmp_path, rows, words):
    path = _xlsx(tmp_path / "清单.xlsx", rows)
    with pytest.raises(InputError) as caught:
        read_project_list(path)
    assert words in str(caught.value) and "清单.xlsx" in str(caught.value)


def test_another_format_is_refused_in_chinese(tmp_path):
    path = tmp_path / "清单.docx"
    path.write_bytes(b"x")
    with pytest.raises(InputError, match="不支持的项目清单格式"):
        read_project_list(path)


def test_every_project_is_drafted_with_progress_and_exported_as_one_workbook(tmp_path, index, corpus_forms):
    path = tmp_path / "清单.csv"
    path.write_text(LIST, encoding="utf-8")
    requests = read_project_list(path)
    seen = []
    settings = Settings(_env_file=None)
    drafts = draft_batch(requests, lambda r: draft_form(r, index, settings, forms=corpus_forms.values(),
                                                        engine="offline"),
                         progress=lambda done, total, name: seen.append((done, total, name)))
    assert seen == [(0, 3, "预防性体检工作经费"), (1, 3, "中小学教师培训"), (2, 3, "社区老年人健康体检"), (3, 3, "")]
    summary = summary_rows(drafts)
    assert summary[0][:4] == ["序号", "项目名称", "金额（万元）", "指标行数"]
    assert summary[1][-1] == "上年同项目" and summary[2][-1] == "相似项目"  # raw/003 holds 预防性体检工作经费 of 2023
    assert [row[3] for row in summary[1:]] == [len(d.rows) for d in drafts]
    assert all(d.goal.startswith("目标1：") for d in drafts)

    book = tmp_path / "2025.xlsx"
    book.write_bytes(batch_workbook(drafts))
    wb = load_workbook(io.BytesIO(book.read_bytes()))
    assert wb.sheetnames[0] == INDEX_SHEET and wb.sheetnames[-1] == FLAT_SHEET and len(wb.sheetnames) == 5
    index_rows = [[c.value for c in row] for row in wb[INDEX_SHEET].iter_rows()]
    assert [r[1] for r in index_rows[1:]] == [r.name for r in requests]
    assert all(r[-1] in wb.sheetnames for r in index_rows[1:])  # each project's sheet is named
    read = load_form(book)  # the project's own ingest reads the workbook back
    assert [p.name for p in read.projects] == [r.name for r in requests]
    for project, draft in zip(read.projects, drafts, strict=True):
        assert len(project.indicators) == len(draft.rows) and project.money.total == draft.request.budget
        assert project.annual_goal == draft.goal
