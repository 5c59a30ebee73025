"""A `Retriever` held in memory: the same records as `hybrid.Index`, no chromadb, nothing on disk.

    retriever = MemoryIndex(corpus.forms())                      # BM25 alone
    retriever = MemoryIndex(corpus.forms(), embedder=embedder)   # BM25 + vectors, fused by rank
    retriever.search_indicators("无偿献血 满意度", k=10, level2="服务对象满意度指标")

Built in about a second from a few thousand rows without an embedder, so the unit tests of
drafting, suggesting and Ask use it; the hybrid index's own tests and a few integration tests
keep the real one. With an embedder every record is embedded at construction, as a build would.
Same filters, same fusion (`fusion`) and same BM25 (`keyword_catalog`) as the hybrid index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from assistant.corpus.schema import Form
from assistant.errors import InputError
from assistant.index.bm25 import top_positions
from assistant.index.embeddings import Embedder
from assistant.index.fusion import Filters, reciprocal_rank_fusion
from assistant.index.keyword_catalog import KeywordCatalog
from assistant.index.records import (
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    IndexRecord,
    indicator_index_records,
    project_index_records,
)
from assistant.index.retriever import (
    IndicatorHit,
    Mode,
    ProjectHit,
    check_query,
    hit_fields,
    indicator_filters,
    project_filters,
)


class _Side:
    """One kind of record (indicator rows or projects) with its keyword catalog and, maybe, vectors."""

    def __init__(self, records: list[IndexRecord], fields: dict[str, type], embedder: Embedder | None):
        self.records = {r.id: r for r in records}
        self.fields = fields
        self.catalog = KeywordCatalog.build("memory", [r.id for r in records], [r.text for r in records],
                                            [r.metadata for r in records], list(fields))
        self.vectors = embedder.embed_passages([r.text for r in records]) if embedder and records else None

    def search(self, query: str, vector: np.ndarray | None, k: int, filters: Filters,
               mode: Mode) -> list[tuple[IndexRecord, float | None, float | None, float]]:
        pool = max(50, 3 * k)
        mask = filters.mask(self.catalog.columns)
        rankings: list[list[str]] = []
        dense_scores = bm25_scores = None
        if vector is not None and self.vectors is not None:
            dense_scores = self.vectors @ vector
            allowed = np.ones(len(dense_scores), dtype=bool) if mask is None else mask
            order = sorted(np.flatnonzero(allowed).tolist(), key=lambda n: (-dense_scores[n], n))[:pool]
            rankings.append([self.catalog.ids[n] for n in order])
        if mode != "dense":
            bm25_scores = self.catalog.bm25.scores(query)
            rankings.append([self.catalog.ids[n] for n, _ in top_positions(bm25_scores, pool, mask)])
        out = []
        for record_id, fused in reciprocal_rank_fusion(rankings)[:k]:
            n = self.catalog.position[record_id]
            dense = float(dense_scores[n]) if dense_scores is not None else None
            bm25 = float(bm25_scores[n]) if bm25_scores is not None else None
            out.append((self.records[record_id], dense, bm25, fused))
        return out


class MemoryIndex:
    """Indicator rows and project summaries of `forms`, searched in memory (see the module doc)."""

    def __init__(self, forms: Sequence[Form], embedder: Embedder | None = None):
        forms = list(forms)
        self.embedder = embedder
        self._indicators = _Side(indicator_index_records(forms), INDICATOR_FIELDS, embedder)
        self._projects = _Side(project_index_records(forms), PROJECT_FIELDS, embedder)

    def counts(self) -> dict[str, int]:
        return {"indicators": len(self._indicators.records), "projects": len(self._projects.records)}

    def _run(self, side: _Side, query: str, k: int, filters: Filters, mode: Mode) -> list[dict[str, Any]]:
        check_query(query, k, mode)
        if mode == "dense" and self.embedder is None:
            raise InputError("没有向量模型，无法按向量检索", hint="请用 hybrid 或 bm25 检索")
        vector = self.embedder.embed_query(query) if self.embedder is not None and mode != "bm25" else None
        return [hit_fields(record.id, record.text, record.metadata, side.fields, dense=dense, bm25=bm25,
                           fused=fused, rank=rank)
                for rank, (record, dense, bm25, fused) in enumerate(side.search(query, vector, k, filters, mode),
                                                                    start=1)]

    def search_indicators(self, query: str, k: int = 10, *, year: int | None = None, unit: str | None = None,
                          level1: str | None = None, level2: str | None = None, form: str | None = None,
                          exclude_forms: Iterable[str] | None = None, exclude_projects: Iterable[str] | None = None,
                          mode: Mode = "hybrid", sector: str | None = None) -> list[IndicatorHit]:
        filters = indicator_filters(year=year, unit=unit, level1=level1, level2=level2, form=form,
                                    exclude_forms=exclude_forms, exclude_projects=exclude_projects, sector=sector)
        return [IndicatorHit(**fields) for fields in self._run(self._indicators, query, k, filters, mode)]

    def search_projects(self, query: str, k: int = 5, *, year: int | None = None, unit: str | None = None,
                        form: str | None = None, exclude_forms: Iterable[str] | None = None,
                        exclude_projects: Iterable[str] | None = None, mode: Mode = "hybrid",
                        sector: str | None = None) -> list[ProjectHit]:
        filters = project_filters(year=year, unit=unit, form=form, exclude_forms=exclude_forms,
                                  exclude_projects=exclude_projects, sector=sector)
        return [ProjectHit(**fields) for fields in self._run(self._projects, query, k, filters, mode)]

    def sector_rows(self) -> list[tuple[str, str | None, str, str, str | None]]:
        return [(str(m["form"]), str(m["sector"]) or None, str(m["project"]), str(m["name"]), str(m["level2"]) or None)
                for m in (r.metadata for r in self._indicators.records.values())]

    def indicators_of(self, project_ids: Iterable[str]) -> list[IndicatorHit]:
        wanted = set(project_ids)
        side = self._indicators
        records = [r for r in side.records.values() if r.metadata["project_id"] in wanted]
        return [IndicatorHit(**hit_fields(r.id, r.text, r.metadata, side.fields, dense=None, bm25=None, fused=0.0,
                                          rank=rank)) for rank, r in enumerate(records, start=1)]
