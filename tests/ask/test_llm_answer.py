"""The LLM-written answer against the scripted OpenAI-compatible server: the number check
drops an invented number, citations stay the query's rows, failures keep the template answer."""

import json

import pytest

from assistant.ask import Asker
from assistant.ask.answer import allowed_numbers, check_numbers
from assistant.llm.call_log import CallLog
from tests.ask.conftest import S003, TODAY
from tests.conftest import index_settings
from tests.corpus_rows import row_id
from tests.llm_server import FAULTS, Reply

QUESTION = "2023年无偿献血补助经费的满意度指标定的多少？"


def make_asker(corpus_forms, tmp_path, model):
    return Asker(list(corpus_forms.values()), None, index_settings(tmp_path), model=model, today=TODAY)


def test_number_check_drops_the_sentence_with_an_invented_number():
    text = "2023年无偿献血人员对补贴政策满意度定为≥90%。上一年实际达到了96%。"
    kept, dropped = check_numbers(text, {"2023", "90"})
    assert kept == "2023年无偿献血人员对补贴政策满意度定为≥90%。"
    assert dropped == ["96"]


def test_llm_writes_from_the_cited_rows_and_the_invented_number_is_dropped(llm_server, llm_model,
                                                                             corpus_forms, tmp_path):
    llm_server.script(Reply(content="2023年无偿献血补助经费的满意度指标为≥90%。据悉实际满意度为97.5%。"))
    answer = make_asker(corpus_forms, tmp_path, llm_model()).ask(QUESTION)
    assert answer.writer == "llm"
    assert answer.text == "2023年无偿献血补助经费的满意度指标为≥90%。"
    assert answer.dropped_numbers == ["97.5"]
    assert [c.id for c in answer.citations] == [row_id(corpus_forms[S003], "无偿献血人员对补贴政策满意度")]
    prompt = llm_server.requests[0]["messages"][0]["content"]
    assert "无偿献血人员对补贴政策满意度" in prompt and "≥90%" in prompt


def test_counts_computed_by_the_query_may_be_stated(llm_server, llm_model, corpus_forms, tmp_path):
    llm_server.script(Reply(content="2023年大连高新区共报了11个项目，合计9257.59万元。"))
    answer = make_asker(corpus_forms, tmp_path, llm_model()).ask("2023年大连高新区一共报了几个项目、多少钱？")
    assert answer.writer == "llm" and answer.dropped_numbers == []
    assert "9257.59" in answer.text


def test_an_answer_with_only_invented_numbers_falls_back_to_the_template(llm_server, llm_model,
                                                                          corpus_forms, tmp_path):
    llm_server.script(Reply(content="满意度指标为≥95%。"))
    answer = make_asker(corpus_forms, tmp_path, llm_model()).ask(QUESTION)
    assert answer.writer == "template" and "≥90%" in answer.text
    assert answer.dropped_numbers == ["95"]


def test_a_failing_llm_keeps_the_template_answer(llm_server, llm_model, corpus_forms, tmp_path):
    llm_server.script(Reply(status=500), Reply(status=500), Reply(status=500))
    answer = make_asker(corpus_forms, tmp_path, llm_model()).ask(QUESTION)
    assert answer.writer == "template" and answer.found
    assert "≥90%" in answer.text
    assert any("大模型未能作答" in note for note in answer.notes)


PLAN = {"op": "lookup", "over": "indicators", "units": ["大连高新技术产业园区卫生健康局"], "items": ["无偿献血补助经费"],
        "indicators": ["预计年度无偿献血人数"]}


def test_the_model_fills_the_plan_when_the_rules_cannot_and_code_runs_it(llm_server, llm_model, corpus_forms,
                                                                         tmp_path):
    llm_server.script(Reply(tool_arguments=json.dumps(PLAN, ensure_ascii=False)),
                      Reply(content="语料库中有相关的行。"))
    asker = make_asker(corpus_forms, tmp_path, llm_model(structured="function_calling"))
    answer = asker.ask("献血")  # no rule word and no name: the rules cannot place it
    assert answer.found and [c.id for c in answer.citations] == [row_id(corpus_forms[S003], "预计年度无偿献血人数")]
    assert any("查询计划由大模型填写" in note for note in answer.notes)
    sent = llm_server.requests[0]
    assert sent["tool_choice"]["function"]["name"] == "plan"
    assert "查询计划" in sent["messages"][0]["content"] and "无偿献血补助经费" in sent["messages"][0]["content"]
    assert len(llm_server.requests) == 2
    llm_server.script(Reply(content="2023年…满意度指标为≥90%。"))
    asker.ask(QUESTION)
    assert len(llm_server.requests) == 3  # the rules answered: one call (the answer), no plan call


def test_a_plan_naming_what_the_catalog_lacks_is_rejected_for_the_rules_plan(llm_server, llm_model, corpus_forms,
                                                                             tmp_path):
    invented = {**PLAN, "items": ["全民献血奖励基金"], "indicators": ["献血车数量"]}
    llm_server.script(Reply(tool_arguments=json.dumps(invented, ensure_ascii=False)), Reply(content="没有找到。"))
    answer = make_asker(corpus_forms, tmp_path, llm_model(structured="function_calling")).ask("献血")
    rejected = next(note for note in answer.notes if "按规则作答" in note)
    assert "全民献血奖励基金" in rejected and "献血车数量" in rejected
    assert not any("查询计划由大模型填写" in note for note in answer.notes)
    rules_only = make_asker(corpus_forms, tmp_path, None).ask("献血")
    assert [c.id for c in answer.citations] == [c.id for c in rules_only.citations]


def test_allowed_numbers_include_question_and_rows():
    from assistant.ask.models import Citation

    row = Citation(id="x", form="f", year=2023, project="p", name="年度预计体检人数", value="≥40000人")
    assert {"2023", "40000"} <= allowed_numbers("2023年体检人数", [row])


def test_plan_and_answer_calls_are_logged(llm_server, llm_model, corpus_forms, tmp_path):
    call_log = CallLog(tmp_path / "calls.sqlite3")
    llm_server.script(Reply(content=json.dumps(PLAN, ensure_ascii=False)),
                      Reply(content="语料库中有相关的行。", usage={"prompt_tokens": 90, "completion_tokens": 9,
                                                                 "total_tokens": 99}))

    make_asker(corpus_forms, tmp_path, llm_model(call_log=call_log)).ask("献血")

    calls = call_log.recent()
    assert [(c.purpose, c.draft_id, c.outcome, c.model) for c in calls] == [
        ("ask_plan", None, "ok", "scripted-model"), ("ask_answer", None, "ok", "scripted-model")]
    assert json.loads(calls[0].reply) == PLAN and "查询计划" in calls[0].messages[0]["content"]
    assert calls[1].reply == "语料库中有相关的行。" and calls[1].usage.total_tokens == 99


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_faulty_server_keeps_the_template_answer(llm_server, llm_model, corpus_forms, tmp_path, fault):
    llm_server.script(FAULTS[fault])

    answer = make_asker(corpus_forms, tmp_path, llm_model(deadline=1.5)).ask(QUESTION)

    assert answer.writer == "template" and answer.found and "≥90%" in answer.text
    assert any("大模型未能作答（大模型服务" in note for note in answer.notes)
