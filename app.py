"""绩效目标助手 web app (gradio): 起草, 批量起草, 检查, 问答, 指标库, 草稿.

Thin: `build_app` lays out the widgets and wires them to small module-level callbacks; each
callback turns widget values into one call of `assistant.review.workflow.Workflow` (or the
checker, or the answerer) and the result into a dict of widget updates. Widgets left out of a
returned dict keep what they show, so a failure never loses what the user entered; every
failure goes through one adapter (`failure_notice`). Ids live in gr.State, never in labels.
Host, port and the optional login come from settings (JXMB_APP_HOST, JXMB_APP_PORT,
JXMB_APP_AUTH="user:password"); drafts live in SQLite, so a refresh or a restart loses nothing.
"""

from __future__ import annotations  # noqa: I001  (assistant first: it switches telemetry off before gradio loads)

import functools
import inspect
import logging
import threading
from datetime import date
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import assistant  # noqa: F401
import gradio as gr
from starlette.middleware import Middleware

from assistant.corpus.files import FORM_SUFFIXES
from assistant.corpus.levels import HIERARCHY
from assistant.corpus.schema import Form
from assistant.draft.models import build_request
from assistant.errors import UserError
from assistant.review import batch_ui
from assistant.review import library_view as library
from assistant.review.store import ConflictError, StaleTableError, Store
from assistant.review.views import (
    DRAFT_COLUMNS,
    FINDING_COLUMNS,
    HISTORY_COLUMNS,
    answer_markdown,
    approval_message,
    check_report,
    draft_status,
    drafts_table,
    findings_table,
    history_table,
    mode_banner,
    plain,
    review_styles,
)
from assistant.review.workflow import (
    EXPORT_FORMATS,
    TABLE_COLUMNS,
    DraftState,
    Workflow,
    rows_to_table,
    table_headers,
)
from assistant.settings import Settings, get_settings
from assistant.validate.check import check_file

log = logging.getLogger("assistant.app")
DEFAULT_USER = "本机用户"
SOURCE_COLUMN = TABLE_COLUMNS.index("来源")
VALUE_COLUMN = TABLE_COLUMNS.index("指标值")
LIBRARY_SHOWN = 500
ALL = "全部"  # the library filters' first choice: no filter
NO_DRAFT = "还没有打开的草稿：请先起草，或从“检查”“草稿”页打开一份"
NEW_DRAFT = "新草稿：填写项目信息后点“起草”，或点“保存项目信息”先保存（尚未起草指标）"
# The form's header beyond the project fields: request field → label; amounts are numbers.
HEADER_FIELDS = {"supervisor": "主管部门", "implementer": "实施单位", "attribute": "项目属性", "period": "实施期",
                 "fiscal": "其中：财政拨款（万元）", "other": "其他资金（万元）"}
HEADER_AMOUNTS = ("fiscal", "other")


# ---------------------------------------------------------------------- what the callbacks share


@dataclass
class Ui:
    """The widgets (filled in by `_layout`): what the callbacks read and update, and the buttons."""

    tabs: Any = None
    user: Any = None
    user_saved: Any = None
    rename: Any = None
    draft_id: Any = None  # BrowserState: the open draft survives a refresh
    version: Any = None
    name: Any = None
    content: Any = None
    budget: Any = None
    year: Any = None
    unit: Any = None
    header: list[Any] = field(default_factory=list)  # the rest of the form's header, in HEADER_FIELDS order
    goal: Any = None
    save_header_button: Any = None
    batch: Any = None
    table: Any = None
    findings: Any = None
    status: Any = None
    row_no: Any = None
    cited: Any = None
    cited_table: Any = None
    override: Any = None
    errors_feed: Any = None
    approve_msg: Any = None
    export_format: Any = None
    export_file: Any = None
    check_upload: Any = None
    check_out: Any = None
    check_project: Any = None
    checked_form: Any = None
    chat: Any = None
    question: Any = None
    session: Any = None
    lib_filters: list[Any] = field(default_factory=list)
    lib_count: Any = None
    lib_counts: Any = None
    lib_table: Any = None
    lib_ids: Any = None  # the ids of the rows lib_table shows, in order
    lib_picked: Any = None
    lib_msg: Any = None
    drafts: Any = None
    draft_ids: Any = None  # the ids of the rows `drafts` shows, in order
    history: Any = None
    draft_button: Any = None
    save_request_button: Any = None
    new_button: Any = None
    save_as_new_button: Any = None
    drafts_tab: Any = None
    keep_button: Any = None
    delete_button: Any = None
    redraft_button: Any = None
    suggest_button: Any = None
    approve_button: Any = None
    export_button: Any = None
    check_button: Any = None
    check_to_draft_button: Any = None
    ask_button: Any = None
    new_chat_button: Any = None
    lib_button: Any = None
    lib_add_button: Any = None
    refresh_button: Any = None

    def draft_view(self) -> list[Any]:
        """Everything the 起草 tab shows of one stored version."""
        return [self.draft_id, self.version, self.name, self.content, self.budget, self.year, self.unit,
                *self.header, self.goal, self.table, self.findings, self.status, self.rename, *self.draft_panels()]

    def rows_view(self) -> list[Any]:
        """What a change to the rows shows: never the project fields and header above the table, which
        may hold text typed meanwhile and not yet saved."""
        return [self.draft_id, self.version, self.table, self.findings, self.status, *self.draft_panels()]

    def draft_panels(self) -> list[Any]:
        """What belongs to one moment of one draft: cleared whenever the tab shows another version."""
        return [self.export_file, self.cited, self.cited_table, self.approve_msg]


class AppContext:
    """What the app holds once per process: settings, the workflow (store, corpus, index, LLM
    client), the answerer and the widgets. The only thing callbacks close over."""

    def __init__(self, settings: Settings, flow: Workflow):
        self.settings = settings
        self.flow = flow
        self.ui = Ui()
        self._asker: tuple[list[Form], Any] | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings) -> AppContext:
        from assistant.index.hybrid import Index
        from assistant.llm.client import OpenAIChatModel

        index = Index.open(settings)
        # One LLM client per process (None: the offline engine drafts and answers).
        model = OpenAIChatModel.from_settings(settings) if settings.llm_configured else None
        flow = Workflow(settings, store=Store(settings.database), index=index, model=model)
        for line in flow.recover():  # approvals a killed process left half done
            log.warning(line)
        forms = flow.reload()
        if not any(index.counts().values()) and forms:
            log.warning("the index is empty: building it from the corpus")
            index.build(forms)
        return cls(settings, flow)

    def asker(self) -> Any:
        """The answerer over the workflow's current forms (rebuilt after an approval added one)."""
        from assistant.ask import Asker

        forms = self.flow.forms
        with self._lock:
            if self._asker is None or self._asker[0] is not forms:
                self._asker = (forms, Asker(forms, self.flow.index, self.settings, model=self.flow.model))
            return self._asker[1]


def failure_notice(exc: Exception, heading: str) -> str:
    """The one adapter from a failure to what the user reads. Call it in an except block."""
    if isinstance(exc, ConflictError):
        return f"**{heading}（版本冲突）：** {plain(exc)} 您的修改仍显示在页面上。"
    if isinstance(exc, UserError):
        return f"**{heading}：** {plain(exc)}"
    log.exception("%s: unexpected error", heading)
    return f"**{heading}：** 程序内部出错（已记入日志），请重试；您填写的内容仍显示在页面上。"


def on_failure(heading: str, notice: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a callback: a failure shows `failure_notice` in the widget `notice` (a Ui field)."""

    def mark(callback: Callable[..., Any]) -> Callable[..., Any]:
        callback.failure = (heading, notice)  # type: ignore[attr-defined]
        return callback

    return mark


def bind(ctx: AppContext, callback: Callable[..., Any]) -> Callable[..., Any]:
    """The callback with `ctx` as its first argument, as gradio calls it. The signature (and so
    gradio's gr.Request / gr.SelectData / gr.Progress injection) is the callback's, minus ctx."""
    heading, notice = getattr(callback, "failure", ("", ""))

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(ctx, *args, **kwargs)
        except Exception as exc:
            if not heading:
                raise
            return {getattr(ctx.ui, notice): failure_notice(exc, heading)}

    parameters = list(inspect.signature(callback).parameters.values())[1:]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return run


# ---------------------------------------------------------------------- small helpers


def _user(name: str | None, request: gr.Request | None) -> str:
    if request is not None and request.username:
        return str(request.username)
    return (name or "").strip() or DEFAULT_USER


def _amount(value: Any) -> float | None:
    """An amount box: gradio shows an untouched number box as 0, so 0 means nothing was typed."""
    number = _number(value)
    return number or None


def _number(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def _request(name: str, content: str, budget: Any, year: Any, unit: str):
    year_value = _number(year)
    return build_request(name=(name or "").strip(), content=(content or "").strip(), budget=_amount(budget),
                         year=int(year_value) if year_value else None, unit=(unit or "").strip() or None)


def _header_request(name, content, budget, year, unit, header: list[Any]):
    """The request with the form's header fields (HEADER_FIELDS order) as edited."""
    request = _request(name, content, budget, year, unit)
    values = {key: (_amount(value) if key in HEADER_AMOUNTS else ((value or "").strip() or None))
              for key, value in zip(HEADER_FIELDS, header, strict=True)}
    return build_request(**{**request.model_dump(), **values})


def _table_rows(table: Any) -> list[list[Any]]:
    if table is None:
        return []
    if hasattr(table, "values"):  # a pandas DataFrame
        return table.values.tolist()
    return [list(r) for r in table]


def _empty_table() -> list[list[str]]:
    return [[""] * len(TABLE_COLUMNS)]


def _table_value(state: DraftState) -> dict[str, Any]:
    """The draft table with its version in the 来源 title and the rows to check on a yellow ground."""
    rows = rows_to_table(state.draft.rows) or _empty_table()
    styles = review_styles([r.needs_review for r in state.draft.rows] or [False], len(TABLE_COLUMNS), VALUE_COLUMN)
    return {"data": rows, "headers": table_headers(state.id, state.version), "metadata": {"styling": styles}}


def _headers(table: Any) -> list[str] | None:
    """The column titles the browser sent with the table (a pandas DataFrame), None when it sent none."""
    columns = getattr(table, "columns", None)
    return None if columns is None else [str(c) for c in columns]


def show_rows(ctx: AppContext, state: DraftState, message: str) -> dict[Any, Any]:
    """`show` for a change to the rows: the table and what belongs to it (see Ui.rows_view)."""
    kept = set(ctx.ui.rows_view())
    return {widget: value for widget, value in show(ctx, state, message).items() if widget in kept}


def _open_draft(draft_id: str | None) -> str:
    if not draft_id:
        raise UserError(NO_DRAFT)
    return draft_id


def show(ctx: AppContext, state: DraftState, message: str) -> dict[Any, Any]:
    """The 起草 tab's widgets for one stored version."""
    ui, req = ctx.ui, state.draft.request
    header = {widget: getattr(req, key) if key in HEADER_AMOUNTS else (getattr(req, key) or "")
              for widget, key in zip(ui.header, HEADER_FIELDS, strict=True)}
    return header | {ui.draft_id: state.id, ui.version: state.version, ui.name: req.name, ui.content: req.content,
                     ui.budget: req.budget, ui.year: req.year, ui.unit: req.unit or "", ui.goal: state.draft.goal,
                     ui.table: _table_value(state), ui.findings: findings_table(state.findings),
                     ui.status: draft_status(state, message), ui.rename: False} | _cleared_panels(ctx)


def _cleared_panels(ctx: AppContext) -> dict[Any, Any]:
    ui = ctx.ui
    return {ui.export_file: None, ui.cited: "", ui.cited_table: gr.update(value=None, visible=False),
            ui.approve_msg: ""}


# ---------------------------------------------------------------------- callbacks: 起草


@on_failure("无法恢复草稿", "status")
def restore(ctx: AppContext, user_name: str, draft_id: str, request: gr.Request) -> dict[Any, Any]:
    """On page load: the user's name and the draft that was open (if it still exists)."""
    shown = {ctx.ui.user: _user(user_name, request)}
    if draft_id:
        try:
            shown |= show(ctx, ctx.flow.load(draft_id), "已恢复上次打开的草稿")
        except UserError:
            log.info("the remembered draft %s is gone", draft_id)
    return shown


def remember_user(ctx: AppContext, user_name: str) -> str:
    return (user_name or "").strip() or DEFAULT_USER


@on_failure("无法起草", "status")
def draft_new(ctx: AppContext, user_name, name, content, budget, year, unit, supervisor, implementer, attribute,
              period, fiscal, other, request: gr.Request, progress=gr.Progress()):  # noqa: B008  (gradio's idiom)
    header = [supervisor, implementer, attribute, period, fiscal, other]
    req = _header_request(name, content, budget, year, unit, header)
    progress(0.1, desc="检索相似项目并起草……")
    state = ctx.flow.draft(req, _user(user_name, request))
    return show(ctx, state, "已起草并保存" if state.draft.rows else "没有起草出指标")


@on_failure("保存失败", "status")
def save_request(ctx: AppContext, draft_id, based_on, user_name, name, content, budget, year, unit, supervisor,
                 implementer, attribute, period, fiscal, other, rename, request: gr.Request):
    header = [supervisor, implementer, attribute, period, fiscal, other]
    req, user = _header_request(name, content, budget, year, unit, header), _user(user_name, request)
    if not draft_id:
        return show(ctx, ctx.flow.start(req, user), "已新建草稿并保存项目信息；点“起草”起草指标")
    state = ctx.flow.update_request(draft_id, req, int(based_on), user, rename=bool(rename))
    return show(ctx, state, "项目信息已保存")


def lock_table() -> Any:
    return gr.update(interactive=False)


def unlock_table() -> Any:
    return gr.update(interactive=True)


def new_blank(ctx: AppContext) -> dict[Any, Any]:
    """新建草稿: the 起草 tab emptied, no draft open; the open draft stays stored as it was."""
    ui = ctx.ui
    header = {widget: None if key in HEADER_AMOUNTS else "" for widget, key in zip(ui.header, HEADER_FIELDS, strict=True)}
    return header | {ui.draft_id: "", ui.version: 0, ui.name: "", ui.content: "", ui.budget: None,
                     ui.year: date.today().year, ui.unit: "", ui.goal: "",
                     ui.table: {"data": _empty_table(), "headers": list(TABLE_COLUMNS)}, ui.findings: [],
                     ui.status: NEW_DRAFT, ui.rename: False} | _cleared_panels(ctx)


@on_failure("另存失败", "status")
def save_as_new(ctx: AppContext, draft_id, based_on, user_name, name, content, budget, year, unit, supervisor,
                implementer, attribute, period, fiscal, other, table, request: gr.Request):
    header = [supervisor, implementer, attribute, period, fiscal, other]
    req, user = _header_request(name, content, budget, year, unit, header), _user(user_name, request)
    if not draft_id:
        return show(ctx, ctx.flow.start(req, user), "已新建草稿并保存项目信息；点“起草”起草指标")
    state = ctx.flow.save_as_new(draft_id, int(based_on), req, _table_rows(table), user)
    return show(ctx, state, f"已另存为新草稿（原草稿 {draft_id} 保持不变）")


@on_failure("保存失败", "status")
def save_header(ctx: AppContext, draft_id, based_on, user_name, name, content, budget, year, unit, supervisor,
                implementer, attribute, period, fiscal, other, goal, request: gr.Request):
    header = [supervisor, implementer, attribute, period, fiscal, other]
    state = ctx.flow.update_form(_open_draft(draft_id), _header_request(name, content, budget, year, unit, header),
                                 goal or "", int(based_on), _user(user_name, request))
    return show(ctx, state, "表头和年度绩效目标已保存")


@on_failure("保存失败", "status")
def edit_table(ctx: AppContext, draft_id, based_on, user_name, edited, request: gr.Request):
    try:
        state = ctx.flow.save_table(_open_draft(draft_id), _table_rows(edited), int(based_on),
                                    _user(user_name, request), headers=_headers(edited))
    except StaleTableError as exc:
        # Refused visibly: the table goes back to the version the page holds, the notice says why.
        return show_rows(ctx, ctx.flow.load(draft_id, int(based_on)), str(exc))
    return gr.skip() if state is None else show_rows(ctx, state, "已保存修改并重新检查")


@on_failure("无法显示来源", "cited")
def select_cell(ctx: AppContext, draft_id, based_on, evt: gr.SelectData):
    row, col = evt.index
    ui = ctx.ui
    shown: dict[Any, Any] = {ui.row_no: row + 1, ui.cited_table: gr.update(visible=False)}
    if col != SOURCE_COLUMN or not evt.value or not draft_id:
        return shown
    cited = ctx.flow.cited_row(draft_id, int(based_on), row + 1)
    if cited is None:
        return shown | {ui.cited: f"来源：{plain(evt.value)}（不是语料库中的行）"}
    form, project, ind = cited.form, cited.project, cited.indicator
    where = f"{form.year or ''} {form.unit or ''} · {project.name}"
    source = ind.source.label() if ind.source else ind.id
    title = f"**被引用的行：** {plain(f'{ind.name} {ind.value.raw}（{where}；{source}）')}"
    return shown | {ui.cited: title, ui.cited_table: gr.update(value=library.project_table(project), visible=True)}


def _position(position: Any) -> int:
    if not position:
        raise UserError("请先在表中点选一行")
    return int(position)


@on_failure("操作失败", "status")
def keep_row(ctx: AppContext, draft_id, based_on, user_name, position, request: gr.Request):
    row = _position(position)
    state = ctx.flow.decide(_open_draft(draft_id), row, "keep", int(based_on), _user(user_name, request))
    return show_rows(ctx, state, f"第 {row} 行已记录：保留")


@on_failure("操作失败", "status")
def delete_row(ctx: AppContext, draft_id, based_on, user_name, position, request: gr.Request):
    row = _position(position)
    state = ctx.flow.decide(_open_draft(draft_id), row, "delete", int(based_on), _user(user_name, request))
    return show_rows(ctx, state, f"第 {row} 行已删除")


@on_failure("操作失败", "status")
def redraft_row(ctx: AppContext, draft_id, based_on, user_name, position, request: gr.Request):
    row = _position(position)
    state = ctx.flow.redraft(_open_draft(draft_id), row, int(based_on), _user(user_name, request))
    return show_rows(ctx, state, f"第 {row} 行已重新起草")


@on_failure("操作失败", "status")
def add_suggested(ctx: AppContext, draft_id, based_on, user_name, request: gr.Request):
    state, suggestions = ctx.flow.add_suggested(_open_draft(draft_id), int(based_on), _user(user_name, request))
    if not suggestions:
        return show_rows(ctx, state, "没有需要补充的指标")
    added = sum(len(s.rows) for s in suggestions)
    reasons = "；".join(f"{s.level2}：{s.reason}" for s in suggestions)
    return show_rows(ctx, state, f"已添加 {added} 行建议的指标（{reasons}）")


@on_failure("不能审核", "approve_msg")
def approve(ctx: AppContext, draft_id, based_on, user_name, reason, errors_feed_drafts, request: gr.Request):
    flow = ctx.flow
    result = flow.approve(_open_draft(draft_id), int(based_on), _user(user_name, request), override_reason=reason,
                          errors_feed_drafts=bool(errors_feed_drafts))
    message = approval_message(result.form.id, [p.name for p in result.exports.values()], result.rows_indexed)
    return show_rows(ctx, flow.load(draft_id), "已审核通过") | {ctx.ui.approve_msg: message}


@on_failure("导出失败", "approve_msg")
def export(ctx: AppContext, draft_id, fmt, user_name, request: gr.Request):
    path = ctx.flow.download(_open_draft(draft_id), fmt, user=_user(user_name, request))
    state = ctx.flow.load(draft_id)  # downloading an approved draft marks it 已导出: the status line says so
    return {ctx.ui.export_file: str(path), ctx.ui.approve_msg: f"已导出 {path.name}",
            ctx.ui.status: draft_status(state, f"已导出 {path.name}")}


# ---------------------------------------------------------------------- callbacks: 检查


@on_failure("无法检查", "check_out")
def run_check(ctx: AppContext, file):
    ui = ctx.ui
    if not file:
        raise UserError("请先选择要检查的文件")
    report = check_file(Path(file))
    form = report.form
    choices = [(p.name, k) for k, p in enumerate(form.projects)] if form else []
    return {ui.check_out: check_report(Path(file).name, form, report.findings),
            ui.check_project: gr.update(choices=choices, value=0 if choices else None), ui.checked_form: form}


@on_failure("无法转到起草页", "status")
def check_to_draft(ctx: AppContext, form, project_index, user_name, request: gr.Request):
    if form is None or project_index is None:
        raise UserError("请先上传并检查一张表，再选择项目")
    state = ctx.flow.from_checked(form, int(project_index), _user(user_name, request))
    return {ctx.ui.tabs: gr.Tabs(selected="draft")} | show(
        ctx, state, "已从“检查”页转来，可在表中补全；点“添加建议的缺失指标”补上缺少的指标")


# ---------------------------------------------------------------------- callbacks: 问答


def ask(ctx: AppContext, text, history, conversation):
    from assistant.ask import Session

    conversation = conversation or Session()
    history = [*(history or []), {"role": "user", "content": plain(text)}]
    try:
        reply = answer_markdown(ctx.asker().ask(text, conversation))
    except Exception as exc:
        reply = failure_notice(exc, "无法回答")
    history.append({"role": "assistant", "content": reply})
    return history, conversation, ""


def new_chat(ctx: AppContext):
    return [], None


# ---------------------------------------------------------------------- callbacks: 指标库


@on_failure("无法查找", "lib_count")
def search_library(ctx: AppContext, level1, level2, keyword, unit, year, sector=""):
    ui, flow = ctx.ui, ctx.flow
    year_number = _number(year)
    records = flow.records
    level1, level2 = (None if v in (ALL, "") else v for v in (level1, level2))
    hits = library.filter_records(records, level1=level1, level2=level2, keyword=keyword or "",
                                  unit=(unit or "").strip() or None, year=int(year_number) if year_number else None,
                                  sector=None if sector in (ALL, "", None) else sector)
    shown = hits[:LIBRARY_SHOWN]
    return {ui.lib_count: f"找到 {len(hits)} 行（语料库共 {len(records)} 行，{len(flow.forms)} 张表）",
            ui.lib_counts: [list(c) for c in library.level_counts(hits)],
            ui.lib_table: library.library_table(shown), ui.lib_ids: [r["id"] for r in shown]}


def pick_library_row(ctx: AppContext, picked, shown_ids, evt: gr.SelectData):
    row = evt.index[0]
    if not shown_ids or not 0 <= row < len(shown_ids):
        return picked
    ids = [p.strip() for p in (picked or "").split(",") if p.strip()]
    if shown_ids[row] not in ids:
        ids.append(shown_ids[row])
    return ", ".join(ids)


@on_failure("加入失败", "lib_msg")
def add_from_library(ctx: AppContext, draft_id, based_on, user_name, picked, request: gr.Request):
    ids = [p.strip() for p in (picked or "").split(",") if p.strip()]
    state = ctx.flow.add_from_library(_open_draft(draft_id), ids, int(based_on), _user(user_name, request))
    added = len(dict.fromkeys(ids))
    return show_rows(ctx, state, f"已从指标库加入 {added} 行") | {ctx.ui.lib_msg: f"已加入 {added} 行到当前草稿"}


# ---------------------------------------------------------------------- callbacks: 草稿


def list_drafts(ctx: AppContext):
    ui, store = ctx.ui, ctx.flow.store
    infos = store.list_drafts()
    titles = {d.id: d.title for d in infos}
    return {ui.drafts: drafts_table(infos), ui.draft_ids: [d.id for d in infos],
            ui.history: history_table(store.history(), titles)}


@on_failure("无法打开草稿", "status")
def open_listed_draft(ctx: AppContext, listed_ids, evt: gr.SelectData):
    row = evt.index[0]
    if not listed_ids or not 0 <= row < len(listed_ids):
        raise UserError("没有找到这一行对应的草稿", hint="请点“刷新”后再选")
    state = ctx.flow.load(listed_ids[row])
    history = history_table(ctx.flow.store.history(state.id), {state.id: state.info.title})
    return {ctx.ui.tabs: gr.Tabs(selected="draft"), ctx.ui.history: history} | show(ctx, state, "已打开")


# ---------------------------------------------------------------------- the app

# gradio picks its own words (upload hints, table menus, progress) by the browser's language, read
# once before any of the app's own code runs; the users of this app read Chinese whatever their
# browser says, so the page's first script reports zh-CN (ChineseLocale puts it there).
CHINESE_LOCALE = (b'<script>Object.defineProperty(navigator, "language", {get: () => "zh-CN"});'
                  b'Object.defineProperty(navigator, "languages", {get: () => ["zh-CN", "zh"]});</script>')
APP_CSS = "footer { display: none !important; }"  # gradio's footer links (API, settings) are English


class ChineseLocale:
    """ASGI middleware: the app's HTML page, with CHINESE_LOCALE first in its head and lang="zh-CN"."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                types = [v for k, v in message.get("headers") or [] if k.lower() == b"content-type"]
                if not (types and types[0].startswith(b"text/html")):
                    await send(message)
                    start["passthrough"] = True
                    return
                start.update(message)
                return
            if start.get("passthrough"):
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body).replace(b"<head>", b"<head>" + CHINESE_LOCALE, 1).replace(b'lang="en"',
                                                                                        b'lang="zh-CN"', 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers += [(b"content-length", str(len(page)).encode())]
            await send({"type": "http.response.start", "status": start["status"], "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, capture)


def _layout(ctx: AppContext) -> gr.Blocks:
    """The widgets, recorded in ctx.ui."""
    ui = ctx.ui
    with gr.Blocks(title="绩效目标助手") as demo:
        gr.Markdown("# 绩效目标助手")
        gr.Markdown(mode_banner(ctx.settings), elem_id="mode-banner")
        ui.user_saved = gr.BrowserState(DEFAULT_USER, storage_key="jxmb_user")
        ui.draft_id = gr.BrowserState("", storage_key="jxmb_current_draft")
        ui.version = gr.State(0)
        ui.session = gr.State(None)
        ui.user = gr.Textbox(label="当前用户", value=DEFAULT_USER, visible=not ctx.settings.app_auth,
                             elem_id="user-name", max_lines=1)

        with gr.Tabs() as ui.tabs:
            with gr.Tab("起草", id="draft"):
                with gr.Row():
                    ui.name = gr.Textbox(label="项目名称", elem_id="req-name", scale=2)
                    ui.budget = gr.Number(label="预算金额（万元）", elem_id="req-budget")
                    ui.year = gr.Number(label="年度", value=date.today().year, precision=0, elem_id="req-year")
                    ui.unit = gr.Textbox(label="单位名称", elem_id="req-unit")
                ui.content = gr.Textbox(label="主要内容 / 年度目标", lines=3, elem_id="req-content")
                with gr.Accordion("完整表头与年度绩效目标（导出时写入绩效目标表）", open=True, elem_id="form-header"):
                    with gr.Row():
                        ui.header = [gr.Number(label=label, elem_id=f"head-{key}") if key in HEADER_AMOUNTS
                                     else gr.Textbox(label=label, elem_id=f"head-{key}", max_lines=1)
                                     for key, label in HEADER_FIELDS.items()]
                    ui.goal = gr.Textbox(label="年度绩效目标（目标1、目标2……，起草时按指标表生成）", lines=5,
                                         elem_id="head-goal")
                    ui.save_header_button = gr.Button("保存表头和年度绩效目标", elem_id="save-header")
                with gr.Row():
                    ui.draft_button = gr.Button("起草", variant="primary", elem_id="draft-button")
                    ui.save_request_button = gr.Button("保存项目信息", elem_id="save-request")
                    ui.rename = gr.Checkbox(label="改名（只改正本项目的名称）", value=False, elem_id="allow-rename")
                    ui.save_as_new_button = gr.Button("另存为新草稿", elem_id="save-as-new")
                    ui.new_button = gr.Button("新建草稿", elem_id="new-draft")
                ui.status = gr.Markdown("填写项目信息后点“起草”；也可在“检查”页上传表后转来补全。", elem_id="draft-status")
                with gr.Row():
                    ui.table = gr.Dataframe(headers=list(TABLE_COLUMNS), value=_empty_table(), interactive=True,
                                            wrap=True, label="指标表（可直接修改，改完自动保存并重新检查；点来源查看原表）",
                                            elem_id="draft-table", scale=3, static_columns=[SOURCE_COLUMN],
                                            show_row_numbers=True, column_count=len(TABLE_COLUMNS),
                                            column_widths=["11%", "14%", "22%", "11%", "9%", "33%"])
                    ui.findings = gr.Dataframe(headers=list(FINDING_COLUMNS), interactive=False, wrap=True,
                                               label="检查结果", elem_id="draft-findings", scale=2)
                with gr.Row():
                    ui.row_no = gr.Number(label="行号（点表中一行即可选中）", value=None, precision=0, elem_id="row-no")
                    ui.keep_button = gr.Button("保留此行", elem_id="row-keep")
                    ui.delete_button = gr.Button("删除此行", variant="stop", elem_id="row-delete")
                    ui.redraft_button = gr.Button("重新起草此行", elem_id="row-redraft")
                    ui.suggest_button = gr.Button("添加建议的缺失指标", elem_id="add-suggested")
                ui.cited = gr.Markdown(elem_id="cited-title")
                ui.cited_table = gr.Dataframe(headers=list(library.PROJECT_COLUMNS), interactive=False, wrap=True,
                                              visible=False, label="被引用的原表行所在项目", elem_id="cited-table")
                with gr.Accordion("审核与导出", open=True):
                    with gr.Row():
                        ui.override = gr.Textbox(label="带错误通过的理由（没有错误时不填）", elem_id="override-reason")
                        ui.errors_feed = gr.Checkbox(label="带错误的行也供以后起草引用（默认不引用）", value=False,
                                                     elem_id="errors-feed-drafts")
                        ui.approve_button = gr.Button("审核通过并加入语料库", variant="primary", elem_id="approve-button")
                    ui.approve_msg = gr.Markdown(elem_id="approve-message")
                    with gr.Row():
                        ui.export_format = gr.Radio(list(EXPORT_FORMATS), value="xlsx", label="导出格式",
                                                    elem_id="export-format")
                        ui.export_button = gr.Button("导出", elem_id="export-button")
                        ui.export_file = gr.File(label="下载", interactive=False, elem_id="export-file")

            with gr.Tab("批量起草", id="batch"):
                ui.batch = batch_ui.layout()

            with gr.Tab("检查", id="check"):
                ui.check_upload = gr.File(label="上传绩效目标表（txt / csv / xlsx / xls / docx / pdf / html / 图片 / json）",
                                          file_types=FORM_SUFFIXES, elem_id="check-upload")
                ui.check_button = gr.Button("检查", variant="primary", elem_id="check-button")
                ui.check_out = gr.Markdown(elem_id="check-findings")
                with gr.Row():
                    ui.check_project = gr.Dropdown(label="选择项目", choices=[], elem_id="check-project")
                    ui.check_to_draft_button = gr.Button("转到起草页补全", elem_id="check-to-draft")
                ui.checked_form = gr.State(None)

            with gr.Tab("问答", id="ask"):
                ui.chat = gr.Chatbot(label="问答（答案下方列出引用的原表行）", elem_id="ask-chat", height=480)
                with gr.Row():
                    ui.question = gr.Textbox(label="问题", placeholder="例如：大连高新区哪些项目设了时效指标？",
                                             elem_id="ask-question", scale=4)
                    ui.ask_button = gr.Button("提问", variant="primary", elem_id="ask-button")
                    ui.new_chat_button = gr.Button("新对话", elem_id="ask-new")

            with gr.Tab("指标库", id="library"):
                with gr.Row():
                    ui.lib_filters = [
                        gr.Dropdown([ALL, *HIERARCHY], value=ALL, label="一级指标", elem_id="lib-level1"),
                        gr.Dropdown([ALL, *sorted({l2 for v in HIERARCHY.values() for l2 in v})], value=ALL,
                                    label="二级指标", elem_id="lib-level2"),
                        gr.Textbox(label="关键词（空格分隔，需同时出现）", elem_id="lib-keyword"),
                        gr.Textbox(label="单位", elem_id="lib-unit"),
                        gr.Number(label="年度（不填为全部）", value=None, precision=0, elem_id="lib-year"),
                        gr.Dropdown([ALL, *library.sectors_of(ctx.flow.records)], value=ALL, label="行业",
                                    elem_id="lib-sector"),
                    ]
                    ui.lib_button = gr.Button("查找", variant="primary", elem_id="lib-search")
                ui.lib_count = gr.Markdown(elem_id="lib-count")
                ui.lib_counts = gr.Dataframe(headers=["一级指标", "二级指标", "行数"], interactive=False,
                                             label="按层级计数", elem_id="lib-counts", max_height=240)
                ui.lib_table = gr.Dataframe(headers=list(library.LIBRARY_COLUMNS), interactive=False, wrap=True,
                                            label="指标（点一行选中，可多选）", elem_id="lib-table")
                ui.lib_ids = gr.State([])
                ui.lib_picked = gr.Textbox(label="已选编号（逗号分隔）", elem_id="lib-picked")
                ui.lib_add_button = gr.Button("加入当前草稿", elem_id="lib-add")
                ui.lib_msg = gr.Markdown(elem_id="lib-message")

            with gr.Tab("草稿", id="drafts") as ui.drafts_tab:
                ui.refresh_button = gr.Button("刷新", elem_id="drafts-refresh")
                ui.drafts = gr.Dataframe(headers=list(DRAFT_COLUMNS), interactive=False,
                                         label="已保存的草稿（点一行打开）", elem_id="drafts-table")
                ui.draft_ids = gr.State([])
                ui.history = gr.Dataframe(headers=list(HISTORY_COLUMNS), interactive=False, wrap=True,
                                          label="修改记录（谁在何时改了什么）", elem_id="drafts-history")
    return demo


def _wire(ctx: AppContext, demo: gr.Blocks) -> None:
    ui = ctx.ui
    view = ui.draft_view()
    rows_view = ui.rows_view()
    draft_ref = [ui.draft_id, ui.version, ui.user]  # the open draft, the version on screen, who acts

    def on(event: Callable[..., Any], callback: Callable[..., Any], inputs: Any, outputs: Any, **options: Any) -> Any:
        return event(bind(ctx, callback), inputs, outputs, **options)

    # Loading and remembering run behind the page: no progress or queue line (gradio writes "queue: 1/3"
    # in English over the widgets they fill).
    quiet = {"show_progress": "hidden"}
    on(ui.user.change, remember_user, ui.user, ui.user_saved, **quiet)
    on(demo.load, restore, [ui.user_saved, ui.draft_id], [ui.user, *view], **quiet)
    # While a draft is being made the table cannot be edited: an edit there would land on rows about
    # to be replaced (the server refuses such an edit too: see Workflow.save_table's headers).
    request_fields = [ui.name, ui.content, ui.budget, ui.year, ui.unit, *ui.header]
    for button, callback, inputs, outputs in ((ui.draft_button, draft_new, [ui.user, *request_fields], view),
                                              (ui.suggest_button, add_suggested, draft_ref, rows_view)):
        (button.click(lock_table, None, ui.table, queue=False)
         .then(bind(ctx, callback), inputs, outputs, show_progress="full")
         .then(unlock_table, None, ui.table, queue=False))
    on(ui.save_request_button.click, save_request, [*draft_ref, *request_fields, ui.rename], view)
    on(ui.save_as_new_button.click, save_as_new, [*draft_ref, *request_fields, ui.table], view)
    on(ui.new_button.click, new_blank, None, view)
    on(ui.save_header_button.click, save_header, [*draft_ref, *request_fields, ui.goal], view)
    batch_ui.wire(ctx, ui.batch, on=on, show=show, failure_notice=failure_notice, user_of=_user)
    # always_last: a burst of edits saves once the previous save returned, based on its version.
    on(ui.table.input, edit_table, [*draft_ref, ui.table], rows_view, trigger_mode="always_last")
    on(ui.table.select, select_cell, [ui.draft_id, ui.version], [ui.row_no, ui.cited, ui.cited_table])
    for button, callback in ((ui.keep_button, keep_row), (ui.delete_button, delete_row),
                             (ui.redraft_button, redraft_row)):
        on(button.click, callback, [*draft_ref, ui.row_no], rows_view)
    on(ui.approve_button.click, approve, [*draft_ref, ui.override, ui.errors_feed], rows_view)
    on(ui.export_button.click, export, [ui.draft_id, ui.export_format, ui.user],
       [ui.export_file, ui.approve_msg, ui.status])

    on(ui.check_button.click, run_check, ui.check_upload, [ui.check_out, ui.check_project, ui.checked_form])
    on(ui.check_to_draft_button.click, check_to_draft, [ui.checked_form, ui.check_project, ui.user],
       [ui.tabs, *view])

    for event in (ui.ask_button.click, ui.question.submit):
        on(event, ask, [ui.question, ui.chat, ui.session], [ui.chat, ui.session, ui.question])
    on(ui.new_chat_button.click, new_chat, None, [ui.chat, ui.session])

    library_out = [ui.lib_count, ui.lib_counts, ui.lib_table, ui.lib_ids]
    on(ui.lib_button.click, search_library, ui.lib_filters, library_out)
    on(ui.lib_filters[2].submit, search_library, ui.lib_filters, library_out)
    on(ui.lib_table.select, pick_library_row, [ui.lib_picked, ui.lib_ids], ui.lib_picked)
    on(ui.lib_add_button.click, add_from_library, [*draft_ref, ui.lib_picked], [*rows_view, ui.lib_msg])
    on(demo.load, search_library, ui.lib_filters, library_out, **quiet)

    drafts_out = [ui.drafts, ui.draft_ids, ui.history]
    on(ui.refresh_button.click, list_drafts, None, drafts_out)
    on(demo.load, list_drafts, None, drafts_out, **quiet)
    on(ui.drafts_tab.select, list_drafts, None, drafts_out)
    on(ui.drafts.select, open_listed_draft, ui.draft_ids, [ui.tabs, *view, ui.history])


def build_app(ctx: AppContext) -> gr.Blocks:
    demo = _layout(ctx)
    with demo:
        _wire(ctx, demo)
    return demo


def quiet_logging() -> None:
    """The app's own messages only: no line per HTTP request (httpx, uvicorn) and no progress
    chatter of the libraries under the index."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for name in ("httpx", "httpcore", "uvicorn.access", "bm25s", "chromadb", "urllib3"):
        logging.getLogger(name).setLevel(logging.WARNING)


def main() -> None:
    import sys

    from assistant.review import guard

    quiet_logging()
    try:
        settings = get_settings()
        guard.check_bind(settings)
        guard.check_port_free(settings.app_host, settings.app_port)
        ctx = AppContext.open(settings)
    except UserError as exc:
        print(f"无法启动：{exc}", file=sys.stderr)
        raise SystemExit(2) from None
    demo = build_app(ctx)
    auth = None
    if settings.app_auth:
        user, _, password = settings.app_auth.partition(":")
        auth = guard.ThrottledLogin(user, password)
    print(f"绩效目标助手：http://{settings.app_host}:{settings.app_port}", flush=True)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=settings.app_host, server_port=settings.app_port, auth=auth, show_error=True,
        allowed_paths=[str(ctx.flow.downloads_dir.resolve())], ssr_mode=False, quiet=True,
        max_file_size=guard.max_upload_bytes(settings),
        # no "Use via API" link: the API description is not advertised
        footer_links=[], run_history=False, css=APP_CSS, app_kwargs={"middleware": [Middleware(ChineseLocale)]})


if __name__ == "__main__":
    main()
