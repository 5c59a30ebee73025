"""The whole form drafted: header, 年度绩效目标 and the indicator table, from last year's form when
the corpus holds it, else by the drafting engine.

    draft = draft_form(request, index, settings, forms=corpus_forms)

1. Last year's form first (`previous.find_previous`): the same unit's project from an earlier
   year, brought forward (`previous.draft_from_previous`). Required 二级 it lacks (RULES.md C1–C3)
   are added from the corpus and the library (`suggest`) when an index is given.
2. Otherwise the engine drafts the table (`engine.make_draft`: the LLM when configured, else offline).
3. The header: 实施单位 defaults to the unit, 实施期 to the year; what the user gave is kept.
4. The 年度绩效目标 text from the rows (`goal.draft_goal`: the LLM when it drafts, else the template).
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.corpus.schema import Form
from assistant.draft.engine import EngineChoice, make_draft
from assistant.draft.goal import draft_goal
from assistant.draft.models import Draft, DraftRequest
from assistant.draft.previous import draft_from_previous, find_previous
from assistant.index.retriever import Retriever
from assistant.llm.seam import ChatModel
from assistant.settings import Settings
from assistant.validate.rules import check_project


def default_header(request: DraftRequest) -> DraftRequest:
    """The header fields a form always has, where the user left them empty."""
    update: dict[str, object] = {}
    if not request.implementer and request.unit:
        update["implementer"] = request.unit
    if not request.period and request.year:
        update["period"] = f"{request.year}年1月1日-{request.year}年12月31日"
    if request.fiscal is None and request.other is None and request.budget is not None:
        update["fiscal"] = request.budget  # a project list names one amount: the budget asked of the treasury
    return request.model_copy(update=update) if update else request


def draft_form(request: DraftRequest, index: Retriever | None, settings: Settings, *, forms: Iterable[Form] = (),
               engine: EngineChoice = "auto", model: ChatModel | None = None, draft_id: str | None = None) -> Draft:
    """The whole form for the request (see the module doc)."""
    base = find_previous(request, forms)
    if base is not None:
        draft = draft_from_previous(request, base)
        if index is not None:
            from assistant.draft.suggest import suggest

            added = [row for s in suggest(draft.to_project(), index) for row in s.rows]
            if added:
                draft.rows += added
                draft.notes.append(f"上年表缺少的必填二级指标已从相似项目补充 {len(added)} 行")
    else:
        if index is None:
            from assistant.errors import UserError

            raise UserError("检索索引未加载，且语料库中没有本单位上年的同一项目", hint="请先运行 assistant index build")
        draft = make_draft(request, index, settings, engine=engine, model=model, draft_id=draft_id)
    draft.request = default_header(draft.request)
    writer = None
    if draft.engine == "llm" or (base is not None and engine != "offline" and settings.llm_configured):
        writer = model
        if writer is None and settings.llm_configured:
            from assistant.errors import LLMError
            from assistant.llm.client import OpenAIChatModel

            try:
                writer = OpenAIChatModel.from_settings(settings)
            except LLMError:
                writer = None
    draft.goal, note = draft_goal(draft, model=writer, draft_id=draft_id)
    if note:
        draft.notes.append(note)
    draft.findings = check_project(draft.to_project())
    return draft
