"""One retry policy for every outbound call (the chat endpoint and the embeddings endpoint).

The openai client carries the policy: `max_retries` retries on 429, 5xx and connection
errors, honouring the server's Retry-After (up to two minutes; a longer one is not waited
for). This module adds what the client lacks, through the httpx transport it is given:

- a total deadline per call, retries and waits included: a server that drips one byte a
  second never trips a per-read timeout, so every socket read and write is given at most the
  time left and the clock is checked after each read (status line, headers and body alike)
  and before every retry;
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

import httpcore2
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
        inner = httpx2.HTTPTransport()
        pool = getattr(inner, "_pool", None)
        # httpx2 offers no public way to hand its pool a network backend; the body check in
        # _DeadlineStream still holds if this private attribute ever goes away.
        if isinstance(getattr(pool, "_network_backend", None), httpcore2.NetworkBackend):
            pool._network_backend = _DeadlineNetwork(pool._network_backend)  # type: ignore[union-attr]
        transport = _DeadlineTransport(inner, service=service, retries=self.retries)
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


def _time_left(timeout: float | None) -> float | None:
    """`timeout` cut to what is left of the current call's deadline (no call: as given)."""
    state = _current.get()
    if state is None:
        return timeout
    remaining = state.remaining()
    if remaining <= 0:
        state.deadline_hit = True
        raise httpcore2.ReadTimeout("the call's deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineNetwork(httpcore2.NetworkBackend):
    """Sockets whose every read and write is bounded by the call's deadline."""

    def __init__(self, inner: httpcore2.NetworkBackend):
        self.inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore2.NetworkStream:
        return _DeadlineSocket(self.inner.connect_tcp(host, port, _time_left(timeout), local_address,
                                                      socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore2.NetworkStream:
        return _DeadlineSocket(self.inner.connect_unix_socket(path, _time_left(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _DeadlineSocket(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream):
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self.inner.read(max_bytes, _time_left(timeout))
        _time_left(None)  # a byte that came in after the deadline does not extend it
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore2.NetworkStream:
        return _DeadlineSocket(self.inner.start_tls(ssl_context, server_hostname, _time_left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)
