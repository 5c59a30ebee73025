"""The review workflow: every operation of the web app, so the gradio callbacks only translate
widget values into these calls and results back into widgets.

    flow = Workflow(settings, store=Store(settings.database), corpus=Corpus.of(settings), index=index)
    state = flow.draft(request, user="张三")                   # drafted, checked, stored as version 1
    state = flow.save_table(state.id, table, based_on=state.version, user="张三")
    state, suggestions = flow.add_suggested(state.id, state.version, user="张三")
    approval = flow.approve(state.id, state.version, user="张三", override_reason=None)
    path = flow.download(state.id, "xlsx", user="张三")

A stored version holds the whole `Draft` (request, rows with their sources, engine, notes)
and its findings as JSON. The workflow owns the findings: it runs the validator once per new
version, before storing it, and a load reads them back as stored. Concurrency is the store's
version check: a save based on an older version raises `ConflictError` and writes nothing.
Each operation runs in one store session (one SQLite connection).

Approving learns: the store claims the version first, then the draft becomes a corpus form
(`approved_<draft id>`) written to the user's forms folder under the data folder and to
data_dir/exports, joins the index through `Index.add_forms` (no full rebuild), the store records
the approval, and the workflow reloads its view of the corpus, so the next drafts, library picks
and answers can cite it. `recover()` finishes an approval a killed process left claimed.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar

from assistant.corpus.files import atomic_write, form_to_json
from assistant.corpus.folder import Corpus, IndicatorRecord, indicator_records
from assistant.corpus.schema import Form, Indicator, Project
from assistant.corpus.tables import form_to_csv
from assistant.corpus.xlsx import form_to_xlsx
from assistant.draft import Draft, DraftRequest, DraftRow, DraftSource
from assistant.draft.offline import task_gate
from assistant.errors import UserError
from assistant.review.library_view import find_indicator, record_to_row
from assistant.review.store import ConflictError, DraftInfo, StaleTableError, Store
from assistant.settings import Settings
from assistant.validate.findings import Finding, has_errors
from assistant.validate.rules import check_form

if TYPE_CHECKING:
    from assistant.draft.suggest import Suggestion
    from assistant.index.hybrid import Index
    from assistant.llm.seam import ChatModel

P = ParamSpec("P")
R = TypeVar("R")

ExportFormat = Literal["xlsx", "csv", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("xlsx", "csv", "json")
RowDecision = Literal["keep", "delete"]

TABLE_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据", "来源")
_EDITABLE = ("level1", "level2", "name", "value", "basis")

__all__ = ["ConflictError", "StaleTableError", "DraftState", "Approval", "CitedRow", "Workflow", "TABLE_COLUMNS", "EXPORT_FORMATS",
           "with_findings", "rows_to_table", "rows_from_table", "draft_from_project",
           "approved_form_id", "table_headers", "describe_changes", "needs_review_count", "REVIEW_MARK"]


@dataclass(frozen=True)
class DraftState:
    """One stored version of a draft, with its findings and the latest decision per row."""

    info: DraftInfo
    version: int
    draft: Draft
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def findings(self) -> list[Finding]:
        return self.draft.findings


@dataclass(frozen=True)
class Approval:
    info: DraftInfo
    form: Form
    exports: dict[ExportFormat, Path]
    index_summary: str
    rows_indexed: int | None = None  # indicator rows the index added or updated (None: no index)


@dataclass(frozen=True)
class CitedRow:
    """A corpus row a draft row cites, in its own form and project."""

    form: Form
    project: Project
    indicator: Indicator


# ------------------------------------------------------------------ pure helpers


def with_findings(draft: Draft) -> Draft:
    """The draft with the validator's findings for its current rows."""
    return draft.model_copy(update={"findings": check_form(draft.to_form())})


def approved_form_id(draft_id: str) -> str:
    return f"approved_{draft_id}"


def row_key(row: DraftRow) -> str:
    """A row's identity for review decisions: positions shift when rows are deleted."""
    return f"{row.level2}|{row.name}"


REVIEW_MARK = "【需核实】"


def rows_to_table(rows: Sequence[DraftRow]) -> list[list[str]]:
    """The rows as the table shows them; a row to check against this project opens its 来源 cell
    with REVIEW_MARK and why (the 来源 column is read-only, so the mark goes when the row is edited)."""
    return [[row.level1, row.level2, row.name, row.value, row.basis or "",
             (f"{REVIEW_MARK}{row.note}；" if row.needs_review else "") + "；".join(s.label() for s in row.sources)]
            for row in rows]


def table_headers(draft_id: str, version: int) -> list[str]:
    """The table's column titles for one stored version. The last one names the draft and version,
    and the browser sends the titles back with every edit: an edit made on a table that was being
    replaced (a new draft, another version) is recognised and refused instead of saved on the wrong rows."""
    return [*TABLE_COLUMNS[:-1], f"{TABLE_COLUMNS[-1]}（草稿 {draft_id[:6]} 第{version}版）"]


def needs_review_count(rows: Sequence[DraftRow]) -> int:
    return sum(1 for row in rows if row.needs_review)


_FIELD_TEXT = dict(zip(_EDITABLE, TABLE_COLUMNS, strict=False))


def describe_changes(before: Sequence[DraftRow], after: Sequence[DraftRow], limit: int = 3) -> str:
    """What an edit changed, for the history: 第3行“受训人数”指标值 10人→12人；删除“…”；添加“…”."""
    before_keys = [row_key(r) for r in before]
    after_keys = [row_key(r) for r in after]
    parts: list[str] = []
    for position, row in enumerate(after, start=1):
        key = row_key(row)
        if key in before_keys:
            old = before[before_keys.index(key)]
            changed = [f"{_FIELD_TEXT[f]} {getattr(old, f) or '空'}→{getattr(row, f) or '空'}"
                       for f in _EDITABLE if getattr(old, f) != getattr(row, f)]
            if changed:
                parts.append(f"第{position}行“{row.name}”" + "，".join(changed))
        elif len(before) == len(after) and position <= len(before) and before_keys[position - 1] not in after_keys:
            old = before[position - 1]
            changed = [f"{_FIELD_TEXT[f]} {getattr(old, f) or '空'}→{getattr(row, f) or '空'}"
                       for f in _EDITABLE if getattr(old, f) != getattr(row, f)]
            parts.append(f"第{position}行" + "，".join(changed))
        else:
            parts.append(f"添加“{row.name}”")
    if len(before) != len(after):
        parts += [f"删除“{r.name}”" for r, k in zip(before, before_keys, strict=True) if k not in after_keys]
    if not parts:
        return "修改指标表"
    shown = "；".join(parts[:limit])
    return shown + (f" 等 {len(parts)} 处" if len(parts) > limit else "")


def describe_request_changes(before: DraftRequest, after: DraftRequest) -> str:
    """The project information fields an edit changed: 预算金额（万元） 50→60."""
    from assistant.draft.models import REQUEST_FIELDS

    parts = []
    for name, title in REQUEST_FIELDS.items():
        old, new = getattr(before, name, None), getattr(after, name, None)
        if old != new:
            parts.append(f"{title} {_short(old)}→{_short(new)}")
    return "修改项目信息：" + "；".join(parts) if parts else "修改项目信息"


def _short(value: Any) -> str:
    if value in (None, ""):
        return "空"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 20 else text[:20] + "…"


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN from an empty DataFrame cell
        return ""
    return str(value).strip()


def _has_key(key: str, row: DraftRow) -> bool:
    return row_key(row) == key


def _is(target: DraftRow, row: DraftRow) -> bool:
    return row is target


def rows_from_table(table: Sequence[Sequence[Any]], previous: Sequence[DraftRow]) -> list[DraftRow]:
    """Rows as edited in the table (columns of TABLE_COLUMNS; the 来源 column is read-only).

    The table can gain and lose rows, so sources follow the row, not its position: an unchanged
    row is the previous row with the same cells; a changed one inherits the sources of the
    previous row with the same 二级 and 三级 name, or, when the row count did not change, of the
    row it replaced in place, and gains a "user" source; anything else is a new row with only
    that. Rows left entirely empty are dropped.
    """
    edited: list[dict[str, Any]] = []
    for cells in table:
        values = [_cell(c) for c in list(cells)[:len(_EDITABLE)]]
        values += [""] * (len(_EDITABLE) - len(values))
        if any(values):
            fields: dict[str, Any] = dict(zip(_EDITABLE, values, strict=True))
            fields["basis"] = fields["basis"] or None
            edited.append(fields)
    unused = list(range(len(previous)))

    def take(match: Callable[[DraftRow], bool]) -> DraftRow | None:
        for i in unused:
            if match(previous[i]):
                unused.remove(i)
                return previous[i]
        return None

    def same_cells(cells: dict[str, Any]) -> Callable[[DraftRow], bool]:
        return lambda p: all(getattr(p, k) == cells[k] for k in _EDITABLE)

    kept = [take(same_cells(fields)) for fields in edited]
    in_place = len(edited) == len(previous)
    rows: list[DraftRow] = []
    for position, (fields, same) in enumerate(zip(edited, kept, strict=True)):
        if same is not None:
            rows.append(same)
            continue
        key = f"{fields['level2']}|{fields['name']}"
        before = take(functools.partial(_has_key, key))
        if before is None and in_place:
            before = take(functools.partial(_is, previous[position]))
        sources = list(before.sources) if before else []
        if not any(s.why == "user" for s in sources):
            sources.append(DraftSource(why="user", note="人工修改" if before else "人工添加"))
        rows.append(DraftRow(**fields, sources=sources, needs_review=False, note=before.note if before else ""))
    return rows


def draft_from_project(form: Form, project: Project) -> Draft:
    """A checked form's project as a draft to complete: its rows, marked as given by the user."""
    request = DraftRequest(name=project.name, content=project.content or project.annual_goal,
                           budget=project.money.total, year=form.year, unit=form.unit,
                           supervisor=project.supervisor or form.supervisor, implementer=project.implementer,
                           attribute=project.attribute, period=project.period, fiscal=project.money.fiscal,
                           other=project.money.other)
    rows = [DraftRow(level1=ind.level1 or ind.level1_raw, level2=ind.level2 or ind.level2_raw, name=ind.name,
                     value=ind.value.raw, basis=ind.basis,
                     sources=[DraftSource(why="user", note=f"来自上传的表 {ind.source.label() if ind.source else ''}".strip())])
            for ind in project.indicators]
    goal = project.annual_goal if project.annual_goal != project.content else ""
    return Draft(request=request, rows=rows, engine="offline", goal=goal,
                 notes=[f"由“检查”页上传的 {form.source_file or form.id} 转来"])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_")[:40] or "绩效目标表"


# ------------------------------------------------------------------ the workflow


def _one_connection(method: Callable[P, R]) -> Callable[P, R]:
    """Run a workflow operation in one store session: its reads and writes share a connection."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        flow = args[0]
        assert isinstance(flow, Workflow)
        with flow.store.session():
            return method(*args, **kwargs)

    return run


class Workflow:
    """Drafts in SQLite, approvals into the corpus and the index. Thread-safe: each operation
    uses its own database connection, the store serialises writes, and the corpus view is
    swapped whole on reload."""

    def __init__(self, settings: Settings, *, store: Store | None = None, corpus: Corpus | None = None,
                 index: Index | None = None, model: ChatModel | None = None):
        self.settings = settings
        self.store = store or Store(settings.database)
        self.corpus = corpus or Corpus.of(settings)
        self.index = index
        self.model = model  # None: the offline engine drafts, or the engine builds a client from settings
        self._corpus_view: tuple[list[Form], dict[str, IndicatorRecord]] | None = None
        self._lock = threading.Lock()

    @property
    def exports_dir(self) -> Path:
        return self.settings.data_dir / "exports"

    @property
    def downloads_dir(self) -> Path:
        return self.settings.data_dir / "downloads"

    # -------------------------------------------------------------- the corpus as the app sees it

    def reload(self) -> list[Form]:
        """Read the corpus forms again (after an approval added one); returns them."""
        forms = self.corpus.forms()
        view = (forms, {r["id"]: r for r in indicator_records(forms)})
        with self._lock:
            self._corpus_view = view
        return forms

    def _view(self) -> tuple[list[Form], dict[str, IndicatorRecord]]:
        with self._lock:
            view = self._corpus_view
        if view is None:
            self.reload()
            return self._view()
        return view

    @property
    def forms(self) -> list[Form]:
        return self._view()[0]

    @property
    def records(self) -> list[IndicatorRecord]:
        return list(self._view()[1].values())

    # -------------------------------------------------------------- reading drafts

    def _state(self, info: DraftInfo, version: int | None = None) -> DraftState:
        stored = self.store.load(info.id, version)
        return DraftState(info=info, version=stored.version, draft=Draft.model_validate(stored.content),
                          decisions=self.store.decisions(info.id))

    @_one_connection
    def load(self, draft_id: str, version: int | None = None) -> DraftState:
        """A stored version (the latest by default) with the findings stored with it."""
        return self._state(self.store.get(draft_id), version)

    def _stored(self, draft_id: str, version: int) -> Draft:
        return Draft.model_validate(self.store.load(draft_id, version).content)

    # -------------------------------------------------------------- new drafts

    @_one_connection
    def new_draft(self, draft: Draft, user: str, note: str | None = None) -> DraftState:
        """Store a draft as version 1, whatever the engine gave (even an error): the input is kept."""
        draft = with_findings(draft)
        if note is not None:
            pass
        elif draft.error and not draft.rows:
            note = "起草失败（已保存填写的内容）"
        else:
            note = f"起草（{'大模型 ' + (draft.model or '') if draft.engine == 'llm' else '离线引擎'}）"
        info = self.store.create_draft(draft.request.name, draft.model_dump(mode="json"), user, note=note)
        return DraftState(info=info, version=info.version, draft=draft)

    def draft(self, request: DraftRequest, user: str) -> DraftState:
        """Draft the request's indicator table with the configured engine and store it.

        The engines report an LLM failure in `Draft.error` themselves; what escapes them is the
        retrieval of similar projects (the index, the embeddings or chroma service), so that is
        what the stored draft's error names.
        """
        from assistant.draft.form import draft_form

        engine: Literal["llm", "offline"] = "llm" if self.settings.llm_configured else "offline"
        try:
            # Last year's form of the same project first (from the corpus the app sees), else the engine.
            draft = draft_form(request, self.index, self.settings, forms=self.forms, model=self.model)
        except UserError as exc:
            draft = Draft(request=request, engine=engine,
                          model=self.settings.llm_model if engine == "llm" else None,
                          error=f"检索语料库中的相似项目失败：{exc}",
                          notes=["起草前的检索出错，没有调用大模型" if engine == "llm" else "起草前的检索出错"])
        return self.new_draft(draft, user)

    def from_checked(self, form: Form, project_index: int, user: str) -> DraftState:
        """A project of a checked (uploaded) form as a new draft to complete."""
        if not 0 <= project_index < len(form.projects):
            raise UserError(f"表中没有第 {project_index + 1} 个项目", hint="请重新选择项目")
        return self.new_draft(draft_from_project(form, form.projects[project_index]), user)

    # -------------------------------------------------------------- edits

    @_one_connection
    def apply_edit(self, draft_id: str, rows: Sequence[DraftRow], based_on: int, user: str, *,
                   request: DraftRequest | None = None, goal: str | None = None,
                   note: str = "修改指标表") -> DraftState:
        """Save the edited rows (and request, goal) as a new version; ConflictError when `based_on` is stale."""
        update: dict[str, Any] = {"rows": list(rows)}
        if request is not None:
            update["request"] = request
        if goal is not None:
            update["goal"] = goal
        draft = with_findings(self._stored(draft_id, based_on).model_copy(update=update))
        try:
            info = self.store.save_version(draft_id, draft.model_dump(mode="json"), based_on=based_on, user=user,
                                           note=note)
        except ConflictError:
            # The same save arriving twice (a browser table fires its edit event more than once)
            # is not a conflict: the latest version already holds exactly these rows.
            latest = self.load(draft_id)
            if (latest.draft.rows, latest.draft.request, latest.draft.goal) == (draft.rows, draft.request, draft.goal):
                return latest
            raise
        if request is not None and request.name != info.title:
            info = self.store.rename(draft_id, request.name, user)
        return DraftState(info=info, version=info.version, draft=draft, decisions=self.store.decisions(draft_id))

    @_one_connection
    def save_table(self, draft_id: str, table: Sequence[Sequence[Any]], based_on: int,
                   user: str, *, headers: Sequence[str] | None = None) -> DraftState | None:
        """Save the table as edited on screen (columns of TABLE_COLUMNS); None when no row changed
        (the table fires for a cell left as it was), so no version is made for nothing.

        `headers`, the column titles the browser sent with the table, must be `table_headers` of
        this draft and version: otherwise the edit was made on a table that was being replaced
        (another draft, another version) and is refused with StaleTableError, nothing saved."""
        previous = self._stored(draft_id, based_on).rows
        if headers is not None and list(headers)[-1:] != table_headers(draft_id, based_on)[-1:]:
            shown = re.search(r"草稿 (\w+) 第(\d+)版", str(list(headers)[-1]) if headers else "")
            if shown and draft_id.startswith(shown.group(1)) and int(shown.group(2)) < based_on:
                # The browser fires one edit twice: the second copy comes with the table as it was
                # before the first was saved. Already saved, it is not a new edit.
                if rows_from_table(table, self._stored(draft_id, int(shown.group(2))).rows) == previous:
                    return None
            was = f"（草稿 {shown.group(1)}… 第 {shown.group(2)} 版）" if shown else ""
            raise StaleTableError(f"这次修改没有保存：修改时表格正在换成草稿 {draft_id} 第 {based_on} 版，"
                                  f"您改的是换下来的那张表{was}。请在现在显示的表中重新修改。")
        rows = rows_from_table(table, previous)
        if rows == previous:
            return None
        return self.apply_edit(draft_id, rows, based_on, user, note=describe_changes(previous, rows))

    @_one_connection
    def update_request(self, draft_id: str, request: DraftRequest, based_on: int, user: str, *,
                       rename: bool = False) -> DraftState:
        """Save changed project information (content, money, year, unit), rows unchanged.

        A new project name is refused unless `rename` says it only corrects this project's name:
        saving another project's information over an open draft would turn that draft (its rows,
        its approval) into a different project. `save_as_new` and `start` are for other projects."""
        stored = self._stored(draft_id, based_on)
        old, new = stored.request.name, request.name
        if new != old and not rename:
            raise UserError(f"项目名称“{new}”与打开的草稿“{old}”不同：保存会把这份草稿改成另一个项目，所以没有保存",
                            hint="为另一个项目起草请点“新建草稿”；要保留原草稿、把页面上的内容存成一份新草稿请点"
                                 "“另存为新草稿”；只是改正本项目的名称请勾选“改名”后再点“保存项目信息”")
        return self.apply_edit(draft_id, stored.rows, based_on, user, request=request,
                               note=describe_request_changes(stored.request, request))

    def start(self, request: DraftRequest, user: str) -> DraftState:
        """A new draft holding only the project information (no rows yet): 新建草稿, then 保存项目信息."""
        return self.new_draft(Draft(request=request, engine="offline", notes=["新建草稿：尚未起草指标"]), user,
                              note="新建草稿")

    @_one_connection
    def save_as_new(self, draft_id: str, based_on: int, request: DraftRequest, table: Sequence[Sequence[Any]] | None,
                    user: str) -> DraftState:
        """What the page shows — project information and table, as edited — as a new draft; the open
        draft stays as it is (another version or an approval of it is untouched)."""
        stored = self._stored(draft_id, based_on)
        rows = stored.rows if table is None else rows_from_table(table, stored.rows)
        note = f"另存自草稿 {draft_id} 第 {based_on} 版"
        copy = stored.model_copy(update={"request": request, "rows": rows, "notes": [*stored.notes, note]})
        return self.new_draft(copy, user, note=note)

    @_one_connection
    def update_form(self, draft_id: str, request: DraftRequest, goal: str, based_on: int, user: str) -> DraftState:
        """Save the whole form's header (the request's fields) and its 年度绩效目标 text, rows unchanged."""
        rows = self._stored(draft_id, based_on).rows
        return self.apply_edit(draft_id, rows, based_on, user, request=request, goal=goal.strip(),
                               note="修改表头和年度绩效目标")

    @_one_connection
    def add_rows(self, draft_id: str, rows: Sequence[DraftRow], based_on: int, user: str,
                 note: str = "添加指标") -> DraftState:
        current = self._stored(draft_id, based_on)
        return self.apply_edit(draft_id, [*current.rows, *rows], based_on, user, note=note)

    @_one_connection
    def add_suggested(self, draft_id: str, based_on: int, user: str) -> tuple[DraftState, list[Suggestion]]:
        """Add rows for the required 二级 the draft lacks (RULES.md C1–C3), from the corpus and the
        library. With nothing missing, the draft stays as it is and the list is empty."""
        from assistant.draft.suggest import suggest
        from assistant.draft.suggest_llm import phrase_hook

        if self.index is None:
            raise UserError("检索索引未加载，无法建议缺失的指标", hint="请先运行 assistant index build")
        current = self._stored(draft_id, based_on)
        suggestions = suggest(current.to_project(), self.index, year=current.request.year,
                              phrase=phrase_hook(self.settings, self.model, draft_id=draft_id))
        rows = [row for s in suggestions for row in s.rows]
        if not rows:
            return self.load(draft_id, based_on), []
        state = self.add_rows(draft_id, rows, based_on, user, note=f"添加建议的缺失指标 {len(rows)} 行")
        return state, suggestions

    def add_from_library(self, draft_id: str, record_ids: Sequence[str], based_on: int, user: str) -> DraftState:
        """Add the picked corpus rows (ids of `records`), each citing the row it came from."""
        by_id = self._view()[1]
        ids = [i for i in dict.fromkeys(record_ids) if i]
        if not ids:
            raise UserError("还没有选中要加入的指标", hint="请先在指标库的表中点选要加入的行")
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise UserError(f"指标库中没有编号为 {'、'.join(unknown)} 的行", hint="请重新查找并点选")
        rows = [record_to_row(by_id[i]) for i in ids]
        return self.add_rows(draft_id, rows, based_on, user, note=f"从指标库加入 {len(rows)} 行")

    # -------------------------------------------------------------- row decisions

    def _row_at(self, draft_id: str, position: int, based_on: int) -> tuple[Draft, DraftRow]:
        """The draft as of `based_on` and its row at 1-based `position`; refused when someone has
        saved since, before any decision is recorded: it was made on rows that have changed."""
        current = self._stored(draft_id, based_on)
        if not 1 <= position <= len(current.rows):
            raise UserError(f"第 {position} 行不存在", hint=f"当前共有 {len(current.rows)} 行指标")
        latest = self.store.get(draft_id).version
        if latest != based_on:
            raise ConflictError(f"草稿已被他人更新到第 {latest} 版（您看到的是第 {based_on} 版），请刷新后再操作")
        return current, current.rows[position - 1]

    @_one_connection
    def decide(self, draft_id: str, position: int, decision: RowDecision, based_on: int, user: str,
               note: str = "") -> DraftState:
        """Keep or delete the row at 1-based `position`; a deletion saves a new version."""
        current, row = self._row_at(draft_id, position, based_on)
        self.store.decide(draft_id, row_key(row), decision, user, note=note)
        if decision == "delete":
            rows = [r for k, r in enumerate(current.rows, start=1) if k != position]
            return self.apply_edit(draft_id, rows, based_on, user, note=f"删除第 {position} 行“{row.name}”")
        return self.load(draft_id)

    @_one_connection
    def replace_row(self, draft_id: str, position: int, row: DraftRow, based_on: int, user: str) -> DraftState:
        """Put a re-drafted row in place of the row at 1-based `position`."""
        current, old = self._row_at(draft_id, position, based_on)
        rows = list(current.rows)
        rows[position - 1] = row
        self.store.decide(draft_id, row_key(old), "redraft", user, note=f"改为“{row.name} {row.value}”")
        return self.apply_edit(draft_id, rows, based_on, user, note=f"重新起草第 {position} 行")

    @_one_connection
    def redraft(self, draft_id: str, position: int, based_on: int, user: str) -> DraftState:
        """Replace the row at `position` by the best past row of the same 二级 for this project
        that the draft does not have yet and the relevance gate admits (hybrid search over the index)."""
        if self.index is None:
            raise UserError("检索索引未加载，无法重新起草", hint="请先运行 assistant index build")
        current, old = self._row_at(draft_id, position, based_on)
        taken = {r.name for r in current.rows}
        query = f"{current.request.name} {current.request.content} {old.name}"
        hits = self.index.search_indicators(query, k=20, level2=old.level2 or None)
        gate = task_gate(current.request, self.index)  # another sector's row is never offered
        hit = next((h for h in hits if h.name not in taken and h.value_raw and gate.admits(h.name)), None)
        if hit is None:
            raise UserError(f"没有找到可替换第 {position} 行的其他{old.level2 or '指标'}", hint="可直接在表中修改这一行")
        row = DraftRow(level1=hit.level1 or old.level1, level2=hit.level2 or old.level2, name=hit.name,
                       value=hit.value_raw or "", basis=old.basis,
                       sources=[DraftSource(why="retrieved", id=hit.id, form=hit.form, project=hit.project,
                                            name=hit.name, value=hit.value_raw, note="重新起草")],
                       needs_review=True)
        return self.replace_row(draft_id, position, row, based_on, user)

    @_one_connection
    def cited_row(self, draft_id: str, version: int, position: int) -> CitedRow | None:
        """The corpus row that the row at 1-based `position` of a stored version cites, if any."""
        rows = self._stored(draft_id, version).rows
        if not 1 <= position <= len(rows):
            return None
        forms = self.forms
        for source in rows[position - 1].sources:
            found = find_indicator(forms, source.id) if source.id else None
            if found is not None:
                return CitedRow(*found)
        return None

    # -------------------------------------------------------------- approve and export

    def to_form(self, state: DraftState, *, errors_feed_drafts: bool = False) -> Form:
        """The draft as a corpus form. Each row keeps what it was drafted from (its sources) and the
        error-level findings it carries; a row with errors feeds later drafts only when allowed."""
        form = state.draft.to_form(approved_form_id(state.id))
        form.source_file = f"draft:{state.id}#v{state.version}"
        errors: dict[int, list[str]] = {}
        for finding in state.findings:
            if finding.severity == "error" and finding.position:
                errors.setdefault(finding.position, []).append(f"{finding.rule} {finding.message}")
        indicators = [ind for project in form.projects for ind in project.indicators]
        for position, (ind, row) in enumerate(zip(indicators, state.draft.rows, strict=False), start=1):
            ind.draft_sources = [source.model_dump(exclude_defaults=True) for source in row.sources]
            ind.approved_errors = errors.get(position, [])
            ind.feeds_drafts = errors_feed_drafts or not ind.approved_errors
        return form

    @_one_connection
    def approve(self, draft_id: str, version: int, user: str, override_reason: str | None = None, *,
                errors_feed_drafts: bool = False) -> Approval:
        """Validate, claim the version, then export, add to the corpus and the index, record the approval.

        Error-level findings block approval unless `override_reason` says why (it is stored); rows
        with errors then stay out of later drafts unless `errors_feed_drafts`. The store claims the
        version before anything is written, so a refused approval (a newer version, another approval
        under way) writes nothing; a failure while writing undoes the writes, and a claim left by a
        killed process is finished by `recover()`.
        """
        info = self.store.get(draft_id)
        if info.version != version:
            raise ConflictError(f"草稿已更新到第 {info.version} 版（您审核的是第 {version} 版），请对最新版本审核")
        state = self._state(info, version)
        if not state.draft.rows:
            raise UserError("草稿中没有任何指标，不能审核", hint="请先起草或添加指标")
        reason = (override_reason or "").strip() or None
        if has_errors(state.findings) and reason is None:
            errors = [f for f in state.findings if f.severity == "error"]
            raise UserError(f"还有 {len(errors)} 个错误：{errors[0].row_message()}",
                            hint="请修改后再审核，或填写“带错误通过的理由”后审核")
        form = self.to_form(state, errors_feed_drafts=errors_feed_drafts)
        claim = self.store.claim_approval(draft_id, version=version, user=user, override_reason=reason,
                                          corpus_form_id=form.id, errors_feed_drafts=errors_feed_drafts)
        try:
            exports, summary, rows_indexed = self._publish(form)
        except BaseException:
            self._unpublish(form.id)
            self.store.release_claim(claim)
            raise
        info = self.store.finish_approval(claim)
        self.reload()
        return Approval(info=info, form=form, exports=exports, index_summary=summary, rows_indexed=rows_indexed)

    def _publish(self, form: Form) -> tuple[dict[ExportFormat, Path], str, int | None]:
        """Write an approved form's exports, corpus file and index records (each step repeatable).
        Returns the exports, the index's summary and the indicator rows it added or updated."""
        exports = {fmt: self._write_export(form, fmt) for fmt in EXPORT_FORMATS}
        self.corpus.save(form)
        if self.index is None:
            return exports, "", None
        report = self.index.add_forms([form])
        return exports, report.summary(), report.indicators.added + report.indicators.updated

    def _unpublish(self, form_id: str) -> None:
        """Undo `_publish` for a form the store never recorded as approved."""
        for fmt in EXPORT_FORMATS:
            for path in self.exports_dir.glob(f"*_{form_id}.{fmt}"):
                path.unlink(missing_ok=True)
        self.corpus.remove(form_id)
        if self.index is not None:
            self.index.remove_forms([form_id])

    def recover(self) -> list[str]:
        """Finish approvals a killed process claimed and left unfinished, and take out approved forms
        the store does not hold; returns what was done (Chinese lines). Run at app and CLI start."""
        done: list[str] = []
        with self.store.session():
            for claim in self.store.claims():
                if claim.pid != os.getpid() and _alive(claim.pid):
                    continue  # another process is approving it right now
                try:
                    state = self._state(self.store.get(claim.draft_id), claim.version)
                    self._publish(self.to_form(state, errors_feed_drafts=claim.errors_feed_drafts))
                except UserError:
                    self._unpublish(claim.corpus_form_id)
                    self.store.release_claim(claim)
                    done.append(f"草稿 {claim.draft_id} 第 {claim.version} 版的审核未完成，已撤回")
                    continue
                self.store.finish_approval(claim)
                done.append(f"草稿 {claim.draft_id} 第 {claim.version} 版的审核未完成，已补完")
            recorded = {form_id for _, _, form_id in self.store.approved_forms()}
            claimed = {c.corpus_form_id for c in self.store.claims()}
            for path in sorted(self.corpus.user_forms_dir.glob("approved_*.json")):
                if path.stem not in recorded and path.stem not in claimed:
                    self._unpublish(path.stem)
                    done.append(f"表 {path.stem} 没有审核记录，已从语料库移出")
        if done:
            self.reload()
        return done

    def _write_export(self, form: Form, fmt: ExportFormat) -> Path:
        data, filename = export_bytes(form, fmt)
        path = self.exports_dir / filename
        atomic_write(path, data)
        return path

    @_one_connection
    def export(self, draft_id: str, fmt: ExportFormat, user: str | None = None) -> tuple[bytes, str]:
        """The latest version as a file to download. Downloading an approved draft marks it 已导出."""
        state = self.load(draft_id)
        data, filename = export_bytes(self.to_form(state), fmt)
        if user and state.info.status == "已审核":
            self.store.set_status(draft_id, "已导出", user, format=fmt)
        return data, filename

    def download(self, draft_id: str, fmt: ExportFormat, user: str | None = None) -> Path:
        """`export` written (atomically) to data_dir/downloads/<draft id>/, for the app to offer."""
        data, filename = self.export(draft_id, fmt, user=user)
        path = self.downloads_dir / draft_id / filename
        atomic_write(path, data)
        return path


def export_bytes(form: Form, fmt: ExportFormat) -> tuple[bytes, str]:
    if fmt not in EXPORT_FORMATS:
        raise UserError(f"不支持的导出格式“{fmt}”", hint="可选 xlsx、csv、json")
    title = form.projects[0].name if form.projects else form.title
    filename = f"{_safe_name(title)}_{form.id}.{fmt}"
    if fmt == "xlsx":
        return form_to_xlsx(form), filename
    text = form_to_csv(form) if fmt == "csv" else form_to_json(form)
    # A BOM so that Excel opens the csv as UTF-8.
    return (("\ufeff" if fmt == "csv" else "") + text).encode("utf-8"), filename
