"""The model seam against a scripted OpenAI-compatible server on 127.0.0.1: what is sent in each
structured-output mode, what comes back, and how failures turn into Chinese messages."""

import json
import socket
import time

import pytest

from assistant.errors import LLMError
from assistant.llm.call_log import CallLog
from assistant.llm.client import OpenAIChatModel
from assistant.llm.retry import RetryPolicy
from assistant.llm.seam import Usage
from assistant.settings import Settings
from tests.indicator_table import TABLE_SCHEMA
from tests.llm_server import Reply

ASK = [{"role": "system", "content": "你是绩效目标助手。"},
       {"role": "user", "content": "为“卫生局工作业务经费”写一条数量指标。"}]
ROW = '{"indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "卫生服务站数量", "value": "10个"}]}'


def test_a_plain_reply_comes_back_with_the_usage_the_server_reported(llm_server, llm_model):
    llm_server.script(Reply(content="卫生服务站数量：10个",
                            usage={"prompt_tokens": 31, "completion_tokens": 9, "total_tokens": 40}))

    completion = llm_model().complete(ASK, purpose="draft")

    assert completion.text == "卫生服务站数量：10个"
    assert completion.tool_arguments is None
    assert completion.usage == Usage(prompt_tokens=31, completion_tokens=9, total_tokens=40)
    assert completion.model == "scripted-model"
    assert completion.retries == 0
    assert completion.finish_reason == "stop"
    sent = llm_server.requests[0]
    assert sent["model"] == "scripted-model"
    assert sent["messages"] == ASK
    # Free text was asked for, so no structured-output field is sent.
    assert "response_format" not in sent and "tools" not in sent
    assert llm_server.headers[0]["authorization"] == "Bearer test-key"


def test_usage_is_none_when_the_server_reports_none(llm_server, llm_model):
    llm_server.script(Reply(content="好"))

    assert llm_model().complete(ASK, purpose="draft").usage is None


def test_json_mode_asks_for_a_json_object_and_never_for_json_schema(llm_server, llm_model):
    llm_server.script(Reply(content=ROW))

    completion = llm_model(structured="json_mode").complete(ASK, purpose="draft", json_schema_name="table", schema=TABLE_SCHEMA)

    assert json.loads(completion.text)["indicators"][0]["name"] == "卫生服务站数量"
    sent = llm_server.requests[0]
    assert sent["response_format"] == {"type": "json_object"}
    assert "tools" not in sent and "tool_choice" not in sent


def test_a_structured_reply_cut_at_max_tokens_comes_back_marked_length_for_the_repair_loop(llm_server, llm_model):
    cut = ROW[: len(ROW) // 2]
    llm_server.script(Reply(content=cut, finish_reason="length",
                            usage={"prompt_tokens": 31, "completion_tokens": 40, "total_tokens": 71}))

    completion = llm_model(structured="json_mode").complete(ASK, purpose="draft", json_schema_name="table",
                                                            schema=TABLE_SCHEMA)

    assert completion.text == cut
    assert completion.finish_reason == "length"
    assert completion.parsed is None
    assert completion.usage == Usage(prompt_tokens=31, completion_tokens=40, total_tokens=71)


def test_function_calling_forces_one_tool_whose_parameters_are_the_schema(llm_server, llm_model):
    llm_server.script(Reply(tool_arguments=ROW))

    completion = llm_model(structured="function_calling").complete(ASK, purpose="draft", json_schema_name="table",
                                                                     schema=TABLE_SCHEMA)

    assert json.loads(completion.text) == json.loads(ROW)
    assert completion.tool_arguments == completion.text
    assert completion.finish_reason == "tool_calls"
    sent = llm_server.requests[0]
    assert [tool["function"]["name"] for tool in sent["tools"]] == ["table"]
    assert sent["tools"][0]["function"]["parameters"] == TABLE_SCHEMA
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "table"}}
    assert "response_format" not in sent


def test_prompt_mode_sends_nothing_extra_even_when_a_schema_is_given(llm_server, llm_model):
    llm_server.script(Reply(content=ROW))

    llm_model(structured="prompt").complete(ASK, purpose="draft", json_schema_name="table", schema=TABLE_SCHEMA)

    sent = llm_server.requests[0]
    assert "response_format" not in sent and "tools" not in sent


def test_an_empty_reply_is_an_error_naming_the_model(llm_server, llm_model):
    llm_server.script(Reply(content=""))

    with pytest.raises(LLMError) as caught:
        llm_model().complete(ASK, purpose="draft")

    assert caught.value.kind == "empty"
    assert "scripted-model" in str(caught.value) and "空内容" in str(caught.value)


def test_429_is_retried_after_the_servers_retry_after_and_gives_one_reply(llm_server, llm_model):
    llm_server.script(Reply(status=429, retry_after="0.4"), Reply(content="好"))

    started = time.perf_counter()
    completion = llm_model().complete(ASK, purpose="draft")

    assert completion.text == "好"
    assert completion.retries == 1
    # The wait is the server's 0.4 s.
    assert time.perf_counter() - started >= 0.4
    assert len(llm_server.requests) == 2
    assert llm_server.requests[0] == llm_server.requests[1]


def test_server_errors_past_the_retry_budget_end_in_a_clear_error(llm_server, llm_model):
    llm_server.script(*[Reply(status=500)] * 3)

    with pytest.raises(LLMError) as caught:
        llm_model(retries=2).complete(ASK, purpose="draft")

    assert caught.value.kind == "server_error"
    assert caught.value.status == 500
    assert "HTTP 500" in str(caught.value) and "已重试 2 次" in str(caught.value)
    assert len(llm_server.requests) == 3


def test_a_retry_after_beyond_a_minute_is_not_waited_for(llm_server, llm_model):
    llm_server.script(Reply(status=429, retry_after="3600"), Reply(content="不应取到"))

    with pytest.raises(LLMError) as caught:
        llm_model().complete(ASK, purpose="draft")

    assert caught.value.kind == "rate_limited"
    assert "3600 秒后" in str(caught.value)
    assert len(llm_server.requests) == 1


def test_a_hang_past_the_timeout_fails_once_without_retrying(llm_server, llm_model):
    llm_server.script(Reply(content="迟到的答复", delay=4.0))

    with pytest.raises(LLMError) as caught:
        llm_model(timeout=0.5, retries=2).complete(ASK, purpose="draft")

    # A timeout, not the 4 s reply: it gave up rather than waiting.
    assert caught.value.kind == "timeout"
    assert "0.5 秒" in str(caught.value) and "JXMB_LLM_TIMEOUT" in str(caught.value)
    assert len(llm_server.requests) == 1


def test_an_unreachable_endpoint_names_the_address_and_the_setting(llm_model):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"

    with pytest.raises(LLMError) as caught:
        llm_model(base_url=url, retries=1).complete(ASK, purpose="draft")

    assert caught.value.kind == "unreachable"
    assert url in str(caught.value)
    assert "JXMB_LLM_BASE_URL" in str(caught.value) and "已重试 1 次" in str(caught.value)


@pytest.mark.parametrize("status", [401, 403])
def test_a_rejected_key_points_at_the_key_setting_and_is_not_retried(llm_server, llm_model, status):
    llm_server.script(Reply(status=status, content="Incorrect API key provided"))

    with pytest.raises(LLMError) as caught:
        llm_model().complete(ASK, purpose="draft")

    assert caught.value.kind == "auth"
    assert "JXMB_LLM_API_KEY" in str(caught.value)
    assert "Incorrect API key provided" in caught.value.detail
    assert len(llm_server.requests) == 1


def test_an_unknown_model_names_the_model(llm_server, llm_model):
    llm_server.script(Reply(status=404, content="model not found"))

    with pytest.raises(LLMError) as caught:
        llm_model(model="qwen-nonexistent").complete(ASK, purpose="draft")

    assert caught.value.kind == "not_found"
    assert "qwen-nonexistent" in str(caught.value) and "JXMB_LLM_MODEL" in str(caught.value)


def test_a_rejected_request_suggests_the_prompt_mode(llm_server, llm_model):
    llm_server.script(Reply(status=400, content="response_format is not supported"))

    with pytest.raises(LLMError) as caught:
        llm_model().complete(ASK, purpose="draft", json_schema_name="table")

    assert caught.value.kind == "bad_request"
    assert "JXMB_LLM_STRUCTURED" in str(caught.value)


def test_settings_choose_the_endpoint_model_key_mode_policy_and_log(llm_server, tmp_path):
    settings = Settings(llm_base_url=llm_server.url, llm_model="qwen2.5-coder", llm_api_key="sk-from-settings",
                        llm_structured="function_calling", llm_temperature=0.0, llm_max_tokens=512,
                        db_path=tmp_path / "db.sqlite3", _env_file=None)
    llm_server.script(Reply(tool_arguments=ROW))

    model = OpenAIChatModel.from_settings(settings)
    model.complete(ASK, purpose="draft", json_schema_name="table", schema=TABLE_SCHEMA)

    assert llm_server.requests[0]["model"] == "qwen2.5-coder"
    assert llm_server.requests[0]["tool_choice"]["function"]["name"] == "table"
    assert llm_server.requests[0]["temperature"] == 0.0
    # max_tokens, the name every compatible server reads (not max_completion_tokens).
    assert llm_server.requests[0]["max_tokens"] == 512
    assert "max_completion_tokens" not in llm_server.requests[0]
    assert llm_server.headers[0]["authorization"] == "Bearer sk-from-settings"
    assert model.policy == RetryPolicy(retries=3, timeout=60.0, deadline=180.0)
    assert [c.purpose for c in CallLog(tmp_path / "db.sqlite3").recent()] == ["draft"]


def test_without_an_endpoint_in_settings_there_is_no_model():
    with pytest.raises(LLMError) as caught:
        OpenAIChatModel.from_settings(Settings(llm_base_url=None, _env_file=None))

    assert caught.value.kind == "not_configured"
    assert "JXMB_LLM_BASE_URL" in str(caught.value)


def test_no_tiktoken_encoding_is_loaded_on_the_call_path(llm_server, llm_model):
    # tiktoken downloads its encodings on first use; usage must come from the server instead.
    from tiktoken import registry

    llm_server.script(Reply(content=ROW, usage={"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}))

    llm_model().complete(ASK, purpose="draft", json_schema_name="table")

    assert registry.ENCODINGS == {}
