import pytest

from assistant.draft import DraftRequest
from assistant.draft.engine import make_draft
from assistant.errors import UserError
from tests.conftest import index_settings

REQUEST = DraftRequest(name="全科医生规范化培训", content="组织全科医生参加规范化培训", budget=120)
# Port 9 (discard) has no listener on 127.0.0.1: the endpoint is refused at once.
UNREACHABLE = "http://127.0.0.1:9/v1"


def test_auto_without_an_llm_drafts_offline(hybrid_index, tmp_path):
    draft = make_draft(REQUEST, hybrid_index, index_settings(tmp_path))
    assert draft.engine == "offline" and draft.rows and draft.request == REQUEST
    assert draft.error is None and not any("大模型" in note for note in draft.notes)


def test_explicit_llm_with_an_unreachable_endpoint_keeps_the_request_and_says_why(index, tmp_path):
    settings = index_settings(tmp_path, llm_base_url=UNREACHABLE, llm_retries=0, llm_timeout=5)
    draft = make_draft(REQUEST, index, settings, engine="llm")
    assert draft.engine == "llm" and not draft.rows
    assert draft.request == REQUEST
    assert draft.error and "127.0.0.1:9" in draft.error


def test_an_unknown_engine_is_a_user_error(index, tmp_path):
    with pytest.raises(UserError) as caught:
        make_draft(REQUEST, index, index_settings(tmp_path), engine="gpt")
    assert "gpt" in str(caught.value)
