"""The one model seam: chat completions over the OpenAI protocol.

Every LLM call goes through `ChatModel.complete`. `OpenAIChatModel` reaches any
OpenAI-compatible server (DeepSeek, Qwen, GLM, vLLM, Ollama, llama.cpp's server, OpenAI)
through langchain-openai's ChatOpenAI; endpoint, model, key, structured-output mode,
timeout and retry budget come from settings.

Structured output never uses `response_format: json_schema`, which many servers reject:
json_mode asks for `json_object`, function_calling forces one tool whose parameters are
the schema, prompt sends nothing extra. Token usage is what the server reports; nothing
here counts tokens itself (ChatOpenAI's token counting would call tiktoken, which
downloads its encodings).
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import openai
from langchain_openai import ChatOpenAI

from assistant.errors import LLMError
from assistant.llm.prompts import render
from assistant.settings import Settings, get_settings

log = logging.getLogger(__name__)

Message = dict[str, str]
"""One chat message: {"role": "system" | "user" | "assistant", "content": text}."""

Structured = Literal["json_mode", "function_calling", "prompt"]

# A server asking for a longer pause than this is out of quota, not briefly busy.
MAX_RETRY_AFTER = 60.0
BACKOFF_CAP = 30.0
DEFAULT_TOOL_NAME = "submit"
CHECK_SCHEMA = {"type": "object", "properties": {"状态": {"type": "string"}}, "required": ["状态"]}


@dataclass(frozen=True)
class Usage:
    """Tokens as the server reported them; a part the server left out stays None."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None

    @classmethod
    def from_report(cls, report: Mapping[str, Any] | None) -> Usage | None:
        if not report:
            return None
        usage = cls(*(report.get(key) for key in ("prompt_tokens", "completion_tokens", "total_tokens")))
        return None if usage == cls() else usage

    def __add__(self, other: Usage) -> Usage:
        def plus(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Usage(plus(self.prompt_tokens, other.prompt_tokens),
                     plus(self.completion_tokens, other.completion_tokens),
                     plus(self.total_tokens, other.total_tokens))


def add_usage(total: Usage | None, more: Usage | None) -> Usage | None:
    if total is None:
        return more
    return total if more is None else total + more


@dataclass(frozen=True)
class Completion:
    text: str = ""
    """The reply; in function_calling mode the forced tool call's arguments."""
    tool_arguments: str | None = None
    usage: Usage | None = None
    model: str = ""
    latency: float = 0.0
    """Seconds from the first request to the reply, waits between retries included."""
    retries: int = 0
    finish_reason: str | None = None
    """"length" means the reply was cut at max_tokens or the context size."""


class ChatModel(Protocol):
    def complete(self, messages: Sequence[Message], *, json_schema_name: str | None = None,
                 schema: dict[str, Any] | None = None) -> Completion:
        """Send the conversation, return the reply. Asking for JSON (a schema or a name) turns
        on the structured-output mode; without either the reply is free text.
        Raises LLMError when no usable reply comes."""
        ...


class OpenAIChatModel:
    def __init__(self, *, base_url: str, model: str, api_key: str = "not-needed",
                 structured: Structured = "json_mode", timeout: float = 60.0, retries: int = 3,
                 backoff: float = 1.0, temperature: float = 0.2, max_tokens: int | None = None):
        self.base_url = base_url
        self.model = model
        self.structured = structured
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        # The client's own retries are off: this class decides what is worth retrying
        # (not a timeout: retrying one would multiply the user's wait).
        # ChatOpenAI renames max_tokens to max_completion_tokens, which llama.cpp's and other
        # compatible servers ignore; the field they all read goes in the body as is.
        self._chat = ChatOpenAI(model=model, base_url=base_url, api_key=api_key, timeout=timeout,
                                max_retries=0, temperature=temperature, use_responses_api=False,
                                extra_body={"max_tokens": max_tokens} if max_tokens else None)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> OpenAIChatModel:
        s = settings or get_settings()
        if not s.llm_base_url:
            raise LLMError("not_configured", "未配置大模型服务",
                           hint="请设置 JXMB_LLM_BASE_URL（OpenAI 兼容接口地址）和 JXMB_LLM_MODEL")
        return cls(base_url=s.llm_base_url, model=s.llm_model, api_key=s.llm_api_key.get_secret_value(),
                   structured=s.llm_structured, timeout=s.llm_timeout, retries=s.llm_retries,
                   backoff=s.llm_backoff, temperature=s.llm_temperature, max_tokens=s.llm_max_tokens)

    def complete(self, messages: Sequence[Message], *, json_schema_name: str | None = None,
                 schema: dict[str, Any] | None = None) -> Completion:
        options = self.request_options(json_schema_name, schema)
        started = time.perf_counter()
        retry = 0
        while True:
            try:
                reply = self._chat.invoke([dict(m) for m in messages], **options)
                break
            except Exception as exc:  # noqa: BLE001 - every failure becomes an LLMError or a retry
                error = self._error(exc, retry)
                wait = self._retry_wait(exc, error, retry)
                if wait is None:
                    raise error from exc
                log.warning("LLM call failed (%s, %s); retry %d/%d in %.1fs",
                            error.kind, error.detail, retry + 1, self.retries, wait)
                time.sleep(wait)
                retry += 1
        return self._completion(reply, options, time.perf_counter() - started, retry)

    def request_options(self, json_schema_name: str | None, schema: dict[str, Any] | None) -> dict[str, Any]:
        """Extra request fields for the structured-output mode in settings."""
        if schema is None and json_schema_name is None:
            return {}
        if self.structured == "json_mode":
            return {"response_format": {"type": "json_object"}}
        if self.structured == "function_calling":
            name = json_schema_name or DEFAULT_TOOL_NAME
            tool = {"type": "function",
                    "function": {"name": name, "parameters": schema or {"type": "object"}}}
            return {"tools": [tool], "tool_choice": {"type": "function", "function": {"name": name}}}
        return {}

    def _completion(self, reply: Any, options: dict[str, Any], latency: float, retries: int) -> Completion:
        metadata = reply.response_metadata or {}
        arguments = _tool_arguments(reply)
        content = reply.content if isinstance(reply.content, str) else reply.text
        # A server that ignores the forced tool may still answer in the content.
        text = arguments if "tools" in options and arguments else content
        if not (text or "").strip():
            raise LLMError("empty", f"大模型 {self.model} 返回了空内容", hint="请重试；多次为空时请换用其他模型",
                           detail=f"finish_reason={metadata.get('finish_reason')}")
        return Completion(text=text, tool_arguments=arguments,
                          usage=Usage.from_report(metadata.get("token_usage")),
                          model=metadata.get("model_name") or self.model, latency=latency, retries=retries,
                          finish_reason=metadata.get("finish_reason"))

    def _retry_wait(self, exc: Exception, error: LLMError, retry: int) -> float | None:
        """Seconds to wait before the next try, or None when retrying cannot help."""
        if error.kind not in ("unreachable", "rate_limited", "server_error") or retry >= self.retries:
            return None
        asked = _retry_after(exc)
        if asked is not None:
            return asked if asked <= MAX_RETRY_AFTER else None
        return min(self.backoff * 2 ** retry, BACKOFF_CAP)

    def _error(self, exc: Exception, retry: int) -> LLMError:
        where = self.base_url
        tried = f"，已重试 {retry} 次" if retry else ""
        if isinstance(exc, openai.APITimeoutError):
            return LLMError("timeout", f"大模型服务 {where} 在 {self.timeout:g} 秒内没有答复",
                            hint="请稍后重试，或调大 JXMB_LLM_TIMEOUT", detail=str(exc))
        if isinstance(exc, openai.APIConnectionError):
            return LLMError("unreachable", f"无法连接大模型服务 {where}{tried}",
                            hint="请检查 JXMB_LLM_BASE_URL 是否正确、服务是否已启动", detail=str(exc))
        if isinstance(exc, openai.APIStatusError):
            status, detail = exc.status_code, exc.message
            if status in (401, 403):
                return LLMError("auth", f"大模型服务 {where} 拒绝了访问密钥（HTTP {status}）",
                                hint="请检查 JXMB_LLM_API_KEY", status=status, detail=detail)
            if status == 404:
                return LLMError("not_found", f"大模型服务 {where} 找不到模型“{self.model}”或接口（HTTP 404）",
                                hint="请检查 JXMB_LLM_MODEL 是否为该服务提供的模型名，JXMB_LLM_BASE_URL 是否以 /v1 结尾",
                                status=status, detail=detail)
            if status == 429:
                wait = _retry_after(exc)
                later = f"请在 {wait:.0f} 秒后再试" if wait and wait > MAX_RETRY_AFTER else "请稍后再试"
                return LLMError("rate_limited", f"大模型服务 {where} 限制了请求频率（HTTP 429）{tried}",
                                hint=f"{later}，或检查账户额度", status=status, detail=detail)
            if status >= 500:
                return LLMError("server_error", f"大模型服务 {where} 出错（HTTP {status}）{tried}",
                                hint="请稍后重试，或查看该服务的日志", status=status, detail=detail)
            return LLMError("bad_request", f"大模型服务 {where} 拒绝了请求（HTTP {status}）",
                            hint="若该服务不支持 JSON 模式或函数调用，请把 JXMB_LLM_STRUCTURED 改为 prompt",
                            status=status, detail=detail)
        if isinstance(exc, openai.OpenAIError | ValueError | KeyError | TypeError):
            # ChatOpenAI raises these when the body is not a chat completion (an HTML page, a proxy error).
            return LLMError("bad_reply", f"大模型服务 {where} 的答复不是 OpenAI 兼容格式",
                            hint="请确认 JXMB_LLM_BASE_URL 指向 OpenAI 兼容接口（通常以 /v1 结尾）",
                            detail=f"{type(exc).__name__}: {exc}")
        raise exc


def check(model: ChatModel) -> Completion:
    """One short request in the configured structured-output mode: a reply proves the address,
    the key, the model name and that the server accepts the mode."""
    return model.complete([{"role": "user", "content": render("check")}], json_schema_name="check",
                          schema=CHECK_SCHEMA)


def _tool_arguments(reply: Any) -> str | None:
    """The first tool call's arguments as JSON text. ChatOpenAI keeps only the parsed
    arguments of a well-formed call (re-serialised here) and the raw text of a broken one,
    which the validator must see as it came."""
    if reply.tool_calls:
        return json.dumps(reply.tool_calls[0]["args"], ensure_ascii=False)
    if reply.invalid_tool_calls:
        return reply.invalid_tool_calls[0].get("args")
    return None


def _retry_after(exc: Exception) -> float | None:
    """The server's Retry-After (seconds or an HTTP date), if it sent one."""
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(email.utils.parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None
