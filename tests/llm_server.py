"""A scripted OpenAI-compatible server on 127.0.0.1: each chat request takes the next reply from
a queue (text, a tool call, an HTTP error, a delay, a usage block, or a faulty body: an HTML
page, a body of the wrong shape, a body dripped a byte at a time), and every request is kept
so that tests can assert what the client sent.

`ScriptedModel` is the same idea one level up: a ChatModel that replays queued completions
without HTTP, for tests of the code around the seam."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from assistant.errors import LLMError
from assistant.llm.seam import Completion, Message, Purpose


@dataclass
class Reply:
    content: str | None = None
    tool_arguments: str | None = None
    status: int = 200
    retry_after: str | None = None
    delay: float = 0.0
    usage: dict[str, int] | None = None
    body: str | None = None
    """Sent as is (status 200) instead of a chat completion: an HTML page, `{"choices": []}`, …"""
    content_type: str = "application/json"
    drip: float = 0.0
    """Seconds between the bytes of the body; the headers go out at once."""
    drip_head: bool = False
    """Drip the status line and the headers too, not only the body."""
    finish_reason: str | None = None
    """"length" for a reply cut at max_tokens; by default "stop" (or "tool_calls")."""


class ScriptedServer:
    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/v1"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def stop(self) -> None:
        self.stopping.set()  # wakes handlers that are sleeping through a scripted delay
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, request: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any] | str, Reply]:
        reply = self.replies.pop(0) if self.replies else Reply(status=500, content="script exhausted")
        if reply.delay:
            self.stopping.wait(reply.delay)
        if reply.body is not None:
            return 200, {"Content-Type": reply.content_type}, reply.body, reply
        if reply.status != 200:
            headers = {"Retry-After": reply.retry_after} if reply.retry_after else {}
            return reply.status, headers, {"error": {"message": reply.content or f"scripted {reply.status}"}}, reply
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        if reply.tool_arguments is not None:
            name = request.get("tool_choice", {}).get("function", {}).get("name", "submit")
            message["tool_calls"] = [{"id": "call_1", "type": "function",
                                      "function": {"name": name, "arguments": reply.tool_arguments}}]
        body = {"id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 0,
                "model": "scripted-model",
                "choices": [{"index": 0, "message": message,
                             "finish_reason": reply.finish_reason or
                             ("tool_calls" if reply.tool_arguments is not None else "stop")}]}
        if reply.usage:
            body["usage"] = reply.usage
        body_text = json.dumps(body, ensure_ascii=False)
        return 200, {}, body_text if reply.drip else body, reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._send(200, {}, {"object": "list", "data": [{"id": "scripted-model", "object": "model"}]}, Reply())

            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(request)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                self._send(*server._answer(request))

            def _send(self, status: int, headers: dict[str, str], body: dict[str, Any] | str, reply: Reply) -> None:
                data = (body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)).encode()
                if reply.drip_head:
                    head = (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                            f"Content-Length: {len(data)}\r\n\r\n").encode()
                    data, reply = head + data, Reply(drip=reply.drip)
                    self.close_connection = True
                    self._drip(data, reply.drip)
                    return
                try:
                    self.send_response(status)
                    for key, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if not reply.drip:
                        self.wfile.write(data)
                        return
                    self.wfile.flush()
                    self._drip(data, reply.drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (a timeout test)

            def _drip(self, data: bytes, seconds: float) -> None:
                try:
                    for k in range(len(data)):  # bounded by the data; stop() ends the wait at once
                        if server.stopping.wait(seconds):
                            return
                        self.wfile.write(data[k:k + 1])
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


@dataclass
class ScriptedModel:
    """A ChatModel that replays queued replies: a text becomes a Completion, an LLMError is raised.
    Every call is kept as (purpose, draft_id, messages)."""

    replies: list[str | LLMError] = field(default_factory=list)
    calls: list[tuple[Purpose, str | None, list[Message]]] = field(default_factory=list)
    model: str = "scripted-model"

    def complete(self, messages: Sequence[Message], *, purpose: Purpose, draft_id: str | None = None,
                 json_schema_name: str | None = None, schema: dict[str, Any] | None = None) -> Completion:
        self.calls.append((purpose, draft_id, [dict(m) for m in messages]))
        if not self.replies:
            raise LLMError("empty", "脚本中没有更多答复")
        reply = self.replies.pop(0)
        if isinstance(reply, LLMError):
            raise reply
        return Completion(text=reply, model=self.model)


# The faulty replies the adapter must turn into an LLMError (issue 15, "LLM faults"); each
# drip case needs a model with a deadline of a second or two.
FAULTS = {
    "html_page": Reply(body="<!DOCTYPE html><html><head><title>登录</title></head><body>请先登录</body></html>",
                       content_type="text/html; charset=utf-8"),
    "no_choices": Reply(body='{"id": "chatcmpl-0", "object": "chat.completion", "model": "m", "choices": []}'),
    "wrong_shape": Reply(body='{"id": "chatcmpl-0", "object": "chat.completion", "model": "m", '
                              '"choices": [{"index": 0, "message": "好"}]}'),
    "drip": Reply(content='{"状态": "正常"}', drip=1.0),
    "drip_head": Reply(content='{"状态": "正常"}', drip=1.0, drip_head=True),
}
FAULT_KINDS = {"html_page": "bad_reply", "no_choices": "bad_reply", "wrong_shape": "bad_reply", "drip": "timeout",
               "drip_head": "timeout"}
