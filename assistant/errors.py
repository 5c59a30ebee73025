"""User-facing errors: a Chinese message that names the file, the line or field, and what to do."""

from __future__ import annotations

from typing import Literal


class InputError(Exception):
    """Input the tool cannot use. `str()` gives the message a user sees; never a traceback."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None, hint: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        return self.user_message()

    def user_message(self) -> str:
        where = []
        if self.file:
            where.append(f"文件 {self.file}")
        if self.line:
            where.append(f"第 {self.line} 行")
        if self.field:
            where.append(f"“{self.field}”列")
        head = "，".join(where)
        text = f"{head}：{self.message}" if head else self.message
        if self.hint:
            text += f"。{self.hint}"
        return text


LLMErrorKind = Literal["not_configured", "unreachable", "auth", "not_found", "timeout", "rate_limited", "server_error",
                       "bad_request", "empty", "bad_reply"]


class LLMError(Exception):
    """The LLM endpoint could not give a usable reply. `str()` is the Chinese message a user sees;
    `kind` lets callers tell the cases apart, `detail` keeps the server's own words for logs."""

    def __init__(self, kind: LLMErrorKind, message: str, *, hint: str | None = None,
                 status: int | None = None, detail: str | None = None):
        self.kind = kind
        self.message = message
        self.hint = hint
        self.status = status
        self.detail = detail
        super().__init__(message)

    def __str__(self) -> str:
        return self.user_message()

    def user_message(self) -> str:
        return f"{self.message}。{self.hint}" if self.hint else self.message
