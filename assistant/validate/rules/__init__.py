"""The validator: every rule of RULES.md as code, on a valid `Form` or a single `Project`.

    findings = check_form(form)                 # all rules, sorted
    findings = check_form(form, rules=["K1"])   # a subset
    findings = check_project(project, form)     # one (drafted) project

Pure: data in, findings out. Each rule family lives in its own module and registers its
rules in `RULES` on import (hierarchy H1–H3, completeness C1–C3, names N1–N2, values
Q1–Q4 S1 T1 D1 B1, money K1–K2, relevance R1).

Indicator tables: a project is one table, except a whole-unit form whose indicators are
grouped by 职能 or 目标 (seeds 001, 004): there each group is a table of its own, so C1
and N2 look at each group (a function's table without 满意度 is a gap even when another
function has one; the same name in two functions is not a duplicate).
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.corpus.schema import Form, Project
from assistant.errors import InputError
from assistant.validate.findings import Finding, sort_findings
from assistant.validate.rules import (  # noqa: F401  (importing a rule module registers its rules)
    completeness,
    hierarchy,
    money,
    name_rules,
    relevance,
    value_rules,
)
from assistant.validate.rules.registry import RULES, Issue, Row, RuleSpec, Scope, Table

__all__ = ["RULES", "RuleSpec", "check_form", "check_project", "scope_of", "select_rules"]

_GROUP_KINDS = ("function", "goal")


def scope_of(project: Project, form: Form | None = None) -> Scope:
    """The rows of a project with their positions, and its indicator tables."""
    form = form or Form(id=project.id or "draft", kind="project", projects=[project])
    grouped = len(project.groups) > 1 and any(g.kind in _GROUP_KINDS for g in project.groups)
    rows: list[Row] = []
    tables: list[Table] = []
    for group in project.groups:
        table_rows = []
        for indicator in group.indicators:
            row = Row(indicator=indicator, position=len(rows) + 1, group=group,
                      table=len(tables) if grouped else 0)
            rows.append(row)
            table_rows.append(row)
        if grouped:
            tables.append(Table(title=group.title, rows=table_rows, is_group=True))
    if not grouped:
        tables.append(Table(title=project.name, rows=rows))
    return Scope(project=project, form=form, rows=rows, tables=tables)


def select_rules(ids: Iterable[str] | None) -> list[RuleSpec]:
    if ids is None:
        return list(RULES.values())
    wanted = [i.strip().upper() for i in ids if i and i.strip()]
    unknown = [i for i in wanted if i not in RULES]
    if unknown:
        raise InputError(f"未知的规则编号：{'、'.join(unknown)}", field="规则",
                         hint=f"可选：{'、'.join(RULES)}")
    return [RULES[i] for i in wanted]


def _to_finding(spec: RuleSpec, scope: Scope, issue: Issue) -> Finding:
    scope = issue.scope or scope
    row = issue.row
    indicator = row.indicator if row else None
    return Finding(
        rule=spec.id, severity=issue.severity or spec.severity, aspect=spec.aspect, message=issue.message,
        suggestion=issue.suggestion, project=scope.project.name, project_id=scope.project.id or None,
        indicator_id=(indicator.id or None) if indicator else None, position=row.position if row else None,
        text=issue.text if issue.text is not None else (indicator.name if indicator else None),
    )


def _run(scopes: list[Scope], specs: list[RuleSpec]) -> list[Finding]:
    findings: list[Finding] = []
    for spec in specs:
        if spec.scope == "form":
            findings += [_to_finding(spec, scopes[0], issue) for issue in spec.check(scopes)] if scopes else []
            continue
        for scope in scopes:
            findings += [_to_finding(spec, scope, issue) for issue in spec.check(scope)]
    return sort_findings(findings)


def check_form(form: Form, *, rules: Iterable[str] | None = None) -> list[Finding]:
    """All rules (or the given rule ids) on every project of a valid Form, sorted by project and row."""
    specs = select_rules(rules)
    if not form.projects and any(spec.id == "C1" for spec in specs):
        c1 = RULES["C1"]
        return [Finding(rule=c1.id, severity=c1.severity, aspect=c1.aspect, message="表中没有任何项目，也就没有绩效指标",
                        suggestion="至少填写一个项目及其产出、效益、满意度指标")]
    return _run([scope_of(project, form) for project in form.projects], specs)


def check_project(project: Project, form: Form | None = None, *,
                  rules: Iterable[str] | None = None) -> list[Finding]:
    """The same checks on one project (the drafting pipeline checks a single drafted project)."""
    return _run([scope_of(project, form)], select_rules(rules))
