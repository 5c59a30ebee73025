"""The built-in library of common (共性) indicators by project type, for slots the corpus cannot fill.

The entries are data (assistant/data/common_indicators.json), not code: RULES.md's table of
common indicators by project type (购置, 培训, 会议, 文字成果) and its list of indicators
found in almost every sector, plus four types added with care (建设, 补助, 服务, 宣传)
whose entries say they need a person's confirmation. Each entry names its source.

    kind = project_type(request)                 # "培训", or None when no type fits
    entries = library_entries(kind)              # the type's entries, then the general ones
    fill_value(entry, budget=120.0)              # "≤120万元" for "≤{budget}万元"
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from assistant.corpus.values import number_text
from assistant.draft.models import DraftRequest

_FILE = "common_indicators.json"
_NAME_WEIGHT = 2  # a type word in the project's name says more than one in its description


@dataclass(frozen=True)
class LibraryEntry:
    level1: str
    level2: str
    name: str
    value: str
    """A value template: "{budget}" stands for the project's money in 万元."""
    source: str
    kind: str
    """The project type the entry belongs to, or "通用" for the general entries."""
    review: bool = False
    """The value is a placeholder (a count the library cannot know): a person must set it."""


GENERAL = "通用"


@cache
def _library() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[LibraryEntry, ...]]]:
    data = json.loads(resources.files("assistant").joinpath("data", _FILE).read_text(encoding="utf-8"))
    keywords = {kind: tuple(spec["keywords"]) for kind, spec in data["types"].items()}
    entries = {kind: tuple(LibraryEntry(kind=kind, **e) for e in spec["indicators"])
               for kind, spec in data["types"].items()}
    entries[GENERAL] = tuple(LibraryEntry(kind=GENERAL, **e) for e in data["general"])
    return keywords, entries


def project_types() -> list[str]:
    """The project types the library knows, in the file's order."""
    return list(_library()[0])


def project_type(request: DraftRequest) -> str | None:
    """The project type by keywords: a stated sector first, then the name (weighted) and the content."""
    keywords, _ = _library()
    sector = (request.sector or "").strip()
    if sector:
        for kind, words in keywords.items():
            if sector == kind or kind in sector or any(w in sector for w in words):
                return kind
    return text_type(request.name, request.content)


def text_type(name: str, content: str = "") -> str | None:
    """The project type whose keywords occur most in `name` (weighted) and `content`; None when none does."""
    best, best_score = None, 0
    for kind, words in _library()[0].items():
        score = sum(_NAME_WEIGHT * (w in name) + (w in content) for w in words)
        if score > best_score:
            best, best_score = kind, score
    return best


def library_entries(kind: str | None) -> list[LibraryEntry]:
    """The entries of a project type (if any), then the general entries."""
    _, entries = _library()
    return list(entries.get(kind, ())) + list(entries[GENERAL]) if kind else list(entries[GENERAL])


def fill_value(entry: LibraryEntry, budget: float | None) -> str | None:
    """The entry's value for this project; None when it needs the money and none is stated."""
    if "{budget}" not in entry.value:
        return entry.value
    if budget is None:
        return None
    return entry.value.replace("{budget}", number_text(budget))
