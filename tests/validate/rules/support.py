"""Helpers for rule tests: copies of real corpus forms, safe to change, and their findings."""

from assistant.corpus.schema import Indicator
from assistant.corpus.values import parse_value
from assistant.validate.rules import check_form, check_project


def seed(corpus_forms, prefix: str):
    """A deep copy of the seed form whose id starts with `prefix`."""
    form = next(form for form_id, form in corpus_forms.items() if form_id.startswith(prefix))
    return form.model_copy(deep=True)


def project_named(form, name: str):
    return next(p for p in form.projects if p.name == name)


def indicator_named(project, name: str) -> Indicator:
    return next(ind for ind in project.indicators if ind.name == name)


def remove(project, predicate) -> None:
    for group in project.groups:
        group.indicators = [ind for ind in group.indicators if not predicate(ind)]


def findings(project, form, rule: str, severity: str | None = None):
    """One rule's findings on one project, optionally only those of one severity."""
    return [f for f in check_project(project, form, rules=[rule]) if severity in (None, f.severity)]


def form_findings(form, rule: str):
    return check_form(form, rules=[rule])


def set_value(indicator: Indicator, raw: str) -> None:
    """Change a row's 指标值 as a user would retype it."""
    indicator.value = parse_value(raw, name=indicator.name)


def add_row(project, level1, level2, name, value, group=0) -> Indicator:
    indicator = Indicator.make(level1, level2, name, value, id=f"{project.id}#new{len(project.indicators) + 1}")
    project.groups[group].indicators.append(indicator)
    return indicator


def rules_of(found) -> list[str]:
    return [f.rule for f in found]
