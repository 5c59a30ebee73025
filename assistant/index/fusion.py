"""Metadata filters and rank fusion for the hybrid index (pure core).

`Filters` is the one statement of a search's restrictions; it renders as a chromadb
`where` clause for the dense half and as a boolean mask over metadata columns for the
BM25 half, so both halves always see the same records.

`reciprocal_rank_fusion` merges ranked lists by 1 / (k + rank) (Cormack et al., 2009):
it needs no score calibration between cosine similarities and BM25 scores, which live
on unrelated scales.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

RRF_K = 60


@dataclass(frozen=True)
class Filters:
    """Keep records whose metadata equals every `equal` value and matches none of the `exclude` values."""

    equal: Mapping[str, str | int] = field(default_factory=dict)
    exclude: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, equal: Mapping[str, Any] | None = None, exclude: Mapping[str, Any] | None = None) -> Filters:
        """Filters from keyword arguments, dropping the ones that were not given (None or empty)."""
        return cls({k: v for k, v in (equal or {}).items() if v is not None and v != ""},
                   {k: tuple(v) for k, v in (exclude or {}).items() if v})

    def where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = [{key: value} for key, value in self.equal.items()]
        clauses += [{key: {"$nin": list(values)}} for key, values in self.exclude.items()]
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def mask(self, columns: Mapping[str, np.ndarray]) -> np.ndarray | None:
        """True for the rows that pass; None when nothing is filtered."""
        if not self.equal and not self.exclude:
            return None
        size = len(next(iter(columns.values())))
        keep = np.ones(size, dtype=bool)
        for key, value in self.equal.items():
            keep &= columns[key] == value
        for key, values in self.exclude.items():
            keep &= ~np.isin(columns[key], list(values))
        return keep


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Ids of all rankings by fused score, best first; ties go to the id ranked first in an earlier list."""
    scores: dict[str, float] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    for list_index, ranking in enumerate(rankings):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            first_seen.setdefault(item, (list_index, rank))
    return sorted(scores.items(), key=lambda pair: (-pair[1], first_seen[pair[0]]))
