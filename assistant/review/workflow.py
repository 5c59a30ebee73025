"""The review workflow behind the web app: store a draft, edit it, decide rows, approve and
export it. The gradio callbacks only translate widget values into these calls.

    flow = Workflow(settings, store=Store(settings.database), corpus=Corpus(settings.corpus_dir), index=index)
    state = flow.new_draft(draft, user="张三")                 # version 1, with findings
    state = flow.apply_edit(state.id, rows, based_on=state.version, user="张三")
    approval = flow.approve(state.id, state.version, user="张三", override_reason=None)
    data, filename = flow.export(state.id, "xlsx")

A stored version holds the whole `Draft` (request, rows with their sources, engine,
notes) as JSON; findings are recomputed by the validator on every load and edit, so
they always match the rows. Concurrency is the store's version check: a save based on
an older version raises `ConflictError` and writes nothing.

Approving learns: the draft becomes a corpus form (`approved_<draft id>`), is written to
the corpus forms folder and to data_dir/exports, and joins the index through
`Index.add_forms` (no full rebuild), so the next drafts and answers can cite it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.corpus.files import atomic_write, form_to_json
from assistant.corpus.folder import Corpus
from assistant.corpus.schema import Form, Project
from assistant.corpus.tables import form_to_csv
from assistant.corpus.xlsx import form_to_xlsx
from assistant.draft import Draft, DraftRequest, DraftRow, DraftSource
from assistant.errors import UserError
from assistant.review.store import ConflictError, DraftInfo, Store
from assistant.settings import Settings
from assistant.validate.findings import Finding, has_errors
from assistant.validate.rules import check_form

if TYPE_CHECKING:
    from assistant.index.hybrid import Index

ExportFormat = Literal["xlsx", "csv", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("xlsx", "csv", "json")
RowDecision = Literal["keep", "delete"]

TABLE_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据", "来源")
_EDITABLE = ("level1", "level2", "name", "value", "basis")

__all__ = ["ConflictError", "DraftState", "Approval", "Workflow", "TABLE_COLUMNS", "EXPORT_FORMATS",
           "with_findings", "rows_to_table", "rows_from_table", "draft_from_project",
           "approved_form_id"]


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
    exports: dict[str, Path]
    index_summary: str


# ------------------------------------------------------------------ pure helpers


def with_findings(draft: Draft) -> Draft:
    """The draft with the validator's findings for its current rows."""
    return draft.model_copy(update={"findings": check_form(draft.to_form())})


def approved_form_id(draft_id: str) -> str:
    return f"approved_{draft_id}"


def row_key(row: DraftRow) -> str:
    """A row's identity for review decisions: positions shift when rows are deleted."""
    return f"{row.level2}|{row.name}"


def rows_to_table(rows: Sequence[DraftRow]) -> list[list[str]]:
    return [[row.level1, row.level2, row.name, row.value, row.basis or "",
             "；".join(s.label() for s in row.sources)] for row in rows]


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN from an empty DataFrame cell
        return ""
    return str(value).strip()


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
            fields = dict(zip(_EDITABLE, values, strict=True))
            fields["basis"] = fields["basis"] or None
            edited.append(fields)
    unused = list(range(len(previous)))

    def take(match: Callable[[DraftRow], bool]) -> DraftRow | None:
        for i in unused:
            if match(previous[i]):
                unused.remove(i)
                return previous[i]
        return None

    kept = [take(lambda p, f=fields: all(getattr(p, k) == f[k] for k in _EDITABLE)) for fields in edited]
    in_place = len(edited) == len(previous)
    rows: list[DraftRow] = []
    for position, (fields, same) in enumerate(zip(edited, kept, strict=True)):
        if same is not None:
            rows.append(same)
            continue
        key = f"{fields['level2']}|{fields['name']}"
        before = take(lambda p, key=key: row_key(p) == key)
        if before is None and in_place:
            before = take(lambda p, position=position: p is previous[position])
        sources = list(before.sources) if before else []
        if not any(s.why == "user" for s in sources):
            sources.append(DraftSource(why="user", note="人工修改" if before else "人工添加"))
        rows.append(DraftRow(**fields, sources=sources, needs_review=False, note=before.note if before else ""))
    return rows


def draft_from_project(form: Form, project: Project) -> Draft:
    """A checked form's project as a draft to complete: its rows, marked as given by the user."""
    request = DraftRequest(name=project.name, content=project.annual_goal or project.content,
                           budget=project.money.total, year=form.year, unit=form.unit)
    rows = [DraftRow(level1=ind.level1 or ind.level1_raw, level2=ind.level2 or ind.level2_raw, name=ind.name,
                     value=ind.value.raw, basis=ind.basis,
                     sources=[DraftSource(why="user", note=f"来自上传的表 {ind.source.label() if ind.source else ''}".strip())])
            for ind in project.indicators]
    return Draft(request=request, rows=rows, engine="offline", notes=[f"由“检查”页上传的 {form.source_file or form.id} 转来"])


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_")[:40] or "绩效目标表"


# ------------------------------------------------------------------ the workflow


class Workflow:
    """Drafts in SQLite, approvals into the corpus and the index. Thread-safe: every call
    opens its own database connection, and the store serialises writes."""

    def __init__(self, settings: Settings, *, store: Store | None = None, corpus: Corpus | None = None,
                 index: Index | None = None):
        self.settings = settings
        self.store = store or Store(settings.database)
        self.corpus = corpus or Corpus(settings.corpus_dir)
        self.index = index

    @property
    def exports_dir(self) -> Path:
        return self.settings.data_dir / "exports"

    def _state(self, info: DraftInfo, version: int | None = None) -> DraftState:
        stored = self.store.load(info.id, version)
        draft = with_findings(Draft.model_validate(stored.content))
        return DraftState(info=info, version=stored.version, draft=draft, decisions=self.store.decisions(info.id))

    def load(self, draft_id: str, version: int | None = None) -> DraftState:
        return self._state(self.store.get(draft_id), version)

    def new_draft(self, draft: Draft, user: str) -> DraftState:
        """Store a draft as version 1, whatever the engine gave (even an error): the input is kept."""
        draft = with_findings(draft)
        note = f"起草（{'大模型 ' + (draft.model or '') if draft.engine == 'llm' else '离线引擎'}）"
        info = self.store.create_draft(draft.request.name, draft.model_dump(mode="json"), user, note=note)
        return self._state(info)

    def apply_edit(self, draft_id: str, rows: Sequence[DraftRow], based_on: int, user: str, *,
                   request: DraftRequest | None = None, note: str = "修改指标表") -> DraftState:
        """Save the edited rows (and request) as a new version; ConflictError when `based_on` is stale."""
        current = self.store.load(draft_id, based_on)
        draft = Draft.model_validate(current.content)
        update: dict[str, Any] = {"rows": list(rows)}
        if request is not None:
            update["request"] = request
        draft = with_findings(draft.model_copy(update=update))
        try:
            info = self.store.save_version(draft_id, draft.model_dump(mode="json"), based_on=based_on, user=user,
                                           note=note)
        except ConflictError:
            # The same save arriving twice (a browser table fires its edit event more than once)
            # is not a conflict: the latest version already holds exactly these rows.
            latest = self.load(draft_id)
            if latest.draft.rows == draft.rows and latest.draft.request == draft.request:
                return latest
            raise
        if request is not None and request.name != info.title:
            info = self.store.rename(draft_id, request.name, user)
        return self._state(info)

    def add_rows(self, draft_id: str, rows: Sequence[DraftRow], based_on: int, user: str,
                 note: str = "添加指标") -> DraftState:
        current = Draft.model_validate(self.store.load(draft_id, based_on).content)
        return self.apply_edit(draft_id, [*current.rows, *rows], based_on, user, note=note)

    def _row_at(self, draft_id: str, position: int, based_on: int) -> tuple[Draft, DraftRow]:
        """The draft as of `based_on` and its row at 1-based `position`; refused when someone has
        saved since, before any decision is recorded: it was made on rows that have changed."""
        current = Draft.model_validate(self.store.load(draft_id, based_on).content)
        if not 1 <= position <= len(current.rows):
            raise UserError(f"第 {position} 行不存在", hint=f"当前共有 {len(current.rows)} 行指标")
        latest = self.store.get(draft_id).version
        if latest != based_on:
            raise ConflictError(f"草稿已被他人更新到第 {latest} 版（您看到的是第 {based_on} 版），请刷新后再操作")
        return current, current.rows[position - 1]

    def decide(self, draft_id: str, position: int, decision: RowDecision, based_on: int, user: str,
               note: str = "") -> DraftState:
        """Keep or delete the row at 1-based `position`; a deletion saves a new version."""
        current, row = self._row_at(draft_id, position, based_on)
        self.store.decide(draft_id, row_key(row), decision, user, note=note)
        if decision == "delete":
            rows = [r for k, r in enumerate(current.rows, start=1) if k != position]
            return self.apply_edit(draft_id, rows, based_on, user, note=f"删除第 {position} 行“{row.name}”")
        return self.load(draft_id)

    def replace_row(self, draft_id: str, position: int, row: DraftRow, based_on: int, user: str) -> DraftState:
        """Put a re-drafted row in place of the row at 1-based `position`."""
        current, old = self._row_at(draft_id, position, based_on)
        rows = list(current.rows)
        rows[position - 1] = row
        self.store.decide(draft_id, row_key(old), "redraft", user, note=f"改为“{row.name} {row.value}”")
        return self.apply_edit(draft_id, rows, based_on, user, note=f"重新起草第 {position} 行")

    def redraft(self, draft_id: str, position: int, based_on: int, user: str) -> DraftState:
        """Replace the row at `position` by the best past row of the same 二级 for this project
        that the draft does not have yet (hybrid search over the index)."""
        if self.index is None:
            raise UserError("检索索引未加载，无法重新起草", hint="请先运行 assistant index build")
        current, old = self._row_at(draft_id, position, based_on)
        taken = {r.name for r in current.rows}
        query = f"{current.request.name} {current.request.content} {old.name}"
        hits = self.index.search_indicators(query, k=20, level2=old.level2 or None)
        hit = next((h for h in hits if h.name not in taken and h.value_raw), None)
        if hit is None:
            raise UserError(f"没有找到可替换第 {position} 行的其他{old.level2 or '指标'}", hint="可直接在表中修改这一行")
        row = DraftRow(level1=hit.level1 or old.level1, level2=hit.level2 or old.level2, name=hit.name,
                       value=hit.value_raw or "", basis=old.basis,
                       sources=[DraftSource(why="retrieved", id=hit.id, form=hit.form, project=hit.project,
                                            name=hit.name, value=hit.value_raw, note="重新起草")],
                       needs_review=True)
        return self.replace_row(draft_id, position, row, based_on, user)

    # -------------------------------------------------------------- approve and export

    def to_form(self, state: DraftState) -> Form:
        form = state.draft.to_form(approved_form_id(state.id))
        form.source_file = f"draft:{state.id}#v{state.version}"
        return form

    def approve(self, draft_id: str, version: int, user: str, override_reason: str | None = None) -> Approval:
        """Validate, export, add to the corpus and the index, and record the approval.

        Error-level findings block approval unless `override_reason` says why (it is stored).
        Every step before the store's record can be repeated: the form id is the draft's.
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
            raise UserError(f"还有 {len(errors)} 个错误：{errors[0].location()} {errors[0].message}",
                            hint="请修改后再审核，或填写“带错误通过的理由”后审核")
        form = self.to_form(state)
        exports = {fmt: self._write_export(form, fmt) for fmt in EXPORT_FORMATS}
        self.corpus.save(form)
        summary = ""
        if self.index is not None:
            summary = self.index.add_forms([form]).summary()
        info = self.store.approve(draft_id, version=version, user=user, override_reason=reason,
                                  corpus_form_id=form.id)
        return Approval(info=info, form=form, exports=exports, index_summary=summary)

    def _write_export(self, form: Form, fmt: ExportFormat) -> Path:
        data, filename = export_bytes(form, fmt)
        path = self.exports_dir / filename
        atomic_write(path, data)
        return path

    def export(self, draft_id: str, fmt: ExportFormat, user: str | None = None) -> tuple[bytes, str]:
        """The latest version as a file to download. Downloading an approved draft marks it 已导出."""
        state = self.load(draft_id)
        data, filename = export_bytes(self.to_form(state), fmt)
        if user and state.info.status == "已审核":
            self.store.set_status(draft_id, "已导出", user, format=fmt)
        return data, filename


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
