"""The whole form, last year's form as the base, and a year's batch, driven in headless chromium.

Expected values come from the seed text raw/003 (大连高新区 2023: 预防性体检工作经费, 280 万元, 七行指标,
≥40000人) or from what the test itself typed."""

import pytest
from openpyxl import load_workbook

from assistant.corpus.files import load_form
from assistant.corpus.xlsx import INDEX_SHEET
from tests.app.conftest import screenshot
from tests.app.test_browser import _cell, _tab, _table_rows

pytestmark = pytest.mark.browser

DALIAN = "大连高新技术产业园区卫生健康局"
BATCH = [("预防性体检工作经费", "组织服务业从业人员预防性体检", 336, DALIAN),
         ("中小学教师培训", "组织全区中小学教师参加专业培训", 120, "某区教育局"),
         ("社区老年人健康体检", "为65岁以上老年人免费体检并建立健康档案", 50, "某区卫生健康局"),
         ("道路日常养护", "对辖区市政道路进行日常养护和维修", 300, "某区城市管理局"),
         ("公共文化服务活动", "举办群众文化活动和公益演出", 40, "某区文化馆")]


def _fill(page, elem_id, text):
    page.locator(f"#{elem_id} textarea, #{elem_id} input").first.fill(str(text))


def _value(page, elem_id):
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first.input_value()


def _draft(page, name, content, budget, year, unit):
    _fill(page, "req-name", name)
    _fill(page, "req-content", content)
    _fill(page, "req-budget", budget)
    _fill(page, "req-year", year)
    _fill(page, "req-unit", unit)
    page.locator("#draft-button").click()
    page.locator("#draft-status").get_by_text("已起草并保存").wait_for(timeout=180_000)


def _download(page, link_selector, tmp_path, name):
    link = page.locator(link_selector).first
    link.wait_for(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    target = tmp_path / name
    info.value.save_as(target)
    return target


def test_a_draft_starts_from_last_years_form_of_the_same_project(page, app_server):
    _draft(page, "预防性体检工作经费", "组织服务业从业人员预防性体检", 336, 2024, DALIAN)
    status = page.locator("#draft-status").inner_text()
    assert "以上年同项目 2023年“预防性体检工作经费”" in status
    rows = _table_rows(page, "draft-table", 6)
    from_last_year = [r for r in rows if "上年同项目" in r[5]]  # a row to check opens with its mark
    assert len(from_last_year) == 7  # raw/003: the project's seven rows
    people = next(r for r in rows if r[2] == "年度预计体检人数")
    assert people[3] == "≥48000人"  # raw/003 ≥40000人 at 280 万元, scaled to 336 万元
    assert page.locator("#head-period input, #head-period textarea").first.input_value() == "2024.01.01-2024.12.31"
    assert page.locator("#head-goal textarea").input_value().startswith("目标1：")
    screenshot(page, "draft_from_last_years_form")


def test_the_full_form_header_edited_and_exported_reads_back(page, app_server, tmp_path):
    _draft(page, "社区老年人健康体检", "为65岁以上老年人免费体检并建立健康档案。", 50, 2025, "某区卫生健康局")
    header = {"supervisor": "某区卫生健康委员会", "implementer": "某区社区卫生服务中心", "attribute": "新增项目",
              "period": "2025年3月-2025年12月", "fiscal": "45", "other": "5"}
    # Typed at once after the draft appeared, as a person in a hurry would: nothing may reset it.
    for key, text in header.items():
        _fill(page, f"head-{key}", text)
    page.wait_for_timeout(1500)
    assert {key: _value(page, f"head-{key}") for key in header} == header
    goal = "目标1：为辖区65岁以上老年人免费体检。\n目标2：建立居民健康档案。"
    page.locator("#head-goal textarea").fill(goal)
    page.locator("#save-header").click()
    page.locator("#draft-status").get_by_text("表头和年度绩效目标已保存").wait_for()
    screenshot(page, "draft_full_form_header")
    page.locator("#export-format").get_by_text("xlsx").click()
    page.locator("#export-button").click()
    path = _download(page, "#export-file a", tmp_path, "whole.xlsx")
    project = load_form(path).projects[0]
    assert (project.name, project.supervisor, project.implementer, project.attribute, project.period) == (
        "社区老年人健康体检", "某区卫生健康委员会", "某区社区卫生服务中心", "新增项目", "2025年3月-2025年12月")
    assert (project.money.total, project.money.fiscal, project.money.other) == (50, 45, 5)
    assert project.annual_goal == goal
    shown = _table_rows(page, "draft-table", 4)
    assert sorted([i.level1, i.level2, i.name, i.value.raw] for i in project.indicators) == sorted(shown)
    sheet = load_workbook(path).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["资金投入（万元）", "年度金额", 50, "其中：财政拨款", 45, None] in values  # numbers, not text


def test_a_batch_of_five_projects_drafted_reviewed_and_exported_as_one_workbook(page, app_server, tmp_path):
    listing = tmp_path / "2024年项目清单.csv"
    listing.write_text("项目名称,主要内容,金额（万元）,实施单位\n"
                       + "".join(f"{n},{c},{b},{u}\n" for n, c, b, u in BATCH), encoding="utf-8")
    _tab(page, "批量起草")
    page.locator("#batch-upload input[type=file]").set_input_files(str(listing))
    page.locator("#batch-upload").get_by_text("2024年项目清单").wait_for()
    _fill(page, "batch-year", 2024)
    page.locator("#batch-run").click()
    page.locator("#batch-status").get_by_text("已起草 5 个项目").wait_for(timeout=600_000)
    summary = _table_rows(page, "batch-summary", 9)
    assert [r[1] for r in summary] == [b[0] for b in BATCH]
    assert summary[0][7] == "上年同项目" and all(int(r[3]) >= 3 for r in summary)
    screenshot(page, "batch_summary")

    # Review one: open it from the summary, edit a value, and the workbook carries the edit.
    _cell(page, "batch-summary", 1, 1).click()
    page.locator("#draft-status").get_by_text("已打开批量起草的第 2 个项目").wait_for()
    assert page.locator("#req-name textarea, #req-name input").first.input_value() == "中小学教师培训"
    first_value = _table_rows(page, "draft-table", 4)[0]
    cell = _cell(page, "draft-table", 0, 3)
    cell.dblclick()
    editor = page.locator("#draft-table textarea[aria-label='Edit cell']")
    editor.fill("≥321人")
    editor.press("Enter")
    page.locator("#draft-status").get_by_text("第 2 版").wait_for()

    _tab(page, "批量起草")
    page.locator("#batch-export").click()
    path = _download(page, "#batch-file a", tmp_path, "book.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == INDEX_SHEET and len(wb.sheetnames) == 7  # 目录 + five projects + 指标清单
    form = load_form(path)
    assert [p.name for p in form.projects] == [b[0] for b in BATCH]
    teachers = form.projects[1]
    assert (first_value[2], "≥321人") in [(i.name, i.value.raw) for i in teachers.indicators]
    assert all(p.annual_goal.startswith("目标1：") for p in form.projects)
    screenshot(page, "batch_exported")
