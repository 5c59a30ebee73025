"""User-facing errors: a Chinese message that names the file, the line or field, and what to do."""

from __future__ import annotations


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


class ServiceError(InputError):
    """A service the settings point to (embeddings endpoint, chroma server, LLM) cannot be used.

    A subclass of InputError so that every caller that shows input errors to a user
    shows this one the same way: a Chinese message with what to check, never a traceback.
    """
