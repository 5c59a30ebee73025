"""Suggestions for a half-filled form: which required 二级 are missing, and concrete rows for each.

    for s in suggest(form, index):
        s.level2, s.reason, [(r.name, r.value, r.sources) for r in s.rows]
    suggest(project, index, phrase=functools.partial(phrase_with_llm, model=model))

What is missing comes from the validator's completeness rules (C1 a missing 产出 / 效益 /
满意度, C2 a missing 数量 / 质量 / 时效 / 成本 / 社会效益, C3 a required 二级 filled with
不适用), read from their findings, never re-derived here. The rows come from the offline
engine's slot filling on the project's own text: similar past rows with their sources,
values adapted to the project, the built-in library where the corpus has nothing, all through the
same relevance gate (`sector_gate`): another sector's row is never suggested.
`phrase(project, suggestions) -> suggestions` is the hook for an LLM to reword the rows
for this project; without it nothing calls an LLM.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from assistant.corpus import levels
from assistant.corpus.schema import Form, Project
from assistant.draft.models import DraftRequest, DraftRow, is_placeholder
from assistant.draft.offline import Slot, candidate_pool, fill_slot, task_gate
from assistant.draft.retrieve import retrieve
from assistant.index.retriever import Retriever
from assistant.validate.findings import Finding
from assistant.validate.rules import check_project
from assistant.validate.rules.kinds import OUTPUT_PARTS

Phrase = Callable[[Project, list["Suggestion"]], list["Suggestion"]]

_ROWS = (2, 3)  # concrete rows per missing 二级
_WHOLE_LEVEL = {  # the 二级 that stand for a missing 一级 (C1)
    levels.OUTPUT: OUTPUT_PARTS,
    levels.BENEFIT: (levels.SOCIAL,),
    levels.SATISFACTION: (levels.SERVICE_SATISFACTION,),
}


class Suggestion(BaseModel):
    project: str = Field(description="project name")
    level1: str
    level2: str
    reason: str = Field(description="why it is suggested, in Chinese (the validator's words)")
    rows: list[DraftRow] = Field(default_factory=list)


def missing_level2(project: Project) -> list[tuple[str, str, str]]:
    """(一级, 二级, reason) for each required 二级 the project lacks, from the C1–C3 findings."""
    findings = check_project(project, rules=["C1", "C2", "C3"])
    by_id = {ind.id: ind for ind in project.indicators if ind.id}
    missing: dict[str, tuple[str, str, str]] = {}

    def add(level2: str, finding: Finding) -> None:
        level1 = levels.parent_of(level2) or ""
        missing.setdefault(level2, (level1, level2, finding.message))

    for f in findings:
        if f.rule == "C1" and f.text in _WHOLE_LEVEL and f.severity == "error":
            for level2 in _WHOLE_LEVEL[f.text]:
                add(level2, f)
        elif f.rule == "C2" and f.text == levels.BENEFIT:
            add(levels.SOCIAL, f)
        elif f.rule == "C2" and f.text:
            for level2 in f.text.split("、"):
                if level2 in (*OUTPUT_PARTS, levels.UNIT_COST):
                    add(level2, f)
        elif f.rule == "C3" and f.severity != "info" and f.indicator_id in by_id:
            flagged = by_id[f.indicator_id].level2
            if flagged:
                add(flagged, f)
    order = [*OUTPUT_PARTS, levels.UNIT_COST, levels.SOCIAL, levels.SUSTAINABLE, levels.SERVICE_SATISFACTION]
    return sorted(missing.values(), key=lambda m: order.index(m[1]) if m[1] in order else len(order))


def _request(project: Project, year: int | None) -> DraftRequest:
    content = "\n".join(p for p in (project.content, project.annual_goal) if p and p != project.name)
    return DraftRequest(name=project.name or "未命名项目", content=content, budget=project.money.total, year=year)


def suggest_project(project: Project, index: Retriever, *, phrase: Phrase | None = None,
                    year: int | None = None) -> list[Suggestion]:
    """Suggestions for one project (its own rows are left out of retrieval: they are what it lacks).
    `year`, the form's, moves the years of copied deadlines to it."""
    gaps = missing_level2(project)
    if not gaps:
        return []
    request = _request(project, year)
    gate = task_gate(request, index)
    retrieval = retrieve(request, index, exclude_projects=[project.id] if project.id else (), prefer_group=gate.group)
    pool = candidate_pool(request, retrieval, gate)
    existing = [DraftRow(level1=i.level1 or "", level2=i.level2 or "", name=i.name, value=i.value.raw)
                for i in project.indicators]
    suggestions = []
    for level1, level2, reason in gaps:
        rows, _ = fill_slot(Slot(level1, (level2,), *_ROWS), pool, existing)
        rows = [r for r in rows if not is_placeholder(r)]  # a suggestion is a row to add, not a gap to fill
        existing += rows
        suggestions.append(Suggestion(project=project.name, level1=level1, level2=level2, reason=reason, rows=rows))
    return phrase(project, suggestions) if phrase else suggestions


def suggest(target: Form | Project, index: Retriever, *, phrase: Phrase | None = None,
            year: int | None = None) -> list[Suggestion]:
    """Suggestions for every project of a form (in the form's year), or for one project (in `year`)."""
    projects = target.projects if isinstance(target, Form) else [target]
    year = target.year if isinstance(target, Form) else year
    return [s for project in projects for s in suggest_project(project, index, phrase=phrase, year=year)]
