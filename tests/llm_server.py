"""A scripted OpenAI-compatible server on 127.0.0.1: each chat request takes the next reply from
a queue (text, a tool call, an HTTP error, a delay, a usage block), and every request is kept
so that tests can assert what the client sent."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str | None = None
    tool_arguments: str | None = None
    status: int = 200
    retry_after: str | None = None
    delay: float = 0.0
    usage: dict[str, int] | None = None


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

    def _answer(self, request: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        reply = self.replies.pop(0) if self.replies else Reply(status=500, content="script exhausted")
        if reply.delay:
            self.stopping.wait(reply.delay)
        if reply.status != 200:
            headers = {"Retry-After": reply.retry_after} if reply.retry_after else {}
            return reply.status, headers, {"error": {"message": reply.content or f"scripted {reply.status}"}}
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        if reply.tool_arguments is not None:
            name = request.get("tool_choice", {}).get("function", {}).get("name", "submit")
            message["tool_calls"] = [{"id": "call_1", "type": "function",
                                      "function": {"name": name, "arguments": reply.tool_arguments}}]
        body = {"id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 0,
                "model": "scripted-model",
                "choices": [{"index": 0, "message": message,
                             "finish_reason": "tool_calls" if reply.tool_arguments is not None else "stop"}]}
        if reply.usage:
            body["usage"] = reply.usage
        return 200, {}, body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._send(200, {}, {"object": "list", "data": [{"id": "scripted-model", "object": "model"}]})

            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(request)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                self._send(*server._answer(request))

            def _send(self, status: int, headers: dict[str, str], body: dict[str, Any]) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    for key, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (a timeout test)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
