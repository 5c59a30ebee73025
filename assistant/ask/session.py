"""Per-conversation history and follow-up resolution (pure).

A follow-up ("那它的数量指标呢？", "满意度呢？") names no project, unit or year of its own;
it takes them from the previous turn: that turn's items, or the one project its answer
cited, and its units and years. "别的单位" in a later turn leaves out the units asked about
before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.ask.catalog import Catalog
from assistant.ask.models import Answer
from assistant.ask.question import Question, route


@dataclass
class Turn:
    question: Question
    answer: Answer


@dataclass
class Session:
    turns: list[Turn] = field(default_factory=list)

    def record(self, question: Question, answer: Answer) -> None:
        self.turns.append(Turn(question, answer))

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def resolve(self, q: Question, catalog: Catalog) -> Question:
        """The question with what it leaves out taken from the previous turn."""
        last = self.last
        if last is None:
            return q
        q = q.model_copy(deep=True)
        if q.other_units:
            q.exclude_forms = sorted(set(last.question.forms) | {c.form for c in last.answer.citations})
        names_nothing = not (q.items or q.forms or q.years or q.unknown_places)
        implicit = names_nothing and (q.level1 or q.level2) and not (q.phrase or q.ops or q.condition)
        if not (q.follow_up or implicit):
            return q
        if not names_nothing:
            return q
        prev = last.question
        q.follow_up = True
        q.items = list(prev.items) or _single_project(last.answer, catalog)
        q.forms = list(prev.forms)
        q.years = list(prev.years)
        q.year_words = list(prev.year_words)
        if not (q.level1 or q.level2 or q.phrase or q.ops):
            q.level1, q.level2, q.phrase = prev.level1, prev.level2, prev.phrase
        return route(q)


def _single_project(answer: Answer, catalog: Catalog) -> list[str]:
    """The item of the one project an answer cited, if it cited exactly one."""
    projects = {(c.form, c.project, c.group) for c in answer.citations if c.kind == "indicator"}
    if len(projects) != 1:
        return []
    form, project, group = projects.pop()
    for item in catalog.items:
        if item.form == form and item.project == project and (item.kind == "project" or item.group == group):
            return [item.id]
    return []
