"""Per-conversation history and follow-up resolution (pure).

A follow-up ("那它的数量指标呢？", "满意度呢？") names no project, unit or year of its own;
it takes them from the previous turn: that turn's items, or the one project its answer
cited, and its units and years. "别的单位" in a later turn leaves out the units asked about
before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.ask.catalog import Catalog
from assistant.ask.match import coverage
from assistant.ask.models import Answer
from assistant.ask.query import scoped_rows
from assistant.ask.question import FOLLOW_UP, Question, route


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
        """The question with what it leaves out taken from the previous turn: the scope (units,
        years, items) it does not name, and, when it asks nothing of its own (“那X呢？”, “2019年的
        呢？”), what the previous turn asked."""
        last = self.last
        if last is None:
            return q
        q = q.model_copy(deep=True)
        if q.other_units:
            q.exclude_forms = sorted(set(last.question.forms) | {c.form for c in last.answer.citations})
        names_nothing = not (q.items or q.forms or q.years or q.unknown_places or q.ordinal)
        # a question of a level alone (生态效益指标有几个？ 满意度指标呢？) asks within the scope before
        implicit = names_nothing and (q.level1 or q.level2) and not (q.phrase or q.condition or q.by or q.other_units) \
            and set(q.ops) <= {"count", "list", "max", "min"}
        if not (q.follow_up or implicit or (FOLLOW_UP.search(q.text) and not q.unknown_places)):
            return q
        prev = last.question
        q.follow_up = True
        if not q.forms and not q.items:  # a found answer's rows tell its units; a miss's closest rows do not
            cited = sorted({c.form for c in last.answer.citations}) if last.answer.found else []
            q.forms = list(prev.forms) or cited
        own_years = list(q.years)
        if not q.years:
            q.years, q.year_words = list(prev.years), list(prev.year_words)
        # “那最少的是哪个？” after “…最多的项目是哪个”: the same things asked, the other end
        extremes = {"max", "min"}
        flips = bool(q.ops) and set(q.ops) <= extremes and bool(extremes & set(prev.ops)) and not (
            q.phrase or q.level1 or q.level2 or q.condition or q.money or q.items)
        if flips:
            q.items = _in_years(list(prev.items), own_years, catalog)
        elif not (q.items or q.ordinal is not None or q.text.startswith("其中")):
            # a found answer's one item is what the question was about; a miss's closest rows are not
            single = _single_item(last.answer, catalog) if last.answer.found else []
            if prev.forms and not prev.items:  # a whole-unit form's 职能 its cited row is under was not asked
                single = [i for i in single if (item := catalog.item(i)) is not None and item.kind != "group"]
            q.items = _in_years(list(prev.items) or single, own_years, catalog)
        asks_nothing = not (q.ops or q.level1 or q.level2 or q.condition or q.money)
        # words of its own after a money question ask for an indicator of the same item
        # (…多少钱？ 那它预计献血人数目标是多少？), not that money again
        if flips or asks_nothing and not (q.phrase and prev.target == "items"):
            own_ops = list(q.ops)
            q.ops, q.target, q.money, q.by = list(prev.ops), prev.target, prev.money, prev.by
            if flips:
                q.ops = [op for op in q.ops if op not in extremes] + own_ops
                q.measure, q.measure_word, q.contains = list(prev.measure), prev.measure_word, list(prev.contains)
            q.compare_by = None
            if "count" in q.ops and q.phrase and not prev.phrase.strip() == q.phrase.strip() and _names_one_row(
                    q, catalog):
                q.ops.remove("count")  # 乡村医生补助人数呢 after a count: the one row it names, its value
            # “端午节的呢？” after 春节…标准: the new word in the old name; a name of its own
            # (那乡村医生补助人数呢？ after 村卫生室数) asks that row alone
            if q.phrase and prev.phrase and not _names_one_row(q, catalog):
                q.rest = f"{q.rest} {prev.rest}"
            elif not q.phrase:
                q.level1, q.level2, q.phrase, q.rest = prev.level1, prev.level2, prev.phrase, prev.rest
        return route(q)


def _names_one_row(q: Question, catalog: Catalog) -> bool:
    """Whether the asked words, all of them, are in the name of exactly one row in the question's scope."""
    rows = scoped_rows(q.plan(), catalog, q.years)
    return sum(1 for r in rows if coverage(q.phrase, r["name"]) >= 1.0) == 1


def _in_years(items: list[str], years: list[int], catalog: Catalog) -> list[str]:
    """The items of an earlier turn in the years a follow-up asks (2022年呢？): each item itself when
    of those years, else its namesake of the same unit in them, else none (the unit's forms of those
    years are the scope)."""
    if not years:
        return items
    kept: list[str] = []
    for item in (i for i in map(catalog.item, items) if i is not None):
        if item.year in years or item.year is None:
            kept.append(item.id)
            continue
        unit = catalog.units.get(item.form)
        kept += [other.id for other in catalog.items if other.year in years and other.kind == item.kind
                 and catalog.units.get(other.form) == unit and other.core == item.core]
    return kept


def _single_item(answer: Answer, catalog: Catalog) -> list[str]:
    """The item an answer was about: the one item it cited, or the project of the rows it cited."""
    items = [c.id for c in answer.citations if c.kind in ("project", "task", "group")]
    if len(items) == 1:
        return items
    projects = {(c.form, c.project, c.group) for c in answer.citations if c.kind == "indicator"}
    if len(projects) != 1:
        return []
    form, project, group = projects.pop()
    for item in catalog.items:
        if item.form == form and item.project == project and (item.kind == "project" or item.group == group):
            return [item.id]
    return []
