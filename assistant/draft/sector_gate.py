"""The relevance gate: a row naming another sector's specific object never enters a task's table.

Sector-specific words come from the corpus, not from a word list: a content word of the row and
project names (`content_words`) is specific to a sector group (the government functional
classification's heading, `sectors.function_class_of`) when at least `SPECIFIC_SHARE` of the
forms that use it belong to that group, and it is either used by two forms or at least three characters
long (a two-character word of one form, 效益 or 响应, is chance; 无偿献血 in one form is not). 献血, 独生子女 and 疫苗 occur in health forms only; 公路 in
transport forms only; 培训 or 设备 occur everywhere and belong to no group. Forms of general
administration (offices, IT, vehicles: 一般公共服务) serve every sector, so their words are
never foreign.

A task's group is its classified sector's (`sectors.classify`, or the sector it states). A row is
foreign to the task when its name carries a word specific to another group that neither the task's
own group's forms nor the task's own text use (里程 is mostly rural revitalisation's, but road forms
use it too) (a road task that mentions 疫苗运输 may have a 疫苗 row). A task whose sector
cannot be told admits the groups its own specific words point to. The gate drops such rows from
drafting, re-drafting, suggestions and the LLM's output: a gate, not a warning.

    words = sector_words(retriever.sector_rows())
    gate = Gate.for_task(request, words)
    gate.foreign_words("农村独生子女奖励人数")      # ("独生子女",) for a road task
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.corpus import levels
from assistant.corpus.sectors import classify, function_class_of, sector_names
from assistant.draft.models import PLACEHOLDER, DraftRequest
from assistant.validate.rules.words import content_words

SPECIFIC_SHARE = 0.75  # a word is a group's own when at least this share of the forms using it are that group's
STRONG_SUPPORT = 2  # forms: a short word one form uses is chance (里程, 长度 in one rural form), not a sector's
NEUTRAL_SECTORS = ("一般公共服务",)  # offices, IT, vehicles, property: every sector's units run them


def _words(text: str) -> frozenset[str]:
    return content_words(text, with_bureau_words=True) - _level_words()


@lru_cache(maxsize=1)
def _level_words() -> frozenset[str]:
    """Words of the level names (社会效益, 生态效益, 数量 …): a project-library form names its rows by
    their 二级, which makes no word of a level one sector's own."""
    names = levels.LEVEL1_NAMES + levels.LEVEL2_NAMES
    return frozenset().union(*(content_words(name, with_bureau_words=True) for name in names))


SectorRow = tuple[str, str | None, str, str, str | None]
"""(form id, sector, project name, indicator name, 二级): one indicator row as the gate learns from it."""


def sector_group(sector: str | None) -> str | None:
    """The group a sector's words are counted in: its function class; None for the neutral sectors."""
    if not sector or sector in NEUTRAL_SECTORS:
        return None
    return function_class_of(sector) or sector


@dataclass(frozen=True)
class SectorWords:
    """Words specific to one sector group, each with its group and the forms it was seen in."""

    group_of: dict[str, str]
    used_by: dict[str, frozenset[str | None]]
    """For each specific word, every group whose forms use it (its own and the minority's)."""
    support: dict[str, int]
    """For each specific word, how many forms use it."""
    forms: int

    def specific_in(self, text: str) -> dict[str, str]:
        """The specific words of `text` with their groups."""
        return {w: self.group_of[w] for w in _words(text) if w in self.group_of}


@lru_cache(maxsize=8)
def _derive(rows: tuple[SectorRow, ...], share: float) -> SectorWords:
    words_of_form: dict[str, set[str]] = defaultdict(set)
    group_of_form: dict[str, str | None] = {}
    for form, sector, project, name, _ in rows:
        if not sector:
            continue  # a user's own form without a sector teaches nothing about sectors
        group_of_form[form] = sector_group(sector)
        words_of_form[form] |= _words(name) | _words(project)
    by_word: dict[str, Counter[str | None]] = defaultdict(Counter)
    for form, words in words_of_form.items():
        for word in words:
            by_word[word][group_of_form[form]] += 1
    specific, used_by, support = {}, {}, {}
    for word, groups in by_word.items():
        group, n = groups.most_common(1)[0]
        if group is not None and n >= share * sum(groups.values()) and (n >= STRONG_SUPPORT or len(word) >= 3):
            specific[word] = group
            used_by[word] = frozenset(groups)
            support[word] = sum(groups.values())
    return SectorWords(specific, used_by, support, len(words_of_form))


def sector_words(rows: Iterable[SectorRow], share: float = SPECIFIC_SHARE) -> SectorWords:
    """The sector-specific words of a corpus, from its rows (`Retriever.sector_rows()`); memoised."""
    return _derive(tuple(rows), share)


def task_group(request: DraftRequest) -> str | None:
    """The sector group of a task: the sector it states, else the classifier's reading of its words."""
    if request.sector and request.sector in sector_names():
        return sector_group(request.sector)
    guess = classify(request.name, request.content, request.unit or "")
    return sector_group(guess.sector)


@dataclass(frozen=True)
class Gate:
    """Which rows may enter one task's table (see the module doc)."""

    words: SectorWords
    groups: frozenset[str]
    task_text: str
    group: str | None = None
    """The task's own sector group, when it can be told."""

    @classmethod
    def for_task(cls, request: DraftRequest, words: SectorWords, group: str | None = None) -> Gate:
        text = "\n".join((request.name, request.content, request.unit or ""))
        own = words.specific_in(text)
        group = group or task_group(request)
        groups = frozenset([group]) if group else frozenset(own.values())
        return cls(words, groups, text, group)

    def foreign_words(self, name: str) -> tuple[str, ...]:
        """The words of `name` that belong to another sector and that the task does not use. A row left
        to fill (待补充) is nobody's."""
        if name.startswith(PLACEHOLDER):
            return ()
        return tuple(sorted(w for w, g in self.words.specific_in(name).items()
                            if g not in self.groups and not self.groups & self.words.used_by[w]
                            and w not in self.task_text))

    def admits(self, name: str) -> bool:
        return not self.foreign_words(name)
