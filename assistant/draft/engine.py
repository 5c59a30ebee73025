"""Choosing the drafting engine: the LLM when one is configured, else the offline engine.

    draft = make_draft(request, index, settings)                    # auto
    draft = make_draft(request, index, settings, engine="offline")

`auto` drafts with the LLM when `settings.llm_base_url` is set. When the LLM engine is not
installed, or its draft comes back with `error` set, `auto` falls back to the offline
engine and keeps the Chinese reason in `draft.notes` (the user still gets a table). An
explicit `engine="llm"` does not fall back: a missing LLM engine is a `UserError`, and an
LLM failure is returned as the LLM draft with its `error` (the request is always kept).
"""

from __future__ import annotations

import importlib
from typing import Any, Literal

from ..errors import UserError
from ..index import Index
from ..settings import Settings
from .models import Draft, DraftRequest
from .offline import draft_offline

EngineChoice = Literal["auto", "offline", "llm"]
_LLM_MODULE = "assistant.draft.llm_engine"
NO_LLM_ENGINE = "大模型起草引擎尚未安装"


def _llm_engine() -> Any | None:
    """`draft_with_llm`, or None when the LLM engine module is not installed."""
    try:
        module = importlib.import_module(_LLM_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != _LLM_MODULE:
            raise  # the module exists but one of its own imports is missing: a real bug
        return None
    return module.draft_with_llm


def make_draft(request: DraftRequest, index: Index, settings: Settings, *, engine: EngineChoice = "auto",
               model: Any = None, store: Any = None) -> Draft:
    """A checked, cited draft of the request's indicator table by the chosen engine (see the module doc)."""
    if engine not in ("auto", "offline", "llm"):
        raise UserError(f"不支持的起草方式“{engine}”", hint="可选 auto、offline、llm")
    chosen = engine if engine != "auto" else ("llm" if settings.llm_base_url else "offline")
    if chosen == "offline":
        return draft_offline(request, index)
    draft_with_llm = _llm_engine()
    if draft_with_llm is None:
        if engine == "llm":
            raise UserError(NO_LLM_ENGINE, hint="请改用 --engine offline（离线引擎），或安装大模型起草模块后再试")
        draft = draft_offline(request, index)
        draft.notes.insert(0, f"{NO_LLM_ENGINE}，已改用离线引擎起草")
        return draft
    draft = draft_with_llm(request, index, settings, model=model, store=store)
    if draft.error and engine == "auto":
        fallback = draft_offline(request, index)
        fallback.notes.insert(0, f"大模型起草失败（{draft.error}），已改用离线引擎起草")
        if not fallback.rows:
            fallback.error = draft.error
        return fallback
    return draft
