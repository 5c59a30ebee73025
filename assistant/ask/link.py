"""Entity linking (pure): which projects, tasks, groups and indicator rows a question's words
name, each with a score. Words that link to nothing are left alone, never required.

People shorten names by dropping characters, not by reordering them (疾控中心业务经费 for
疾病预防控制中心工作业务经费, 卫建局 for 卫健局), so an item is linked by the longest run of the
question's characters found in order in the item's name (`ordered_run`), measured against the
name's distinctive part (`Item.core`, without years, the unit's place and 经费 / 专项资金 endings),
each character weighed by how rare it is among the catalog's names (项目 / 建设 weigh little, so
岳阳县高标准农田建设项目 never names 医疗建设项目专项资金). Indicator rows are scored
both ways: how much of the row's name the question holds, and how much of the asked words
the name holds (`indicator_score`); the better of the two counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ask.catalog import Catalog, Item
from assistant.ask.match import bigrams, coverage, longest_common

ITEM_MIN = 0.6
"""Share of an item's distinctive name the question must hold, in order, to name the item. Shares
are weighed by how distinctive each character is among the catalog's names (`Catalog.weights`),
so 建设项目 alone does not name 医疗建设项目专项资金."""
ITEM_MIN_LONG = 0.5
"""… or this share when the run is long (`LONG_RUN` characters): 疾控中心 for 疾病预防控制中心."""
LONG_RUN = 4
ITEM_MIN_VERY_LONG = 0.3
"""… or this share when the run is very long (`VERY_LONG_RUN` characters): 雪亮工程机房租赁 names
黄山市雪亮工程市本级机房租赁2024至2027服务采购项目 — so long a run in order is no coincidence."""
VERY_LONG_RUN = 6
INDICATOR_MIN = 0.6
"""Score from which an indicator row counts as named by the question."""
_SPACED_BRACKETS = re.compile(r"[（）()]")
_GROUP_LABEL = re.compile(r"^(?:职能|长期目标|年度指标|年度目标|目标)\s*\d+")


@dataclass(frozen=True)
class ItemLink:
    item: Item
    score: float
    start: int
    end: int


def ordered_run(text: str, name: str) -> tuple[int, int]:
    """The longest run of `text` whose characters occur in `name` in the same order (gaps allowed
    in the name only), and where it starts in `text`."""
    best, best_start = 0, 0
    for start in range(len(text)):
        pos, end = -1, start
        while end < len(text):
            found = name.find(text[end], pos + 1)
            if found < 0:
                break
            pos, end = found, end + 1
        if end - start > best:
            best, best_start = end - start, start
    return best, best_start


def group_label(item: Item) -> str | None:
    """A group's numbered label (年度指标1, 职能2), which questions quote on its own."""
    match = _GROUP_LABEL.match(item.name.replace(" ", ""))
    return match.group(0) if match else None


def item_score(text: str, item: Item, catalog: Catalog) -> tuple[float, int, int, int]:
    """(weighed share of the distinctive name held in order, run length over the whole name, start, end)."""
    label = group_label(item)
    if label and label in text:
        start = text.index(label)
        return 1.0, len(item.name), start, start + len(label)
    core = item.core
    run, at = ordered_run(text, core)
    share = catalog.weight(text[at:at + run]) / max(catalog.weight(core), 1e-9)
    # a long name is often called by its first clause (开展疫情防控 for 开展疫情防控、基本公共卫生服务、…)
    clause = re.split(r"[、，,；;]", core)[0]
    if clause != core and len(clause) >= LONG_RUN and clause in text:
        share = max(share, 1.0)
    # brackets are spaces in the question's text (`question._strip_punct_keep`) and in the name alike,
    # so a name said with its bracket (医疗发展保障(局本级维保项目)) is one run
    full, start = ordered_run(text, _SPACED_BRACKETS.sub(" ", item.name))
    return share, full, start, start + full


def link_items(text: str, catalog: Catalog, forms: list[str] | None = None) -> list[ItemLink]:
    """The items a question names, best first; each link's words are taken before the next is
    sought, so "A、B和C三项" links three items and a name inside a longer one is not linked twice."""
    text = _masked_punct(text)
    links: list[ItemLink] = []
    candidates = [i for i in catalog.items if not forms or i.form in forms]
    while True:
        best: tuple[tuple[int, int, float], ItemLink] | None = None
        for item in candidates:
            share, full, start, end = item_score(text, item, catalog)
            if item.kind == "group" and share < ITEM_MIN:
                run, at = longest_common(text, item.core)
                if run >= LONG_RUN:  # a 职能 title is named by a few of its words (红十字会)
                    share, full, start, end = ITEM_MIN, run, at, at + run
            core_run = ordered_run(text[start:end], item.core)[0]
            if full < 2 or not (share >= ITEM_MIN or (share >= ITEM_MIN_LONG and core_run >= LONG_RUN)
                                or (share >= ITEM_MIN_VERY_LONG and core_run >= VERY_LONG_RUN)):
                continue
            if item.kind == "group" and not group_label(item) or full < 3 and share < 1:
                continue
            key = (full, _brackets_said(text, item), share)
            if best is None or key > best[0]:
                best = (key, ItemLink(item, share, start, end))
        if best is None:
            return links
        link = best[1]
        # the same words may name one item of several forms (a task name repeated): keep them all
        same = [i for i in candidates if i.name == link.item.name and i.id != link.item.id]
        links.append(link)
        links.extend(ItemLink(i, link.score, link.start, link.end) for i in same)
        text = text[:link.start] + " " * (link.end - link.start) + text[link.end:]
        candidates = [i for i in candidates if i.id != link.item.id and i not in same]


_BRACKETED = re.compile(r"[(（]([^()（）]+)[)）]")


def _brackets_said(text: str, item: Item) -> int:
    """How many characters of the item's bracketed qualifiers the question says: between two items of
    one name ((统筹)医疗发展保障, 医疗发展保障(局本级维保项目)) the qualifier said picks the item."""
    plain = re.sub(r"\s", "", text)
    return sum(len(said) for said in (m.group(1).strip() for m in _BRACKETED.finditer(item.name))
               if len(said) >= 2 and said in plain)


def _masked_punct(text: str) -> str:
    """Punctuation becomes spaces (positions kept), so a run never spans two listed names."""
    return re.sub(r"[，,。？?！!、；;：:\s]", " ", text)


def indicator_score(rest: str, phrase: str, name: str) -> float:
    """How well an indicator name answers the question: the share of the name's character pairs
    found in the question's remaining words (extra words cost nothing), or the share of the asked
    words' pairs found in the name (a shortened name costs nothing), whichever is higher."""
    name_side = _name_held(rest, name)
    asked_side = coverage(phrase, name) if phrase else 0.0
    return max(name_side, asked_side)


def _name_held(rest: str, name: str) -> float:
    pairs = bigrams(name)
    if not pairs:
        return 0.0
    have = bigrams(rest)
    return sum(1 for p in pairs if p in have) / len(pairs)


SHARED_MIN = 3
"""A list's row may instead share a run of this many characters with one asked word (补助标准)."""


def sharing_rows(phrase: str, names: list[str]) -> list[bool]:
    """For each name, whether it holds the longest run any name shares with one of the asked words
    (at least `SHARED_MIN` characters, or the whole of a shorter word): a list asks for every row
    of a kind (哪些补助标准), whatever else the names say."""
    held = [False] * len(names)
    for word in (w for w in phrase.split() if len(w) >= 2):
        runs = [longest_common(word, name)[0] for name in names]
        longest = max(runs, default=0)
        if longest >= min(len(word), SHARED_MIN):
            held = [h or n == longest for h, n in zip(held, runs, strict=True)]
    return held
