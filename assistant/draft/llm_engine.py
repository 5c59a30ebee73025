"""The LLM drafting engine: retrieved example projects in a prompt, the model's table checked
by the validator and repaired, each row cited to the example rows it matches.

    retrieve → examples_for_prompt → prompts/draft.md → generate_validated
      (parse_payload + check_project; error-level findings are sent back, warnings are not)
    → Draft(engine="llm") with every attempt's tokens summed and the best attempt's findings

An LLMError never escapes: the Draft comes back with `error` set (Chinese, from the
LLMError), the request intact and no rows, so the caller can fall back to the offline engine
(`assistant.draft.engine.make_draft(engine="auto")` does: it keeps this error in the notes).
When a later attempt fails after an earlier one produced a table, that table is kept and the
failure becomes a note.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from assistant.corpus.values import number_text
from assistant.draft.cite import NO_EXAMPLE_NOTE, ShownRow, cite, label_rows
from assistant.draft.models import Draft, DraftRequest, DraftRow, placeholder_row
from assistant.draft.offline import task_gate
from assistant.draft.retrieve import ExampleProject, examples_for_prompt, retrieve
from assistant.draft.sector_gate import Gate
from assistant.errors import LLMError
from assistant.index.retriever import Retriever
from assistant.llm.prompts import hierarchy_text, messages, project_text, render
from assistant.llm.repair import generate_validated
from assistant.llm.seam import ChatModel, Message, Usage
from assistant.settings import Settings
from assistant.validate.findings import Finding
from assistant.validate.payload import DraftPayload, parse_payload, payload_to_project, tool_schema
from assistant.validate.rules import check_project

EXAMPLE_PROJECTS = 3
EXAMPLE_ROWS = 10
"""Rows per example: three examples of ten rows keep the whole prompt near 2k tokens, so that
two rounds of repair still fit a small local model's 4k context."""
CONTENT_CHARS = 120
SCHEMA_NAME = "indicator_table"
DRAFT_SCHEMA: dict[str, Any] = tool_schema()


def examples_text(examples: Sequence[ExampleProject], shown: Sequence[ShownRow]) -> str:
    """The example projects as Markdown tables, each row under the label `cite` matches on."""
    if not examples:
        return render("no_examples").strip()
    blocks = []
    for e, example in enumerate(examples, start=1):
        money = f"（资金 {number_text(example.money)}万元）" if example.money is not None else ""
        lines = [f"### 示例{e}：{example.title}{money}"]
        if example.content:
            content = example.content.strip().replace("\n", " ")
            lines.append(f"主要内容：{content[:CONTENT_CHARS]}{'…' if len(content) > CONTENT_CHARS else ''}")
        lines += ["| 编号 | 一级指标 | 二级指标 | 三级指标 | 指标值 |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {s.label} | {s.indicator.level1} | {s.indicator.level2} | {s.indicator.name} | "
                  f"{s.indicator.value.raw} |" for s in shown if s.label.split(".")[0] == str(e)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def draft_messages(request: DraftRequest, examples: Sequence[ExampleProject]) -> tuple[list[Message], list[ShownRow]]:
    """The conversation that asks for the table, and the example rows it shows (for citing)."""
    shown = label_rows(examples)
    project = project_text(request.name, content=request.content, money_wan=request.budget, unit=request.unit,
                           sector=request.sector)
    return messages("draft", project=project, examples=examples_text(examples, shown),
                    hierarchy=hierarchy_text()), shown


def validator(request: DraftRequest):
    """validate(text) for generate_validated: schema first, then the rule checks on the drafted project."""
    def validate(text: str) -> tuple[DraftPayload | None, list[Finding]]:
        payload, findings = parse_payload(text)
        if payload is None:
            return None, findings
        return payload, check_project(payload_to_project(payload, request.name, request.content, request.budget))

    return validate


def cited_rows(payload: DraftPayload, request: DraftRequest, shown: Sequence[ShownRow]) -> list[DraftRow]:
    project = payload_to_project(payload, request.name, request.content, request.budget)
    rows = []
    for drafted, indicator in zip(payload.indicators, project.indicators, strict=True):
        level1, level2 = indicator.level1 or drafted.level1, indicator.level2 or drafted.level2
        sources = cite(level2, drafted.name, shown, ref=drafted.ref)
        rows.append(DraftRow(level1=level1, level2=level2, name=drafted.name, value=drafted.value,
                             basis=drafted.basis, sources=sources, needs_review=not sources,
                             note="" if sources else NO_EXAMPLE_NOTE))
    return rows


def gated_rows(rows: list[DraftRow], gate: Gate, draft: Draft) -> list[DraftRow]:
    """The model's rows without those naming another sector's object (the relevance gate holds for the
    LLM as for the offline engine); a 二级 left empty gets a marked placeholder; findings re-checked."""
    kept = [r for r in rows if gate.admits(r.name)]
    if len(kept) == len(rows):
        return rows
    dropped = [r for r in rows if not gate.admits(r.name)]
    for level2 in dict.fromkeys(r.level2 for r in dropped):
        if not any(r.level2 == level2 for r in kept):
            kept.append(placeholder_row(next(r.level1 for r in dropped if r.level2 == level2), level2))
    draft.notes.append("去掉了大模型写出的其他行业的指标：" + "、".join(r.name for r in dropped))
    draft.findings = check_project(Draft(request=draft.request, rows=kept, engine="llm").to_project())
    return kept


def draft_with_llm(request: DraftRequest, index: Retriever, settings: Settings, *, model: ChatModel | None = None,
                   exclude_forms: Sequence[str] = (), exclude_projects: Sequence[str] = (),
                   draft_id: str | None = None) -> Draft:
    """Draft the indicator table of `request` with the configured (or given) chat model; the
    calls are logged under `draft_id` when the draft already has one (a redraft)."""
    started = time.perf_counter()
    gate = task_gate(request, index)
    retrieval = retrieve(request, index, exclude_forms=exclude_forms, exclude_projects=exclude_projects,
                         prefer_group=gate.group)
    # The model is never shown another sector's project or rows.
    examples = [e for e in examples_for_prompt(retrieval, n=len(retrieval.projects), max_rows=EXAMPLE_ROWS)
                if gate.admits(f"{e.title}\n{e.content}")][:EXAMPLE_PROJECTS]
    for example in examples:
        example.rows = [r for r in example.rows if gate.admits(r.name)]
    conversation, shown = draft_messages(request, examples)
    timing = {"retrieve": time.perf_counter() - started}
    try:
        if model is None:
            from assistant.llm.client import OpenAIChatModel

            model = OpenAIChatModel.from_settings(settings)
    except LLMError as exc:
        return Draft(request=request, engine="llm", model=settings.llm_model, attempts=0, timing=timing,
                     error=exc.user_message())
    generating = time.perf_counter()
    outcome = generate_validated(model, conversation, validator(request), purpose="draft", draft_id=draft_id,
                                 max_attempts=1 + settings.llm_repair_attempts,
                                 json_schema_name=SCHEMA_NAME, schema=DRAFT_SCHEMA)
    timing["generate"] = time.perf_counter() - generating
    timing.update({f"attempt_{a.number}": a.seconds for a in outcome.attempts})
    model_name = (outcome.best.model if outcome.best else None) or getattr(model, "model", None) or settings.llm_model
    draft = Draft(request=request, engine="llm", model=model_name, attempts=len(outcome.attempts),
                  usage=outcome.usage or Usage(), findings=outcome.findings, timing=timing)
    best = outcome.best
    payload = best.value if best else None
    if best is None or payload is None:
        draft.error = (outcome.error.user_message() if outcome.error
                       else f"大模型 {len(outcome.attempts)} 次答复都无法读取为指标表")
    else:
        draft.rows = gated_rows(cited_rows(payload, request, shown), gate, draft)
        if outcome.error:
            draft.notes.append(f"第 {outcome.attempts[-1].number} 次请求失败，保留了此前最好的一次结果："
                               f"{outcome.error.user_message()}")
        if best.errors:
            draft.notes.append(f"经 {len(outcome.attempts)} 次尝试仍有 {best.errors} 个错误，请按检查结果修改")
    draft.timing["total"] = time.perf_counter() - started
    return draft
