"""The rule registry and what a rule sees.

Each rule of RULES.md is one small function registered by id with `@rule(...)`. A rule
reads a `Scope` (one project: its rows, its indicator tables and the form around it) and
yields `Issue`s; the engine turns them into `Finding`s with the rule's id, severity,
aspect and the row's location, so that every rule reports the same way. An issue may
carry a severity other than the rule's default where RULES.md says so (C3 is
"info / warn") or where the rule lacks the data to judge (then it says so as an info
finding instead of guessing).

Form-scope rules (H3: one layout per form) read every project of the form at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.corpus import levels
from assistant.corpus.schema import Form, Indicator, IndicatorGroup, Project
from assistant.validate.findings import Aspect, Severity


@dataclass(frozen=True)
class Row:
    """An indicator with its 1-based position in the project and the table it sits in."""

    indicator: Indicator
    position: int
    group: IndicatorGroup
    table: int

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def level1(self) -> str | None:
        """The canonical 一级, or None when the row's 一级 is missing or unknown (H1)."""
        value = self.indicator.level1
        if not value or value in levels.HIERARCHY:
            return value or None
        return levels.normalize_level1(value)

    @property
    def level2(self) -> str | None:
        """The canonical 二级, or None when missing or unknown (H2)."""
        value = self.indicator.level2
        if not value or value in levels.LEVEL2_NAMES:
            return value or None
        return levels.normalize_level2(value)

    @property
    def label(self) -> str:
        """How a message names the row: 第3行“设备利用率”."""
        return f"第{self.position}行“{self.indicator.name or '（无名称）'}”"


@dataclass(frozen=True)
class Table:
    """One indicator table: a whole project, or one 职能 / 目标 group of a whole-unit form."""

    title: str
    rows: list[Row]
    is_group: bool = False

    @property
    def label(self) -> str:
        return f"分组“{self.title}”" if self.is_group else "指标表"


@dataclass(frozen=True)
class Scope:
    project: Project
    form: Form
    rows: list[Row]
    tables: list[Table]

    @property
    def is_project_form(self) -> bool:
        return self.form.kind == "project"

    @property
    def year(self) -> int:
        """The year the form is for (this year when it says none): examples of deadlines use it."""
        return self.form.year or date.today().year

    def deadline_example(self) -> str:
        return f"{self.year}年12月底前"


@dataclass(frozen=True)
class Issue:
    """What a rule found; the engine adds the rule's id, severity, aspect and the location."""

    message: str
    row: Row | None = None
    suggestion: str | None = None
    severity: Severity | None = None
    text: str | None = None
    scope: Scope | None = None  # form-scope rules say which project the issue belongs to


@dataclass(frozen=True)
class RuleSpec:
    id: str
    severity: Severity
    aspect: Aspect
    title: str
    source: str
    scope: Literal["project", "form"] = "project"
    check: Callable[[Any], Iterable[Issue]] = field(repr=False, compare=False, default=lambda _: ())

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()


RULES: dict[str, RuleSpec] = {}


def rule(id: str, *, severity: Severity, aspect: Aspect, title: str, source: str,
         scope: Literal["project", "form"] = "project") -> Callable[[Callable], Callable]:
    """Register a rule function under its RULES.md id. Project rules take a `Scope`, form rules a list."""

    def register(fn: Callable) -> Callable:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        RULES[id] = RuleSpec(id=id, severity=severity, aspect=aspect, title=title, source=source, scope=scope,
                             check=fn)
        return fn

    return register
