"""The review app without surprises (issue 14): rows to check marked and unmarked, 新建草稿 and
另存为新草稿, panels that belong to the draft shown, a Chinese page whatever the browser's
language, tabs filled on load, edits made right after a draft appears.

Expected values come from the seed texts (raw/003…), from what the page showed before an
action, or from the store the app writes."""

import re

import pytest

from assistant.draft import Draft, DraftRequest
from assistant.review.store import Store
from tests.app.conftest import screenshot
from tests.app.test_browser import (
    _cell,
    _cell_text,
    _draft_id,
    _edit_cell,
    _tab,
    _table_rows,
    _upload_seed_and_send_to_draft,
)

pytestmark = pytest.mark.browser

MARK = "【需核实】"
YELLOW = "rgb(255, 243, 176)"
# Words that are names, not English: file formats, the one setting the banner names. Ids and paths
# (003_1c98…#L40, raw/003….txt) are not words: a word stands alone between non-ASCII-name characters.
NOT_ENGLISH = {"txt", "csv", "CSV", "TSV", "xlsx", "xls", "docx", "pdf", "html", "json", "png", "jpg",
               "JXMB_LLM_BASE_URL"}
WORD = re.compile(r"(?<![A-Za-z0-9_/.#])[A-Za-z][A-Za-z_]{2,}(?![A-Za-z0-9_/.#])")


def _store(app_server):
    return Store(app_server["data_dir"] / "assistant.sqlite3")


def _draft_health_checkups(page):
    page.locator("#req-name textarea, #req-name input").first.fill("社区居民健康体检")
    page.locator("#req-content textarea").fill("为辖区65岁以上老年人开展免费健康体检，建立居民健康档案，开展健康随访。")
    page.locator("#req-budget input").fill("50")
    page.locator("#req-unit textarea, #req-unit input").first.fill("某区卫生健康局")
    page.locator("#draft-button").click()
    page.locator("#draft-status").get_by_text("已起草并保存").wait_for(timeout=120_000)


def _marked_rows(page, rows):
    """Rows whose 指标值 cell has the yellow ground and whose 来源 opens with the mark."""
    marked = []
    for r in range(rows):
        ground = _cell(page, "draft-table", r, 3).evaluate("e => getComputedStyle(e).backgroundColor")
        if ground == YELLOW:
            assert _cell_text(page, "draft-table", r, 5).startswith(MARK), r
            marked.append(r)
        else:
            assert MARK not in _cell_text(page, "draft-table", r, 5), r
    return marked


def test_rows_to_check_are_marked_as_the_note_counts_and_an_edit_clears_the_mark(page, app_server):
    _draft_health_checkups(page)
    status = page.locator("#draft-status").inner_text()
    noted = int(re.search(r"有(\d+)条指标的数值需要按本项目实际核定", status).group(1))
    rows = len(_table_rows(page, "draft-table", 4))
    marked = _marked_rows(page, rows)
    # Marked: the values to check the note counts, and the 待补充 placeholders its other note names.
    placeholders = sum(_cell_text(page, "draft-table", r, 3) == "待补充" for r in range(rows))
    assert noted > 0 and len(marked) == noted + placeholders and f"{len(marked)} 行标了{MARK}" in status
    screenshot(page, "draft_rows_to_check_marked")

    first = marked[0]
    _edit_cell(page, first, 3, "≥500人")
    page.locator("#draft-status").get_by_text("第 2 版").wait_for()
    page.locator("#draft-status").get_by_text(f"{len(marked) - 1} 行标了{MARK}" if len(marked) > 1 else "已保存修改").wait_for()
    assert _marked_rows(page, rows) == marked[1:]
    saved = _store(app_server).load(_draft_id(page))
    assert [k for k, r in enumerate(saved.content["rows"]) if r["needs_review"]] == marked[1:]
    screenshot(page, "draft_mark_cleared_after_edit")


def test_an_edit_and_a_header_typed_at_once_after_a_draft_appears_both_land(page, app_server):
    """Item 10: at human speed or faster, the edit lands in its own row and is stored, and a header
    field typed meanwhile is not reset by the edit's answer."""
    _draft_health_checkups(page)
    before = [_cell_text(page, "draft-table", r, 2) for r in range(3)]
    page.locator("#head-supervisor input, #head-supervisor textarea").first.fill("某区卫生健康委员会")
    _edit_cell(page, 1, 2, "当即改过的指标名称")
    page.locator("#draft-status").get_by_text("已保存修改").wait_for()
    page.wait_for_timeout(1000)
    assert [_cell_text(page, "draft-table", r, 2) for r in range(3)] == [before[0], "当即改过的指标名称", before[2]]
    assert page.locator("#head-supervisor input, #head-supervisor textarea").first.input_value() == "某区卫生健康委员会"
    saved = _store(app_server).load(_draft_id(page))
    assert saved.content["rows"][1]["name"] == "当即改过的指标名称"


def test_another_project_is_never_saved_over_the_open_draft(page, app_server):
    _upload_seed_and_send_to_draft(page)
    page.locator("#check-to-draft").click()
    page.locator("#draft-status").get_by_text("已从“检查”页转来").wait_for()
    first = _draft_id(page)
    rows = _table_rows(page, "draft-table", 4)

    name = page.locator("#req-name textarea, #req-name input").first
    name.fill("城区道路养护")
    page.locator("#save-request").click()
    refusal = page.locator("#draft-status")
    refusal.get_by_text("保存会把这份草稿改成另一个项目").wait_for()
    assert "另存为新草稿" in refusal.inner_text() and "新建草稿" in refusal.inner_text()
    assert _store(app_server).get(first).version == 1
    screenshot(page, "save_request_refused_for_another_project")

    page.locator("#save-as-new").click()
    page.locator("#draft-status").get_by_text("已另存为新草稿").wait_for()
    second = _draft_id(page)
    assert second != first and _table_rows(page, "draft-table", 4) == rows
    store = _store(app_server)
    assert store.get(second).title == "城区道路养护" and store.get(first).title == "卫生局工作业务经费"
    assert (store.get(first).version, store.get(first).status) == (1, "草稿")

    page.locator("#new-draft").click()
    page.locator("#draft-status").get_by_text("新草稿：").wait_for()
    assert name.input_value() == "" and _cell_text(page, "draft-table", 0, 2) == ""
    name.fill("乡村文化站免费开放")
    page.locator("#save-request").click()
    page.locator("#draft-status").get_by_text("已新建草稿").wait_for()
    third = _draft_id(page)
    assert third not in (first, second) and _store(app_server).get(third).title == "乡村文化站免费开放"
    assert _store(app_server).get(second).title == "城区道路养护"
    screenshot(page, "new_draft_saved")


def test_panels_show_only_the_open_draft_and_export_updates_the_status(page, app_server):
    _upload_seed_and_send_to_draft(page)
    page.locator("#check-to-draft").click()
    page.locator("#draft-status").get_by_text("已从“检查”页转来").wait_for()
    exported = _draft_id(page)
    page.locator("#approve-button").click()
    message = page.locator("#approve-message")
    message.get_by_text("已审核通过").wait_for(timeout=120_000)
    assert not re.search(r"索引已更新|向量|用时", message.inner_text())
    page.locator("#export-button").click()
    page.locator("#export-file a").first.wait_for()
    page.locator("#draft-status").get_by_text("第 1 版 · 已导出 ·").wait_for()
    assert _store(app_server).get(exported).status == "已导出"

    # A 来源 click shows the cited row; an edit of that row clears it.
    _cell(page, "draft-table", 0, 5).click()
    page.locator("#cited-title").get_by_text("来源").wait_for()
    _edit_cell(page, 0, 3, "12个")
    page.locator("#draft-status").get_by_text("第 2 版").wait_for()
    assert page.locator("#cited-title").inner_text().strip() == ""

    # Another draft opened: the previous draft's download and messages are gone.
    page.locator("#new-draft").click()
    page.locator("#draft-status").get_by_text("新草稿：").wait_for()
    assert page.locator("#export-file a").count() == 0 and page.locator("#approve-message").inner_text().strip() == ""
    _tab(page, "草稿")
    page.locator("#drafts-table [role=gridcell]").filter(has_text=exported).first.click()
    page.locator("#draft-status").get_by_text(f"草稿 {exported}").wait_for()
    assert page.locator("#export-file a").count() == 0
    history = page.locator("#drafts-history").inner_text()
    assert "卫生局工作业务经费" in history and "指标值 10个→12个" in history  # raw/003 line 27: 10个
    screenshot(page, "drafts_history_says_what_changed")


def test_every_tab_is_chinese_for_an_english_browser(browser, app_server):
    stored = Draft(request=DraftRequest(name="乡村文化站免费开放", budget=20, year=2025), engine="offline")
    _store(app_server).create_draft("乡村文化站免费开放", stored.model_dump(mode="json"), "测试")
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="en-US")
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(app_server["url"])
    page.wait_for_selector("#mode-banner")
    english = {}
    for tab, name in (("起草", "draft"), ("批量起草", "batch"), ("检查", "check"), ("问答", "ask"), ("指标库", "library"),
                      ("草稿", "drafts")):
        _tab(page, tab)
        if tab == "指标库":
            page.locator("#lib-count").get_by_text("找到").wait_for()  # filled on load, no button pressed
        if tab == "草稿":
            # filled when the tab opens, no 刷新 pressed
            page.locator("#drafts-table [role=gridcell]").filter(has_text="乡村文化站免费开放").first.wait_for()
        path = screenshot(page, f"chinese_ui_{name}")
        words = set(WORD.findall(page.locator("body").inner_text())) - NOT_ENGLISH
        english[str(path)] = sorted(words)
    assert all(not words for words in english.values()), english
    _tab(page, "批量起草")
    assert page.locator("#req-year input").input_value() not in ("", "0")
    assert page.locator("#batch-year input").input_value() not in ("", "0")
    context.close()

