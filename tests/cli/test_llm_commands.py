"""`assistant llm check` and the LLM engine of `assistant draft`, against the scripted server on 127.0.0.1."""

import json

import pytest

from tests.corpus_rows import row_id
from tests.llm_server import FAULTS, Reply


def test_llm_check_reports_model_mode_time_and_tokens_and_the_log_shows_the_call(cli, llm_server, tmp_path):
    llm_server.script(Reply(content='{"状态": "正常"}',
                            usage={"prompt_tokens": 40, "completion_tokens": 8, "total_tokens": 48}))
    db = str(tmp_path / "assistant.sqlite3")

    result = cli("llm", "check", JXMB_LLM_BASE_URL=llm_server.url, JXMB_LLM_MODEL="qwen2.5-coder", JXMB_DB_PATH=db)

    assert result.exit_code == 0, result.stderr
    assert f"大模型服务可用：{llm_server.url}" in result.stdout
    assert "结构化输出：json_mode" in result.stdout
    assert "令牌：48（提示 40 + 生成 8）" in result.stdout
    assert '答复：{"状态": "正常"}' in result.stdout
    assert llm_server.requests[0]["model"] == "qwen2.5-coder"
    assert llm_server.requests[0]["response_format"] == {"type": "json_object"}

    log = cli("llm", "log", "--limit", "5", JXMB_DB_PATH=db)
    assert log.exit_code == 0, log.stderr
    assert all(header in log.stdout for header in ("用途", "模型", "结果", "令牌"))
    # The model the server reported, not the configured qwen2.5-coder.
    assert "连接检查" in log.stdout and "scripted-model" in log.stdout and "48" in log.stdout


@pytest.mark.parametrize(("structured", "reply", "said"), [
    ("json_mode", Reply(content="服务正常"), "json_mode 模式下的答复不是要求的 JSON 对象"),
    ("function_calling", Reply(content='{"状态": "正常"}'), "function_calling 模式下的答复没有按要求调用函数"),
    ("json_mode", FAULTS["html_page"], "返回的是网页（HTML）"),
    ("json_mode", FAULTS["no_choices"], "不是 OpenAI 兼容的格式"),
])
def test_llm_check_reports_a_malformed_reply_as_a_failure(cli, llm_server, tmp_path, structured, reply, said):
    llm_server.script(reply)

    result = cli("llm", "check", JXMB_LLM_BASE_URL=llm_server.url, JXMB_LLM_STRUCTURED=structured,
                 JXMB_DB_PATH=str(tmp_path / "db.sqlite3"))

    assert result.exit_code == 2
    assert said in result.stderr and "JXMB_LLM_" in result.stderr
    assert "大模型服务可用" not in result.stdout and "Traceback" not in result.stderr


def test_llm_check_with_a_rejected_key_exits_with_a_message_not_a_traceback(cli, llm_server, tmp_path):
    llm_server.script(Reply(status=401))

    result = cli("llm", "check", JXMB_LLM_BASE_URL=llm_server.url, JXMB_DB_PATH=str(tmp_path / "db.sqlite3"))

    assert result.exit_code == 2
    assert "JXMB_LLM_API_KEY" in result.stderr


def test_llm_check_without_an_endpoint_says_which_setting_to_fill(cli, tmp_path):
    result = cli("llm", "check", cwd=tmp_path)  # away from any .env in the work tree

    assert result.exit_code == 2
    assert "未配置大模型服务" in result.stderr and "JXMB_LLM_BASE_URL" in result.stderr


def test_draft_with_the_llm_engine_prints_the_models_rows_with_their_example_citations(cli, llm_server, cli_data_dir,
                                                                                       corpus_forms, tmp_path):
    # 003 p6 预防性体检工作经费 as its form states it: the validator passes it.
    rows = [("产出指标", "数量指标", "年度预计体检人数", "≥40000人"), ("产出指标", "数量指标", "涉及预防性体检机构数量", "≥500家"),
            ("产出指标", "质量指标", "服务业场所接受体检人数比例", "100%"), ("产出指标", "时效指标", "预防性体检有效期限", "1年"),
            ("效益指标", "社会效益指标", "涉事机构预防性体检成本", "降低"),
            ("效益指标", "生态效益指标", "高新区各行业公共卫生环境建设水平", "提高"),
            ("满意度指标", "服务对象满意度指标", "群众对高新区公共卫生环境满意度", "≥90%")]
    reply = {"indicators": [dict(zip(("level1", "level2", "name", "value"), row, strict=True)) for row in rows]}
    llm_server.script(Reply(content=json.dumps(reply, ensure_ascii=False),
                            usage={"prompt_tokens": 1900, "completion_tokens": 400, "total_tokens": 2300}))

    db = str(tmp_path / "assistant.sqlite3")
    result = cli("draft", "--name", "预防性体检工作经费", "--budget", "280", "--engine", "llm", "--format", "json",
                 JXMB_DATA_DIR=str(cli_data_dir), JXMB_DB_PATH=db, JXMB_LLM_BASE_URL=llm_server.url,
                 JXMB_LLM_MODEL="scripted-model")
    # The call is in the log of the configured database.
    log = cli("llm", "log", JXMB_DB_PATH=db)
    assert "起草" in log.stdout and "成功" in log.stdout

    assert result.exit_code == 0, result.stderr
    draft = json.loads(result.stdout)
    assert draft["engine"] == "llm" and draft["model"] == "scripted-model"
    assert [r["name"] for r in draft["indicators"]] == [row[2] for row in rows]
    # The project is in the index itself, so its own rows are among the examples and are cited.
    assert {"id": row_id(corpus_forms["003_1c981b526f6e6f3d"], "年度预计体检人数"), "why": "example"}.items() <= draft["indicators"][0]["sources"][0].items()
    assert "| 1.1 |" in llm_server.requests[0]["messages"][-1]["content"]


def test_draft_with_the_llm_engine_and_an_unreachable_endpoint_exits_cleanly(cli, cli_data_dir):
    result = cli("draft", "--name", "预防性体检工作经费", "--engine", "llm", JXMB_DATA_DIR=str(cli_data_dir),
                 JXMB_LLM_BASE_URL="http://127.0.0.1:9/v1", JXMB_LLM_RETRIES="0")

    assert result.exit_code == 2
    assert "无法连接大模型服务" in result.stderr
