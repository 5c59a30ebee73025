"""Sectors: the government functional classification's headings (支出功能分类: 教育, 卫生健康, 农林水 …)
with finer sectors and activity types under them, and a classifier from a task's words to them.

The vocabulary is data (`assistant/data/sectors.json`). The classifier is pure: each sector and activity
scores the words of its vocabulary found in the text, longer words counting more (a four-character
word is far less ambiguous than a two-character one), words in the task's name counting double. No
word found means no sector: the caller says so rather than guessing.

    guess = classify("农村公路养护工程", "养护县乡道320公里")
    guess.sector, guess.activity      # ("交通运输", "公路养护")
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from assistant.corpus.schema import Form


@dataclass(frozen=True)
class Sector:
    name: str
    function_class: str
    words: tuple[str, ...]
    activities: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class SectorGuess:
    sector: str | None
    activity: str | None
    score: float
    runner_up: str | None = None
    evidence: tuple[str, ...] = ()

    @property
    def sure(self) -> bool:
        return self.sector is not None and self.score >= 2.0


@cache
def sectors() -> tuple[Sector, ...]:
    data = json.loads(resources.files("assistant").joinpath("data", "sectors.json").read_text(encoding="utf-8"))
    return tuple(Sector(s["name"], s["function_class"], tuple(s["words"]),
                        tuple((a["name"], tuple(a["words"])) for a in s["activities"])) for s in data["sectors"])


def sector_names() -> tuple[str, ...]:
    return tuple(s.name for s in sectors())


def function_class_of(sector: str) -> str | None:
    return next((s.function_class for s in sectors() if s.name == sector), None)


def _weight(word: str) -> float:
    return {1: 0.3, 2: 1.0, 3: 1.5}.get(len(word), 2.0)


def _found_words(text: str) -> set[str]:
    """Vocabulary words in the text, longest first: a word inside a longer one found at the same
    place (卫生 in 环境卫生) does not count on its own."""
    vocabulary = sorted({w for s in sectors() for w in s.words + tuple(x for _, ws in s.activities for x in ws)},
                        key=len, reverse=True)
    taken = [False] * len(text)
    found = set()
    for word in vocabulary:
        start = text.find(word)
        while start >= 0:
            if not any(taken[start:start + len(word)]):
                taken[start:start + len(word)] = [True] * len(word)
                found.add(word)
            start = text.find(word, start + 1)
    return found


def _score(words: tuple[str, ...], in_name: set[str], in_text: set[str]) -> tuple[float, list[str]]:
    score, found = 0.0, []
    for word in words:
        if word in in_name:
            score += 2 * _weight(word)
            found.append(word)
        elif word in in_text:
            score += _weight(word)
            found.append(word)
    return score, found


def classify(name: str, content: str = "", unit: str = "") -> SectorGuess:
    """The sector and activity type a task belongs to, from its name, content and unit."""
    from hanziconv import HanziConv

    in_name = _found_words(HanziConv.toSimplified(name))
    in_text = _found_words(HanziConv.toSimplified(f"{content} {unit}"))
    ranked = []
    for sector in sectors():
        score, found = _score(sector.words, in_name, in_text)
        best_activity, best_activity_score = None, 0.0
        for activity, words in sector.activities:
            a_score, a_found = _score(words, in_name, in_text)
            score += a_score
            found += a_found
            if a_score > best_activity_score:
                best_activity, best_activity_score = activity, a_score
        ranked.append((score, sector.name, best_activity, tuple(dict.fromkeys(found))))
    ranked.sort(key=lambda r: -r[0])
    best_score, best_sector, best_activity_name, evidence = ranked[0]
    if best_score <= 0:
        return SectorGuess(None, None, 0.0)
    runner_up = ranked[1][1] if len(ranked) > 1 and ranked[1][0] > 0 else None
    return SectorGuess(best_sector, best_activity_name, best_score, runner_up, evidence)


def form_sector(form: Form) -> str | None:
    """A form's sector from all it says of itself: projects, tasks, title and unit."""
    names = " ".join(p.name for p in form.projects)
    content = " ".join([form.title] + [p.content for p in form.projects] + [t.name for p in form.projects
                                                                              for t in p.tasks])
    return classify(names, content, form.unit or "").sector
