"""The chromadb adapter: where record vectors, texts and metadata are kept.

    client = open_client(settings)              # embedded, or a chroma server when JXMB_CHROMA_HOST is set
    store = VectorCollection(client, "jxmb_indicators")
    store.upsert(ids, vectors, texts, metadatas)
    store.query(query_vector, n=20, where={"year": 2023})   # [(id, cosine similarity)], best first
    store.get(ids)                                          # {id: Stored(text, metadata)}

Embedded by default: a `PersistentClient` in data_dir/chroma. With a host set, an
`HttpClient` to a chroma server; nothing else changes. Telemetry is off either way.

Collections are created with `embedding_function=None` and cosine space, and every
call passes vectors (`embeddings=`, `query_embeddings=`): chromadb's default embedding
function would download a model, and it would embed queries as passages.

Each collection's metadata records the embedder that made its vectors and a revision
that changes with every write, so an index can notice that it was rebuilt elsewhere
or with another model.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np

from assistant.errors import ServiceError
from assistant.settings import Settings

_PAGE = 5000  # rows per get(): bounded memory per call, far fewer calls than rows


BUILDING = "building-"
"""The revision prefix of a collection a build is writing (see `VectorCollection.mark`)."""


def open_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
                                       settings=chroma_settings)
        except ValueError:
            scheme = "https" if settings.chroma_ssl else "http"
            raise ServiceError(f"无法连接 chroma 服务 {scheme}://{settings.chroma_host}:{settings.chroma_port}",
                               hint="请确认服务已启动（chroma run），并检查 JXMB_CHROMA_HOST / JXMB_CHROMA_PORT；"
                                    "不设置 JXMB_CHROMA_HOST 则使用本地内嵌的索引") from None
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def _server_errors(method):
    """A chroma server that stops answering mid-way gives a message, not a traceback."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (httpx.TransportError, ConnectionError):
            raise ServiceError("与 chroma 服务的连接中断", hint="请确认 chroma 服务仍在运行，然后重试") from None

    return guarded


@dataclass(frozen=True)
class Stored:
    text: str
    metadata: dict[str, Any]
    vector: np.ndarray | None = None


class VectorCollection:
    """One chromadb collection of records: id, vector, text and metadata."""

    @_server_errors
    def __init__(self, client, name: str):
        self.client = client
        self.name = name
        self._collection = client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})

    # -- the collection's own metadata ------------------------------------------------
    @_server_errors
    def info(self) -> dict[str, Any]:
        """The collection's metadata as stored now (another process may have written it)."""
        fresh = self.client.get_collection(self.name, embedding_function=None)
        return dict(fresh.metadata or {})

    @_server_errors
    def mark(self, embedder: str, *, building: bool = False) -> str:
        """Record who wrote the vectors, with a new revision; returns the revision. A build marks the
        collection `building` before its first write: a build killed midway leaves that mark, which
        no keyword catalog matches, so the next reader or build rebuilds the catalog from the records."""
        revision = (BUILDING if building else "") + uuid.uuid4().hex
        self._collection.modify(metadata={"embedder": embedder, "revision": revision})
        return revision

    @_server_errors
    def reset(self) -> None:
        """Drop every record (used when the embedder changed: old vectors cannot be compared with new)."""
        self.client.delete_collection(self.name)
        self._collection = self.client.get_or_create_collection(
            self.name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})

    # -- records ------------------------------------------------------------------------
    @_server_errors
    def count(self) -> int:
        return self._collection.count()

    def _pages(self, where: dict[str, Any] | None, include: list[str]):
        offset = 0
        while True:
            page = self._collection.get(where=where, limit=_PAGE, offset=offset, include=include)
            if not page["ids"]:
                return
            yield page
            offset += len(page["ids"])

    @_server_errors
    def hashes(self, where: dict[str, Any] | None = None) -> dict[str, str]:
        """id → content hash of the stored records (all, or those matching `where`)."""
        out: dict[str, str] = {}
        for page in self._pages(where, ["metadatas"]):
            out.update((i, str(m.get("hash", ""))) for i, m in zip(page["ids"], page["metadatas"], strict=True))
        return out

    @_server_errors
    def records(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every stored record: ids, texts, metadatas (for the keyword index beside the vectors)."""
        ids: list[str] = []
        texts: list[str] = []
        metadatas: list[dict[str, Any]] = []
        for page in self._pages(None, ["documents", "metadatas"]):
            ids += page["ids"]
            texts += page["documents"]
            metadatas += page["metadatas"]
        return ids, texts, metadatas

    @_server_errors
    def upsert(self, ids: Sequence[str], vectors: np.ndarray, texts: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None:
        batch = self.client.get_max_batch_size()
        for start in range(0, len(ids), batch):
            end = start + batch
            self._collection.upsert(ids=list(ids[start:end]), embeddings=vectors[start:end],
                                    documents=list(texts[start:end]), metadatas=list(metadatas[start:end]))

    @_server_errors
    def delete(self, ids: Sequence[str]) -> None:
        batch = self.client.get_max_batch_size()
        for start in range(0, len(ids), batch):
            self._collection.delete(ids=list(ids[start:start + batch]))

    @_server_errors
    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """The n nearest records as (id, cosine similarity), best first."""
        if n <= 0:
            return []
        result = self._collection.query(query_embeddings=[vector], n_results=n, where=where, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    @_server_errors
    def get(self, ids: Sequence[str], with_vectors: bool = False) -> dict[str, Stored]:
        """Text, metadata and optionally the vector of each id that is stored."""
        if not ids:
            return {}
        include = ["documents", "metadatas"] + (["embeddings"] if with_vectors else [])
        result = self._collection.get(ids=list(ids), include=include)
        vectors = result["embeddings"] if with_vectors else [None] * len(result["ids"])
        return {i: Stored(t, dict(m), None if v is None else np.asarray(v, dtype=np.float32))
                for i, t, m, v in zip(result["ids"], result["documents"], result["metadatas"], vectors, strict=True)}
