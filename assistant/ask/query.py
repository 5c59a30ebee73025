"""The structured query over the canonical corpus (pure): filter indicator rows or items by
the question's years, units, items, levels, phrase and value condition, then count, sum,
sort or group them. Counting is done here on the data, never by a model."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from assistant.ask.catalog import Catalog, Item
from assistant.ask.question import Question, phrase_score
from assistant.corpus import levels
from assistant.corpus.folder import IndicatorRecord

PHRASE_MIN = 0.6
"""Share of a phrase's character pairs an indicator name must hold to count as naming it."""
WHOLE = 1.0
"""When some names hold the whole phrase, only those answer it (近似的名称 are not what was asked)."""

Record = IndicatorRecord
T = TypeVar("T")


@dataclass
class Result:
    rows: list[Record] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows and not self.items


def item_filter(q: Question, catalog: Catalog) -> Callable[[Record], bool]:
    """Whether an indicator row belongs to the items the question names (all rows when none)."""
    chosen = [item for item in map(catalog.item, q.items) if item is not None]
    if not chosen:
        return lambda r: True

    def belongs(r: Record) -> bool:
        for item in chosen:
            if item.kind == "project" and r["project_id"] == item.id:
                return True
            if item.kind == "group" and r["project_id"] == item.project_id and r["group"] == item.group:
                return True
            # a budget task has no rows of its own: its form's unit-wide table is the nearest
            if item.kind == "task" and r["form"] == item.form and phrase_score(item.core, r["name"]) >= PHRASE_MIN:
                return True
        return False

    return belongs


def level_matches(r: Record, level1: str | None, level2: str | None) -> bool:
    if level1 and r["level1"] != level1:
        return False
    if level2 and r["level2"] != level2:
        # 成本指标 is a 一级 in 2021+ forms and a 二级 under 产出 in older ones
        return level2 == levels.UNIT_COST and r["level1"] == levels.COST
    return True


def select_rows(q: Question, catalog: Catalog, *, years: Iterable[int] | None = None,
                use_phrase: bool = True) -> list[Record]:
    """Indicator rows that meet every filter of the question, in form and line order."""
    years = list(q.years if years is None else years)
    belongs = item_filter(q, catalog)
    rows = []
    for r in catalog.records:
        if years and r["year"] not in years:
            continue
        if (q.forms and r["form"] not in q.forms) or r["form"] in q.exclude_forms:
            continue
        if not belongs(r) or not level_matches(r, q.level1, q.level2):
            continue
        if q.condition and not _value_meets(r, q):
            continue
        rows.append(r)
    return naming(rows, q.phrase) if use_phrase and q.phrase else rows


def naming(rows: list[Record], phrase: str) -> list[Record]:
    """The rows whose names hold the phrase: all of it when any name does, else most of it."""
    scores = [phrase_score(phrase, r["name"]) for r in rows]
    floor = WHOLE if scores and max(scores) >= WHOLE else PHRASE_MIN
    return [r for r, score in zip(rows, scores, strict=True) if score >= floor]


def _value_meets(r: Record, q: Question) -> bool:
    condition = q.condition
    assert condition is not None
    if condition.unit and r["value_unit"] != condition.unit:
        return False
    return r["value_kind"] == "quantitative" and condition.holds(r["number"])


def select_items(q: Question, catalog: Catalog, *, years: Iterable[int] | None = None) -> list[Item]:
    """Items (projects, budget tasks, groups) that meet the question's filters."""
    years = list(q.years if years is None else years)
    items = []
    for item in catalog.items:
        if years and item.year not in years:
            continue
        if (q.forms and item.form not in q.forms) or item.form in q.exclude_forms:
            continue
        if q.items and item.id not in q.items:
            continue
        if q.condition and not (q.condition.unit in (None, "万元") and q.condition.holds(item.money)):
            continue
        if q.phrase and not q.items and phrase_score(q.phrase, item.name) < PHRASE_MIN:
            continue
        items.append(item)
    return items


def run(q: Question, catalog: Catalog, *, years: Iterable[int] | None = None) -> Result:
    if q.target == "items":
        items = select_items(q, catalog, years=years)
        if "max" in q.ops or "min" in q.ops:
            items = extreme(items, lambda i: i.money, "max" in q.ops)
        return Result(items=items)
    rows = select_rows(q, catalog, years=years)
    if "max" in q.ops or "min" in q.ops:
        rows = extreme(rows, _comparable_number(rows, q), "max" in q.ops)
    return Result(rows=rows)


def _comparable_number(rows: list[Record], q: Question) -> Callable[[Record], float | None]:
    """Numbers compare only within one unit: the question's, else the commonest among the rows."""
    units = [r["value_unit"] for r in rows if r["number"] is not None]
    unit = (q.condition.unit if q.condition else None) or (max(set(units), key=units.count) if units else None)
    return lambda r: r["number"] if r["value_unit"] == unit else None


def extreme(rows: list[T], number: Callable[[T], float | None], highest: bool) -> list[T]:
    """Every row holding the highest (or lowest) number; rows without a number are left out."""
    numbered = [(n, r) for r in rows if (n := number(r)) is not None]
    if not numbered:
        return []
    best = (max if highest else min)(n for n, _ in numbered)
    return [r for n, r in numbered if n == best]


def group_by(rows: list[Record], key: Literal["project", "unit"]) -> dict[str, list[Record]]:
    groups: dict[str, list[Record]] = {}
    for r in rows:
        groups.setdefault(r[key] or "", []).append(r)
    return groups


def total_money(items: list[Item]) -> float:
    return round(sum(i.money for i in items if i.money is not None), 2)
