"""`assistant llm check` as a user runs it, against the scripted server on 127.0.0.1."""

from .llm_server import Reply
from .test_cli import run


def test_llm_check_reports_model_mode_time_and_tokens(llm_server):
    llm_server.script(Reply(content='{"状态": "正常"}',
                            usage={"prompt_tokens": 40, "completion_tokens": 8, "total_tokens": 48}))

    result = run("llm", "check", JXMB_LLM_BASE_URL=llm_server.url, JXMB_LLM_MODEL="qwen2.5-coder")

    assert result.returncode == 0, result.stderr
    assert f"大模型服务可用：{llm_server.url}" in result.stdout
    assert "结构化输出：json_mode" in result.stdout
    assert "令牌：48（提示 40 + 生成 8）" in result.stdout
    assert '答复：{"状态": "正常"}' in result.stdout
    assert llm_server.requests[0]["model"] == "qwen2.5-coder"
    assert llm_server.requests[0]["response_format"] == {"type": "json_object"}


def test_llm_check_with_a_rejected_key_exits_with_a_message_not_a_traceback(llm_server):
    llm_server.script(Reply(status=401))

    result = run("llm", "check", JXMB_LLM_BASE_URL=llm_server.url)

    assert result.returncode == 2
    assert "JXMB_LLM_API_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_llm_check_without_an_endpoint_says_which_setting_to_fill(tmp_path):
    result = run("llm", "check", cwd=tmp_path)  # away from any .env in the work tree

    assert result.returncode == 2
    assert "未配置大模型服务" in result.stderr and "JXMB_LLM_BASE_URL" in result.stderr
