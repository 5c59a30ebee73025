"""绩效目标助手 web app (gradio): 起草, 检查, 问答, 指标库, 草稿.

Thin: every callback translates widget values into calls of `assistant.workflow`,
`assistant.check`, `assistant.library`, `assistant.ask` and the drafting engine, and
their results back into widgets. Host, port and the optional login come from settings
(JXMB_APP_HOST, JXMB_APP_PORT, JXMB_APP_AUTH="user:password"); drafts live in SQLite
(JXMB_DB_PATH or data_dir/assistant.sqlite3), so a refresh or a restart loses nothing.
"""

from __future__ import annotations  # noqa: I001  (assistant first: it switches telemetry off before gradio loads)

import logging
import threading
from pathlib import Path
from typing import Any

import assistant  # noqa: F401
import gradio as gr

from assistant.review import library_view as library
from assistant.review.views import (
    CITATION_COLUMNS,
    DRAFT_COLUMNS,
    FINDING_COLUMNS,
    HISTORY_COLUMNS,
    drafts_table,
    findings_by_project,
    findings_summary,
    findings_table,
    history_table,
    mode_banner,
)
from assistant.validate.check import check_file
from assistant.corpus.folder import Corpus, indicator_records
from assistant.draft import Draft, DraftRequest
from assistant.draft.models import build_request
from assistant.errors import UserError
from assistant.corpus.files import atomic_write
from assistant.llm.client import OpenAIChatModel
from assistant.corpus.levels import HIERARCHY
from assistant.settings import Settings, get_settings
from assistant.review.store import ConflictError, Store, StoreError
from assistant.review.workflow import (
    EXPORT_FORMATS,
    TABLE_COLUMNS,
    DraftState,
    Workflow,
    draft_from_project,
    rows_from_table,
    rows_to_table,
)

log = logging.getLogger("assistant.app")
DEFAULT_USER = "本机用户"
SOURCE_COLUMN = TABLE_COLUMNS.index("来源")


class Resources:
    """What the app loads once per process: the index (with its embedder), the corpus forms
    and their records, the workflow and the answerer. An approval refreshes the forms."""

    def __init__(self, settings: Settings):
        from assistant.index.hybrid import Index

        self.settings = settings
        self.corpus = Corpus(settings.corpus_dir)
        self.index = Index.open(settings)
        # One LLM client per process (None: the offline engine drafts and answers).
        self.model = OpenAIChatModel.from_settings(settings) if settings.llm_configured else None
        self.flow = Workflow(settings, store=Store(settings.database), corpus=self.corpus, index=self.index)
        self._lock = threading.Lock()
        self.reload()
        if not any(self.index.counts().values()) and self.forms:
            log.warning("the index is empty: building it from the corpus")
            self.index.build(self.forms)

    def reload(self) -> None:
        from assistant.ask import Asker

        with self._lock:
            self.forms = self.corpus.forms()
            self.records = indicator_records(self.forms)
            self.records_by_id = {r["id"]: r for r in self.records}
            self.asker = Asker(self.forms, self.index, self.settings, model=self.model)

    @property
    def downloads(self) -> Path:
        return self.settings.data_dir / "downloads"


# ---------------------------------------------------------------------- small helpers


def _user(name: str | None, request: gr.Request | None) -> str:
    if request is not None and getattr(request, "username", None):
        return request.username
    return (name or "").strip() or DEFAULT_USER


def _number(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def _request(name: str, content: str, budget: Any, year: Any, unit: str) -> DraftRequest:
    year_value = _number(year)
    return build_request(name=(name or "").strip(), content=(content or "").strip(), budget=_number(budget),
                         year=int(year_value) if year_value else None, unit=(unit or "").strip() or None)


def _table_rows(table: Any) -> list[list[Any]]:
    if table is None:
        return []
    if hasattr(table, "values"):  # a pandas DataFrame
        return table.values.tolist()
    return [list(r) for r in table]


def _empty_table() -> list[list[str]]:
    return [[""] * len(TABLE_COLUMNS)]


def _state_outputs(state: DraftState, message: str) -> tuple:
    """Everything the 起草 tab shows for one stored version."""
    req = state.draft.request
    notes = "；".join(state.draft.notes)
    error = f"\n\n**起草出错：** {state.draft.error}（已填写的内容已保存，可修改后重试）" if state.draft.error else ""
    status = (f"草稿 `{state.id}` · 第 {state.version} 版 · {state.info.status} · "
              f"{'大模型 ' + (state.draft.model or '') if state.draft.engine == 'llm' else '离线引擎'} · "
              f"{findings_summary(state.findings)}"
              + (f"\n\n{message}" if message else "") + (f"\n\n说明：{notes}" if notes else "") + error)
    return (state.id, state.version, req.name, req.content, req.budget, req.year, req.unit or "",
            rows_to_table(state.draft.rows) or _empty_table(), findings_table(state.findings), status)


def _keep(n: int) -> tuple:
    return tuple(gr.skip() for _ in range(n))


# ---------------------------------------------------------------------- the app


def build_app(res: Resources) -> gr.Blocks:
    settings = res.settings
    flow = res.flow
    auth_on = bool(settings.app_auth)

    with gr.Blocks(title="绩效目标助手") as demo:
        gr.Markdown("# 绩效目标助手")
        gr.Markdown(mode_banner(settings), elem_id="mode-banner")
        user_saved = gr.BrowserState(DEFAULT_USER, storage_key="jxmb_user")
        draft_saved = gr.BrowserState("", storage_key="jxmb_current_draft")
        version = gr.State(0)
        session = gr.State(None)
        user_box = gr.Textbox(label="当前用户", value=DEFAULT_USER, visible=not auth_on, elem_id="user-name",
                              max_lines=1)

        with gr.Tabs() as tabs:
            # ------------------------------------------------------------ 起草
            with gr.Tab("起草", id="draft"):
                with gr.Row():
                    name = gr.Textbox(label="项目名称", elem_id="req-name", scale=2)
                    budget = gr.Number(label="预算金额（万元）", elem_id="req-budget")
                    year = gr.Number(label="年度", precision=0, elem_id="req-year")
                    unit = gr.Textbox(label="单位名称", elem_id="req-unit")
                content = gr.Textbox(label="主要内容 / 年度目标", lines=3, elem_id="req-content")
                with gr.Row():
                    draft_btn = gr.Button("起草", variant="primary", elem_id="draft-button")
                    save_req_btn = gr.Button("保存项目信息", elem_id="save-request")
                status = gr.Markdown("填写项目信息后点“起草”；也可在“检查”页上传表后转来补全。", elem_id="draft-status")
                with gr.Row():
                    table = gr.Dataframe(headers=list(TABLE_COLUMNS), value=_empty_table(), interactive=True,
                                         wrap=True, label="指标表（可直接修改，改完自动保存并重新检查；点来源查看原表）",
                                         elem_id="draft-table", scale=3, static_columns=[SOURCE_COLUMN],
                                         show_row_numbers=True, column_count=len(TABLE_COLUMNS),
                                         column_widths=["11%", "14%", "22%", "11%", "9%", "33%"])
                    findings = gr.Dataframe(headers=list(FINDING_COLUMNS), interactive=False, wrap=True,
                                            label="检查结果", elem_id="draft-findings", scale=2)
                with gr.Row():
                    row_no = gr.Number(label="行号（点表中一行即可选中）", value=None, precision=0, elem_id="row-no")
                    keep_btn = gr.Button("保留此行", elem_id="row-keep")
                    delete_btn = gr.Button("删除此行", variant="stop", elem_id="row-delete")
                    redraft_btn = gr.Button("重新起草此行", elem_id="row-redraft")
                    suggest_btn = gr.Button("添加建议的缺失指标", elem_id="add-suggested")
                cited = gr.Markdown(elem_id="cited-title")
                cited_table = gr.Dataframe(headers=list(library.PROJECT_COLUMNS), interactive=False, wrap=True,
                                           visible=False, label="被引用的原表行所在项目", elem_id="cited-table")
                with gr.Accordion("审核与导出", open=True):
                    with gr.Row():
                        override = gr.Textbox(label="带错误通过的理由（没有错误时不填）", elem_id="override-reason")
                        approve_btn = gr.Button("审核通过并加入语料库", variant="primary", elem_id="approve-button")
                    approve_msg = gr.Markdown(elem_id="approve-message")
                    with gr.Row():
                        fmt = gr.Radio(list(EXPORT_FORMATS), value="xlsx", label="导出格式", elem_id="export-format")
                        export_btn = gr.Button("导出", elem_id="export-button")
                        export_file = gr.File(label="下载", interactive=False, elem_id="export-file")

            # ------------------------------------------------------------ 检查
            with gr.Tab("检查", id="check"):
                upload = gr.File(label="上传绩效目标表（txt / csv / xlsx / json）",
                                 file_types=[".txt", ".csv", ".xlsx", ".json"], elem_id="check-upload")
                check_btn = gr.Button("检查", variant="primary", elem_id="check-button")
                check_out = gr.Markdown(elem_id="check-findings")
                with gr.Row():
                    check_project = gr.Dropdown(label="选择项目", choices=[], elem_id="check-project")
                    to_draft_btn = gr.Button("转到起草页补全", elem_id="check-to-draft")
                checked_form = gr.State(None)

            # ------------------------------------------------------------ 问答
            with gr.Tab("问答", id="ask"):
                chat = gr.Chatbot(label="问答（答案下方列出引用的原表行）", elem_id="ask-chat", height=480)
                with gr.Row():
                    question = gr.Textbox(label="问题", placeholder="例如：大连高新区哪些项目设了时效指标？",
                                          elem_id="ask-question", scale=4)
                    ask_btn = gr.Button("提问", variant="primary", elem_id="ask-button")
                    new_chat_btn = gr.Button("新对话", elem_id="ask-new")

            # ------------------------------------------------------------ 指标库
            with gr.Tab("指标库", id="library"):
                with gr.Row():
                    lib_l1 = gr.Dropdown(["", *HIERARCHY], value="", label="一级指标", elem_id="lib-level1")
                    lib_l2 = gr.Dropdown([""] + sorted({l2 for v in HIERARCHY.values() for l2 in v}), value="",
                                         label="二级指标", elem_id="lib-level2")
                    lib_kw = gr.Textbox(label="关键词（空格分隔，需同时出现）", elem_id="lib-keyword")
                    lib_unit = gr.Textbox(label="单位", elem_id="lib-unit")
                    lib_year = gr.Number(label="年度", precision=0, elem_id="lib-year")
                    lib_btn = gr.Button("查找", variant="primary", elem_id="lib-search")
                lib_count = gr.Markdown(elem_id="lib-count")
                lib_counts = gr.Dataframe(headers=["一级指标", "二级指标", "行数"], interactive=False,
                                          label="按层级计数", elem_id="lib-counts", max_height=240)
                lib_table = gr.Dataframe(headers=list(library.LIBRARY_COLUMNS), interactive=False, wrap=True,
                                         label="指标（点一行选中，可多选）", elem_id="lib-table")
                lib_picked = gr.Textbox(label="已选编号（逗号分隔）", elem_id="lib-picked")
                lib_add_btn = gr.Button("加入当前草稿", elem_id="lib-add")
                lib_msg = gr.Markdown(elem_id="lib-message")

            # ------------------------------------------------------------ 草稿
            with gr.Tab("草稿", id="drafts"):
                refresh_btn = gr.Button("刷新", elem_id="drafts-refresh")
                drafts = gr.Dataframe(headers=list(DRAFT_COLUMNS), interactive=False, label="已保存的草稿（点一行打开）",
                                      elem_id="drafts-table")
                history = gr.Dataframe(headers=list(HISTORY_COLUMNS), interactive=False, wrap=True,
                                       label="修改记录（谁在何时改了什么）", elem_id="drafts-history")

        draft_outputs = [draft_saved, version, name, content, budget, year, unit, table, findings, status]
        n_out = len(draft_outputs)

        # ---------------------------------------------------------------- callbacks: 起草

        def restore(user_name, draft_id, request: gr.Request):
            user = _user(user_name, request)
            if draft_id:
                try:
                    return (user, *_state_outputs(flow.load(draft_id), "已恢复上次打开的草稿"))
                except StoreError:
                    pass
            return (user, *_keep(n_out))

        def remember_user(user_name):
            return (user_name or "").strip() or DEFAULT_USER

        def do_draft(user_name, n, c, b, y, u, request: gr.Request, progress=gr.Progress()):  # noqa: B008  (gradio's idiom)
            try:
                req = _request(n, c, b, y, u)
            except UserError as exc:
                return (*_keep(n_out - 1), f"**无法起草：** {exc}")
            from assistant.draft.engine import make_draft

            progress(0.1, desc="检索相似项目并起草……")
            try:
                draft = make_draft(req, res.index, settings, model=res.model)
            except UserError as exc:
                # The endpoint failed: keep what the user entered as a draft of its own, with the error.
                draft = Draft(request=req, engine="llm" if settings.llm_configured else "offline",
                              model=settings.llm_model if settings.llm_configured else None, error=str(exc))
            progress(0.9, desc="检查并保存……")
            state = flow.new_draft(draft, _user(user_name, request))
            message = "已起草并保存" if draft.rows else "没有起草出指标"
            return _state_outputs(state, message)

        def save_request(draft_id, based_on, user_name, n, c, b, y, u, request: gr.Request):
            if not draft_id:
                return (*_keep(n_out - 1), "还没有打开的草稿：请先起草")
            try:
                req = _request(n, c, b, y, u)
                current = flow.load(draft_id, based_on)
                state = flow.apply_edit(draft_id, current.draft.rows, int(based_on), _user(user_name, request),
                                        request=req, note="修改项目信息")
            except ConflictError as exc:
                return (*_keep(n_out - 1), f"**保存失败（版本冲突）：** {exc}")
            except UserError as exc:
                return (*_keep(n_out - 1), f"**保存失败：** {exc}")
            return _state_outputs(state, "项目信息已保存")

        def edit_table(draft_id, based_on, user_name, edited, request: gr.Request):
            if not draft_id:
                return (*_keep(n_out - 1), "还没有打开的草稿：请先起草，或从“检查”“草稿”页打开一份")
            try:
                previous = flow.load(draft_id, int(based_on)).draft.rows
                rows = rows_from_table(_table_rows(edited), previous)
                if rows == previous:  # the table fires for a cell left unchanged: no new version
                    return _keep(n_out)
                state = flow.apply_edit(draft_id, rows, int(based_on), _user(user_name, request))
            except ConflictError as exc:
                # Keep the user's table on screen: nothing typed is lost.
                return (*_keep(n_out - 1), f"**保存失败（版本冲突）：** {exc} 您的修改仍显示在表中。")
            except (UserError, StoreError, ValueError) as exc:
                return (*_keep(n_out - 1), f"**保存失败：** {exc}")
            return _state_outputs(state, "已保存修改并重新检查")

        def select_cell(evt: gr.SelectData):
            row, col = evt.index
            position = row + 1
            if col != SOURCE_COLUMN or not evt.value:
                return position, gr.skip(), gr.update(visible=False)
            cited_id = str(evt.value).rsplit("〔", 1)[-1].split("〕", 1)[0] if "〔" in str(evt.value) else ""
            found = library.find_indicator(res.forms, cited_id) if cited_id else None
            if found is None:
                return position, f"来源：{evt.value}（不是语料库中的行）", gr.update(visible=False)
            form, project, ind = found
            where = f"{form.year or ''} {form.unit or ''} · {project.name}"
            title = f"**被引用的行：** {ind.name} {ind.value.raw}（{where}；{ind.source.label() if ind.source else ind.id}）"
            return position, title, gr.update(value=library.project_table(project), visible=True)

        def row_action(action):
            def run(draft_id, based_on, user_name, position, request: gr.Request):
                if not draft_id or not position:
                    return (*_keep(n_out - 1), "请先在表中点选一行")
                user = _user(user_name, request)
                try:
                    if action == "redraft":
                        state = flow.redraft(draft_id, int(position), int(based_on), user)
                    else:
                        state = flow.decide(draft_id, int(position), action, int(based_on), user)
                except ConflictError as exc:
                    return (*_keep(n_out - 1), f"**操作失败（版本冲突）：** {exc}")
                except UserError as exc:
                    return (*_keep(n_out - 1), f"**操作失败：** {exc}")
                text = {"keep": "已记录：保留", "delete": "已删除", "redraft": "已重新起草"}[action]
                return _state_outputs(state, f"第 {int(position)} 行{text}")
            return run

        def add_suggested(draft_id, based_on, user_name, request: gr.Request):
            if not draft_id:
                return (*_keep(n_out - 1), "还没有打开的草稿：请先起草")
            from assistant.draft.suggest import suggest
            from assistant.draft.suggest_llm import phrase_hook

            try:
                current = flow.load(draft_id, int(based_on))
                phrase = phrase_hook(settings, res.model, draft_id=draft_id)
                suggestions = suggest(current.draft.to_project(), res.index, phrase=phrase)
                rows = [row for s in suggestions for row in s.rows]
                if not rows:
                    return (*_keep(n_out - 1), "没有需要补充的指标")
                state = flow.add_rows(draft_id, rows, int(based_on), _user(user_name, request),
                                      note=f"添加建议的缺失指标 {len(rows)} 行")
            except ConflictError as exc:
                return (*_keep(n_out - 1), f"**操作失败（版本冲突）：** {exc}")
            except UserError as exc:
                return (*_keep(n_out - 1), f"**操作失败：** {exc}")
            reasons = "；".join(f"{s.level2}：{s.reason}" for s in suggestions)
            return _state_outputs(state, f"已添加 {len(rows)} 行建议的指标（{reasons}）")

        def approve(draft_id, based_on, user_name, reason, request: gr.Request):
            if not draft_id:
                return "还没有打开的草稿：请先起草", *_keep(n_out)
            try:
                result = flow.approve(draft_id, int(based_on), _user(user_name, request), override_reason=reason)
            except ConflictError as exc:
                return f"**审核失败（版本冲突）：** {exc}", *_keep(n_out)
            except UserError as exc:
                return f"**不能审核：** {exc}", *_keep(n_out)
            res.reload()
            files = "、".join(p.name for p in result.exports.values())
            message = (f"**已审核通过**，已加入语料库（{result.form.id}），以后的起草和问答可以引用它。"
                       f"已导出到 data/exports：{files}。\n\n{result.index_summary}")
            return message, *_state_outputs(flow.load(draft_id), "已审核通过")

        def export(draft_id, fmt_value, user_name, request: gr.Request):
            if not draft_id:
                return None, "还没有打开的草稿：请先起草"
            try:
                data, filename = flow.export(draft_id, fmt_value, user=_user(user_name, request))
            except UserError as exc:
                return None, f"**导出失败：** {exc}"
            path = res.downloads / draft_id / filename
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
            return str(path), f"已导出 {filename}"

        user_box.change(remember_user, user_box, user_saved)
        demo.load(restore, [user_saved, draft_saved], [user_box, *draft_outputs])
        draft_btn.click(do_draft, [user_box, name, content, budget, year, unit], draft_outputs,
                        show_progress="full")
        save_req_btn.click(save_request, [draft_saved, version, user_box, name, content, budget, year, unit],
                           draft_outputs)
        # always_last: a burst of edits saves once the previous save returned, based on its version.
        table.input(edit_table, [draft_saved, version, user_box, table], draft_outputs, trigger_mode="always_last")
        table.select(select_cell, None, [row_no, cited, cited_table])
        row_inputs = [draft_saved, version, user_box, row_no]
        keep_btn.click(row_action("keep"), row_inputs, draft_outputs)
        delete_btn.click(row_action("delete"), row_inputs, draft_outputs)
        redraft_btn.click(row_action("redraft"), row_inputs, draft_outputs)
        suggest_btn.click(add_suggested, [draft_saved, version, user_box], draft_outputs)
        approve_btn.click(approve, [draft_saved, version, user_box, override], [approve_msg, *draft_outputs])
        export_btn.click(export, [draft_saved, fmt, user_box], [export_file, approve_msg])

        # ---------------------------------------------------------------- callbacks: 检查

        def run_check(file):
            if not file:
                return "请先选择要检查的文件", gr.update(choices=[], value=None), None
            try:
                report = check_file(Path(file))
            except UserError as exc:
                return f"**无法检查：** {exc}", gr.update(choices=[], value=None), None
            form = report.form
            choices = [(p.name, k) for k, p in enumerate(form.projects)] if form else []
            head = f"**{Path(file).name}**：{len(form.projects) if form else 0} 个项目。\n\n"
            return (head + findings_by_project(report.findings),
                    gr.update(choices=choices, value=0 if choices else None), form)

        def check_to_draft(form, project_index, user_name, request: gr.Request):
            if form is None or project_index is None:
                return (gr.skip(), *_keep(n_out - 1), "请先上传并检查一张表，再选择项目")
            project = form.projects[int(project_index)]
            state = flow.new_draft(draft_from_project(form, project), _user(user_name, request))
            return (gr.Tabs(selected="draft"),
                    *_state_outputs(state, "已从“检查”页转来，可在表中补全；点“添加建议的缺失指标”补上缺少的指标"))

        check_btn.click(run_check, upload, [check_out, check_project, checked_form])
        to_draft_btn.click(check_to_draft, [checked_form, check_project, user_box], [tabs, *draft_outputs])

        # ---------------------------------------------------------------- callbacks: 问答

        def ask(text, history, conversation):
            from assistant.ask import Session

            conversation = conversation or Session()
            history = list(history or [])
            history.append({"role": "user", "content": text})
            try:
                answer = res.asker.ask(text, conversation)
                reply = answer.text + _citations_markdown(answer)
                if answer.notes:
                    reply += "\n\n" + "；".join(answer.notes)
            except UserError as exc:
                reply = f"无法回答：{exc}"
            history.append({"role": "assistant", "content": reply})
            return history, conversation, ""

        ask_btn.click(ask, [question, chat, session], [chat, session, question])
        question.submit(ask, [question, chat, session], [chat, session, question])
        new_chat_btn.click(lambda: ([], None), None, [chat, session])

        # ---------------------------------------------------------------- callbacks: 指标库

        def search_library(l1, l2, kw, unit_value, year_value):
            year_number = _number(year_value)
            hits = library.filter_records(res.records, level1=l1 or None, level2=l2 or None, keyword=kw or "",
                                          unit=(unit_value or "").strip() or None,
                                          year=int(year_number) if year_number else None)
            counts = [list(c) for c in library.level_counts(hits)]
            return (f"找到 {len(hits)} 行（语料库共 {len(res.records)} 行，{len(res.forms)} 张表）",
                    counts, library.library_table(hits[:500]))

        def pick_library_row(picked, evt: gr.SelectData):
            row_values = evt.row_value or []
            if not row_values:
                return picked
            ids = [p.strip() for p in (picked or "").split(",") if p.strip()]
            if row_values[0] not in ids:
                ids.append(str(row_values[0]))
            return ", ".join(ids)

        def add_from_library(draft_id, based_on, user_name, picked, request: gr.Request):
            ids = [p.strip() for p in (picked or "").split(",") if p.strip()]
            if not draft_id:
                return (*_keep(n_out), "还没有打开的草稿：请先在“起草”页起草或打开一份草稿")
            rows = [library.record_to_row(res.records_by_id[i]) for i in ids if i in res.records_by_id]
            if not rows:
                return (*_keep(n_out), "请先在表中点选要加入的指标")
            try:
                state = flow.add_rows(draft_id, rows, int(based_on), _user(user_name, request),
                                      note=f"从指标库加入 {len(rows)} 行")
            except (ConflictError, UserError) as exc:
                return (*_keep(n_out), f"**加入失败：** {exc}")
            return (*_state_outputs(state, f"已从指标库加入 {len(rows)} 行"), f"已加入 {len(rows)} 行到当前草稿")

        lib_inputs = [lib_l1, lib_l2, lib_kw, lib_unit, lib_year]
        lib_btn.click(search_library, lib_inputs, [lib_count, lib_counts, lib_table])
        lib_kw.submit(search_library, lib_inputs, [lib_count, lib_counts, lib_table])
        lib_table.select(pick_library_row, lib_picked, lib_picked)
        lib_add_btn.click(add_from_library, [draft_saved, version, user_box, lib_picked], [*draft_outputs, lib_msg])

        # ---------------------------------------------------------------- callbacks: 草稿

        def list_drafts():
            return drafts_table(flow.store.list_drafts()), history_table(flow.store.history())

        def open_draft(evt: gr.SelectData):
            draft_id = str((evt.row_value or [""])[0])
            try:
                state = flow.load(draft_id)
            except StoreError as exc:
                return (gr.skip(), *_keep(n_out - 1), str(exc), gr.skip())
            return (gr.Tabs(selected="draft"), *_state_outputs(state, "已打开"),
                    history_table(flow.store.history(draft_id)))

        refresh_btn.click(list_drafts, None, [drafts, history])
        demo.load(list_drafts, None, [drafts, history])
        drafts.select(open_draft, None, [tabs, *draft_outputs, history])
    return demo


def _citations_markdown(answer) -> str:
    if not answer.citations:
        return ""
    label = "最接近的行（不是确切答案）" if answer.closest else "引用"
    head = "| " + " | ".join(CITATION_COLUMNS) + " |\n|" + "---|" * len(CITATION_COLUMNS) + "\n"
    body = "".join(f"| {c.source or c.id} | {c.project} | {c.level2 or ''} | {c.name} | {c.value} |\n"
                   for c in answer.citations[:12])
    return f"\n\n**{label}：**\n\n{head}{body}"


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()
    res = Resources(settings)
    demo = build_app(res)
    auth = None
    if settings.app_auth:
        user, _, password = settings.app_auth.partition(":")
        auth = (user, password)
    print(f"绩效目标助手：http://{settings.app_host}:{settings.app_port}", flush=True)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=settings.app_host, server_port=settings.app_port, auth=auth, show_error=True,
        allowed_paths=[str(res.downloads.resolve())], ssr_mode=False)


if __name__ == "__main__":
    main()
