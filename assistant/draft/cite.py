"""Citations for LLM-drafted rows: which of the example rows shown to the model each row matches.

Pure: data in, data out. A drafted row cites shown example rows only, never an id read from
the model's text unless it is one of the labels that were shown. The match is stated, not
guessed: same 二级指标, and name similarity (`assistant.validate.rules.money.similarity`: Dice over
characters and character pairs, generic words left out) of at least MATCH_FLOOR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.corpus import levels
from assistant.corpus.schema import Indicator
from assistant.draft.models import DraftSource
from assistant.validate.rules.money import similarity

MATCH_FLOOR = 0.35
"""Below this, two names share too little to say the example inspired the row."""
MAX_CITATIONS = 2
NO_EXAMPLE_NOTE = "示例中没有相近的指标，这一行由大模型自拟，请核对"


class Example(Protocol):
    """What citing needs of an example project (retrieve.ExampleProject has it)."""

    key: str
    form: str
    rows: list[Indicator]


@dataclass(frozen=True)
class ShownRow:
    label: str
    """The id the prompt shows, "<example>.<row>" counted from 1 (short: a small model's context is 4k)."""
    indicator: Indicator
    form: str
    project: str


def label_rows(examples: Sequence[Example]) -> list[ShownRow]:
    return [ShownRow(f"{e}.{r}", row, example.form, example.key)
            for e, example in enumerate(examples, start=1) for r, row in enumerate(example.rows, start=1)]


def _source(shown: ShownRow, score: float, by_ref: bool) -> DraftSource:
    how = "大模型标注参考此行；" if by_ref else ""
    return DraftSource(why="example", id=shown.indicator.id, form=shown.form, project=shown.project,
                       name=shown.indicator.name, value=shown.indicator.value.raw,
                       note=f"{how}示例 {shown.label}，名称相似度 {score:.2f}")


def cite(level2: str, name: str, shown: Sequence[ShownRow], ref: str | None = None) -> list[DraftSource]:
    """The shown rows a drafted row matches, best first: the row the model named in `ref` when it
    was shown and has the same 二级指标, then the most similar names of that 二级指标 above the floor."""
    wanted = levels.normalize_level2(level2) or level2
    same = [s for s in shown if s.indicator.level2 == wanted]
    scored = sorted(((similarity(name, s.indicator.name), k) for k, s in enumerate(same)), key=lambda t: (-t[0], t[1]))
    sources: list[DraftSource] = []
    cited: set[str] = set()
    named = next((s for s in same if ref and s.label == ref.strip()), None)
    if named is not None:
        sources.append(_source(named, similarity(name, named.indicator.name), by_ref=True))
        cited.add(named.label)
    for score, k in scored:
        if len(sources) >= MAX_CITATIONS or score < MATCH_FLOOR:
            break
        if same[k].label not in cited:
            sources.append(_source(same[k], score, by_ref=False))
            cited.add(same[k].label)
    return sources
