"""The typed query plan (pure): what a question asks, as data the executor runs.

The rules fill a plan from the question (`question.parse_question`); with an LLM configured,
the model may fill the same plan by function calling (`llm_plan.plan_by_model`). Either way the
plan is executed by code (`query.execute`), so every number in an answer comes from the data.
A plan names entities by the catalog's own names; `check_plan` refuses one that names anything
the catalog does not hold.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.ask.catalog import Catalog

Op = Literal["lookup", "list", "count", "sum", "compare", "extreme", "filter"]
Over = Literal["indicators", "projects", "forms"]
MoneyField = Literal["total", "fiscal", "other", "basic", "project"]
CompareBy = Literal["items", "years", "forms", "rows"]

MONEY_FIELD_TEXT: dict[str, str] = {"total": "合计", "fiscal": "财政拨款", "other": "其他资金", "basic": "基本支出",
                                    "project": "项目支出"}


class Condition(BaseModel):
    comparator: Literal["<", "≤", ">", "≥", "="]
    number: float
    unit: str | None = None
    text: str

    def holds(self, number: float | None) -> bool:
        if number is None:
            return False
        return {"<": number < self.number, "≤": number <= self.number, ">": number > self.number,
                "≥": number >= self.number, "=": number == self.number}[self.comparator]


class Plan(BaseModel):
    op: Op = Field(default="lookup", description="lookup: a value; list/filter: rows or items; count; sum of money; "
                                                 "compare: two named things; extreme: the highest or lowest")
    over: Over = Field(default="indicators", description="indicator rows, projects (projects, budget tasks, "
                                                         "职能 groups) or forms (a form's money block)")
    years: list[int] = Field(default_factory=list)
    forms: list[str] = Field(default_factory=list, description="form ids the question is limited to")
    sector: str | None = None
    items: list[str] = Field(default_factory=list, description="ids of the projects/tasks/groups named")
    exclude_items: list[str] = Field(default_factory=list, description="“除了X”: items left out")
    indicators: list[str] = Field(default_factory=list, description="indicator names as the catalog writes them")
    phrase: str = Field(default="", description="the question's words that may name an indicator (scored, not required)")
    contains: list[str] = Field(default_factory=list, description="“带X的”: names that hold one of these words")
    level1: str | None = None
    level2: str | None = None
    condition: Condition | None = None
    measure: list[str] = Field(default_factory=list, description="“按平方米计 / 面积最大”: the units the rows are "
                                                                 "measured in (平方米, 亩 …); rows in others are left out")
    money: MoneyField | None = Field(default=None, description="the amount asked: a project's or a form's")
    highest: bool = True
    compare_by: CompareBy | None = Field(default=None, description="what is compared: two items, years, units, or "
                                                                "two indicator rows of one form (named in `indicators`)")
    by: Literal["project", "unit"] | None = Field(default=None, description="“哪些项目 / 哪些单位” lists")
    exclude_forms: list[str] = Field(default_factory=list, description="“别的单位”: the units asked about before")
    ordinal: int | None = Field(default=None, description="“第二个项目”: the item at that place in its form")

    @property
    def asks_money(self) -> bool:
        return self.money is not None or self.op == "sum"


def check_plan(plan: Plan, catalog: Catalog) -> list[str]:
    """What a plan names that the catalog does not hold (empty: the plan may run)."""
    problems = []
    form_ids = {f.id for f in catalog.forms}
    problems += [f"表“{f}”不在语料库中" for f in plan.forms + plan.exclude_forms if f not in form_ids]
    item_ids = {i.id for i in catalog.items}
    problems += [f"项目“{i}”不在语料库中" for i in plan.items + plan.exclude_items if i not in item_ids]
    names = {r["name"] for r in catalog.records}
    problems += [f"指标“{n}”不在语料库中" for n in plan.indicators if n not in names]
    known_years = set(catalog.years)
    problems += [f"{y}年不在语料库中" for y in plan.years if y not in known_years]
    if plan.sector and plan.sector not in {f.sector for f in catalog.forms}:
        problems.append(f"行业“{plan.sector}”不在语料库中")
    return problems
