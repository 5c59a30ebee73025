"""A form's money block (`Form.budget`) from what its reader found (pure).

Readers that see a money block laid out by year (seed 001's 年初预算 columns) fill `Form.budget`
themselves; for every other form it is derived here, once, from the amounts the reader already
kept: a whole-unit form's 合计 and its 基本支出 / 项目支出 task rows, or a project form's projects.
"""

from __future__ import annotations

from assistant.corpus.schema import Form, FormBudget

BASIC = "基本支出"
PROJECT = "项目支出"


def form_budget(form: Form) -> list[FormBudget]:
    """The form's budget as given by its reader, else derived from its projects and tasks."""
    if form.budget:
        return form.budget
    if form.kind == "project":
        return _project_form_budget(form)
    if len(form.projects) != 1:
        return []
    unit = form.projects[0]
    money = unit.money
    tasks = {t.name.replace(" ", ""): t.money.total for t in unit.tasks}
    basic, project = tasks.get(BASIC), tasks.get(PROJECT)
    if project is None and basic is not None and money.total is not None:
        # a task table lists 基本支出 as one row and every other row is 项目支出
        project = round(money.total - basic, 2)
    if all(v is None for v in (money.total, money.fiscal, money.other, basic, project)):
        return []
    return [FormBudget(year=form.year, total=money.total, fiscal=money.fiscal, other=money.other, basic=basic,
                       project=project, source=unit.source)]


def _project_form_budget(form: Form) -> list[FormBudget]:
    """A project form's money is its projects' money added up, all of it 项目支出."""
    monies = [p.money for p in form.projects if p.money.total is not None]
    if not monies:
        return []

    def added(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return round(sum(present), 2) if present else None

    total = added([m.total for m in monies])
    return [FormBudget(year=form.year, total=total, fiscal=added([m.fiscal for m in monies]),
                       other=added([m.other for m in monies]), project=total,
                       source=form.projects[0].source)]
