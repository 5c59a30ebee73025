"""The validate-and-repair loop against the scripted server: every attempt is kept, the
findings go back to the model, the best attempt wins, and a failing endpoint never loses
what came before. Replies are rows of seed 003's first project (卫生局工作业务经费)."""

import json

import pytest

from assistant.errors import LLMError
from assistant.llm.prompts import render
from assistant.llm.repair import Attempt, format_findings, generate_validated
from assistant.llm.seam import Usage
from assistant.validate.findings import Finding
from tests.indicator_table import TABLE_SCHEMA, validate_table
from tests.llm_server import Reply, ScriptedModel

ASK = [{"role": "user", "content": "为“卫生局工作业务经费”（10.25万元）编写绩效指标，只输出 JSON。"}]

# corpus/raw/003_1c981b526f6e6f3d.txt lines 27-33.
GOOD_ROWS = [
    {"level1": "产出指标", "level2": "数量指标", "name": "卫生服务站数量", "value": "10个"},
    {"level1": "产出指标", "level2": "质量指标", "name": "医疗废物处置完成率", "value": "≥95%"},
    {"level1": "产出指标", "level2": "时效指标", "name": "医疗废物处置及时率", "value": "95%"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众对卫生服务站服务水平满意度",
     "value": "≥90%"},
]
GOOD = json.dumps({"indicators": GOOD_ROWS}, ensure_ascii=False)
# The satisfaction row filed under 产出指标: a 二级 outside its 一级 (rule H2).
WRONG_LEVEL = GOOD.replace('"level1": "满意度指标"', '"level1": "产出指标"')
# Two rows wrong: the one above, and 数量指标 under 效益指标.
TWO_WRONG = WRONG_LEVEL.replace('"level1": "产出指标", "level2": "数量指标"', '"level1": "效益指标", "level2": "数量指标"')
MALFORMED = GOOD[:-3]  # cut off before the closing brackets


def run(model, max_attempts=3, **kw):
    return generate_validated(model, ASK, validate_table, purpose="draft", max_attempts=max_attempts,
                              schema=TABLE_SCHEMA, json_schema_name="indicator_table", **kw)


def test_the_first_call_has_the_callers_purpose_and_the_re_asks_are_repairs():
    model = ScriptedModel([MALFORMED, WRONG_LEVEL, LLMError("timeout", "超时")])

    outcome = run(model, draft_id="d-9")

    assert [(purpose, draft_id) for purpose, draft_id, _ in model.calls] == [
        ("draft", "d-9"), ("repair", "d-9"), ("repair", "d-9")]
    assert model.calls[2][2][-2] == {"role": "assistant", "content": WRONG_LEVEL}
    assert outcome.error.kind == "timeout" and outcome.value is not None and outcome.best.number == 2


def test_valid_json_succeeds_at_once(llm_server, llm_model):
    llm_server.script(Reply(content=GOOD))

    outcome = run(llm_model())

    assert outcome.succeeded
    assert len(outcome.attempts) == 1
    assert outcome.value == GOOD_ROWS
    assert outcome.findings == []
    assert outcome.error is None


def test_json_inside_a_code_fence_is_read(llm_server, llm_model):
    llm_server.script(Reply(content=f"以下是指标：\n```json\n{GOOD}\n```"))

    outcome = run(llm_model())

    assert outcome.succeeded
    assert outcome.value == GOOD_ROWS


def test_malformed_json_is_sent_back_and_the_fix_is_kept_with_the_failure(llm_server, llm_model):
    llm_server.script(Reply(content=MALFORMED), Reply(content=GOOD))

    outcome = run(llm_model())

    assert outcome.succeeded
    first, second = outcome.attempts
    assert first.value is None and first.text == MALFORMED
    assert [f.rule for f in first.findings] == ["SCHEMA"]
    assert second.value == GOOD_ROWS and outcome.best is second
    # The repair request replays the broken reply and says what was wrong with it.
    repair_request = llm_server.requests[1]["messages"]
    assert repair_request[0] == ASK[0]
    assert repair_request[1] == {"role": "assistant", "content": MALFORMED}
    assert "不是合法的 JSON" in repair_request[2]["content"]
    assert second.messages == repair_request


def test_wrong_levels_are_fed_back_with_the_row_and_then_fixed(llm_server, llm_model):
    llm_server.script(Reply(content=WRONG_LEVEL), Reply(content=GOOD))

    outcome = run(llm_model())

    assert outcome.succeeded and len(outcome.attempts) == 2
    assert [(f.rule, f.position) for f in outcome.attempts[0].findings] == [("H2", 4)]
    feedback = llm_server.requests[1]["messages"][-1]["content"]
    assert "H2" in feedback and "第4行" in feedback
    assert "二级指标“服务对象满意度指标”不属于一级指标“产出指标”" in feedback


def test_when_no_attempt_is_clean_the_one_with_fewest_errors_is_returned(llm_server, llm_model):
    llm_server.script(Reply(content=TWO_WRONG), Reply(content=WRONG_LEVEL), Reply(content=MALFORMED))

    outcome = run(llm_model(), max_attempts=3)

    assert not outcome.succeeded
    assert [a.errors for a in outcome.attempts] == [2, 1, 1]
    # The third is unreadable, so the second (one error, parsed) is best.
    assert outcome.best is outcome.attempts[1]
    assert [f.rule for f in outcome.findings] == ["H2"]
    assert len(llm_server.requests) == 3


def test_an_endpoint_failure_on_the_first_attempt_returns_the_error_and_no_result(llm_server, llm_model):
    llm_server.script(Reply(status=401))

    outcome = run(llm_model())

    assert not outcome.succeeded
    assert outcome.value is None and outcome.best is None
    assert outcome.error.kind == "auth"
    assert outcome.attempts[0].error is outcome.error
    # What was asked is still there for the caller to keep.
    assert outcome.attempts[0].messages == ASK


def test_an_endpoint_failure_later_keeps_the_earlier_attempts(llm_server, llm_model):
    llm_server.script(Reply(content=WRONG_LEVEL), *[Reply(status=503)] * 3)

    outcome = run(llm_model(retries=2))

    assert outcome.error.kind == "server_error"
    assert len(outcome.attempts) == 2
    assert outcome.best is outcome.attempts[0]
    assert outcome.value is not None and len(outcome.value) == 4
    assert not outcome.succeeded


def test_an_empty_reply_ends_the_loop_with_the_empty_error(llm_server, llm_model):
    llm_server.script(Reply(content="   "))

    outcome = run(llm_model())

    assert outcome.error.kind == "empty"
    assert outcome.value is None


def test_tokens_are_summed_over_attempts_as_the_server_reported_them(llm_server, llm_model):
    llm_server.script(
        Reply(content=MALFORMED, usage={"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200}),
        Reply(content=GOOD, usage={"prompt_tokens": 260, "completion_tokens": 90, "total_tokens": 350}),
    )

    outcome = run(llm_model())

    assert [a.usage.total_tokens for a in outcome.attempts] == [200, 350]
    assert outcome.usage == Usage(prompt_tokens=380, completion_tokens=170, total_tokens=550)


def test_usage_stays_unknown_when_the_server_reports_none(llm_server, llm_model):
    llm_server.script(Reply(content=MALFORMED), Reply(content=GOOD))

    assert run(llm_model()).usage is None


def test_function_calling_repairs_broken_tool_arguments(llm_server, llm_model):
    llm_server.script(Reply(tool_arguments=MALFORMED), Reply(tool_arguments=GOOD))

    outcome = run(llm_model(structured="function_calling"))

    assert outcome.succeeded and outcome.value == GOOD_ROWS
    # The broken arguments reached the validator as they came.
    assert outcome.attempts[0].text == MALFORMED
    assert all(r["tool_choice"]["function"]["name"] == "indicator_table" for r in llm_server.requests)


def test_max_attempts_bounds_the_requests(llm_server, llm_model):
    llm_server.script(*[Reply(content=MALFORMED)] * 3)

    outcome = run(llm_model(), max_attempts=2)

    assert len(outcome.attempts) == 2 and len(llm_server.requests) == 2
    assert not outcome.succeeded


def test_feedback_lists_errors_before_warnings_and_leaves_out_info():
    findings = [
        Finding(rule="S1", severity="warn", aspect="适当性", message="满意度低于80%", project="卫生局工作业务经费",
                position=7, suggestion="≥90%"),
        Finding(rule="C3", severity="info", aspect="完整性", message="未填生态效益指标"),
        Finding(rule="SCHEMA", severity="error", aspect="完整性", message="缺少 value", field="indicators.2.value"),
    ]

    assert format_findings(findings) == (
        "- [错误] SCHEMA（字段 indicators.2.value）：缺少 value\n"
        "- [警告] S1（卫生局工作业务经费 第7行）：满意度低于80%；建议：≥90%"
    )


def test_the_repair_prompt_carries_the_findings():
    text = render("repair", findings="- [错误] H2：二级指标不属于一级指标")

    assert "- [错误] H2：二级指标不属于一级指标" in text
    assert "{{" not in text


def test_a_parse_failure_ranks_below_any_parsed_attempt():
    parsed_with_errors = Attempt(1, ASK, "{}", value=["x"], findings=[
        Finding(rule="H2", severity="error", aspect="完整性", message="m")] * 5)
    unreadable = Attempt(2, ASK, "{", value=None, findings=[])

    assert min([unreadable, parsed_with_errors], key=Attempt.rank) is parsed_with_errors


def test_max_attempts_below_one_is_refused(llm_model):
    with pytest.raises(ValueError):
        generate_validated(llm_model(), ASK, validate_table, purpose="draft", max_attempts=0)
