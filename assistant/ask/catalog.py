"""What questions can name, drawn from the forms: items ("项目" in a question), unit aliases,
years and indicator rows (pure core).

"项目" is read three ways, by what each form holds: a project of a project form (seed 003),
a budget task of a whole-unit or self-evaluation form's task table (000, 001, 002), and,
for a whole-unit form without a task table, its 职能 / 目标 groups (004). `Item.kind` says
which, and answers name it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.corpus.folder import IndicatorRecord, indicator_records
from assistant.corpus.schema import Form

ItemKind = Literal["project", "task", "group"]

ITEM_KIND_TEXT = {"project": "项目", "task": "预算任务", "group": "职能/目标分组"}

# Common short forms of place names (大连高新技术产业园区 → 大连高新区).
_ABBREVIATIONS = (("高新技术产业园区", "高新区"), ("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"))
_CITY_DISTRICT = re.compile(r"^(?:.+?省)?(?P<city>.+?市)(?P<district>.+?[区县])$")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_GENERIC_SUFFIXES = ("专项经费", "工作经费", "业务经费", "运行经费", "补助经费", "工作业务经费", "经费", "专项资金",
                     "资金", "专项", "项目", "部门整体支出")
_GROUP_PREFIX = re.compile(r"^(?:职能|长期目标|年度指标|年度目标|目标)\s*\d+\s*[:：]\s*")


@dataclass(frozen=True)
class Item:
    id: str
    kind: ItemKind
    form: str
    year: int | None
    unit: str | None
    project_id: str
    project: str
    name: str
    money: float | None
    source: str | None
    group: str | None = None
    fiscal: float | None = None
    other: float | None = None
    """For a group item: the group title its indicator rows carry."""

    @property
    def core(self) -> str:
        """The name without brackets, numbering and generic endings, for fuzzy matching."""
        name = _GROUP_PREFIX.sub("", _BRACKETS.sub("", self.name)).strip("。. ")
        for suffix in sorted(_GENERIC_SUFFIXES, key=len, reverse=True):  # 工作业务经费 before 业务经费
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[: -len(suffix)]
        return name


@dataclass
class Catalog:
    forms: list[Form]
    items: list[Item]
    records: list[IndicatorRecord]
    aliases: dict[str, set[str]] = field(default_factory=dict)
    """unit alias (福田, 大连高新区 …) → form ids."""

    @classmethod
    def from_forms(cls, forms: list[Form]) -> Catalog:
        aliases: dict[str, set[str]] = {}
        for form in forms:
            for alias in unit_aliases(form):
                aliases.setdefault(alias, set()).add(form.id)
        return cls(forms=list(forms), items=[i for f in forms for i in form_items(f)],
                   records=indicator_records(forms), aliases=aliases)

    @property
    def years(self) -> list[int]:
        """Every year a form is for or states money for (seed 001 gives 2019 beside 2020)."""
        return self.years_of({f.id for f in self.forms})

    def years_of(self, form_ids: set[str]) -> list[int]:
        years = {f.year for f in self.forms if f.id in form_ids and f.year}
        years |= {b.year for f in self.forms if f.id in form_ids for b in f.budget if b.year}
        return sorted(years)

    def form(self, form_id: str) -> Form | None:
        return next((f for f in self.forms if f.id == form_id), None)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def texts(self) -> list[str]:
        """Every name a question may quote, for telling an unknown place from a known word."""
        names = [f.unit or "" for f in self.forms] + [f.region or "" for f in self.forms]
        return names + [i.name for i in self.items] + [r["name"] for r in self.records]


def unit_aliases(form: Form) -> set[str]:
    """The names a person may use for a form's unit: the unit, its region and their short forms."""
    names = {n for n in (form.unit, form.region) if n}
    region = form.region or ""
    for long, short in _ABBREVIATIONS:
        if long in region:
            names.add(region.replace(long, short))
            names.add(short)
    match = _CITY_DISTRICT.match(region)
    if match:
        city, district = match["city"], match["district"]
        names.update({city, district})
        if len(city) > 2:
            names.add(city[:-1])
        if len(district) > 2:
            names.add(district[:-1])
    elif region.endswith(("市", "县", "区")) and len(region) > 2:
        names.add(region[:-1])
    return {n for n in names if len(n) >= 2}


def form_items(form: Form) -> list[Item]:
    items: list[Item] = []
    for project in form.projects:
        base = functools.partial(Item, form=form.id, year=form.year, unit=form.unit, project_id=project.id,
                                 project=project.name)
        if form.kind == "project":
            items.append(base(id=project.id, kind="project", name=project.name, money=project.money.total,
                              fiscal=project.money.fiscal, other=project.money.other,
                              source=_label(project.source, form)))
        else:
            items.extend(base(id=f"{project.id}/t{n}", kind="task", name=task.name, money=task.money.total,
                              fiscal=task.money.fiscal, other=task.money.other, source=_label(task.source, form))
                         for n, task in enumerate(project.tasks, start=1))
            # 职能 / 目标 groups are items too: without a task table they are what “项目” means, and
            # beside one (seed 001) they are still what “年度指标1” names
            items.extend(base(id=f"{project.id}/g{n}", kind="group", name=group.title, money=None,
                              source=_group_source(group), group=group.title)
                         for n, group in enumerate(project.groups, start=1)
                         if not project.tasks or group.kind in ("function", "goal"))
    return items


def _label(source, form: Form) -> str | None:
    """A task's or project's source line, with the raw/ folder its indicator rows carry."""
    if source is None:
        return None
    folder = form.source_file.rsplit("/", 1)[0] + "/" if "/" in form.source_file else ""
    label = source.label()
    return label if "/" in source.file or not folder else folder + label


def _group_source(group) -> str | None:
    first = next((i.source for i in group.indicators if i.source), None)
    return first.label() if first else None
