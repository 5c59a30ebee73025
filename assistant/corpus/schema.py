"""The canonical form schema. Every importer produces a `Form`; every other part reads one.

Ids are stable so that drafts and answers can cite a row: a form's id is its source
file's stem, a project's id adds its position, an indicator's id adds its source line
(`003_1c981b526f6e6f3d#L45`) or, where there is no line, its position in the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer

from assistant.corpus.values import Value, parse_value

FormKind = Literal["project", "whole_unit", "self_evaluation"]
GroupKind = Literal["project", "unit", "function", "goal"]

FORM_KIND_TEXT = {"project": "项目支出绩效目标表", "whole_unit": "部门（单位）整体支出绩效目标表",
                  "self_evaluation": "绩效目标自评表"}


class SourceRef(BaseModel):
    file: str
    line: int | None = Field(default=None, description="1-based line (text) or row (csv/xlsx)")
    sheet: str | None = None

    def label(self) -> str:
        where = f"第{self.line}行" if self.line else ""
        sheet = f"[{self.sheet}]" if self.sheet else ""
        return f"{self.file}{sheet}{where}"


class Inference(BaseModel):
    """A field the parser filled in rather than read, and why."""

    field: Literal["level1", "level2", "value", "name", "group"]
    value: str
    confidence: float
    reason: str


class Review(BaseModel):
    """A hand fix made after comparing the parse with the source (never silent)."""

    note: str
    fields: list[str] = Field(default_factory=list)
    original: dict[str, Any] = Field(default_factory=dict)


class Indicator(BaseModel):
    id: str = ""
    level1: str | None = None
    level2: str | None = None
    level1_raw: str = ""
    level2_raw: str = ""
    name: str
    name_raw: str = ""
    value: Value
    basis: str | None = Field(default=None, description="指标值设定依据 / 绩效标准")
    history: dict[str, str] = Field(default_factory=dict, description="earlier values by column, e.g. 2019年")
    source: SourceRef | None = None
    inferred: list[Inference] = Field(default_factory=list)
    review: Review | None = None
    # An approved draft's row keeps what it was drafted from (the cited corpus rows, as
    # `DraftSource` dicts) and the error-level findings it was approved with; such a row feeds
    # later drafts only when the approver said so (`feeds_drafts`).
    draft_sources: list[dict[str, Any]] = Field(default_factory=list)
    approved_errors: list[str] = Field(default_factory=list)
    feeds_drafts: bool = True

    @model_serializer(mode="wrap")
    def _without_approval_defaults(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Forms that never were drafts (every shipped form) serialise exactly as before.
        data: dict[str, Any] = handler(self)
        for key in ("draft_sources", "approved_errors"):
            if not data.get(key, True):
                data.pop(key, None)
        if data.get("feeds_drafts") is True:
            data.pop("feeds_drafts")
        return data

    @classmethod
    def make(cls, level1: str | None, level2: str | None, name: str, value: str, **kw: Any) -> Indicator:
        return cls(level1=level1, level2=level2, level1_raw=level1 or "", level2_raw=level2 or "", name=name,
                   name_raw=name, value=parse_value(value, name=name), **kw)

    def inferred_fields(self) -> set[str]:
        return {inf.field for inf in self.inferred}


class IndicatorGroup(BaseModel):
    kind: GroupKind = "project"
    title: str = ""
    indicators: list[Indicator] = Field(default_factory=list)


class Money(BaseModel):
    """Amounts in 万元; `unit_raw` records 元 when the source was in 元 (numbers are converted)."""

    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    period_total: float | None = Field(default=None, description="实施期金额 where it differs from the year's")
    unit_raw: Literal["万元", "元"] = "万元"


class FormBudget(BaseModel):
    """A form's money block for one year, in 万元: what a whole-unit form's header or task table, a
    self-evaluation's 年初预算 columns, or a project form's projects add up to. `total` is the
    合计 / 年度资金总额; `basic` and `project` are 基本支出 and 项目支出 where the form tells them apart."""

    year: int | None = None
    total: float | None = None
    fiscal: float | None = Field(default=None, description="财政拨款")
    other: float | None = Field(default=None, description="其他资金")
    basic: float | None = Field(default=None, description="基本支出")
    project: float | None = Field(default=None, description="项目支出")
    source: SourceRef | None = None


class BudgetTask(BaseModel):
    """One row of a whole-unit form's task table (任务名称 / 主要内容 / 金额)."""

    name: str
    content: str = ""
    money: Money = Field(default_factory=Money)
    source: SourceRef | None = None
    review: Review | None = None


class Project(BaseModel):
    id: str = ""
    name: str
    content: str = Field(default="", description="主要内容 / 实施期目标")
    annual_goal: str = Field(default="", description="年度目标")
    period: str | None = None
    attribute: str | None = Field(default=None, description="项目属性: 新增项目 / 延续项目 …")
    money: Money = Field(default_factory=Money)
    supervisor: str | None = None
    implementer: str | None = None
    tasks: list[BudgetTask] = Field(default_factory=list)
    groups: list[IndicatorGroup] = Field(default_factory=list)
    source: SourceRef | None = None

    @property
    def indicators(self) -> list[Indicator]:
        return [ind for group in self.groups for ind in group.indicators]

    def text(self) -> str:
        """Everything that says what the project does (for relevance and retrieval)."""
        parts = [self.name, self.content, self.annual_goal] + [f"{t.name} {t.content}" for t in self.tasks]
        return "\n".join(p for p in parts if p)


# A form id names files (forms/<id>.json, raw/<id>.txt): letters, digits, CJK, "_" and "-" only, so
# no id can point outside the corpus folder.
FORM_ID = re.compile(r"^[0-9A-Za-z_\u4e00-\u9fff][0-9A-Za-z_\-\u4e00-\u9fff]{0,99}$")


def safe_form_id(stem: str) -> str:
    """A form id from a file's name: characters outside the safe set become "_"."""
    cleaned = re.sub(r"[^0-9A-Za-z_\-\u4e00-\u9fff]", "_", stem).lstrip("-_")[:100]
    return cleaned or "form"


class Provenance(BaseModel):
    """Where a shipped form was published, and when it was taken."""

    url: str
    retrieved: str = Field(description="ISO date the page was stored")
    note: str = ""


class Form(BaseModel):
    id: str
    kind: FormKind
    title: str = ""
    year: int | None = None
    unit: str | None = Field(default=None, description="单位名称 / 部门名称 / 预算部门")
    supervisor: str | None = Field(default=None, description="主管部门")
    region: str | None = None
    source_file: str = ""
    functions: list[str] = Field(default_factory=list, description="部门职能概述, numbered items")
    goals: dict[str, str] = Field(default_factory=dict, description="年度总体目标, 长期目标 … by heading")
    projects: list[Project] = Field(default_factory=list)
    budget: list[FormBudget] = Field(default_factory=list, description="the form's money block, one per year given")
    notes: list[str] = Field(default_factory=list, description="what the importer could not read, and hand fixes")
    sector: str | None = Field(default=None, description="a sector of assistant/data/sectors.json")
    provenance: Provenance | None = None

    def iter_indicators(self) -> Iterator[tuple[Project, IndicatorGroup, Indicator]]:
        for project in self.projects:
            for group in project.groups:
                for indicator in group.indicators:
                    yield project, group, indicator

    def assign_ids(self) -> Form:
        """Fill empty ids from the form id, project position and source line."""
        seen: set[str] = set()
        for p_index, project in enumerate(self.projects, start=1):
            project.id = project.id or f"{self.id}/p{p_index}"
            for position, indicator in enumerate(project.indicators, start=1):
                if not indicator.id:
                    line = indicator.source.line if indicator.source else None
                    indicator.id = f"{self.id}#L{line}" if line else f"{project.id}#r{position}"
                while indicator.id in seen:
                    indicator.id += "b"
                seen.add(indicator.id)
        return self
