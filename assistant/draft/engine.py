"""Choosing the drafting engine: the LLM when one is configured, else the offline engine.

    draft = make_draft(request, index, settings)                    # auto
    draft = make_draft(request, index, settings, engine="offline")

`auto` drafts with the LLM when `settings.llm_base_url` is set. When the LLM draft comes back
with `error` set (endpoint unreachable, wrong key, timeout…), `auto` falls back to the offline
engine and keeps the Chinese reason in `draft.notes` (the user still gets a table). An
explicit `engine="llm"` does not fall back: the failure is returned as the LLM draft with its
`error`, and the request is always kept.
"""

from __future__ import annotations

from typing import Literal

from assistant.draft.llm_engine import draft_with_llm
from assistant.draft.models import Draft, DraftRequest
from assistant.draft.offline import draft_offline
from assistant.errors import UserError
from assistant.index.retriever import Retriever
from assistant.llm.seam import ChatModel
from assistant.settings import Settings

EngineChoice = Literal["auto", "offline", "llm"]


def make_draft(request: DraftRequest, index: Retriever, settings: Settings, *, engine: EngineChoice = "auto",
               model: ChatModel | None = None, draft_id: str | None = None) -> Draft:
    """A checked, cited draft of the request's indicator table by the chosen engine (see the module doc)."""
    if engine not in ("auto", "offline", "llm"):
        raise UserError(f"不支持的起草方式“{engine}”", hint="可选 auto、offline、llm")
    chosen = engine if engine != "auto" else ("llm" if settings.llm_base_url else "offline")
    if chosen == "offline":
        return draft_offline(request, index)
    draft = draft_with_llm(request, index, settings, model=model, draft_id=draft_id)
    if draft.error and engine == "auto":
        fallback = draft_offline(request, index)
        fallback.notes.insert(0, f"大模型起草失败（{draft.error}），已改用离线引擎起草")
        if not fallback.rows:
            fallback.error = draft.error
        return fallback
    return draft
