"""Which 效益 二级 a sector's real forms carry, read from the corpus (`Retriever.sector_rows()`).

Most real forms carry 社会效益 and many 可持续影响; forms of agriculture, forestry, water, the
environment and tourism also carry 经济效益 and 生态效益. A draft follows its sector's practice: a
效益 二级 is planned when at least `PRACTICE_SHARE` of the sector group's forms carry it (the whole
corpus stands in for a task whose sector cannot be told, or whose group has fewer than
`MIN_FORMS` forms).

    practice = benefit_practice(retriever.sector_rows())
    practice.level2s("农林水")        # ("社会效益指标", "可持续影响指标", "经济效益指标", "生态效益指标")
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.corpus import levels
from assistant.draft.sector_gate import SectorRow, sector_group

PRACTICE_SHARE = 1 / 4
MIN_FORMS = 3
BENEFITS = (levels.SOCIAL, levels.SUSTAINABLE, levels.ECONOMIC, levels.ECOLOGICAL)


@dataclass(frozen=True)
class BenefitPractice:
    shares: dict[str | None, dict[str, float]]
    """Per sector group (None: the whole corpus), the share of its forms carrying each 效益 二级."""

    def level2s(self, group: str | None) -> tuple[str, ...]:
        shares = self.shares.get(group) or self.shares.get(None, {})
        return tuple(level2 for level2 in BENEFITS if shares.get(level2, 0.0) >= PRACTICE_SHARE)


@lru_cache(maxsize=8)
def _practice(rows: tuple[SectorRow, ...]) -> BenefitPractice:
    carried: dict[str, set[str]] = defaultdict(set)
    group_of: dict[str, str | None] = {}
    for form, sector, _, _, level2 in rows:
        if not sector:
            continue
        group_of[form] = sector_group(sector)
        if level2 in BENEFITS:
            carried[form].add(level2)
    shares: dict[str | None, dict[str, float]] = {}
    for group in {*group_of.values(), None}:
        forms = [f for f, g in group_of.items() if group is None or g == group]
        if len(forms) >= MIN_FORMS:
            shares[group] = {b: sum(b in carried[f] for f in forms) / len(forms) for b in BENEFITS}
    return BenefitPractice(shares)


def benefit_practice(rows: Iterable[SectorRow]) -> BenefitPractice:
    """The 效益 practice of a corpus, from its rows; memoised."""
    return _practice(tuple(rows))
