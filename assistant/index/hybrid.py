"""The hybrid retrieval index over the corpus: dense vectors in chromadb, BM25 beside them.

    index = Index.open(settings)                    # or Index.open(settings, embedder=...)
    report = index.build(corpus.forms())            # embeds only new or changed records
    hits = index.search_indicators("无偿献血 满意度", k=10, level2="服务对象满意度指标",
                                   exclude_projects=["003_1c981b526f6e6f3d/p7"])
    hits[0].name, hits[0].value_raw, hits[0].source, hits[0].fused_score
    projects = index.search_projects("预防性体检", k=5)
    index.add_forms([approved_form])                # an approved draft joins without a full rebuild

Two collections: one record per indicator row, one per project summary (records and
their texts: `records`). A search embeds the query in query mode, asks chromadb
for the nearest records and BM25 (`bm25`) for the best keyword matches under the
same filters (`fusion.Filters`), and fuses the two ranked lists by reciprocal rank
(`fusion.reciprocal_rank_fusion`). Every hit (`retriever.IndicatorHit` / `ProjectHit`) carries the record's id and metadata (so
a draft or an answer can cite the row), the dense score (cosine), the BM25 score, the
fused score and its 1-based rank. `mode="dense"` or `mode="bm25"` runs one half alone.

Rebuilds compare each record's content hash with the stored one: only new or changed
records are embedded, and records whose rows are gone are deleted. `build(forms)`
makes the index hold exactly `forms`; `add_forms(forms)` replaces only those forms'
records and leaves the rest. The keyword half (`keyword_catalog.KeywordCatalog`: BM25 and the
filter columns) is updated by the same build, re-tokenizing only the changed records, and
saved under data_dir/keywords, so a new process loads it instead of rebuilding it. Each
write gives the collection a new revision; a catalog of another revision (a change written
by another process) is rebuilt from the stored records on the next search.

Filtered dense search: the vector half asks chromadb for a wider unfiltered result and
filters it with the catalog's columns, falling back to chromadb's own (slower) filtered
search when too few records pass.

Filters: `year`, `unit`, `form`, `level1`, `level2` keep records equal to the value;
`exclude_forms` (form ids) and `exclude_projects` (project ids, as in `Project.id` and
`hit.project_id`) leave records out, e.g. to draft a project from all the others.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout
from pydantic import BaseModel

from assistant.corpus.schema import Form
from assistant.errors import InputError
from assistant.index.bm25 import top_positions
from assistant.index.embeddings import Embedder, get_embedder
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
from assistant.index.vectorstore import BUILDING, VectorCollection, open_client
from assistant.settings import Settings, get_settings

Progress = Callable[[int, int], None]
"""Called as progress(records embedded so far, records to embed) during a build."""

INDICATOR_COLLECTION = "jxmb_indicators"
PROJECT_COLLECTION = "jxmb_projects"
_RECENT_QUERIES = 32  # query vectors kept per Index (see `_query_vector`)
EMBED_CHUNK = 256  # records embedded and stored per step: a stopped build keeps what it stored


class SyncCounts(BaseModel):
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


class BuildReport(BaseModel):
    indicators: SyncCounts
    projects: SyncCounts
    embedded: int
    seconds: float
    embedder: str
    reembedded_all: bool = False
    """True when the stored vectors came from another embedder and were all replaced."""

    def summary(self) -> str:
        """The report as a user reads it."""
        lines = [f"索引已更新：用时 {self.seconds:.1f} 秒，计算向量 {self.embedded} 条（向量模型 {self.embedder}）"]
        if self.reembedded_all:
            lines.append("原索引由其他向量模型建立，已全部重新计算")
        for label, c in (("指标行", self.indicators), ("项目", self.projects)):
            lines.append(f"{label}：新增 {c.added}，更新 {c.updated}，删除 {c.removed}，未变 {c.unchanged}")
        return "\n".join(lines)


@dataclass
class _Plan:
    todo: list[IndexRecord]
    """Records to embed and store: new, or changed since they were stored."""
    removed: list[str]
    counts: SyncCounts


@dataclass
class _Candidate:
    id: str
    text: str
    metadata: dict[str, Any]
    dense: float | None
    bm25: float | None
    fused: float


class _HybridCollection:
    """One collection's records, searched by vector (chromadb) and by keyword (a `KeywordCatalog`)."""

    def __init__(self, store: VectorCollection, fields: dict[str, type], keyword_dir: Path):
        self.store = store
        self.fields = fields
        self.keyword_dir = keyword_dir
        self._catalog: KeywordCatalog | None = None

    def plan(self, records: list[IndexRecord], scope: dict[str, Any] | None) -> _Plan:
        """What it takes to make the stored records within `scope` (a where clause; None = all) equal `records`."""
        stored = self.store.hashes(scope)
        given = {r.id for r in records}
        todo = [r for r in records if stored.get(r.id) != r.hash]
        added = sum(1 for r in todo if r.id not in stored)
        removed = [i for i in stored if i not in given]
        counts = SyncCounts(added=added, updated=len(todo) - added, removed=len(removed),
                            unchanged=len(records) - len(todo))
        return _Plan(todo, removed, counts)

    def apply(self, plan: _Plan, embedder: Embedder, progress: Progress | None, done: int, total: int) -> None:
        revision = str(self.store.info().get("revision", ""))
        interrupted = revision.startswith(BUILDING)  # a build was killed midway: its catalog is stale
        if not plan.todo and not plan.removed and not interrupted:
            return
        before = self._current(revision)
        empty = self.store.count() == 0
        self.store.mark(embedder.name, building=True)
        for start in range(0, len(plan.todo), EMBED_CHUNK):
            chunk = plan.todo[start:start + EMBED_CHUNK]
            vectors = embedder.embed_passages([r.text for r in chunk])
            self.store.upsert([r.id for r in chunk], vectors, [r.text for r in chunk], [r.metadata for r in chunk])
            if progress:
                progress(done + start + len(chunk), total)
        self.store.delete(plan.removed)
        revision = self.store.mark(embedder.name)
        before = before.with_tokens(self.keyword_dir) if before else None
        if before is not None:
            catalog = before.updated(revision, plan.todo, plan.removed)
        elif empty:  # a first build: everything stored is in hand
            catalog = KeywordCatalog.build(revision, [r.id for r in plan.todo], [r.text for r in plan.todo],
                                           [r.metadata for r in plan.todo], list(self.fields))
        else:
            catalog = self._from_store(revision)
        catalog.save(self.keyword_dir)
        catalog.tokens = None  # only an update needs them, and they are on disk
        self._catalog = catalog

    def check(self) -> tuple[set[str], set[str]]:
        """Ids the keyword catalog lacks and ids it holds that the vector store does not."""
        stored = set(self.store.hashes())
        revision = str(self.store.info().get("revision", ""))
        catalog = self._current(revision) if revision and not revision.startswith(BUILDING) else None
        if catalog is None:  # no catalog for the stored records: they are all missing from it
            return stored, set()
        held = set(catalog.ids)
        return stored - held, held - stored

    def repair(self, embedder: Embedder) -> None:
        """Rebuild the keyword catalog from the stored records, under a fresh revision."""
        revision = self.store.mark(embedder.name)
        catalog = self._from_store(revision)
        catalog.save(self.keyword_dir)
        catalog.tokens = None
        self._catalog = catalog

    def _current(self, revision: str) -> KeywordCatalog | None:
        if self._catalog is not None and self._catalog.revision == revision:
            return self._catalog
        return KeywordCatalog.load(self.keyword_dir, revision)

    def _from_store(self, revision: str) -> KeywordCatalog:
        ids, texts, metadatas = self.store.records()
        return KeywordCatalog.build(revision, ids, texts, metadatas, list(self.fields))

    def keywords(self) -> KeywordCatalog:
        """The keyword catalog of the stored records: from memory, from disk, or rebuilt from the records."""
        revision = str(self.store.info().get("revision", ""))
        catalog = self._current(revision)
        if catalog is None:
            catalog = self._from_store(revision)
            if revision and not revision.startswith(BUILDING):
                try:  # kept for the next process, unless a writer is at work (it saves its own)
                    with FileLock(str(self.keyword_dir.parent / ".write.lock"), timeout=0):
                        catalog.save(self.keyword_dir)
                except Timeout:
                    pass
            catalog.tokens = None
        self._catalog = catalog
        return catalog

    def _dense(self, vector: np.ndarray, pool: int, filters: Filters,
               catalog: KeywordCatalog | None) -> list[tuple[str, float]]:
        mask = filters.mask(catalog.columns) if catalog is not None else None
        if catalog is None or mask is None:
            return self.store.query(vector, pool, filters.where())
        # chromadb's filtered search scans metadata (~0.3 s at 100k rows); filtering a wider
        # unfiltered result by the catalog's columns is ~10× faster and loses nothing as long
        # as enough records pass. When too few do, ask chromadb to filter.
        wide = self.store.query(vector, 4 * pool)
        kept = [(i, s) for i, s in wide if i in catalog.position and mask[catalog.position[i]]]
        if len(kept) >= pool or len(wide) < 4 * pool:
            return kept[:pool]
        return self.store.query(vector, pool, filters.where())

    def search(self, query: str, vector: np.ndarray | None, k: int, filters: Filters,
               mode: Mode) -> list[_Candidate]:
        pool = max(50, 3 * k)
        catalog = self.keywords() if mode != "dense" else None
        rankings: list[list[str]] = []
        similarity: dict[str, float] = {}
        if vector is not None:
            similarity = dict(self._dense(vector, pool, filters, catalog))
            rankings.append(list(similarity))
        if catalog is not None:
            scores = catalog.bm25.scores(query)
            rankings.append([catalog.ids[p] for p, _ in top_positions(scores, pool, filters.mask(catalog.columns))])
        fused = reciprocal_rank_fusion(rankings)[:k]
        # A record found by one half still gets the other half's score, for callers that threshold.
        missing = vector is not None and catalog is not None and any(i not in similarity for i, _ in fused)
        stored = self.store.get([i for i, _ in fused], with_vectors=missing)
        candidates = []
        for record_id, score in fused:
            record = stored.get(record_id)
            if record is None:
                continue  # deleted by another process since the catalog was loaded
            dense = similarity.get(record_id)
            if dense is None and vector is not None and record.vector is not None:
                dense = float(record.vector @ vector)
            bm25 = None
            if catalog is not None:
                n = catalog.position.get(record_id)
                bm25 = float(scores[n]) if n is not None else 0.0
            candidates.append(_Candidate(record_id, record.text, record.metadata, dense, bm25, score))
        return candidates


class Index:
    """The retrieval index of indicator rows and project summaries (see the module doc); a `Retriever`."""

    def __init__(self, client, embedder: Embedder, keyword_dir: Path):
        self.embedder = embedder
        self.keyword_dir = keyword_dir
        self._recent_queries: dict[str, np.ndarray] = {}
        self._recent_lock = threading.Lock()  # the web app searches from several worker threads
        self._indicators = _HybridCollection(VectorCollection(client, INDICATOR_COLLECTION), INDICATOR_FIELDS,
                                             keyword_dir / INDICATOR_COLLECTION)
        self._projects = _HybridCollection(VectorCollection(client, PROJECT_COLLECTION), PROJECT_FIELDS,
                                           keyword_dir / PROJECT_COLLECTION)

    @classmethod
    def open(cls, settings: Settings | None = None, embedder: Embedder | None = None) -> Index:
        """The index the settings point to (embedded chromadb or a chroma server), created empty if new."""
        settings = settings or get_settings()
        return cls(open_client(settings), embedder or get_embedder(settings), settings.data_dir / "keywords")

    def _sides(self) -> tuple[_HybridCollection, _HybridCollection]:
        return self._indicators, self._projects

    # -- building --------------------------------------------------------------------
    def build(self, forms: Sequence[Form], progress: Progress | None = None) -> BuildReport:
        """Make the index hold exactly `forms`: embed new and changed records, delete the rest."""
        return self._sync(forms, scope_forms=None, progress=progress)

    def add_forms(self, forms: Sequence[Form], progress: Progress | None = None) -> BuildReport:
        """Add or replace the records of `forms`; records of other forms stay as they are."""
        return self._sync(forms, scope_forms=[f.id for f in forms], progress=progress)

    def remove_forms(self, form_ids: Sequence[str]) -> BuildReport:
        """Delete every record of these forms (an approval undone)."""
        return self._sync([], scope_forms=list(form_ids), progress=None)

    def writing(self) -> FileLock:
        """The lock every writer of this index holds, across threads and processes: two writers
        would otherwise plan from the same stored state and overwrite each other's keyword catalog."""
        self.keyword_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.keyword_dir / ".write.lock"))  # one per data folder: both collections

    def _sync(self, forms: Sequence[Form], scope_forms: list[str] | None, progress: Progress | None) -> BuildReport:
        with self.writing():
            return self._sync_locked(forms, scope_forms, progress)

    def _sync_locked(self, forms: Sequence[Form], scope_forms: list[str] | None,
                     progress: Progress | None) -> BuildReport:
        started = time.perf_counter()
        forms = list(forms)
        seen: set[str] = set()
        for form in forms:
            if form.id in seen:
                raise InputError(f"有两张表的编号都是“{form.id}”", hint="每张表的编号（文件名）必须不同")
            seen.add(form.id)
        scope = None if scope_forms is None else {"form": {"$in": scope_forms or [""]}}
        reembed = self._other_embedder()
        if reembed and scope is not None:
            raise InputError(f"索引是用向量模型“{reembed}”建立的，当前设置的是“{self.embedder.name}”，不能只加入几张表",
                             hint="请运行 assistant index build 用当前模型重建整个索引")
        if reembed:
            for side in self._sides():
                side.store.reset()
                side._catalog = None
        plans = [side.plan(records, scope) for side, records in
                 ((self._indicators, indicator_index_records(forms)), (self._projects, project_index_records(forms)))]
        total = sum(len(p.todo) for p in plans)
        done = 0
        for side, plan in zip(self._sides(), plans, strict=True):
            side.apply(plan, self.embedder, progress, done, total)
            done += len(plan.todo)
        return BuildReport(indicators=plans[0].counts, projects=plans[1].counts, embedded=total,
                           seconds=time.perf_counter() - started, embedder=self.embedder.name,
                           reembedded_all=bool(reembed))

    def check(self) -> dict[str, tuple[set[str], set[str]]]:
        """Per collection: ids stored but missing from the keyword catalog, ids in the catalog but not stored."""
        return {name: side.check() for name, side in (("indicators", self._indicators), ("projects", self._projects))}

    def stored_ids(self) -> dict[str, set[str]]:
        return {"indicators": set(self._indicators.store.hashes()), "projects": set(self._projects.store.hashes())}

    def repair(self) -> None:
        """Make each keyword catalog hold exactly the stored records."""
        with self.writing():
            for side in self._sides():
                side.repair(self.embedder)

    def _other_embedder(self) -> str | None:
        """The name of the embedder that made the stored vectors, when it is not ours."""
        for side in self._sides():
            stored = side.store.info().get("embedder")
            if stored and stored != self.embedder.name:
                return str(stored)
        return None

    # -- searching -------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {"indicators": self._indicators.store.count(), "projects": self._projects.store.count()}

    def _check_searchable(self, query: str, k: int, mode: Mode) -> None:
        check_query(query, k, mode)
        stored = self._other_embedder()
        if stored:
            raise InputError(f"索引是用向量模型“{stored}”建立的，当前设置的是“{self.embedder.name}”",
                             hint="请运行 assistant index build 重建索引")

    def _run(self, side: _HybridCollection, query: str, k: int, filters: Filters, mode: Mode) -> list[_Candidate]:
        self._check_searchable(query, k, mode)
        vector = self._query_vector(query) if mode != "bm25" else None
        return side.search(query, vector, k, filters, mode)

    def clear_query_cache(self) -> None:
        """Forget memoised query vectors (timings that must include embedding the query call this)."""
        self._recent_queries.clear()

    def _query_vector(self, query: str) -> np.ndarray:
        # Drafting searches projects and rows with the same text: embedding it once halves its latency.
        with self._recent_lock:
            vector = self._recent_queries.get(query)
        if vector is None:
            vector = self.embedder.embed_query(query)
            with self._recent_lock:
                while len(self._recent_queries) >= _RECENT_QUERIES:
                    self._recent_queries.pop(next(iter(self._recent_queries)))
                self._recent_queries[query] = vector
        return vector

    def search_indicators(self, query: str, k: int = 10, *, year: int | None = None, unit: str | None = None,
                          level1: str | None = None, level2: str | None = None, form: str | None = None,
                          exclude_forms: Iterable[str] | None = None, exclude_projects: Iterable[str] | None = None,
                          mode: Mode = "hybrid", sector: str | None = None) -> list[IndicatorHit]:
        """The k indicator rows that best match `query` under the filters, best first."""
        filters = indicator_filters(year=year, unit=unit, level1=level1, level2=level2, form=form,
                                    exclude_forms=exclude_forms, exclude_projects=exclude_projects, sector=sector)
        return [IndicatorHit(**self._hit_fields(self._indicators, c, rank))
                for rank, c in enumerate(self._run(self._indicators, query, k, filters, mode), start=1)]

    def search_projects(self, query: str, k: int = 5, *, year: int | None = None, unit: str | None = None,
                        form: str | None = None, exclude_forms: Iterable[str] | None = None,
                        exclude_projects: Iterable[str] | None = None, mode: Mode = "hybrid",
                        sector: str | None = None) -> list[ProjectHit]:
        """The k project summaries that best match `query` under the filters, best first."""
        filters = project_filters(year=year, unit=unit, form=form, exclude_forms=exclude_forms,
                                  exclude_projects=exclude_projects, sector=sector)
        return [ProjectHit(**self._hit_fields(self._projects, c, rank))
                for rank, c in enumerate(self._run(self._projects, query, k, filters, mode), start=1)]

    def indicators_of(self, project_ids: Iterable[str]) -> list[IndicatorHit]:
        """Every stored indicator row of these projects, unranked (scores None, fused 0), in id order.

        Drafting shows whole example tables next to the ranked rows; the keyword catalog's
        columns find the ids without a query."""
        wanted = set(project_ids)
        if not wanted:
            return []
        catalog = self._indicators.keywords()
        column = catalog.values.get("project_id", [])
        ids = [record_id for record_id, project in zip(catalog.ids, column, strict=True) if project in wanted]
        stored = self._indicators.store.get(ids)
        candidates = [_Candidate(i, stored[i].text, stored[i].metadata, None, None, 0.0) for i in ids if i in stored]
        return [IndicatorHit(**self._hit_fields(self._indicators, c, rank))
                for rank, c in enumerate(candidates, start=1)]

    def sector_rows(self) -> list[tuple[str, str | None, str, str, str | None]]:
        """(form, sector, project, name, 二级) of every stored indicator row, from the keyword catalog's columns."""
        values = self._indicators.keywords().values
        if not values.get("form"):
            return []
        sectors = values.get("sector") or [None] * len(values["form"])  # an index built before sectors were kept
        return [(str(f), str(s) if s else None, str(p), str(n), str(level2) if level2 else None)
                for f, s, p, n, level2 in zip(values["form"], sectors, values["project"], values["name"],
                                              values["level2"], strict=True)]

    def _hit_fields(self, side: _HybridCollection, candidate: _Candidate, rank: int) -> dict[str, Any]:
        return hit_fields(candidate.id, candidate.text, candidate.metadata, side.fields, dense=candidate.dense,
                          bm25=candidate.bm25, fused=candidate.fused, rank=rank)
