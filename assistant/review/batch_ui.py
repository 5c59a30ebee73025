"""The 批量起草 tab of the web app: a project list uploaded or typed in → every project drafted with
a progress bar → the summary (a row opens that project's draft for review) → one workbook.

A gradio adapter only: each callback is one call of `assistant.review.batch` (or the list reader of
`assistant.draft.batch`). `layout` places the widgets inside the tab; `wire` connects them with the
app's own `on` (which binds the app context), `show` (the 起草 tab's widgets of a draft) and
`failure_notice` (the one failure adapter), so a failure reads like everywhere else in the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.draft.batch import LIST_COLUMNS, SUMMARY_COLUMNS, read_project_list, requests_from_rows
from assistant.errors import UserError
from assistant.review import batch

TYPED_SOURCE = "页面上填写的清单"


@dataclass
class BatchUi:
    upload: Any = None
    typed: Any = None
    year: Any = None
    run_button: Any = None
    status: Any = None
    summary: Any = None
    ids: Any = None
    export_button: Any = None
    file: Any = None


def layout() -> BatchUi:
    """The tab's widgets (call inside `with gr.Tab(...)`)."""
    ui = BatchUi()
    gr.Markdown("上传项目清单（xlsx 或 csv，列：项目名称、主要内容、金额（万元），可选 主管部门、实施单位、年度），"
                "或在下表中逐行填写；每个项目都会起草完整的绩效目标表，本单位上年有同一项目的以上年表为底稿。")
    with gr.Row():
        ui.upload = gr.File(label="上传项目清单（xlsx / csv）", file_types=[".xlsx", ".csv"], elem_id="batch-upload")
        ui.year = gr.Number(label="年度（清单中未填时使用）", precision=0, value=date.today().year, elem_id="batch-year")
    ui.typed = gr.Dataframe(headers=list(LIST_COLUMNS), value=[[""] * len(LIST_COLUMNS)], interactive=True,
                            wrap=True, label="或直接填写项目清单（未上传文件时使用；每行一个项目）",
                            elem_id="batch-list", column_count=len(LIST_COLUMNS))
    ui.run_button = gr.Button("开始批量起草", variant="primary", elem_id="batch-run")
    ui.status = gr.Markdown(elem_id="batch-status")
    ui.summary = gr.Dataframe(headers=[*SUMMARY_COLUMNS, "草稿编号"], interactive=False, wrap=True,
                              label="汇总（点一行打开该项目的草稿，在“起草”页审核）", elem_id="batch-summary")
    ui.ids = gr.State([])
    with gr.Row():
        ui.export_button = gr.Button("导出整本工作簿（目录 + 每个项目一张表）", elem_id="batch-export")
        ui.file = gr.File(label="下载", interactive=False, elem_id="batch-file")
    return ui


def _typed_rows(table: Any) -> list[list[Any]]:
    if table is None:
        return []
    if hasattr(table, "values"):  # a pandas DataFrame: its header is the columns
        return [list(table.columns), *table.values.tolist()]
    return [list(LIST_COLUMNS), *[list(r) for r in table]]


def wire(ctx: Any, ui: BatchUi, *, on: Callable[..., None], show: Callable[..., dict[Any, Any]],
         failure_notice: Callable[[Exception, str], str], user_of: Callable[[Any, Any], str]) -> None:
    """Connect the tab's events; `ctx.ui` holds the app's widgets (its tabs, the user, the 起草 view)."""
    app_ui = ctx.ui

    def run(ctx: Any, upload, typed, year, user_name, request: gr.Request,
            progress=gr.Progress()):  # noqa: B008  (gradio's idiom)
        try:
            default_year = int(year) if year else None
            if upload:
                requests = read_project_list(Path(upload), year=default_year)
            else:
                requests = requests_from_rows(_typed_rows(typed), source=TYPED_SOURCE, year=default_year)

            def report(done: int, total: int, name: str) -> None:
                progress(done / total, desc=f"正在起草 {name}（{done + 1}/{total}）" if name else "全部起草完成")

            states = batch.draft_batch(ctx.flow, requests, user_of(user_name, request), progress=report)
        except Exception as exc:
            return {ui.status: failure_notice(exc, "无法批量起草")}
        based = sum(1 for s in states if s.draft.base)
        message = (f"已起草 {len(states)} 个项目（其中 {based} 个以上年同项目为底稿），每个都已保存为草稿；"
                   "点汇总表中的一行打开审核，审核后可导出整本工作簿。")
        return {ui.status: message, ui.summary: batch.summary_table(states)[1:], ui.ids: [s.id for s in states]}

    def open_row(ctx: Any, ids, evt: gr.SelectData):
        try:
            row = evt.index[0]
            if not ids or not 0 <= row < len(ids):
                raise UserError("没有找到这一行对应的草稿", hint="请重新批量起草或到“草稿”页打开")
            state = ctx.flow.load(ids[row])
        except Exception as exc:
            return {ui.status: failure_notice(exc, "无法打开草稿")}
        return {app_ui.tabs: gr.Tabs(selected="draft")} | show(ctx, state, f"已打开批量起草的第 {row + 1} 个项目")

    def export(ctx: Any, ids):
        try:
            path = batch.batch_download(ctx.flow, ids)
        except Exception as exc:
            return {ui.status: failure_notice(exc, "导出失败")}
        return {ui.file: str(path), ui.status: f"已导出 {path.name}（目录 + {len(ids)} 张项目表 + 指标清单）"}

    view = app_ui.draft_view()
    on(ui.run_button.click, run, [ui.upload, ui.typed, ui.year, app_ui.user], [ui.status, ui.summary, ui.ids],
       show_progress="full")
    on(ui.summary.select, open_row, ui.ids, [ui.status, app_ui.tabs, *view])
    on(ui.export_button.click, export, ui.ids, [ui.file, ui.status])
