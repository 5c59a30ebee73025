"""What the validator reports: one `Finding` per problem, located and explained.

Shared by the rule checks, the schema checks of LLM output, the CLI, the drafting
pipeline (which feeds findings back to the LLM) and the web app.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warn", "info"]
Aspect = Literal["完整性", "相关性", "适当性", "可行性"]
SEVERITY_ORDER = {"error": 0, "warn": 1, "info": 2}
SEVERITY_TEXT = {"error": "错误", "warn": "警告", "info": "提示"}


class Finding(BaseModel):
    rule: str = Field(description="rule id from RULES.md (H1 … R1), or SCHEMA for malformed input")
    severity: Severity
    aspect: Aspect
    message: str = Field(description="what is wrong, in plain Chinese")
    suggestion: str | None = Field(default=None, description="what to write instead, where one can be computed")
    project: str | None = Field(default=None, description="project name")
    project_id: str | None = None
    indicator_id: str | None = None
    position: int | None = Field(default=None, description="1-based row of the indicator within its project")
    text: str | None = Field(default=None, description="the offending text")
    field: str | None = Field(default=None, description="schema path for SCHEMA findings, e.g. indicators.3.value")

    def location(self) -> str:
        parts = [self.project or ""]
        if self.position:
            parts.append(f"第{self.position}行")
        return " ".join(p for p in parts if p)

    def row_message(self) -> str:
        """The message with its row in front, once: row rules already open with 第N行“名称”."""
        if not self.position or self.message.startswith(f"第{self.position}行"):
            return self.message
        return f"第{self.position}行：{self.message}"


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _natural(text: str | None) -> tuple[object, ...]:
    # "003/p10" after "003/p2": project ids carry their position as a number.
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text or ""))


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """By project (in form order), row, severity, rule; project-level findings before the rows."""
    return sorted(findings, key=lambda f: (_natural(f.project_id), f.position or 0, SEVERITY_ORDER[f.severity],
                                           f.rule))
