import importlib.util

import pytest

from assistant.draft import DraftRequest
from assistant.draft.engine import NO_LLM_ENGINE, make_draft
from assistant.errors import UserError

from ..conftest import index_settings

REQUEST = DraftRequest(name="全科医生规范化培训", content="组织全科医生参加规范化培训", budget=120)
llm_engine_missing = pytest.mark.skipif(importlib.util.find_spec("assistant.draft.llm_engine") is not None,
                                        reason="the LLM engine is installed on this branch")


def test_auto_without_an_llm_drafts_offline(index, tmp_path):
    draft = make_draft(REQUEST, index, index_settings(tmp_path))
    assert draft.engine == "offline" and draft.rows and draft.request == REQUEST
    assert not any(NO_LLM_ENGINE in n for n in draft.notes)


@llm_engine_missing
def test_auto_with_an_llm_but_no_llm_engine_falls_back_with_a_note(index, tmp_path):
    settings = index_settings(tmp_path, llm_base_url="http://127.0.0.1:9/v1")
    draft = make_draft(REQUEST, index, settings)
    assert draft.engine == "offline" and draft.rows and draft.error is None
    assert NO_LLM_ENGINE in draft.notes[0]


@llm_engine_missing
def test_explicit_llm_without_llm_engine_is_a_user_error(index, tmp_path):
    with pytest.raises(UserError) as caught:
        make_draft(REQUEST, index, index_settings(tmp_path), engine="llm")
    assert NO_LLM_ENGINE in str(caught.value) and "offline" in str(caught.value)
