"""The plan's executor (pure): filter indicator rows, items or money blocks by the plan's years,
units, items, levels, names and value condition, then count, sum, sort, compare or group them.
Every number an answer states is computed here, on the data, never by a model."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from assistant.ask.catalog import Catalog, Item
from assistant.ask.link import INDICATOR_MIN, SHARED_MIN, indicator_score, ordered_run, sharing_rows
from assistant.ask.match import coverage, longest_common
from assistant.ask.plan import MONEY_FIELD_TEXT, Plan
from assistant.corpus import levels
from assistant.corpus.folder import IndicatorRecord
from assistant.corpus.schema import Form
from assistant.corpus.values import parse_value

WHOLE = 1.0
"""When some names hold all the asked words, only those answer a list."""
PHRASE_MIN = 0.6
"""Share of a budget task's name an indicator row must hold to belong to the task."""

Record = IndicatorRecord
T = TypeVar("T")


@dataclass(frozen=True)
class Fact:
    """One amount or value compared or stated: what it is of, and the number."""

    label: str
    number: float | None
    text: str
    form: str
    year: int | None
    source: str | None = None
    row: Record | None = None
    item: Item | None = None
    field: str | None = None


@dataclass
class Result:
    rows: list[Record] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    phrase_ignored: bool = False
    """The asked words named no row, and the plan's other filters answered the question."""

    @property
    def empty(self) -> bool:
        return not self.rows and not self.items and not any(f.number is not None or f.text for f in self.facts)


def item_filter(items: list[str], catalog: Catalog) -> Callable[[Record], bool]:
    """Whether an indicator row belongs to the named items (all rows when none)."""
    chosen = [item for item in map(catalog.item, items) if item is not None]
    if not chosen:
        return lambda r: True

    def belongs(r: Record) -> bool:
        return any(_belongs(r, item) for item in chosen)

    return belongs


def _belongs(r: Record, item: Item) -> bool:
    if item.kind == "project":
        return r["project_id"] == item.id
    if item.kind == "group":
        return r["project_id"] == item.project_id and r["group"] == item.group
    # a budget task has no rows of its own: its form's unit-wide rows that name it are the nearest
    return r["form"] == item.form and coverage(item.core, r["name"]) >= PHRASE_MIN


def row_level2(r: Record) -> str:
    """A row's 二级 as the level names write it; a form that writes its 一级 before it (产出质量,
    产出数量) is read as that 二级."""
    level2 = r["level2"] or ""
    if level2 in levels.LEVEL2_NAMES:
        return level2
    for said in ("产出", "效益"):
        if level2.startswith(said) and len(level2) > len(said):
            return levels.normalize_level2(level2[len(said):]) or level2
    return level2


def level_matches(r: Record, level1: str | None, level2: str | None) -> bool:
    if level1 and r["level1"] != level1:
        return False
    if level2 and row_level2(r) != level2:
        # 成本指标 is a 一级 in 2021+ forms and a 二级 under 产出 in older ones
        return level2 == levels.UNIT_COST and r["level1"] == levels.COST
    return True


def in_years(r: Record, years: list[int]) -> bool:
    """A row is of a year when its form is, or when it gives that year's value (近两年指标值)."""
    return not years or r["year"] in years or any(f"{y}年" in (r["history"] or {}) for y in years)


def value_in(r: Record, year: int | None) -> str:
    """The row's value for a year its form is not for (a 近两年指标值 column), else its value."""
    if year is not None and year != r["year"]:
        return (r["history"] or {}).get(f"{year}年", r["value_raw"] or "")
    return r["value_raw"] or ""


def number_in(r: Record, year: int | None) -> float | None:
    if year is not None and year != r["year"] and f"{year}年" in (r["history"] or {}):
        return parse_value(value_in(r, year)).number
    return r["number"]


# a unit after a value's number (80头, 2km), or in brackets at the end of a row's name (仓库(≥**平方米), 面积(亩))
_VALUE_UNIT = re.compile(r"\d\s*(?P<unit>[\u4e00-\u9fa5A-Za-z²㎡]{1,4})\s*$")
_NAME_UNIT = re.compile(r"[(（][≥≤<>＜＞=]*\**(?P<unit>[\u4e00-\u9fa5A-Za-z²㎡%]{1,4})[)）]\s*$")
_SAME_UNITS = {"平米": "平方米", "㎡": "平方米", "m²": "平方米", "m2": "平方米", "km": "公里", "千米": "公里", "m": "米",
               "千克": "公斤", "kg": "公斤"}


def same_unit(unit: str | None) -> str | None:
    """A unit as one spelling (㎡ and m² are 平方米, km is 公里)."""
    return _SAME_UNITS.get(unit.lower(), unit) if unit else unit


# animals are counted by head whatever the word (鸡 500只, 猪 80头, 鸭 1000羽): the counts compare
_HEADS = {"只": "头", "羽": "头", "匹": "头", "尾": "头"}


def counted_alike(unit: str) -> str:
    """A unit as what it counts, for comparing numbers: 只, 羽, 匹 and 头 all count heads."""
    return _HEADS.get(unit, unit)


def row_unit(r: Record) -> str | None:
    """The unit a row is measured in: its value's, else the one after its number (80头), else the one
    its name ends with in brackets (场地硬化(≥**平方米), 实施营造林总面积(亩))."""
    unit = r["value_unit"]
    if not unit:
        match = _VALUE_UNIT.search(r["value_raw"] or "") or _NAME_UNIT.search(r["name"] or "")
        unit = match["unit"] if match else None
    return same_unit(unit)


def scoped_rows(plan: Plan, catalog: Catalog, years: list[int]) -> list[Record]:
    """Rows that meet the plan's scope (years, units, sector, items, levels, condition)."""
    belongs = item_filter(plan.items, catalog)
    sector_forms = {f.id for f in catalog.forms if f.sector == plan.sector} if plan.sector else None
    rows = []
    for r in catalog.records:
        if not in_years(r, years):
            continue
        if (plan.forms and r["form"] not in plan.forms) or r["form"] in plan.exclude_forms:
            continue
        if sector_forms is not None and r["form"] not in sector_forms:
            continue
        if not belongs(r) or not level_matches(r, plan.level1, plan.level2):
            continue
        if plan.condition and not _value_meets(r, plan):
            continue
        if plan.contains and not any(word in r["name"] for word in plan.contains):
            continue
        if plan.measure and row_unit(r) not in {same_unit(u) for u in plan.measure}:
            continue
        rows.append(r)
    return rows


def naming(rows: list[Record], plan: Plan, rest: str, *, single: bool) -> tuple[list[Record], bool]:
    """The rows the asked words name, and whether the words were ignored.

    With `single` (a lookup or a comparison) the best-scoring rows; otherwise every row that
    scores, or, failing that, every row sharing the longest run with the asked words (补助标准).
    Words that name no row are ignored when a level, an item, a condition or a name filter says
    what is asked; otherwise nothing is found."""
    if plan.indicators:
        return [r for r in rows if r["name"] in plan.indicators], False
    if not plan.phrase and not rest.strip():
        return rows, False
    scores = [indicator_score(rest, plan.phrase, r["name"]) for r in rows]
    best = max(scores, default=0.0)
    if single and best >= INDICATOR_MIN:
        named = [r for r, s in zip(rows, scores, strict=True) if s >= best - 1e-9]
        # a name inside another named one (流转土地 in 流转土地补助标准) is the longer one's part
        return [r for r in named if not any(r["name"] != o["name"] and r["name"] in o["name"] for o in named)], False
    if not single and best >= WHOLE:  # names holding all the asked words answer; near names do not
        return [r for r, s in zip(rows, scores, strict=True) if s >= WHOLE], False
    if not single:
        sharing = sharing_rows(plan.phrase, [r["name"] for r in rows])
        named = [r for r, s, shared in zip(rows, scores, sharing, strict=True) if s >= INDICATOR_MIN or shared]
        if named:
            return named, False
    if single and (plan.items or plan.forms):
        shortened = _shortened_name(rows, plan.phrase)
        if shortened:
            return shortened, False
    narrowed = bool(plan.level1 or plan.level2 or plan.items or plan.condition or plan.contains)
    if narrowed or not plan.phrase:
        return rows, bool(plan.phrase)
    return [], False


SHORTENED_RUN = 4
"""Characters of an asked word a row's name must hold in order to be named in other words."""
SHORTENED_LEAD = 2
"""… and by how many more than any other row's name of the named form or item."""


def _shortened_name(rows: list[Record], phrase: str) -> list[Record]:
    """Among a named form's or item's rows, the one whose name holds the longest run of the asked
    words in order with characters dropped (食安委全体会议 for 召开食品安委会全体会议, 物管合格率 for
    物业管理保障工作合格率), when no other row's name comes near it."""
    runs = [ordered_run(phrase, r["name"])[0] for r in rows]
    best = max(runs, default=0)
    if best < SHORTENED_RUN:
        return []
    named = [r for r, n in zip(rows, runs, strict=True) if n == best]
    second = max((n for n in runs if n < best), default=0)
    return named if len({r["name"] for r in named}) == 1 and best - second >= SHORTENED_LEAD else []


def _value_meets(r: Record, plan: Plan) -> bool:
    condition = plan.condition
    assert condition is not None
    if condition.unit and r["value_unit"] != condition.unit:
        return False
    return r["value_kind"] == "quantitative" and condition.holds(r["number"])


def select_items(plan: Plan, catalog: Catalog, years: list[int]) -> list[Item]:
    """Items (projects, budget tasks, groups) that meet the plan's filters."""
    sector_forms = {f.id for f in catalog.forms if f.sector == plan.sector} if plan.sector else None
    items = []
    for item in catalog.items:
        if years and item.year not in years:
            continue
        if (plan.forms and item.form not in plan.forms) or item.form in plan.exclude_forms:
            continue
        if sector_forms is not None and item.form not in sector_forms:
            continue
        if (plan.items and item.id not in plan.items) or item.id in plan.exclude_items:
            continue
        if plan.condition and not (plan.condition.unit in (None, "万元") and plan.condition.holds(money_of(item, plan))):
            continue
        if plan.contains and not any(word in item.name for word in plan.contains):
            continue
        items.append(item)
    if plan.phrase and not plan.items and plan.op in ("list", "count", "sum", "filter"):
        # 哪些统筹任务: the asked words that items' names share narrow the list; words no name shares are ignored
        sharing = sharing_rows(plan.phrase, [i.name for i in items])
        if any(sharing):
            items = [i for i, shared in zip(items, sharing, strict=True) if shared]
    return items


def money_of(item: Item, plan: Plan) -> float | None:
    if plan.money == "fiscal":
        return item.fiscal
    if plan.money == "other":
        return item.other
    return item.money


def budget_facts(plan: Plan, catalog: Catalog, years: list[int]) -> list[Fact]:
    """The asked field of each form's money block, one fact per form and year."""
    field_name = plan.money or "total"
    facts: list[Fact] = []
    for form in catalog.forms:
        if (plan.forms and form.id not in plan.forms) or form.id in plan.exclude_forms:
            continue
        if plan.sector and form.sector != plan.sector:
            continue
        before = len(facts)
        for budget in form.budget:
            if years and budget.year not in years:
                continue
            number = getattr(budget, field_name)
            if number is None:
                continue
            facts.append(Fact(label=f"{budget.year}年{form.unit or form.id}", number=number, text="",
                              form=form.id, year=budget.year, source=budget.source.label() if budget.source else None,
                              field=MONEY_FIELD_TEXT[field_name]))
        if len(facts) == before and field_name in ("total", "fiscal", "other") and (not years or form.year in years):
            facts += _project_money(form, field_name)
    return facts


def _project_money(form: Form, field_name: str) -> list[Fact]:
    """A form without that money block: its projects' (or their tasks') money of the field, summed."""
    amounts = []
    for project in form.projects:
        own = getattr(project.money, field_name)
        tasks = [getattr(t.money, field_name) for t in project.tasks]
        amounts.append(own if own is not None else (sum(a for a in tasks if a is not None)
                                                    if any(a is not None for a in tasks) else None))
    if all(a is None for a in amounts):
        return []
    return [Fact(label=f"{form.year or ''}{'年' if form.year else ''}{form.unit or form.id}",
                 number=round(sum(a for a in amounts if a is not None), 6), text="", form=form.id, year=form.year,
                 field=MONEY_FIELD_TEXT[field_name])]


def execute(plan: Plan, catalog: Catalog, *, years: Iterable[int] | None = None, rest: str = "") -> Result:
    years = list(plan.years if years is None else years)
    if plan.over == "forms":
        facts = budget_facts(plan, catalog, years)
        if plan.op == "compare" and plan.compare_by == "years":
            facts = sorted(facts, key=lambda f: -(f.number or 0) if plan.highest else (f.number or 0))
        return Result(facts=facts)
    if plan.over == "projects":
        items = select_items(plan, catalog, years)
        if plan.ordinal is not None:  # “第二个项目” is a place in one form's list
            one_form = len({i.form for i in items}) == 1
            items = items[plan.ordinal - 1:plan.ordinal] if one_form and len(items) >= plan.ordinal else []
        if plan.op == "extreme":
            items = extreme(items, lambda i: money_of(i, plan), plan.highest)
        if plan.op == "compare":
            ranked = sorted((i for i in items if money_of(i, plan) is not None),
                            key=lambda i: money_of(i, plan) or 0.0, reverse=plan.highest)
            return Result(items=ranked)
        return Result(items=items)
    scoped = scoped_rows(plan, catalog, years)
    if plan.op == "compare":
        return Result(facts=_compare_rows(plan, catalog, scoped, years, rest))
    rows, ignored = naming(scoped, plan, rest, single=plan.op == "lookup")
    if plan.op == "extreme":
        # a total states no value, so no unit: it is sought among the rows in scope measured or not
        whole = scoped_rows(plan.model_copy(update={"measure": []}), catalog, years) if plan.measure else scoped
        in_scope = {r["id"] for r in scoped}
        parts = [r for r in _parts_named(rows, whole, catalog, plan, rest) if r["id"] in in_scope]
        if parts:  # 哪种瓜果蔬菜种植面积最大: among the named total's parts, measured alike, not the total
            rows = extreme(parts, lambda r: r["number"], plan.highest)
        else:
            if plan.phrase and not ignored:
                # a total broken down into kinds that the asked words name with it does not compete with them
                # (养殖数量: 192只 over 羊 180只, 猪 12头); one 其中 is a share of it, not a kind (低保人数,
                # 其中建档立卡人数); asked by its unit alone (以亩计的哪项最大), the total is a row like any other
                ids = {r["id"] for r in rows}
                rows = [r for r in rows if len(ids & set(catalog.parts.get(r["id"], ()))) < 2]
            rows = extreme(rows, _comparable_number(rows, scoped, plan, rest), plan.highest)
    return Result(rows=rows, phrase_ignored=ignored)


def _parts_named(named: list[Record], scoped: list[Record], catalog: Catalog, plan: Plan,
                 rest: str) -> list[Record]:
    """The parts (in scope) of the one total row among those the asked words name best, when there is
    one: what “哪种瓜果蔬菜 / 家畜家禽里哪种” asks among. The total does not compete with its parts."""
    if plan.indicators:  # rows listed by name are what is compared
        return []
    totals = [r for r in named if r["id"] in catalog.parts]
    if not totals:
        return _parts_said_short(scoped, catalog, plan)
    scores = {r["id"]: indicator_score(rest, plan.phrase, r["name"]) for r in scoped}
    best = max(scores.values(), default=0.0)
    # of the rows named best, the one total (家畜家禽 names 补助家畜家禽养殖数量 and 养殖家畜家禽成活率 alike;
    # only the first has kinds to choose among)
    # and the words name the total itself, not what its parts share (目标人数 names no total of 人数 rows)
    names = {r["id"]: r["name"] for r in catalog.records if r["id"] in scores or r["id"] in catalog.parts}

    def held(rid: str) -> int:
        return max((longest_common(word, names.get(rid, ""))[0] for word in plan.phrase.split()), default=0)

    best_totals = [rid for rid, score in scores.items() if score >= best - 1e-9 and rid in {r["id"] for r in totals}
                   and held(rid) >= SHARED_MIN and held(rid) > max(map(held, catalog.parts[rid]), default=0)]
    if best <= 0 or len(best_totals) != 1:
        return _parts_said_short(scoped, catalog, plan)
    ids = set(catalog.parts[best_totals[0]])
    return [r for r in scoped if r["id"] in ids]


def _parts_said_short(scoped: list[Record], catalog: Catalog, plan: Plan) -> list[Record]:
    """The parts of the one total in scope an asked word names with characters dropped (瓜果种植 for
    补助各类瓜果蔬菜种植面积): its name holds more of the word's characters in order than any other
    total's and than any of its parts' names (which share only their own kind's words)."""
    words = [w for w in plan.phrase.split() if len(w) >= 2]

    def held(name: str) -> int:
        return max((ordered_run(word, name)[0] for word in words), default=0)

    totals = [(held(r["name"]), r) for r in scoped if r["id"] in catalog.parts]
    best = max((n for n, _ in totals), default=0)
    tops = [r for n, r in totals if n == best]
    if best < SHARED_MIN or len(tops) != 1:
        return []
    ids = set(catalog.parts[tops[0]["id"]])
    parts = [r for r in scoped if r["id"] in ids]
    return parts if best > max((held(r["name"]) for r in parts), default=0) else []


def _compare_rows(plan: Plan, catalog: Catalog, rows: list[Record], years: list[int], rest: str) -> list[Fact]:
    """One fact per compared thing (item, year or unit): its best-named row's number, ranked."""
    facts: list[Fact] = []
    if plan.compare_by == "items":
        chosen = [item for item in map(catalog.item, plan.items) if item is not None]
        for item in chosen:
            named = _best_named([r for r in rows if _belongs(r, item)], plan, rest)
            if named:
                r = named[0]
                facts.append(Fact(label=item.name, number=r["number"], text=r["value_raw"] or "", form=r["form"],
                                  year=r["year"], source=r["source"], row=r))
    elif plan.compare_by == "rows":  # two rows of one form, by their names
        for name in plan.indicators:
            row = next((r for r in rows if r["name"] == name), None)
            if row is not None:
                facts.append(Fact(label=name, number=row["number"], text=row["value_raw"] or "", form=row["form"],
                                  year=row["year"], source=row["source"], row=row))
    elif plan.compare_by == "years":
        named = _best_named(rows, plan, rest)
        if named:
            for y in years:
                own = _row_of_year(named[0], rows, y)
                if own is not None:
                    facts.append(Fact(label=f"{y}年", number=number_in(own, y), text=value_in(own, y),
                                      form=own["form"], year=y, source=own["source"], row=own))
    else:
        for form_id in plan.forms:
            named = _best_named([r for r in rows if r["form"] == form_id], plan, rest)
            if named:
                r = named[0]
                facts.append(Fact(label=f"{r['unit']}{r['year']}年", number=r["number"], text=r["value_raw"] or "",
                                  form=r["form"], year=r["year"], source=r["source"], row=r))
    numbered = [f for f in facts if f.number is not None]
    return sorted(numbered, key=lambda f: f.number or 0.0, reverse=plan.highest)


def _row_of_year(named: Record, rows: list[Record], year: int) -> Record | None:
    """The row a year is read from: the named row's namesake in a form of that year (each year's form
    states its own target), else the named row when it gives that year's value (近两年指标值)."""
    own = [r for r in rows if r["year"] == year and r["name"] == named["name"]]
    if named["year"] != year and own:
        return next((r for r in own if r["unit"] == named["unit"]), own[0])
    if named["year"] == year or f"{year}年" in (named["history"] or {}):
        return named
    return None


def _best_named(rows: list[Record], plan: Plan, rest: str) -> list[Record]:
    """The row a compared thing is represented by: the one the asked words name best, even when
    they name it loosely (群众满意度 against 辖区居民满意度), else the thing's first row."""
    if plan.indicators:
        return [r for r in rows if r["name"] in plan.indicators][:1]
    scores = [indicator_score(rest, plan.phrase, r["name"]) for r in rows]
    if not rows:
        return []
    best = max(range(len(rows)), key=lambda n: (scores[n], -n))
    return [rows[best]]


def _comparable_number(rows: list[Record], scope: list[Record], plan: Plan,
                       rest: str) -> Callable[[Record], float | None]:
    """Numbers compare only within one unit: the question's, else the commonest among the rows
    (元/人/年 and 元/户/年 are both 元 a year)."""
    def base(unit: str | None) -> str | None:
        return counted_alike(unit.split("/")[0]) if unit else unit

    numbered = [r for r in rows if r["number"] is not None]
    units = [base(row_unit(r)) for r in numbered]
    # the commonest unit; between equally common ones, that of the rows in scope the asked words
    # name best (扶助/慰问标准: the 元 rows, not the 人 ones); then by name, so a tie is decided the same way
    weight = {u: sum(indicator_score(rest, plan.phrase, r["name"]) for r in scope if base(row_unit(r)) == u)
              for u in set(units)}
    unit = (plan.condition.unit if plan.condition else None) or (
        max(weight, key=lambda u: (units.count(u), weight[u], u or "")) if units else None)
    return lambda r: r["number"] if base(row_unit(r)) == unit else None


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


def total_money(items: list[Item], plan: Plan | None = None) -> float:
    amounts = [money_of(i, plan) if plan else i.money for i in items]
    return round(sum(a for a in amounts if a is not None), 6)  # float noise only: figures stay as given
