"""What an answer is: the text and the rows it cites, as data.

Citations are the rows the query or the retrieval returned; they are never parsed back
out of LLM text. `kind` tells an indicator row from a project, a budget task or a group
(a whole-unit form's 职能 / 目标), so a caller can show each where it lives.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AskPath = Literal["retrieval", "query"]
CitationKind = Literal["indicator", "project", "task", "group", "budget"]


class Citation(BaseModel):
    id: str = Field(description="indicator id (003_…#L159) or item id (…/p7, …/p1/t3, …/p1/g2)")
    kind: CitationKind = "indicator"
    form: str
    year: int | None = None
    unit: str | None = None
    project: str = Field(description="the project the row belongs to (for a task or group: its form's project)")
    group: str | None = None
    level1: str | None = None
    level2: str | None = None
    name: str = Field(description="三级指标, or the task / project / group name")
    value: str = Field(default="", description="指标值 as written, or the amount as “150万元”")
    source: str | None = Field(default=None, description="raw/<file>第N行")


class Answer(BaseModel):
    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    path: AskPath
    found: bool
    closest: bool = Field(default=False, description="the citations are the closest rows, not the answer")
    writer: Literal["template", "llm"] = "template"
    notes: list[str] = Field(default_factory=list, description="what the answerer decided or could not do")
    dropped_numbers: list[str] = Field(default_factory=list,
                                       description="numbers the check removed from an LLM answer")

    def table_text(self) -> str:
        """The cited rows as plain lines, one per row, for a terminal."""
        lines = []
        for c in self.citations:
            where = "／".join(p for p in (str(c.year or ""), c.unit or "", c.project,
                                          c.group if c.group and c.group != c.project else "") if p)
            level = "／".join(p for p in (c.level1, c.level2) if p)
            head = f"{level}｜" if level else ""
            value = f"：{c.value}" if c.value else ""
            lines.append(f"- {head}{c.name}{value}（{where}；{c.source or c.id}）")
        return "\n".join(lines)
