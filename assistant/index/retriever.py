"""What drafting, suggesting and Ask need from an index: the `Retriever` protocol and its hits.

Two implementations hold the same records (`records`): `hybrid.Index` (chromadb vectors and a
BM25 catalog on disk: the application's) and `memory.MemoryIndex` (pure Python, built from
forms in memory: unit tests and small tools). Callers take a `Retriever`, never either class.

A hit carries the record's metadata, so a draft or an answer can cite the row; an indicator
hit's `source_ref` is the corpus row's `SourceRef` itself, kept as fields, never parsed from
its label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from assistant.corpus import levels
from assistant.corpus.schema import Indicator, SourceRef
from assistant.errors import InputError
from assistant.index.fusion import Filters
from assistant.index.records import from_metadata

Mode = Literal["hybrid", "dense", "bm25"]


class _Hit(BaseModel):
    id: str
    text: str
    form: str
    form_kind: str | None
    year: int | None
    unit: str | None
    sector: str | None = None
    project: str
    project_id: str
    dense_score: float | None
    """Cosine similarity of the query and the record; None when the dense half did not run."""
    bm25_score: float | None
    """BM25 score (0 when no query term occurs); None when the keyword half did not run."""
    fused_score: float
    rank: int


class IndicatorHit(_Hit):
    group: str | None
    level1: str | None
    level2: str | None
    name: str
    value_raw: str | None
    value_canonical: str | None
    value_kind: str | None
    source: str | None
    """The source row as a reader sees it (`SourceRef.label()`); `source_ref` is the data."""
    source_file: str | None = None
    source_line: int | None = None
    source_sheet: str | None = None

    @property
    def source_ref(self) -> SourceRef | None:
        return SourceRef(file=self.source_file, line=self.source_line,
                         sheet=self.source_sheet) if self.source_file else None

    def to_indicator(self) -> Indicator:
        """The corpus row this hit stands for (id, levels, name, value and source)."""
        return Indicator.make(self.level1, self.level2, self.name, self.value_raw or "", id=self.id,
                              source=self.source_ref)


class ProjectHit(_Hit):
    money_total: float | None
    money_fiscal: float | None
    money_other: float | None
    indicators: int | None


class Retriever(Protocol):
    """Ranked indicator rows and project summaries of the corpus, under metadata filters.

    Filters: `year`, `unit`, `sector`, `form`, `level1`, `level2` keep records equal to the value;
    `exclude_forms` (form ids) and `exclude_projects` (project ids) leave records out."""

    def counts(self) -> dict[str, int]:
        """{"indicators": n, "projects": m}: how many records are held."""
        ...

    def search_indicators(self, query: str, k: int = 10, *, year: int | None = None, unit: str | None = None,
                          level1: str | None = None, level2: str | None = None, form: str | None = None,
                          exclude_forms: Iterable[str] | None = None, exclude_projects: Iterable[str] | None = None,
                          mode: Mode = "hybrid", sector: str | None = None) -> list[IndicatorHit]:
        """The k indicator rows that best match `query` under the filters, best first."""
        ...

    def search_projects(self, query: str, k: int = 5, *, year: int | None = None, unit: str | None = None,
                        form: str | None = None, exclude_forms: Iterable[str] | None = None,
                        exclude_projects: Iterable[str] | None = None, mode: Mode = "hybrid",
                        sector: str | None = None) -> list[ProjectHit]:
        """The k project summaries that best match `query` under the filters, best first."""
        ...

    def sector_rows(self) -> list[tuple[str, str | None, str, str, str | None]]:
        """(form, sector, project, indicator name, 二级) of every indicator row held: what the relevance gate
        learns sector-specific words from (`draft.sector_gate`)."""
        ...

    def indicators_of(self, project_ids: Iterable[str]) -> list[IndicatorHit]:
        """Every indicator row of these projects, unranked (scores None, fused 0), in id order."""
        ...


def hit_fields(record_id: str, text: str, metadata: Mapping[str, Any], fields: dict[str, type], *,
               dense: float | None, bm25: float | None, fused: float, rank: int) -> dict[str, Any]:
    """The fields of a hit on a stored record (either implementation stores the same metadata)."""
    return {"id": record_id, "text": text, **from_metadata(metadata, fields), "dense_score": dense,
            "bm25_score": bm25, "fused_score": fused, "rank": rank}


def check_query(query: str, k: int, mode: Mode) -> None:
    if mode not in ("hybrid", "dense", "bm25"):
        raise InputError(f"不支持的检索方式“{mode}”", hint="可选 hybrid、dense、bm25")
    if not query.strip():
        raise InputError("查询内容是空的", hint="请输入要查找的指标或项目，例如“体检人数”")
    if k < 1:
        raise InputError(f"返回条数应至少为 1（现为 {k}）")


def indicator_filters(*, year: int | None, unit: str | None, level1: str | None, level2: str | None,
                      form: str | None, exclude_forms: Iterable[str] | None,
                      exclude_projects: Iterable[str] | None, sector: str | None = None) -> Filters:
    """An indicator search's filters; level names are normalised (a Chinese error names an unknown one)."""
    return Filters.of({"year": year, "unit": unit, "sector": sector, "form": form, "level1": _level(level1, "一级"),
                       "level2": _level(level2, "二级")},
                      {"form": list(exclude_forms or []), "project_id": list(exclude_projects or [])})


def project_filters(*, year: int | None, unit: str | None, form: str | None, exclude_forms: Iterable[str] | None,
                    exclude_projects: Iterable[str] | None, sector: str | None = None) -> Filters:
    return Filters.of({"year": year, "unit": unit, "sector": sector, "form": form},
                      {"form": list(exclude_forms or []), "project_id": list(exclude_projects or [])})


def _level(text: str | None, which: Literal["一级", "二级"]) -> str | None:
    if not text:
        return None
    name = levels.normalize_level1(text) if which == "一级" else levels.normalize_level2(text)
    if name is None:
        raise InputError(f"无法识别的{which}指标“{text}”",
                         hint="可选：" + "、".join(levels.LEVEL1_NAMES if which == "一级" else levels.LEVEL2_NAMES))
    return name
