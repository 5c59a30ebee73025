"""A year's batch in the review workflow: every project of a list drafted and stored as its own draft
(each opened for review like any other), the summary, and one workbook of the latest versions.

    states = draft_batch(flow, requests, user="张三", progress=report)
    rows = summary_table(states)                  # header first
    path = batch_download(flow, [s.id for s in states])
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from assistant.corpus.files import atomic_write
from assistant.draft.batch import Progress, batch_workbook, summary_rows
from assistant.draft.batch import draft_batch as draft_each
from assistant.draft.models import DraftRequest
from assistant.errors import UserError
from assistant.review.workflow import DraftState, Workflow, approved_form_id

__all__ = ["draft_batch", "summary_table", "batch_download"]


def draft_batch(flow: Workflow, requests: Sequence[DraftRequest], user: str, *,
                progress: Progress | None = None) -> list[DraftState]:
    """Each request drafted (last year's form first) and stored as a draft of its own."""
    if not requests:
        raise UserError("项目清单是空的", hint="请上传清单或在表中每行填写一个项目")
    return draft_each(requests, lambda request: flow.draft(request, user), progress=progress)


def summary_table(states: Sequence[DraftState]) -> list[list[Any]]:
    """The summary rows (header first) of the drafts as they now stand, with each draft's id."""
    rows = summary_rows([state.draft for state in states])
    return [[*rows[0], "草稿编号"]] + [[*row, state.id] for row, state in zip(rows[1:], states, strict=True)]


def batch_download(flow: Workflow, draft_ids: Sequence[str]) -> Any:
    """The latest version of every draft of the batch as one workbook under data_dir/downloads/."""
    if not draft_ids:
        raise UserError("还没有批量起草的项目", hint="请先上传或填写项目清单并点“开始批量起草”")
    states = [flow.load(draft_id) for draft_id in draft_ids]
    data = batch_workbook([s.draft for s in states], [approved_form_id(s.id) for s in states])
    path = flow.downloads_dir / "batch" / f"批量起草_{datetime.now():%Y%m%d_%H%M%S}_{len(states)}项.xlsx"
    atomic_write(path, data)
    return path
