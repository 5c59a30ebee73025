"""What drafting takes and gives: a `DraftRequest` in, a `Draft` out.

Every drafted row says where it came from (`sources`): the corpus rows it was drawn
from, the rule that adapted its value, or the built-in library entry. Citations are
data computed by the engines, never parsed back out of LLM text.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from assistant.corpus.schema import Form, Indicator, IndicatorGroup, Money, Project
from assistant.errors import UserError
from assistant.llm.seam import Usage
from assistant.validate.findings import Finding

Engine = Literal["offline", "llm"]
Why = Literal["retrieved", "adapted", "rule", "library", "example", "user", "previous"]

WHY_TEXT = {
    "retrieved": "取自相似项目的同类指标",
    "adapted": "按本项目情况调整了指标值",
    "rule": "按审核规则补充",
    "library": "取自内置常用指标库",
    "example": "大模型参考的示例行",
    "user": "用户填写或修改",
    "previous": "上年同项目",
}


class DraftRequest(BaseModel):
    """A new budget task, as the user describes it."""

    name: str = Field(min_length=1, description="项目名称")
    content: str = Field(default="", description="主要内容 / 年度目标")
    budget: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="预算金额（万元）")
    year: int | None = None
    unit: str | None = Field(default=None, description="单位名称")
    sector: str | None = Field(default=None, description="项目类型，如 购置、培训、会议、建设、补助、服务、宣传")
    # The rest of the 项目支出绩效目标表 header: what the user states, carried to every export.
    supervisor: str | None = Field(default=None, description="主管部门")
    implementer: str | None = Field(default=None, description="实施单位")
    attribute: str | None = Field(default=None, description="项目属性，如 新增项目、延续项目")
    period: str | None = Field(default=None, description="实施期")
    fiscal: float | None = Field(default=None, ge=0, description="财政拨款（万元）")
    other: float | None = Field(default=None, ge=0, description="其他资金（万元）")


REQUEST_FIELDS = {"name": "项目名称", "content": "主要内容", "budget": "预算金额（万元）", "year": "年度",
                  "unit": "单位名称", "sector": "项目类型", "supervisor": "主管部门", "implementer": "实施单位",
                  "attribute": "项目属性", "period": "实施期", "fiscal": "财政拨款（万元）", "other": "其他资金（万元）"}


def build_request(labels: dict[str, str] | None = None, **values: Any) -> DraftRequest:
    """A DraftRequest from what a user typed, or a `UserError` in Chinese naming the field; `labels`
    say how the caller's screen names each field (e.g. the CLI's option names)."""
    labels = {**REQUEST_FIELDS, **(labels or {})}
    if not str(values.get("name") or "").strip():
        raise UserError(f"{labels['name']}是空的", hint="请写出项目名称，如“全科医生规范化培训”")
    try:
        return DraftRequest(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = labels.get(str(first["loc"][0]), str(first["loc"][0]))
        if first["type"] == "finite_number":
            raise UserError(f"{field}“{first['input']}”不是有限的数", hint="请填写本项目的预算金额，单位万元，如 120") from None
        if first["type"] == "greater_than_equal":
            raise UserError(f"{field}不能是负数（现为 {first['input']:g}）",
                            hint="请填写金额，单位万元，如 120") from None
        raise UserError(f"{field}的值“{first['input']}”无法使用", hint="请按说明重新填写") from None


class DraftSource(BaseModel):
    """One reason a drafted row exists."""

    why: Why
    id: str | None = Field(default=None, description="corpus indicator id, e.g. 003_1c981b526f6e6f3d#L159")
    form: str | None = None
    project: str | None = None
    name: str | None = None
    value: str | None = None
    note: str = ""

    def label(self) -> str:
        """The source as a reader sees it: the cited row (its project, name, value and id), or why the row is there."""
        if self.id:
            value = f" {self.value}" if self.value else ""
            cited = f"{self.project or self.form}：{self.name or ''}{value}〔{self.id}〕"
            return f"上年同项目 {cited}" if self.why == "previous" else cited
        if self.why == "rule":
            return f"规则 {self.note}".strip()
        if self.why == "library":
            return f"常用指标库 {self.note}".strip()
        if self.why == "previous":
            return f"上年同项目 {self.note}".strip()
        if self.why == "user":
            return f"用户填写 {self.note}".strip()
        return self.note or WHY_TEXT[self.why]


class DraftRow(BaseModel):
    level1: str
    level2: str
    name: str
    value: str
    basis: str | None = None
    sources: list[DraftSource] = Field(default_factory=list)
    needs_review: bool = False
    note: str = ""

    def to_indicator(self, position: int, form_id: str = "draft") -> Indicator:
        return Indicator.make(self.level1, self.level2, self.name, self.value, id=f"{form_id}#r{position}",
                              basis=self.basis)


class Draft(BaseModel):
    request: DraftRequest
    rows: list[DraftRow] = Field(default_factory=list)
    engine: Engine
    model: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    timing: dict[str, float] = Field(default_factory=dict, description="seconds per stage: retrieve, generate, check…")
    attempts: int = 1
    usage: Usage = Field(default_factory=Usage)
    error: str | None = Field(default=None, description="Chinese message when the engine failed; input is kept")
    notes: list[str] = Field(default_factory=list)
    goal: str = Field(default="", description="年度绩效目标: 目标1、目标2… drafted from the content and the rows")
    base: str | None = Field(default=None, description="the earlier year's project the rows start from, when one did")

    def to_project(self) -> Project:
        req = self.request
        indicators = [row.to_indicator(k) for k, row in enumerate(self.rows, start=1)]
        return Project(id="draft/p1", name=req.name, content=req.content, annual_goal=self.goal or req.content,
                       period=req.period, attribute=req.attribute, supervisor=req.supervisor,
                       implementer=req.implementer or req.unit,
                       money=Money(total=req.budget, fiscal=req.fiscal, other=req.other),
                       groups=[IndicatorGroup(kind="project", title=req.name, indicators=indicators)])

    def to_form(self, form_id: str = "draft") -> Form:
        project = self.to_project()
        project.id = f"{form_id}/p1"
        for k, ind in enumerate(project.indicators, start=1):
            ind.id = f"{form_id}#r{k}"
        return Form(id=form_id, kind="project", title=f"{self.request.name} 绩效目标表", year=self.request.year,
                    unit=self.request.unit, supervisor=self.request.supervisor, source_file=f"draft:{form_id}",
                    projects=[project])


PLACEHOLDER = "待补充"


def placeholder_row(level1: str, level2: str) -> DraftRow:
    """A marked row to fill: neither the corpus nor the library has a fitting row for this 二级, and a
    row of another sector would be worse than none."""
    note = f"语料和常用指标库中都没有适合本项目的{level2}，请按本项目实际补充指标名称和指标值"
    return DraftRow(level1=level1, level2=level2, name=f"{PLACEHOLDER}（{level2}）", value=PLACEHOLDER, needs_review=True,
                    note=note,
                    sources=[DraftSource(why="rule", note=f"占位行：{note}")])


def is_placeholder(row: DraftRow) -> bool:
    return row.name.startswith(PLACEHOLDER) and row.value == PLACEHOLDER
