"""The adapter behind the model seam: chat completions from any OpenAI-compatible server
(DeepSeek, Qwen, GLM, vLLM, Ollama, llama.cpp's server, OpenAI) through langchain-openai's
ChatOpenAI. The only module under assistant/ that imports openai or langchain when it loads;
everything else names `assistant.llm.seam` and reaches this module on first use.

Structured output goes through `with_structured_output`: json_mode asks for `json_object`,
function_calling forces one tool whose parameters are the schema, prompt sends nothing extra
(and `response_format: json_schema`, which many servers reject, is never sent). Retries,
timeouts and the deadline are the one `RetryPolicy` (assistant.llm.retry). Token usage is what
the server reports; nothing here counts tokens (ChatOpenAI's counting would call tiktoken,
which downloads its encodings). Every call, answered or failed, goes to the call log.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from typing import Any

import openai
from langchain_core.messages import AIMessage
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.errors import LLMError
from assistant.llm.call_log import CallLog, CallRecord
from assistant.llm.prompts import messages as prompt_messages
from assistant.llm.retry import CallState, RetryPolicy
from assistant.llm.seam import Completion, Message, Purpose, Structured, Usage
from assistant.settings import Settings, get_settings
from assistant.validate.payload import decode_json

log = logging.getLogger(__name__)

DEFAULT_TOOL_NAME = "submit"
CHECK_SCHEMA = {"type": "object", "properties": {"状态": {"type": "string"}}, "required": ["状态"]}
MODE_HINTS = {
    "json_mode": "该服务可能不支持 JSON 模式，请把 JXMB_LLM_STRUCTURED 改为 function_calling 或 prompt",
    "function_calling": "该服务或模型可能不支持函数调用，请把 JXMB_LLM_STRUCTURED 改为 json_mode 或 prompt",
    "prompt": "该模型可能不按提示输出 JSON，请换用更大的模型，或改用 json_mode / function_calling",
}


class OpenAIChatModel:
    def __init__(self, *, base_url: str, model: str, api_key: str | SecretStr = "not-needed",
                 structured: Structured = "json_mode", policy: RetryPolicy | None = None,
                 temperature: float = 0.2, max_tokens: int | None = None, call_log: CallLog | None = None):
        self.base_url = base_url
        self.model = model
        self.structured = structured
        self.policy = policy or RetryPolicy(retries=3, timeout=60.0, deadline=180.0)
        self.call_log = call_log
        # ChatOpenAI renames max_tokens to max_completion_tokens, which llama.cpp's and other
        # compatible servers ignore; the field they all read goes in the body as is.
        key = api_key if isinstance(api_key, SecretStr) else SecretStr(api_key)
        self._chat = ChatOpenAI(model=model, base_url=base_url, api_key=key, temperature=temperature,
                                use_responses_api=False,
                                extra_body={"max_tokens": max_tokens} if max_tokens else None,
                                **self.policy.client_options("大模型服务"))

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> OpenAIChatModel:
        s = settings or get_settings()
        if not s.llm_base_url:
            raise LLMError("not_configured", "未配置大模型服务",
                           hint="请设置 JXMB_LLM_BASE_URL（OpenAI 兼容接口地址）和 JXMB_LLM_MODEL")
        return cls(base_url=s.llm_base_url, model=s.llm_model, api_key=s.llm_api_key, structured=s.llm_structured,
                   policy=RetryPolicy.for_llm(s), temperature=s.llm_temperature, max_tokens=s.llm_max_tokens,
                   call_log=CallLog(s.database))

    def complete(self, messages: Sequence[Message], *, purpose: Purpose, draft_id: str | None = None,
                 json_schema_name: str | None = None, schema: dict[str, Any] | None = None) -> Completion:
        sent = [dict(m) for m in messages]
        structured = schema is not None or json_schema_name is not None
        with self.policy.call() as call:
            try:
                completion = self._complete(sent, call, json_schema_name if structured else None, schema,
                                            structured)
            except LLMError as exc:
                self._log(purpose, draft_id, sent, call, error=exc)
                raise
        self._log(purpose, draft_id, sent, call, completion=completion)
        return completion

    def _complete(self, sent: list[Message], call: CallState, name: str | None, schema: dict[str, Any] | None,
                  structured: bool) -> Completion:
        runnable: Any = self._chat
        mode = self.structured if structured else "prompt"
        if mode == "json_mode":
            runnable = self._chat.with_structured_output(schema or {"type": "object"}, method="json_mode",
                                                         include_raw=True)
        elif mode == "function_calling":
            tool = {**(schema or {"type": "object"}), "title": name or DEFAULT_TOOL_NAME}
            runnable = self._chat.with_structured_output(tool, method="function_calling", include_raw=True)
        try:
            result = runnable.invoke(sent)
        except openai.LengthFinishReasonError as exc:
            # The SDK refuses to parse a structured reply cut at max_tokens; the cut text still
            # goes back, marked "length", so that the caller's repair loop can salvage or re-ask.
            return self._cut_completion(exc.completion, call)
        except openai.OpenAIError as exc:
            raise self._error(exc, call) from exc
        except Exception as exc:  # noqa: BLE001 - langchain reading a body that is no chat completion
            raise self._bad_reply(call, f"{type(exc).__name__}: {exc}") from exc
        raw, parsed = (result["raw"], result["parsed"]) if isinstance(result, dict) else (result, None)
        if not isinstance(raw, AIMessage):
            raise self._bad_reply(call, f"reply of type {type(raw).__name__}")
        return self._completion(raw, parsed, mode, call)

    def _completion(self, reply: AIMessage, parsed: Any, mode: str, call: CallState) -> Completion:
        metadata = reply.response_metadata or {}
        arguments = _tool_arguments(reply)
        content = reply.content if isinstance(reply.content, str) else reply.text
        # A server that ignores the forced tool may still answer in the content.
        text = arguments if mode == "function_calling" and arguments else content
        model = metadata.get("model_name") or self.model
        if not (text or "").strip():
            raise LLMError("empty", f"大模型 {model} 返回了空内容", hint="请重试；多次为空时请换用其他模型",
                           detail=f"finish_reason={metadata.get('finish_reason')}")
        return Completion(text=text, tool_arguments=arguments, parsed=parsed,
                          usage=Usage.from_report(metadata.get("token_usage")), model=model,
                          latency=time.monotonic() - call.started, retries=call.retries,
                          finish_reason=metadata.get("finish_reason"))

    def _cut_completion(self, reply: Any, call: CallState) -> Completion:
        message = reply.choices[0].message if reply.choices else None
        calls = (message.tool_calls or []) if message else []
        arguments = calls[0].function.arguments if calls else None
        text = arguments or (message.content if message else None) or ""
        model = reply.model or self.model
        if not text.strip():
            raise LLMError("empty", f"大模型 {model} 的答复在长度上限处被截断，且没有内容",
                           hint="请调大 JXMB_LLM_MAX_TOKENS 后重试", detail="finish_reason=length")
        usage = reply.usage.model_dump() if reply.usage else None
        return Completion(text=text, tool_arguments=arguments, parsed=None, usage=Usage.from_report(usage),
                          model=model, latency=time.monotonic() - call.started, retries=call.retries,
                          finish_reason="length")

    def _log(self, purpose: Purpose, draft_id: str | None, sent: list[Message], call: CallState, *,
             completion: Completion | None = None, error: LLMError | None = None) -> None:
        if self.call_log is None:
            return
        self.call_log.record(CallRecord(
            purpose=purpose, draft_id=draft_id, messages=sent,
            model=completion.model if completion else self.model,
            reply=completion.text if completion else (error.detail if error else None),
            usage=completion.usage if completion else None, seconds=time.monotonic() - call.started,
            retries=call.retries, outcome="ok" if error is None else error.kind,
            error=error.user_message() if error else None))

    def _bad_reply(self, call: CallState, detail: str) -> LLMError:
        where = self.base_url
        if "html" in call.content_type:
            return LLMError("bad_reply", f"大模型服务 {where} 返回的是网页（HTML），不是 OpenAI 兼容的答复",
                            hint="请确认 JXMB_LLM_BASE_URL 指向 OpenAI 兼容接口（通常以 /v1 结尾），"
                                 "而不是网页或代理的登录页", detail=detail)
        return LLMError("bad_reply", f"大模型服务 {where} 的答复不是 OpenAI 兼容的格式",
                        hint="请确认 JXMB_LLM_BASE_URL 指向 OpenAI 兼容接口（通常以 /v1 结尾），并查看该服务的日志",
                        detail=detail)

    def _error(self, exc: openai.OpenAIError, call: CallState) -> LLMError:
        where = self.base_url
        tried = f"，已重试 {call.retries} 次" if call.retries else ""
        if isinstance(exc, openai.APITimeoutError):
            if call.deadline_hit:
                return LLMError("timeout", f"大模型服务 {where} 在 {self.policy.deadline:g} 秒内没有给出完整答复{tried}",
                                hint="请稍后重试，或调大 JXMB_LLM_DEADLINE", detail=str(exc))
            return LLMError("timeout", f"大模型服务 {where} 在 {self.policy.timeout:g} 秒内没有答复",
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
                wait = _retry_after(exc.response)
                later = f"请在 {wait:.0f} 秒后再试" if wait else "请稍后再试"
                return LLMError("rate_limited", f"大模型服务 {where} 限制了请求频率（HTTP 429）{tried}",
                                hint=f"{later}，或检查账户额度", status=status, detail=detail)
            if status >= 500:
                return LLMError("server_error", f"大模型服务 {where} 出错（HTTP {status}）{tried}",
                                hint="请稍后重试，或查看该服务的日志", status=status, detail=detail)
            return LLMError("bad_request", f"大模型服务 {where} 拒绝了请求（HTTP {status}）",
                            hint="若该服务不支持 JSON 模式或函数调用，请把 JXMB_LLM_STRUCTURED 改为 prompt",
                            status=status, detail=detail)
        # Any other client error means the body could not be read as a chat completion.
        return self._bad_reply(call, f"{type(exc).__name__}: {exc}")


def check(model: OpenAIChatModel) -> Completion:
    """One short request in the configured structured-output mode. A reply proves the address,
    the key and the model name; its shape proves the server honours the mode: the forced tool
    call in function_calling mode, a JSON object with "状态" in the other two."""
    completion = model.complete(prompt_messages("check"), purpose="check", json_schema_name="check",
                                schema=CHECK_SCHEMA)
    mode = model.structured
    if mode == "function_calling" and completion.tool_arguments is None:
        problem = "没有按要求调用函数，而是直接回复了文字"
    else:
        try:
            reply = completion.parsed if completion.parsed is not None else decode_json(completion.text)
        except ValueError:
            reply = None
        problem = "" if isinstance(reply, dict) and isinstance(reply.get("状态"), str) else \
            "不是要求的 JSON 对象 {\"状态\": …}"
    if problem:
        raise LLMError("bad_reply", f"大模型服务 {model.base_url} 在 {mode} 模式下的答复{problem}",
                       hint=MODE_HINTS[mode], detail=completion.text[:200])
    return completion


def _tool_arguments(reply: AIMessage) -> str | None:
    """The first tool call's arguments as JSON text. ChatOpenAI keeps only the parsed
    arguments of a well-formed call (re-serialised here) and the raw text of a broken one,
    which the validator must see as it came."""
    if reply.tool_calls:
        return json.dumps(reply.tool_calls[0]["args"], ensure_ascii=False)
    if reply.invalid_tool_calls:
        return reply.invalid_tool_calls[0].get("args")
    return None


def _retry_after(response: Any) -> float | None:
    """The server's Retry-After in seconds, when it sent a number."""
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None
