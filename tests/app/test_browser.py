"""The review app driven in headless chromium, one flow per test, a screenshot per flow.

Expected values come from the seed texts (raw/003…: line numbers cited below) and from
RULES.md, or from what the page itself showed before an action."""

import io
import json
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from assistant.corpus.xlsx import FLAT_SHEET
from assistant.review.store import Store
from tests.app.conftest import screenshot
from tests.conftest import SEED_003
from tests.corpus_rows import line_of, row_id

pytestmark = pytest.mark.browser

SEED = SEED_003.stem


def _tab(page, name):
    page.get_by_role("tab", name=name, exact=True).click()


def _cell(page, table, row, col):
    return page.locator(f"#{table} [data-testid='cell-{row}-{col}']")


def _cell_text(page, table, row, col):
    # A selected cell also shows its menu button (⋮) on a line of its own.
    return _cell(page, table, row, col).inner_text().split("\n")[0].strip()


def _edit_cell(page, row, col, text):
    _cell(page, "draft-table", row, col).dblclick()
    editor = page.locator("#draft-table textarea[aria-label='Edit cell']")
    editor.fill(text)
    editor.press("Enter")


# gradio renders only the rows in view of a long table: scroll its box on until the row shows.
_SCROLL_ON = """id => {
    const box = [...document.querySelectorAll('#' + id + ' *')].find(
        e => e.scrollHeight > e.clientHeight + 2 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY));
    if (!box || box.scrollTop + box.clientHeight >= box.scrollHeight - 1) return false;
    box.scrollTop += box.clientHeight / 2;
    return true;
}"""


def _table_rows(page, table, columns):
    rows = []
    row = 0
    while True:
        if not _cell(page, table, row, 0).count():
            if not page.evaluate(_SCROLL_ON, table):
                return rows
            page.wait_for_timeout(200)
            continue
        rows.append([_cell_text(page, table, row, c) for c in range(columns)])
        row += 1


def _draft_id(page):
    match = re.search(r"草稿 ([0-9a-f]{12})", page.locator("#draft-status").inner_text())
    assert match, page.locator("#draft-status").inner_text()
    return match.group(1)


def _upload_seed_and_send_to_draft(page):
    _tab(page, "检查")
    page.locator("#check-upload input[type=file]").set_input_files(str(SEED_003))
    expect(page.locator("#check-upload")).to_contain_text(SEED_003.stem)
    page.locator("#check-button").click()
    findings = page.locator("#check-findings")
    # raw/003 line 23: the first project; lines 27–33 hold its rows, none of them 成本 (RULES.md C2).
    findings.get_by_text("卫生局工作业务经费").first.wait_for()
    return findings


def test_upload_a_seed_see_findings_by_project_and_send_it_to_draft(page, app_server):
    findings = _upload_seed_and_send_to_draft(page)
    assert "没有成本指标" in findings.inner_text()
    assert "预防性体检工作经费" in findings.inner_text()  # raw/003 line 152: another project of the form
    screenshot(page, "check_upload_findings")
    page.locator("#check-to-draft").click()
    page.locator("#draft-status").get_by_text("已从“检查”页转来").wait_for()
    rows = _table_rows(page, "draft-table", 4)
    assert rows[0] == ["产出指标", "数量指标", "卫生服务站数量", "10个"]  # raw/003 line 27
    assert rows[-1][2:] == ["群众对卫生服务站服务水平满意度", "≥90%"]  # line 33
    # A refresh restores the open draft from the server.
    draft_id = _draft_id(page)
    page.reload()
    page.locator("#draft-status").get_by_text(draft_id).wait_for()
    assert _table_rows(page, "draft-table", 4) == rows
    screenshot(page, "check_sent_to_draft_after_refresh")


def test_draft_offline_from_the_project_fields_with_sources_and_suggested_rows(page, app_server):
    page.locator("#req-name textarea, #req-name input").first.fill("社区居民健康体检")
    page.locator("#req-content textarea").fill("为辖区65岁以上老年人开展免费健康体检，建立居民健康档案，开展健康随访。")
    page.locator("#req-budget input").fill("50")
    page.locator("#req-year input").fill("2024")
    page.locator("#req-unit textarea, #req-unit input").first.fill("某区卫生健康局")
    page.locator("#draft-button").click()
    page.locator("#draft-status").get_by_text("已起草并保存").wait_for(timeout=120_000)
    assert "离线引擎" in page.locator("#draft-status").inner_text()
    assert "离线引擎起草" in page.locator("#mode-banner").inner_text()
    drafted = _table_rows(page, "draft-table", 6)
    assert len(drafted) >= 3 and all(r[2] and r[3] and r[5] for r in drafted)  # every row says where it came from
    assert {"产出指标", "效益指标", "满意度指标"} <= {r[0] for r in drafted}  # RULES.md C1
    # The inputs stay on screen with the draft.
    assert page.locator("#req-name textarea, #req-name input").first.input_value() == "社区居民健康体检"
    screenshot(page, "draft_offline")


def test_add_the_suggested_missing_indicators_to_an_uploaded_project(page, app_server):
    _upload_seed_and_send_to_draft(page)
    page.locator("#check-to-draft").click()
    page.locator("#draft-status").get_by_text("已从“检查”页转来").wait_for()
    before = _table_rows(page, "draft-table", 4)
    assert not [r for r in before if "成本" in r[1]]  # raw/003 lines 27–33: no 成本 row (RULES.md C2)
    page.locator("#add-suggested").click()
    page.locator("#draft-status").get_by_text("行建议的指标").wait_for(timeout=120_000)
    after = _table_rows(page, "draft-table", 6)
    assert after[:len(before)] == [r + after[k][4:] for k, r in enumerate(before)]
    assert [r for r in after[len(before):] if "成本" in r[1] and r[5]]
    assert "没有成本指标" not in page.locator("#draft-findings").inner_text()
    screenshot(page, "draft_suggested_rows_added")


def test_edit_into_an_error_fix_approve_and_download_xlsx(page, app_server):
    _upload_seed_and_send_to_draft(page)
    page.locator("#check-to-draft").click()
    page.locator("#draft-status").get_by_text("已从“检查”页转来").wait_for()
    assert "错误 0 个" in page.locator("#draft-status").inner_text()
    original = _cell_text(page, "draft-table", 0, 3)
    assert original == "10个"  # raw/003 line 27

    # RULES.md Q2: an empty value is an error; the finding appears beside the table.
    _edit_cell(page, 0, 3, "")
    page.locator("#draft-findings").get_by_text("指标值为空").wait_for()
    assert "错误 1 个" in page.locator("#draft-status").inner_text()
    screenshot(page, "draft_edit_into_error")
    page.locator("#approve-button").click()
    page.locator("#approve-message").get_by_text("不能审核").wait_for()
    _edit_cell(page, 0, 3, "12个")
    page.locator("#draft-findings").get_by_text("指标值为空").wait_for(state="detached")
    page.locator("#draft-status").get_by_text("错误 0 个").wait_for()

    page.locator("#approve-button").click()
    page.locator("#approve-message").get_by_text("已审核通过").wait_for(timeout=120_000)
    draft_id = _draft_id(page)
    approved = json.loads((app_server["data_dir"] / "corpus" / "forms" / f"approved_{draft_id}.json").read_text())
    assert approved["projects"][0]["name"] == "卫生局工作业务经费"

    page.locator("#export-button").click()
    link = page.locator("#export-file a").first
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()))[FLAT_SHEET]
    cells = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
    cols = [cells[0].index(h) for h in ("一级指标", "二级指标", "三级指标", "指标值")]
    shown = _table_rows(page, "draft-table", 4)
    assert [[r[c] for c in cols] for r in cells[1:]] == shown
    assert shown[0] == ["产出指标", "数量指标", "卫生服务站数量", "12个"]
    screenshot(page, "draft_approved_and_exported")

    # Approved rows are learnt: the library (and the index) now hold them.
    _tab(page, "指标库")
    page.locator("#lib-keyword textarea, #lib-keyword input").first.fill("卫生服务站数量 12个")
    page.locator("#lib-search").click()
    page.locator("#lib-table [role=gridcell]").filter(has_text=f"approved_{draft_id}#r1").first.wait_for()

    _tab(page, "草稿")
    page.locator("#drafts-refresh").click()
    page.locator("#drafts-table [role=gridcell]").filter(has_text=draft_id).first.wait_for()
    assert Store(app_server["data_dir"] / "assistant.sqlite3").get(draft_id).status == "已导出"
    page.locator("#drafts-history [role=gridcell]").filter(has_text="审核通过").first.wait_for()
    screenshot(page, "drafts_list_and_history")


def test_ask_a_question_and_see_the_citation(page, app_server):
    _tab(page, "问答")
    page.locator("#ask-question textarea").fill("大连高新区哪些项目设了时效指标？")
    page.locator("#ask-button").click()
    chat = page.locator("#ask-chat")
    # 医疗废物处置及时率, a 时效指标 of 卫生局工作业务经费, cited by its line in the seed text.
    line = line_of(SEED_003.read_text(encoding="utf-8"), "医疗废物处置及时率")
    chat.get_by_text(f"raw/{SEED_003.name}第{line}行").wait_for(timeout=60_000)
    assert "医疗废物处置及时率" in chat.inner_text()
    screenshot(page, "ask_with_citations")


def test_library_search_and_pick_a_row_into_the_draft(page, app_server, corpus_forms):
    _upload_seed_and_send_to_draft(page)
    page.locator("#check-to-draft").click()
    page.locator("#draft-status").get_by_text("已从“检查”页转来").wait_for()
    before = len(_table_rows(page, "draft-table", 4))
    _tab(page, "指标库")
    page.locator("#lib-keyword textarea, #lib-keyword input").first.fill("卫生服务站供暖")
    page.locator("#lib-search").click()
    # 卫生服务站供暖面积 is the only row of the corpus holding 供暖.
    page.locator("#lib-count").get_by_text("找到 1 行").wait_for()
    _cell(page, "lib-table", 0, 3).click()
    expect(page.locator("#lib-picked textarea, #lib-picked input").first).to_have_value(row_id(corpus_forms[SEED], "卫生服务站供暖面积"))
    page.locator("#lib-add").click()
    page.locator("#lib-message").get_by_text("已加入 1 行").wait_for()
    screenshot(page, "library_pick")
    _tab(page, "起草")
    rows = _table_rows(page, "draft-table", 6)
    assert len(rows) == before + 1 and rows[-1][2:4] == ["卫生服务站供暖面积", "211平方米"]
    # The source is clickable and shows the cited row in its own project (raw/003 lines 204–218).
    _cell(page, "draft-table", before, 5).click()
    page.locator("#cited-title").get_by_text("卫生服务站运行经费").wait_for()
    assert "卫生服务站数量" in page.locator("#cited-table").inner_text()
    screenshot(page, "draft_source_shows_cited_project")


def test_two_users_editing_one_draft_get_a_visible_conflict_and_keep_their_edit(page, browser, app_server):
    _upload_seed_and_send_to_draft(page)
    page.locator("#check-to-draft").click()
    page.locator("#draft-status").get_by_text("已从“检查”页转来").wait_for()
    draft_id = _draft_id(page)

    other = browser.new_context(viewport={"width": 1440, "height": 1100}).new_page()
    other.set_default_timeout(60_000)
    other.goto(app_server["url"])
    _tab(other, "草稿")
    other.locator("#drafts-refresh").click()
    other.locator("#drafts-table [role=gridcell]").filter(has_text=draft_id).first.click()
    other.locator("#draft-status").get_by_text(f"草稿 {draft_id} · 第 1 版").wait_for()

    _edit_cell(page, 0, 3, "12个")
    page.locator("#draft-status").get_by_text("第 2 版").wait_for()
    _edit_cell(other, 1, 3, "≥5次")
    other.locator("#draft-status").get_by_text("版本冲突").wait_for()
    assert "本机用户" in other.locator("#draft-status").inner_text()  # who saved in between
    assert _cell_text(other, "draft-table", 1, 3) == "≥5次"  # the edit stays on screen
    screenshot(other, "edit_conflict_notice")
    other.context.close()


def test_a_question_holding_html_is_shown_as_text_and_fetches_nothing(page, app_server):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "127.0.0.1:9/" in request.url else None)
    question = "<img src=http://127.0.0.1:9/x.png>大连高新区哪些项目设了时效指标？"
    _tab(page, "问答")
    page.locator("#ask-question textarea").fill(question)
    page.locator("#ask-button").click()
    chat = page.locator("#ask-chat")
    line = line_of(SEED_003.read_text(encoding="utf-8"), "医疗废物处置及时率")
    chat.get_by_text(f"raw/{SEED_003.name}第{line}行").wait_for(timeout=60_000)
    assert chat.locator("img").count() == 0
    assert "<img src=http://127.0.0.1:9/x.png>" in chat.inner_text()
    assert fetched == []
