"""The model seam every LLM caller talks to: messages in, a `Completion` out, or an `LLMError`.

Pure types only (no openai, no langchain), so that drafting, suggesting and asking code can
name the seam without paying for the LLM stack at import time. The adapter that reaches a
server is `assistant.llm.client.OpenAIChatModel`; tests script replies with
`tests.llm_server.ScriptedModel` or the scripted HTTP server beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict

Message = dict[str, str]
"""One chat message: {"role": "system" | "user" | "assistant", "content": text}."""

Structured = Literal["json_mode", "function_calling", "prompt"]

Purpose = Literal["draft", "repair", "suggest", "goal", "ask_plan", "ask_answer", "extraction", "check"]
"""Why a call was made; the call log groups calls by it."""


class Usage(BaseModel):
    """Tokens as the server reported them; a part the server left out stays None."""

    model_config = ConfigDict(frozen=True)

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None

    @classmethod
    def from_report(cls, report: Mapping[str, Any] | None) -> Usage | None:
        if not report:
            return None
        usage = cls(**{key: report.get(key) for key in ("prompt_tokens", "completion_tokens", "total_tokens")})
        return None if usage == cls() else usage

    def __add__(self, other: Usage) -> Usage:
        def plus(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Usage(prompt_tokens=plus(self.prompt_tokens, other.prompt_tokens),
                     completion_tokens=plus(self.completion_tokens, other.completion_tokens),
                     total_tokens=plus(self.total_tokens, other.total_tokens))


def add_usage(total: Usage | None, more: Usage | None) -> Usage | None:
    if total is None:
        return more
    return total if more is None else total + more


@dataclass(frozen=True)
class Completion:
    text: str = ""
    """The reply; in function_calling mode the forced tool call's arguments."""
    tool_arguments: str | None = None
    parsed: Any = None
    """The reply as JSON when structured output was asked for and it parsed; None otherwise
    (the text is still there, for the validator to report on)."""
    usage: Usage | None = None
    model: str = ""
    """The model name the server reported (it may differ from the configured one)."""
    latency: float = 0.0
    """Seconds from the first request to the reply, waits between retries included."""
    retries: int = 0
    finish_reason: str | None = None
    """"length" means the reply was cut at max_tokens or the context size."""


class ChatModel(Protocol):
    def complete(self, messages: Sequence[Message], *, purpose: Purpose, draft_id: str | None = None,
                 json_schema_name: str | None = None, schema: dict[str, Any] | None = None) -> Completion:
        """Send the conversation, return the reply. Asking for JSON (a schema or a name) turns
        on the structured-output mode; without either the reply is free text. `purpose` and
        `draft_id` label the call in the call log.
        Raises LLMError when no usable reply comes."""
        ...
