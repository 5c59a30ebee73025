"""User-facing errors: a Chinese message that names the file, the line or field, and what to do."""

from __future__ import annotations

from typing import Literal


class UserError(Exception):
    """An error a user reads: `str()` is the Chinese message and what to do; never a traceback."""

    def __init__(self, message: str, *, hint: str | None = None):
        self.message = message
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        return self.user_message()

    def where(self) -> str:
        return ""

    def user_message(self) -> str:
        head = self.where()
        text = f"{head}：{self.message}" if head else self.message
        return f"{text}。{self.hint}" if self.hint else text


class InputError(UserError):
    """Input the tool cannot use, located by file, line and field."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None, hint: str | None = None):
        self.file = file
        self.line = line
        self.field = field
        super().__init__(message, hint=hint)

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"文件 {self.file}")
        if self.line:
            parts.append(f"第 {self.line} 行")
        if self.field:
            parts.append(f"“{self.field}”列")
        return "，".join(parts)


LLMErrorKind = Literal["not_configured", "unreachable", "auth", "not_found", "timeout", "rate_limited",
                       "server_error", "bad_request", "empty", "bad_reply"]


class LLMError(UserError):
    """The LLM endpoint gave no usable reply. `kind` tells the cases apart for callers;
    `detail` keeps the server's own words for logs."""

    def __init__(self, kind: LLMErrorKind, message: str, *, hint: str | None = None,
                 status: int | None = None, detail: str | None = None):
        self.kind = kind
        self.status = status
        self.detail = detail
        super().__init__(message, hint=hint)


class ServiceError(UserError):
    """A service the settings point to (embeddings endpoint, chroma server) cannot be used:
    a Chinese message with what to check, never a traceback."""
