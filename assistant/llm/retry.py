"""One retry policy for every outbound call (the chat endpoint and the embeddings endpoint).

The openai client carries the policy: `max_retries` retries on 429, 5xx and connection
errors, honouring the server's Retry-After (up to two minutes; a longer one is not waited
for). This module adds what the client lacks, through the httpx transport it is given:

- a total deadline per call, retries and waits included: a server that drips one byte a
  second never trips a per-read timeout, so the transport checks the clock between body
  chunks and before every retry;
- a read timeout ends the call instead of being retried (retrying would multiply the wait);
- Chinese retry messages on stderr (the client's own are English, at INFO level);
- what the call saw (requests sent, last status and content type), for the adapter's messages.

    policy = RetryPolicy.for_llm(settings)
    client = openai.OpenAI(base_url=..., **policy.client_options("大模型服务"))
    with policy.call() as call:
        client.chat.completions.create(...)
    call.retries, call.deadline_hit
"""

from __future__ import annotations

import contextvars
import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx2

from assistant.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class CallState:
    """What one call (all its requests) has seen so far."""

    deadline_at: float
    requests: int = 0
    last_outcome: str = ""
    content_type: str = ""
    deadline_hit: bool = False
    started: float = field(default_factory=time.monotonic)

    @property
    def retries(self) -> int:
        return max(self.requests - 1, 0)

    def remaining(self) -> float:
        return self.deadline_at - time.monotonic()


_current: contextvars.ContextVar[CallState | None] = contextvars.ContextVar("llm_call", default=None)


@dataclass(frozen=True)
class RetryPolicy:
    retries: int
    """Retries after the first request, on 429, 5xx and connection errors."""
    timeout: float
    """Seconds to connect and between two reads; a read timeout is not retried."""
    deadline: float
    """Seconds for the whole call, retries and waits included."""

    @classmethod
    def for_llm(cls, settings: Settings) -> RetryPolicy:
        return cls(retries=settings.llm_retries, timeout=settings.llm_timeout, deadline=settings.llm_deadline)

    @classmethod
    def for_embeddings(cls, settings: Settings) -> RetryPolicy:
        return cls(retries=settings.embedding_retries, timeout=settings.embedding_timeout,
                   deadline=settings.embedding_deadline)

    @contextmanager
    def call(self) -> Iterator[CallState]:
        """Scope one logical call: requests inside share the deadline and the retry count."""
        state = CallState(deadline_at=time.monotonic() + self.deadline)
        token = _current.set(state)
        try:
            yield state
        finally:
            _current.reset(token)

    def client_options(self, service: str) -> dict[str, Any]:
        """Keyword arguments for openai.OpenAI / ChatOpenAI: the retry budget, the timeout and an
        http client whose transport enforces the deadline. `service` names the endpoint in
        retry messages ("大模型服务", "向量模型服务")."""
        transport = _DeadlineTransport(httpx2.HTTPTransport(), service=service, retries=self.retries)
        return {"max_retries": self.retries, "timeout": self.timeout,
                "http_client": httpx2.Client(transport=transport, timeout=self.timeout)}


class _DeadlineTransport(httpx2.BaseTransport):
    """Wraps the real transport; see the module doc for what it adds."""

    def __init__(self, inner: httpx2.HTTPTransport, *, service: str, retries: int):
        self.inner = inner
        self.service = service
        self.retries = retries

    def close(self) -> None:
        self.inner.close()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        import openai

        state = _current.get()
        if state is None:
            return self.inner.handle_request(request)
        state.requests += 1
        if state.requests > 1:
            log.warning("%s %s 上次请求%s，正在第 %d 次重试（最多 %d 次）", self.service, request.url.host,
                        state.last_outcome or "失败", state.retries, self.retries)
        remaining = state.remaining()
        if remaining <= 0:
            state.deadline_hit = True
            raise openai.APITimeoutError(request=request)  # an OpenAIError: the client does not retry it
        timeouts = dict(request.extensions.get("timeout") or {})
        request.extensions["timeout"] = {key: min(value if value is not None else math.inf, remaining)
                                         for key, value in timeouts.items()} or {"read": remaining}
        try:
            response = self.inner.handle_request(request)
        except httpx2.TimeoutException:
            state.last_outcome = "超时"
            state.deadline_hit = state.remaining() <= 0
            raise openai.APITimeoutError(request=request) from None
        except httpx2.TransportError:
            state.last_outcome = "无法连接"
            raise
        state.last_outcome = f"返回 HTTP {response.status_code}"
        state.content_type = response.headers.get("content-type", "")
        response.stream = _DeadlineStream(response.stream, state, request)
        return response


class _DeadlineStream(httpx2.SyncByteStream):
    """The response body, cut off with a timeout once the call's deadline has passed."""

    def __init__(self, inner: Any, state: CallState, request: httpx2.Request):
        self.inner = inner
        self.state = state
        self.request = request

    def __iter__(self) -> Iterator[bytes]:
        import openai

        chunks = iter(self.inner)
        while True:
            try:
                chunk = next(chunks)
            except StopIteration:
                return
            except httpx2.TimeoutException:
                self.state.last_outcome = "超时"
                raise openai.APITimeoutError(request=self.request) from None
            if self.state.remaining() <= 0:
                self.state.deadline_hit = True
                self.state.last_outcome = "超时"
                raise openai.APITimeoutError(request=self.request)
            yield chunk

    def close(self) -> None:
        self.inner.close()
