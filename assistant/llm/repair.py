"""Validate-and-repair: ask the model, check the reply, send the findings back, ask again.

Generic over what is being generated: the caller passes `validate`, which turns reply text
into a value (or None when it cannot be read) plus findings. Every attempt is kept; the
best one is returned with its remaining findings, so a caller always has something to show
and the user's input is never lost, even when the endpoint fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from assistant.errors import LLMError
from assistant.llm.prompts import render
from assistant.llm.seam import ChatModel, Message, Purpose, Usage, add_usage
from assistant.validate.findings import SEVERITY_ORDER, SEVERITY_TEXT, Finding

T = TypeVar("T")
Validate = Callable[[str], tuple[T | None, list[Finding]]]

# Enough for a model to act on; more only fills a small model's context.
MAX_FEEDBACK_FINDINGS = 20


@dataclass
class Attempt(Generic[T]):
    number: int
    messages: list[Message]
    """The conversation as sent for this attempt."""
    text: str | None = None
    value: T | None = None
    findings: list[Finding] = field(default_factory=list)
    usage: Usage | None = None
    error: LLMError | None = None
    seconds: float = 0.0
    model: str | None = None
    """The model the server reported for this reply."""

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warn" for f in self.findings)

    @property
    def ok(self) -> bool:
        return self.error is None and self.value is not None and self.errors == 0

    def rank(self) -> tuple[bool, int, int, int]:
        # Unreadable replies lose to any parsed one; among equals the later attempt,
        # which had the feedback, wins.
        return (self.value is None, self.errors, self.warnings, -self.number)


@dataclass
class Outcome(Generic[T]):
    attempts: list[Attempt[T]]
    best: Attempt[T] | None
    usage: Usage | None
    error: LLMError | None = None
    """The call failure that ended the loop, if one did."""

    @property
    def succeeded(self) -> bool:
        return self.best is not None and self.best.ok

    @property
    def value(self) -> T | None:
        return self.best.value if self.best else None

    @property
    def findings(self) -> list[Finding]:
        return self.best.findings if self.best else []


def format_findings(findings: Sequence[Finding]) -> str:
    """One line per error or warning, errors first, as the model is to read them."""
    shown = sorted((f for f in findings if f.severity != "info"), key=lambda f: SEVERITY_ORDER[f.severity])
    lines = []
    for f in shown[:MAX_FEEDBACK_FINDINGS]:
        where = "，".join(p for p in (f.location(), f"字段 {f.field}" if f.field else "") if p)
        line = f"- [{SEVERITY_TEXT[f.severity]}] {f.rule}" + (f"（{where}）" if where else "") + f"：{f.message}"
        if f.suggestion:
            line += f"；建议：{f.suggestion}"
        lines.append(line)
    if len(shown) > MAX_FEEDBACK_FINDINGS:
        lines.append(f"- 另有 {len(shown) - MAX_FEEDBACK_FINDINGS} 个问题未列出")
    return "\n".join(lines) or "- 答复无法按要求的 JSON 格式读取"


def repair_feedback(findings: Sequence[Finding]) -> str:
    return render("repair", findings=format_findings(findings))


def generate_validated(model: ChatModel, messages: Sequence[Message], validate: Validate[T], *,
                       purpose: Purpose, max_attempts: int, draft_id: str | None = None,
                       feedback: Callable[[list[Finding]], str] = repair_feedback,
                       json_schema_name: str | None = None, schema: dict[str, Any] | None = None) -> Outcome[T]:
    """Ask up to `max_attempts` times, stopping at the first reply with a value and no errors.
    The first call is logged under `purpose`, the re-asks under "repair".

    A failed attempt's reply and the feedback built from its findings are appended to the
    conversation, so the model sees what it wrote and what was wrong with it. An LLMError
    ends the loop: the attempts before it are kept and the error is in `Outcome.error`.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    conversation = list(messages)
    attempts: list[Attempt[T]] = []
    failure: LLMError | None = None
    for number in range(1, max_attempts + 1):
        started = time.perf_counter()
        try:
            completion = model.complete(conversation, purpose=purpose if number == 1 else "repair",
                                        draft_id=draft_id, json_schema_name=json_schema_name, schema=schema)
        except LLMError as exc:
            attempts.append(Attempt(number, conversation, error=exc, seconds=time.perf_counter() - started))
            failure = exc
            break
        value, findings = validate(completion.text)
        attempt = Attempt(number, conversation, completion.text, value, findings, completion.usage,
                          seconds=time.perf_counter() - started, model=completion.model or None)
        attempts.append(attempt)
        if attempt.ok:
            break
        conversation = [*conversation, {"role": "assistant", "content": completion.text},
                        {"role": "user", "content": feedback(findings)}]
    answered = [a for a in attempts if a.error is None]
    best = min(answered, key=Attempt.rank) if answered else None
    usage: Usage | None = None
    for attempt in attempts:
        usage = add_usage(usage, attempt.usage)
    return Outcome(attempts, best, usage, failure)
