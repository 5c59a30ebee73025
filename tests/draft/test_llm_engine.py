"""draft_with_llm against the scripted OpenAI-compatible server (real HTTP on 127.0.0.1) and the
real corpus held in memory (`MemoryIndex`). The task is 003 p6 预防性体检工作经费 (280 万元) with its own project left out
of retrieval; a good reply is that project's own seven rows as the form states them (lines
159–165), which the validator passes without errors."""

import json

import pytest

from assistant.draft.cite import NO_EXAMPLE_NOTE
from assistant.draft.engine import make_draft
from assistant.draft.llm_engine import draft_with_llm
from assistant.draft.models import DraftRequest
from assistant.draft.retrieve import examples_for_prompt, retrieve
from assistant.llm.call_log import CallLog
from tests.conftest import index_settings
from tests.corpus_rows import row_id
from tests.llm_server import FAULTS, Reply

SEED_003 = "003_1c981b526f6e6f3d"
P6 = f"{SEED_003}/p6"
ROWS = [
    {"level1": "产出指标", "level2": "数量指标", "name": "年度预计体检人数", "value": "≥40000人"},
    {"level1": "产出指标", "level2": "数量指标", "name": "涉及预防性体检机构数量", "value": "≥500家"},
    {"level1": "产出指标", "level2": "质量指标", "name": "服务业场所接受体检人数比例", "value": "100%"},
    {"level1": "产出指标", "level2": "时效指标", "name": "预防性体检有效期限", "value": "1年"},
    {"level1": "效益指标", "level2": "社会效益指标", "name": "涉事机构预防性体检成本", "value": "降低"},
    {"level1": "效益指标", "level2": "生态效益指标", "name": "高新区各行业公共卫生环境建设水平", "value": "提高"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众对高新区公共卫生环境满意度", "value": "≥90%"},
]
GOOD = json.dumps({"indicators": ROWS}, ensure_ascii=False)


def reply_with(rows):
    return json.dumps({"indicators": rows}, ensure_ascii=False)


@pytest.fixture
def request_p6(corpus_forms):
    p6 = next(p for p in corpus_forms[SEED_003].projects if p.id == P6)
    return DraftRequest(name=p6.name, content=p6.content, budget=p6.money.total, year=2021)


@pytest.fixture
def settings(tmp_path):
    return index_settings(tmp_path, llm_repair_attempts=2)


def draft(request, index, settings, model, **kw):
    return draft_with_llm(request, index, settings, model=model, exclude_projects=[P6], **kw)


def prompt_of(server, number=0):
    return server.requests[number]["messages"][-1]["content"]


def test_a_valid_reply_becomes_a_cited_draft(llm_server, llm_model, request_p6, index, settings):
    llm_server.script(Reply(content=GOOD, usage={"prompt_tokens": 1500, "completion_tokens": 300,
                                                 "total_tokens": 1800}))

    result = draft(request_p6, index, settings, llm_model())

    assert result.error is None and result.engine == "llm" and result.attempts == 1
    assert [(r.level2, r.name, r.value) for r in result.rows] == [(r["level2"], r["name"], r["value"]) for r in ROWS]
    assert not [f for f in result.findings if f.severity == "error"]
    assert result.usage.total_tokens == 1800 and result.model == "scripted-model"
    assert result.request == request_p6
    prompt = prompt_of(llm_server)
    assert "项目名称：预防性体检工作经费" in prompt and "项目资金：280万元" in prompt
    assert "| 1.1 |" in prompt and "年度预计体检人数" not in prompt  # its own rows were left out
    assert llm_server.requests[0]["response_format"] == {"type": "json_object"}


def test_citations_point_only_to_shown_example_rows(llm_server, llm_model, request_p6, index, settings,
                                                   corpus_forms):
    shown = examples_for_prompt(retrieve(request_p6, index, exclude_projects=[P6]), n=3, max_rows=10)
    first = shown[0].rows[0]
    copied = {"level1": first.level1, "level2": first.level2, "name": first.name, "value": first.value.raw}
    # A ref to a row of the task's own project, which was never shown, and one invented row.
    own_id = row_id(corpus_forms[SEED_003], "年度预计体检人数")
    own = {**ROWS[0], "ref": own_id}
    invented = {"level1": "效益指标", "level2": "经济效益指标", "name": "带动相关产业产值", "value": "≥1000万元"}
    llm_server.script(Reply(content=reply_with([copied, own, *ROWS[1:], invented])))

    result = draft(request_p6, index, settings, llm_model())

    shown_ids = {row.id for example in shown for row in example.rows}
    assert result.rows[0].sources[0].id == first.id and result.rows[0].sources[0].why == "example"
    assert all(s.id in shown_ids for row in result.rows for s in row.sources)
    assert own_id not in {s.id for row in result.rows for s in row.sources}
    assert result.rows[-1].sources == [] and result.rows[-1].note == NO_EXAMPLE_NOTE and result.rows[-1].needs_review


def test_json_inside_a_code_fence_is_read(llm_server, llm_model, request_p6, index, settings):
    llm_server.script(Reply(content=f"好的，指标如下：\n```json\n{GOOD}\n```"))

    result = draft(request_p6, index, settings, llm_model())

    assert result.error is None and len(result.rows) == 7 and result.attempts == 1


def test_malformed_json_is_repaired_and_usage_summed_and_logged(llm_server, llm_model, request_p6, index, settings,
                                                                  tmp_path):
    call_log = CallLog(tmp_path / "assistant.sqlite3")
    llm_server.script(Reply(content=GOOD[:200], usage={"prompt_tokens": 1000, "completion_tokens": 80,
                                                       "total_tokens": 1080}),
                      Reply(content=GOOD, usage={"prompt_tokens": 1300, "completion_tokens": 300,
                                                 "total_tokens": 1600}))

    # Configured under another name than the server reports: the log keeps the server's.
    result = draft(request_p6, index, settings, llm_model(model="qwen-configured", call_log=call_log),
                   draft_id="d-42")

    assert result.error is None and result.attempts == 2 and len(result.rows) == 7
    assert (result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.total_tokens) == (2300, 380, 2680)
    assert "JSON 格式错误" in prompt_of(llm_server, 1)
    assert set(result.timing) >= {"retrieve", "generate", "attempt_1", "attempt_2", "total"}
    assert result.model == "scripted-model"
    calls = call_log.recent(draft_id="d-42")
    assert [(c.purpose, c.outcome, c.model, c.usage.total_tokens) for c in calls] == [
        ("draft", "ok", "scripted-model", 1080), ("repair", "ok", "scripted-model", 1600)]
    assert calls[0].messages == llm_server.requests[0]["messages"] and calls[0].reply == GOOD[:200]
    assert calls[1].messages[-1]["content"] == prompt_of(llm_server, 1) and calls[1].reply == GOOD
    assert all(c.seconds > 0 and c.retries == 0 for c in calls)


def test_wrong_levels_are_sent_back_with_the_validators_findings(llm_server, llm_model, request_p6, index,
                                                                  settings):
    wrong = [{**ROWS[0], "level2": "社会效益指标"}, *ROWS[1:]]
    llm_server.script(Reply(content=reply_with(wrong)), Reply(content=GOOD))

    result = draft(request_p6, index, settings, llm_model())

    assert result.attempts == 2 and result.rows[0].level2 == "数量指标"
    repair = prompt_of(llm_server, 1)
    assert "H2" in repair and "二级指标“社会效益指标”不属于一级指标“产出指标”" in repair
    # The model sees its own wrong reply before the findings.
    assert llm_server.requests[1]["messages"][-2] == {"role": "assistant", "content": reply_with(wrong)}


def test_a_table_still_wrong_after_all_attempts_is_kept_with_its_findings(llm_server, llm_model, request_p6, index,
                                                                           settings):
    wrong = reply_with([{**ROWS[0], "level2": "社会效益指标"}, *ROWS[1:]])
    llm_server.script(*(Reply(content=wrong) for _ in range(3)))

    result = draft(request_p6, index, settings, llm_model())

    assert result.attempts == 3 and result.error is None and len(result.rows) == 7
    assert [f.rule for f in result.findings if f.severity == "error"] == ["H2"]
    assert any("仍有 1 个错误" in note for note in result.notes)


def test_empty_content_is_an_error_and_the_request_is_kept(llm_server, llm_model, request_p6, index, settings):
    llm_server.script(Reply(content=""))

    result = draft(request_p6, index, settings, llm_model())

    assert result.rows == [] and "返回了空内容" in result.error
    assert result.request == request_p6


def test_a_429_is_retried_then_the_draft_succeeds(llm_server, llm_model, request_p6, index, settings):
    llm_server.script(Reply(status=429, retry_after="0"), Reply(content=GOOD))

    result = draft(request_p6, index, settings, llm_model())

    assert result.error is None and result.attempts == 1 and len(llm_server.requests) == 2


def test_a_hang_past_the_timeout_keeps_the_input(llm_server, llm_model, request_p6, index, settings):
    llm_server.script(Reply(content=GOOD, delay=5))

    result = draft(request_p6, index, settings, llm_model(timeout=0.5))

    assert result.rows == [] and "0.5 秒内没有答复" in result.error
    assert result.request == request_p6 and result.attempts == 1


def test_function_calling_sends_the_payload_schema_as_a_forced_tool(llm_server, llm_model, request_p6, index,
                                                                    settings):
    llm_server.script(Reply(tool_arguments=GOOD))

    result = draft(request_p6, index, settings, llm_model(structured="function_calling"))

    sent = llm_server.requests[0]
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "indicator_table"}}
    parameters = sent["tools"][0]["function"]["parameters"]
    assert parameters["required"] == ["indicators"]
    assert set(parameters["properties"]["indicators"]["items"]["required"]) == {"level1", "level2", "name", "value"}
    assert "$ref" not in json.dumps(parameters)
    assert result.error is None and len(result.rows) == 7


def test_without_an_endpoint_the_draft_says_so(request_p6, index, settings):
    result = draft_with_llm(request_p6, index, settings, exclude_projects=[P6])

    assert result.rows == [] and "未配置大模型服务" in result.error and result.request == request_p6


def test_make_draft_auto_drafts_with_the_configured_endpoint(llm_server, request_p6, index, tmp_path):
    settings = index_settings(tmp_path, llm_base_url=llm_server.url, llm_model="scripted-model")
    llm_server.script(Reply(content=GOOD))

    result = make_draft(request_p6, index, settings)

    assert result.engine == "llm" and result.error is None and len(result.rows) == 7
    assert llm_server.requests[0]["model"] == "scripted-model"


def test_make_draft_auto_falls_back_to_offline_with_the_llm_error_as_a_note(llm_server, request_p6, index,
                                                                          tmp_path):
    settings = index_settings(tmp_path, llm_base_url=llm_server.url, llm_model="scripted-model")
    llm_server.script(Reply(content=""))

    result = make_draft(request_p6, index, settings)

    assert result.engine == "offline" and result.rows and result.error is None
    assert "返回了空内容" in result.notes[0] and result.request == request_p6


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_faulty_server_falls_back_to_the_offline_engine_keeping_the_request(llm_server, llm_model, request_p6,
                                                                               index, built_index_dir, fault):
    llm_server.script(FAULTS[fault])
    settings = index_settings(built_index_dir, llm_base_url=llm_server.url)

    result = make_draft(request_p6, index, settings, model=llm_model(deadline=1.5, retries=0))

    assert result.engine == "offline" and result.rows and result.request == request_p6
    assert result.notes[0].startswith("大模型起草失败（大模型服务")


def test_rows_of_another_sector_in_the_models_reply_are_dropped(llm_server, llm_model, index, settings):
    road = DraftRequest(name="农村公路养护工程", content="养护县乡道320公里", budget=560)
    rows = [
        {"level1": "产出指标", "level2": "数量指标", "name": "养护县乡道里程", "value": "≥320公里"},
        {"level1": "产出指标", "level2": "数量指标", "name": "农村独生子女奖励人数", "value": "≥125人"},
        {"level1": "产出指标", "level2": "质量指标", "name": "养护工程验收合格率", "value": "100%"},
        {"level1": "产出指标", "level2": "时效指标", "name": "养护按期完成率", "value": "100%"},
        {"level1": "产出指标", "level2": "成本指标", "name": "项目总成本", "value": "≤560万元"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "计划生育特殊家庭支出", "value": "减少"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "沿线群众满意度", "value": "≥90%"},
    ]
    llm_server.script(Reply(content=reply_with(rows)))
    drafted = draft_with_llm(road, index, settings, model=llm_model())
    names = [r.name for r in drafted.rows]
    assert "农村独生子女奖励人数" not in names and "计划生育特殊家庭支出" not in names
    assert "养护县乡道里程" in names
    social = [r for r in drafted.rows if r.level2 == "社会效益指标"]
    assert [(r.name, r.value) for r in social] == [("待补充（社会效益指标）", "待补充")]
    assert any("农村独生子女奖励人数" in note for note in drafted.notes)
    assert "独生子女" not in prompt_of(llm_server)
