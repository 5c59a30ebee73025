"""Faulty servers (issue 15): an HTML page with status 200, `"choices": []`, a body of the wrong
shape and a server that drips one byte a second each end in an LLMError with a Chinese message,
within the call's deadline, and land in the call log; retries are announced in Chinese."""

import logging
import time

import pytest

from assistant.errors import LLMError
from assistant.llm.call_log import CallLog
from tests.llm_server import FAULT_KINDS, FAULTS, Reply

ASK = [{"role": "user", "content": "为“卫生局工作业务经费”写一条数量指标。"}]


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("structured", ["json_mode", "function_calling", "prompt"])
def test_each_fault_becomes_an_llm_error_with_a_chinese_message(llm_server, llm_model, fault, structured):
    llm_server.script(FAULTS[fault])

    started = time.perf_counter()
    with pytest.raises(LLMError) as caught:
        llm_model(structured=structured, deadline=1.5).complete(ASK, purpose="draft", json_schema_name="table",
                                                                schema={"type": "object"})

    assert caught.value.kind == FAULT_KINDS[fault]
    assert llm_server.url in str(caught.value) and "JXMB_LLM_" in str(caught.value)
    # Neither retried nor waited out: the drip body is 20 s long, the deadline 1.5 s (the bound
    # leaves room for a loaded machine; it fails only when the body is read to its end).
    assert len(llm_server.requests) == 1
    assert time.perf_counter() - started < 12.0


def test_an_html_page_is_named_as_such(llm_server, llm_model):
    llm_server.script(FAULTS["html_page"])

    with pytest.raises(LLMError) as caught:
        llm_model().complete(ASK, purpose="draft")

    assert "网页（HTML）" in str(caught.value) and "/v1" in str(caught.value)


def test_the_deadline_covers_retries_and_their_waits(llm_server, llm_model):
    llm_server.script(Reply(status=503, retry_after="1"), Reply(status=503, retry_after="1"),
                      Reply(status=503, retry_after="1"), Reply(content="不应取到"))

    with pytest.raises(LLMError) as caught:
        llm_model(retries=3, deadline=1.5).complete(ASK, purpose="draft")

    assert caught.value.kind == "timeout" and "1.5 秒" in str(caught.value)
    assert "JXMB_LLM_DEADLINE" in str(caught.value)
    assert len(llm_server.requests) == 2  # without the deadline, all four replies would be fetched


def test_retries_are_announced_in_chinese(llm_server, llm_model, caplog):
    llm_server.script(Reply(status=500), Reply(content="好"))

    with caplog.at_level(logging.WARNING, logger="assistant.llm.retry"):
        completion = llm_model().complete(ASK, purpose="draft")

    assert completion.text == "好" and completion.retries == 1
    assert [r.getMessage() for r in caplog.records] == [
        "大模型服务 127.0.0.1 上次请求返回 HTTP 500，正在第 1 次重试（最多 2 次）"]


def test_every_call_is_logged_with_its_outcome_and_the_model_the_server_reports(llm_server, llm_model, tmp_path):
    call_log = CallLog(tmp_path / "assistant.sqlite3")
    model = llm_model(model="qwen-configured", call_log=call_log, deadline=1.5)
    llm_server.script(Reply(content="好", usage={"prompt_tokens": 12, "completion_tokens": 1, "total_tokens": 13}),
                      FAULTS["no_choices"], FAULTS["drip"])

    model.complete(ASK, purpose="ask_answer")
    for _ in range(2):
        with pytest.raises(LLMError):
            model.complete(ASK, purpose="check", draft_id="d-1")

    calls = call_log.recent()
    assert [(c.purpose, c.draft_id, c.model, c.outcome) for c in calls] == [
        ("ask_answer", None, "scripted-model", "ok"), ("check", "d-1", "qwen-configured", "bad_reply"),
        ("check", "d-1", "qwen-configured", "timeout")]
    assert calls[0].messages == ASK and calls[0].reply == "好" and calls[0].usage.total_tokens == 13
    assert "不是 OpenAI 兼容的格式" in calls[1].error
    assert call_log.recent(limit=1, draft_id="d-1")[0].outcome == "timeout"


def test_a_broken_log_database_never_fails_the_call(llm_server, llm_model, tmp_path):
    folder = tmp_path / "not-a-database"
    folder.mkdir()
    llm_server.script(Reply(content="好"))

    assert llm_model(call_log=CallLog(folder)).complete(ASK, purpose="draft").text == "好"
